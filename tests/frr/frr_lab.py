"""The live FRR lab: routers in network namespaces, each with its own FRR
and its own routeshd, and what the tests and the benchmark read back.

A Lab owns everything it starts and removes all of it on close(), on
SIGTERM/SIGINT, and — through a watcher process it forks first — when the
process using it is killed outright (SIGKILL: a CTest timeout). Per router:

  network namespace   rsfrr-<name>-<pid>, joined to others by veth pairs
                      (Lab.link);
  FRR                 zebra, staticd, bgpd started with `-N <namespace>`:
                      sockets and pid files under /run/frr/<namespace>/
                      (no system service, nothing shared with the host's
                      FRR), logs and vtysh.conf under the lab's directory,
                      `-f /dev/null`, and `bgp route-map delay-timer 1`
                      (FRR 8.4 takes 0 as "never re-apply policy to
                      received routes"; the default 5 s slows every test);
  routeshd            `routeshd --backend live --frr-vty /run/frr/<ns>`,
                      run inside the namespace (Router.start_routeshd),
                      driven through the real routesh binary (Router.batch)
                      or its socket (Router.rpc, commits/PROTOCOL.md).

Readers return FRR's JSON (`show … json`), its running configuration
(from the `frr version` line on) and the kernel's routes (`ip -j route`,
reduced to the fields that say where a packet goes). FRR installs kernel
routes with protocol numbers 196 (static) and 186 (bgp); `ip` prints the
names FRR's package gives them, which kernel_routes() uses either way.

Python 3 standard library only. Not thread-safe: one test thread drives a
lab. REQUIRES: root, FRR 8.4 in /usr/lib/frr, vtysh and iproute2
(skip_reason() says what is missing).
"""

import collections
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import routeshd_util  # noqa: E402  (tests/, shared with the daemon suites)


def wait_for(pred, timeout, step=0.1):
    """routeshd_util.wait_for, polling FRR at a gentler pace."""
    return routeshd_util.wait_for(pred, timeout, step)

FRR_DIR = "/usr/lib/frr"
FRR_RUN = "/run/frr"
DAEMONS = ("zebra", "staticd", "bgpd")
PROTO_NAMES = {"196": "static", "186": "bgp"}

# One kernel route: where a packet goes (type "unicast", "blackhole", …).
KernelRoute = collections.namedtuple("KernelRoute", "type gateway dev protocol")
NO_ROUTE = KernelRoute(None, None, None, None)


class LabError(Exception):
    """A lab operation failed (not a test assertion)."""


def skip_reason():
    """Why the lab cannot run here ("" if it can)."""
    if os.geteuid() != 0:
        return "needs root"
    for d in DAEMONS:
        if not os.access(os.path.join(FRR_DIR, d), os.X_OK):
            return "no %s/%s (apt-get install frr)" % (FRR_DIR, d)
    for tool in ("vtysh", "ip"):
        if shutil.which(tool) is None:
            return "no %s" % tool
    probe = "rsfrr-probe-%d" % os.getpid()
    if subprocess.run(["ip", "netns", "add", probe],
                      capture_output=True).returncode != 0:
        return "cannot create network namespaces"
    subprocess.run(["ip", "netns", "del", probe], capture_output=True)
    return ""


def run(argv, check=True, timeout=120, input=None):
    """Runs argv (never a shell); -> CompletedProcess with text output."""
    try:
        p = subprocess.run(argv, input=input, capture_output=True, text=True,
                           timeout=timeout,
                           stdin=None if input is not None else subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise LabError("%s: no answer in %ss" % (" ".join(argv), timeout))
    if check and p.returncode != 0:
        raise LabError("%s: exit %d\n%s%s" % (" ".join(argv), p.returncode,
                                              p.stdout, p.stderr))
    return p


def _remove_namespaces(namespaces, dirs):
    """Kills every process in `namespaces`, deletes them and `dirs`.
    Idempotent; used by Lab.close() and by the watcher."""
    for ns in namespaces:
        pids = subprocess.run(["ip", "netns", "pids", ns], capture_output=True,
                              text=True).stdout.split()
        for sig in (signal.SIGTERM, signal.SIGKILL):
            for pid in pids:
                try:
                    os.kill(int(pid), sig)
                except (OSError, ValueError):
                    pass
            if sig == signal.SIGTERM and pids:
                deadline = time.monotonic() + 3
                while time.monotonic() < deadline and any(
                        os.path.exists("/proc/%s" % p) for p in pids):
                    time.sleep(0.05)
        subprocess.run(["ip", "netns", "del", ns], capture_output=True)
        shutil.rmtree(os.path.join(FRR_RUN, ns), ignore_errors=True)
    for d in dirs:
        shutil.rmtree(d, ignore_errors=True)


def _start_watcher(namespaces, dirs):
    """Forks a process that removes `namespaces` and `dirs` if this one dies
    without saying it is done (a pipe closed without a byte). Returns the
    pipe's write end."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the watcher: its own session, no inherited output
        try:
            os.close(w)
            os.setsid()
            null = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):
                os.dup2(null, fd)
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            done = os.read(r, 1)
            if done != b"x":
                _remove_namespaces(namespaces, dirs)
        finally:
            os._exit(0)
    os.close(r)
    return w


class Client:
    """One connection to a routeshd socket: one JSON line out, lines back
    (events are skipped)."""

    def __init__(self, path, timeout=120):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        self.sock.connect(path)
        self.buf = b""
        self.next_id = 1

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.sock.close()

    def call(self, op, **fields):
        req = dict(fields, op=op, id=self.next_id)
        self.next_id += 1
        self.sock.sendall(json.dumps(req).encode() + b"\n")
        while True:
            while b"\n" not in self.buf:
                chunk = self.sock.recv(1 << 16)
                if not chunk:
                    raise LabError("routeshd closed the connection during %s" % op)
                self.buf += chunk
            line, self.buf = self.buf.split(b"\n", 1)
            m = json.loads(line)
            if m.get("id") == req["id"]:
                return m


class Router:
    """One namespace with its FRR and its routeshd."""

    def __init__(self, lab, name):
        self.lab = lab
        self.name = name
        self.ns = "rsfrr-%s-%d" % (name, lab.id)
        self.vty = os.path.join(FRR_RUN, self.ns)
        self.work = os.path.join(lab.work, name)
        self.state = os.path.join(self.work, "state")
        self.routeshd = None
        self._routeshd_out = None

    # ------------------------------------------------------------- FRR
    def start_frr(self, delay_timer=1):
        os.makedirs(self.vty, exist_ok=True)
        os.makedirs(self.work, exist_ok=True)
        with open(os.path.join(self.work, "vtysh.conf"), "w") as f:
            f.write("service integrated-vtysh-config\n")
        for d in (self.vty, self.work):
            shutil.chown(d, "frr", "frr")
        for d in DAEMONS:
            self.start_daemon(d)
        self.wait_frr()
        self.vtysh("configure terminal",
                   "bgp route-map delay-timer %d" % delay_timer)

    def start_daemon(self, daemon):
        argv = ["ip", "netns", "exec", self.ns, os.path.join(FRR_DIR, daemon),
                "-d", "-N", self.ns, "-u", "frr", "-g", "frr",
                "--log", "file:%s/%s.log" % (self.work, daemon),
                "-i", self.pid_file(daemon), "-f", "/dev/null"]
        if daemon == "zebra":
            argv += ["-s", "90000000"]  # netlink buffer for 10k+ routes
        run(argv)

    def wait_frr(self, timeout=10):
        """Waits until every daemon answers on its vty socket."""
        def up():
            return all(self.vtysh_run("show version", daemon=d).returncode == 0
                       for d in DAEMONS)
        if not wait_for(up, timeout):
            raise LabError("FRR in %s did not start" % self.ns)

    def pid_file(self, daemon):
        return os.path.join(self.vty, daemon + ".pid")

    def kill_daemon(self, daemon, sig=signal.SIGTERM):
        """Stops one FRR daemon and waits until it is gone."""
        with open(self.pid_file(daemon)) as f:
            pid = int(f.read().split()[0])
        os.kill(pid, sig)
        if not wait_for(lambda: not os.path.exists("/proc/%d" % pid), 10):
            raise LabError("%s (%d) did not stop" % (daemon, pid))

    def vtysh_argv(self, *commands, daemon=None):
        argv = ["vtysh", "--vty_socket", self.vty, "--config_dir", self.work]
        if daemon:
            argv += ["-d", daemon]
        for c in commands:
            argv += ["-c", c]
        return argv

    def vtysh_run(self, *commands, daemon=None, timeout=300):
        return run(self.vtysh_argv(*commands, daemon=daemon), check=False,
                   timeout=timeout)

    def vtysh(self, *commands, daemon=None, timeout=300):
        """Runs vtysh -c …; its output. Raises if it fails."""
        return run(self.vtysh_argv(*commands, daemon=daemon),
                   timeout=timeout).stdout

    def show_json(self, command, daemon=None):
        out = self.vtysh(command, daemon=daemon)
        try:
            return json.loads(out) if out.strip() else {}
        except ValueError:
            raise LabError("%s: not JSON: %r" % (command, out[:300]))

    def running_config(self, daemon=None):
        """FRR's running configuration, from `frr version` on."""
        s = self.vtysh("show running-config", daemon=daemon)
        at = s.find("frr version")
        return s if at < 0 else s[at:]

    def peer(self, address):
        """`show bgp summary json`'s entry for one neighbor, or None."""
        s = self.show_json("show bgp summary json", daemon="bgpd")
        return s.get("ipv4Unicast", {}).get("peers", {}).get(address)

    def established(self, address):
        p = self.peer(address)
        return p is not None and p.get("state") == "Established"

    def bgp_routes(self, peer=None):
        """The BGP table (`show ip bgp json`): prefix -> best path, only the
        paths learned from `peer` when given."""
        table = self.show_json("show ip bgp json", daemon="bgpd").get("routes", {})
        out = {}
        for prefix, paths in table.items():
            for p in paths:
                if peer is not None and p.get("peerId") != peer:
                    continue
                if p.get("bestpath") or p.get("valid"):
                    out[prefix] = p
                    break
        return out

    def rib(self, prefix):
        """`show ip route P json`'s entry for exactly P that zebra selected
        (else its first one), or None."""
        entries = self.show_json("show ip route %s json" % prefix).get(prefix) or []
        for e in entries:
            if e.get("selected"):
                return e
        return entries[0] if entries else None

    def kernel_routes(self):
        """The main table as {dst: KernelRoute}: where a packet goes, without
        nexthop ids or flags that zebra may renumber."""
        out = run(["ip", "-j", "-n", self.ns, "route", "show"]).stdout
        routes = {}
        for r in json.loads(out or "[]"):
            proto = str(r.get("protocol"))
            routes[r["dst"]] = KernelRoute(r.get("type", "unicast"), r.get("gateway"),
                                           r.get("dev"), PROTO_NAMES.get(proto, proto))
        return routes

    # -------------------------------------------------------- routeshd
    def start_routeshd(self, *extra, backend="live", ready=True):
        """routeshd in this router's namespace: --backend live for its FRR,
        or render (nothing but files under its state directory)."""
        os.makedirs(self.state, exist_ok=True)
        if self._routeshd_out is None:
            self._routeshd_out = open(os.path.join(self.work, "routeshd.out"), "ab")
        argv = ["ip", "netns", "exec", self.ns, self.lab.routeshd,
                "--state-dir", self.state, "--backend", backend]
        if backend == "live":
            argv += ["--frr-vty", self.vty, "--frr-config-dir", self.work]
        argv += extra
        self.routeshd = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                                         stdout=self._routeshd_out,
                                         stderr=subprocess.STDOUT)
        if ready:
            self.wait_routeshd()
        return self.routeshd

    def wait_routeshd(self, timeout=20):
        sock = os.path.join(self.state, "routeshd.sock")

        def ready():
            if self.routeshd.poll() is not None:
                return True
            try:
                with Client(sock, timeout=2) as c:
                    return c.call("hello").get("ok", False)
            except OSError:
                return False
        if not wait_for(ready, timeout, 0.02) or self.routeshd.poll() is not None:
            raise LabError("routeshd for %s did not start (exit %s):\n%s" %
                           (self.name, self.routeshd.poll(), self.routeshd_log()))

    def routeshd_alive(self):
        return self.routeshd is not None and self.routeshd.poll() is None

    def stop_routeshd(self):
        if self.routeshd_alive():
            self.routeshd.send_signal(signal.SIGTERM)
            try:
                self.routeshd.wait(20)
            except subprocess.TimeoutExpired:
                self.routeshd.kill()
        if self.routeshd is not None:
            self.routeshd.wait()

    def routeshd_log(self):
        parts = []
        for name in ("routeshd.out", "state/routeshd.log"):
            try:
                with open(os.path.join(self.work, name)) as f:
                    parts.append(f.read()[-4000:])
            except OSError:
                pass
        return "\n".join(parts)

    def routesh(self, *args, stdin=None, timeout=300):
        """The real shell against this router's routeshd; -> (status,
        stdout, stderr). routeshd must be up: routesh would otherwise start
        a render daemon of its own."""
        if not self.routeshd_alive():
            raise LabError("routeshd for %s is not running:\n%s" %
                           (self.name, self.routeshd_log()))
        env = dict(os.environ, ROUTESH_STATE_DIR=self.state)
        try:
            p = subprocess.run([self.lab.routesh, "--state-dir", self.state, *args],
                               env=env, input=stdin, capture_output=True, text=True,
                               timeout=timeout,
                               stdin=None if stdin is not None else subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise LabError("routesh %s: no answer in %ss" % (args[:2], timeout))
        return p.returncode, p.stdout, p.stderr

    def batch(self, lines, timeout=300):
        """Runs `lines` as a routesh batch FILE; -> (status, stdout, stderr)."""
        path = os.path.join(self.work, "batch-%d.txt" % time.monotonic_ns())
        with open(path, "w") as f:
            f.write("\n".join(lines) + "\n")
        try:
            return self.routesh(path, timeout=timeout)
        finally:
            os.unlink(path)

    def commit(self, lines, comment=None, timeout=300):
        """configure; lines…; commit — as one batch."""
        c = "commit" + (" comment '%s'" % comment if comment else "")
        return self.batch(["configure", *lines, c], timeout=timeout)

    def rpc(self, op, **fields):
        with Client(os.path.join(self.state, "routeshd.sock")) as c:
            return c.call(op, **fields)

    def attempts(self):
        """Every commit attempt, newest first: "<time> <outcome> …" lines."""
        r = self.rpc("history", all=True)
        if not r.get("ok"):
            raise LabError("history: %s" % json.dumps(r))
        return r["text"].splitlines()


class Lab:
    """Routers `names` in namespaces, removed on close() whatever happens.

    REQUIRES: skip_reason() == "". `routesh`, `routeshd`: the binaries.
    """

    def __init__(self, names, routesh=None, routeshd=None):
        self.id = os.getpid()
        self.routesh = routesh
        self.routeshd = routeshd
        self.work = tempfile.mkdtemp(prefix="routesh-frr-")
        os.chmod(self.work, 0o755)  # FRR runs as frr and logs here
        self.routers = {n: Router(self, n) for n in names}
        self.links = 0
        self._closed = False
        self.keep = os.environ.get("ROUTESH_KEEP") == "1"
        dirs = [] if self.keep else [self.work]
        self._watcher = _start_watcher([r.ns for r in self.routers.values()], dirs)
        for sig in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, lambda s, f: sys.exit(128 + s))
        try:
            for r in self.routers.values():
                run(["ip", "netns", "add", r.ns])
                run(["ip", "-n", r.ns, "link", "set", "lo", "up"])
        except Exception:
            self.close(failed=True)
            raise

    def __getitem__(self, name):
        return self.routers[name]

    def __enter__(self):
        return self

    def __exit__(self, kind, value, tb):
        self.close(failed=kind is not None)

    def link(self, a, b, addresses):
        """A veth pair between routers a and b; `addresses`: [(addr_a/len,
        addr_b/len), …] added on the two ends. Returns (ifname_a, ifname_b)."""
        self.links += 1
        ia = "rs%d%sa" % (self.id, self.links)
        ib = "rs%d%sb" % (self.id, self.links)
        ra, rb = self.routers[a], self.routers[b]
        run(["ip", "-n", ra.ns, "link", "add", ia, "type", "veth",
             "peer", "name", ib, "netns", rb.ns])
        for x, y in addresses:
            run(["ip", "-n", ra.ns, "addr", "add", x, "dev", ia])
            run(["ip", "-n", rb.ns, "addr", "add", y, "dev", ib])
        run(["ip", "-n", ra.ns, "link", "set", ia, "up"])
        run(["ip", "-n", rb.ns, "link", "set", ib, "up"])
        return ia, ib

    def close(self, failed=False):
        """Stops every routeshd and FRR daemon, removes the namespaces and
        the lab's files (kept with ROUTESH_KEEP=1); prints logs if failed."""
        if self._closed:
            return
        self._closed = True
        for r in self.routers.values():
            r.stop_routeshd()
            if r._routeshd_out is not None:
                r._routeshd_out.close()
        if failed:
            for r in self.routers.values():
                for name in ("routeshd.out", "state/routeshd.log",
                             "zebra.log", "staticd.log", "bgpd.log"):
                    path = os.path.join(r.work, name)
                    if os.path.exists(path):
                        with open(path, errors="replace") as f:
                            tail = f.read().splitlines()[-15:]
                        sys.stderr.write("--- %s\n%s\n" % (path, "\n".join(tail)))
        _remove_namespaces([r.ns for r in self.routers.values()],
                           [] if self.keep else [self.work])
        if self.keep:
            sys.stderr.write("kept %s\n" % self.work)
        os.write(self._watcher, b"x")
        os.close(self._watcher)
