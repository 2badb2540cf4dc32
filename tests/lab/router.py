"""One router of the lab: its namespace, its charon, FRR and routeshd, and
what the assertions read back from them.

A Router is a name (the network namespace) and the paths derived from it:
  $LAB_STATE/<name>/             strongswan.conf, charon.vici, logs
  $LAB_STATE/<name>/state/       routeshd's state directory
  /run/frr/<name>/               FRR's vty sockets
It starts its daemons through the lab's shell scripts (charon.sh, frr.sh,
routeshd.sh), is configured through the real `routesh` binary, and is read
through the real tools: `swanctl --list-sas`, `vtysh … json`, `ip`, `ping`,
and routeshd's socket (commits/PROTOCOL.md) for what the shell does not
expose (the test-only `fault` op, every commit attempt of the history).

Python 3 standard library only. Single-threaded. REQUIRES: root inside the
lab's UML kernel; LAB_DIR, LAB_STATE, ROUTESH, ROUTESHD in the environment.
"""

import json
import os
import re
import signal
import socket
import time

from labkit import outcome, run

LAB_DIR = os.environ.get("LAB_DIR", os.path.dirname(os.path.abspath(__file__)))


class Router:
    def __init__(self, name):
        self.name = name
        self.dir = os.path.join(os.environ["LAB_STATE"], name)
        self.state = os.path.join(self.dir, "state")
        self.vici = os.path.join(self.dir, "charon.vici")
        self.vty = "/run/frr/" + name

    # --- daemons -----------------------------------------------------------

    def start_charon(self):
        return run(["sh", os.path.join(LAB_DIR, "charon.sh"), self.name], timeout=60)

    def start_frr(self):
        return run(["sh", os.path.join(LAB_DIR, "frr.sh"), self.name], timeout=60)

    def start_routeshd(self, *extra):
        return run(["sh", os.path.join(LAB_DIR, "routeshd.sh"), self.name] + list(extra),
                   timeout=60)

    def routeshd_pid(self):
        try:
            with open(os.path.join(self.dir, "routeshd.pid")) as f:
                pid = int(f.read())
        except (OSError, ValueError):
            return None
        return pid if os.path.exists("/proc/%d" % pid) and not _zombie(pid) else None

    def stop_routeshd(self, sig=signal.SIGTERM, timeout=10):
        """Signals routeshd and waits until it is gone; True if it went."""
        pid = self.routeshd_pid()
        if pid is None:
            return True
        os.kill(pid, sig)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            # Its parent is init (routeshd.sh has exited), which may reap
            # it late: a zombie has gone.
            if not os.path.exists("/proc/%d" % pid) or _zombie(pid):
                return True
            time.sleep(0.1)
        return False

    # --- routesh -----------------------------------------------------------

    def routesh(self, *args, input=None, timeout=120):
        """The operators' client on this router's state directory."""
        return run([os.environ["ROUTESH"], "--state-dir", self.state] + list(args),
                   input=input, timeout=timeout)

    def batch(self, lines, timeout=120):
        """Lines fed on stdin, as `routesh --state-dir DIR < batch.txt`."""
        return self.routesh(input="\n".join(lines) + "\n", timeout=timeout)

    def batch_file(self, path, timeout=120):
        with open(path) as f:
            return self.routesh(input=f.read(), timeout=timeout)

    def rpc(self, op, **fields):
        """One request on routeshd's socket; the response (a dict)."""
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(60)
        try:
            s.connect(os.path.join(self.state, "routeshd.sock"))
            s.sendall(json.dumps(dict(fields, op=op, id=1)).encode() + b"\n")
            buf = b""
            while True:
                while b"\n" not in buf:
                    chunk = s.recv(65536)
                    if not chunk:
                        return {"ok": False, "error": {"message": "connection closed"}}
                    buf += chunk
                line, buf = buf.split(b"\n", 1)
                msg = json.loads(line)
                if msg.get("id") in (1, 0):
                    return msg
        finally:
            s.close()

    def attempts(self):
        """Every commit attempt, newest first: "<time> <outcome> [rN] by …"."""
        r = self.rpc("history", all=True)
        return r.get("text", "").splitlines() if r.get("ok") else []

    # --- charon ------------------------------------------------------------

    def swanctl(self, *args):
        env_conf = os.path.join(self.dir, "strongswan.conf")
        return run(["env", "STRONGSWAN_CONF=" + env_conf, "swanctl"] + list(args) +
                   ["--uri", "unix://" + self.vici], timeout=60)

    def sas(self):
        """`swanctl --list-sas` parsed: a list of IKE SAs
        {name, id, state, version, children: [{name, id, state, in_bytes,
        in_packets, out_bytes, out_packets}]}, and the raw text."""
        r = self.swanctl("--list-sas")
        return parse_sas(r[1]), outcome(r)

    # --- FRR ---------------------------------------------------------------

    def vtysh(self, command):
        return run(["vtysh", "--vty_socket", self.vty, "--config_dir", self.dir,
                    "-c", command], timeout=60)

    def vtysh_json(self, command):
        r = self.vtysh(command)
        try:
            return json.loads(r[1]), outcome(r)
        except ValueError:
            return None, outcome(r)

    def bgp_states(self):
        """{neighbor address: state} and the raw summary."""
        data, raw = self.vtysh_json("show ip bgp summary json")
        peers = ((data or {}).get("ipv4Unicast") or {}).get("peers") or {}
        return {p: v.get("state") for p, v in peers.items()}, raw

    def route(self, prefix):
        """zebra's selected route for prefix: (protocol, [interfaces]) or
        None; and the raw JSON."""
        data, raw = self.vtysh_json("show ip route %s json" % prefix)
        for entry in (data or {}).get(prefix, []):
            if entry.get("selected"):
                ifs = sorted(n.get("interfaceName", "?") for n in entry.get("nexthops", [])
                             if n.get("active"))
                return (entry.get("protocol"), ifs), raw
        return None, raw

    # --- kernel ------------------------------------------------------------

    def ip(self, *args):
        return run(["ip"] + list(args), ns=self.name)

    def link(self, name):
        """`ip -d addr show dev NAME`: the link's kind, endpoints, keys,
        MTU, flags, alias and addresses (no counters; static addresses'
        lifetimes are "forever", so nothing in it changes by itself); None
        if the link does not exist."""
        r = self.ip("-d", "addr", "show", "dev", name)
        return r[1] if r[0] == 0 else None

    def mtu(self, name):
        r = self.ip("-j", "link", "show", "dev", name)
        try:
            return json.loads(r[1])[0].get("mtu")
        except (ValueError, IndexError):
            return None


def ping(ns, destination, source=None, count=3, interval="0.2", wait="1"):
    """ping inside namespace ns; -> (all answered, output)."""
    argv = ["ping", "-n", "-c", str(count), "-i", interval, "-W", wait]
    if source:
        argv += ["-I", source]
    r = run(argv + [destination], ns=ns, timeout=count * 2 + 10)
    received = re.search(r"(\d+) received", r[1])
    return (r[0] == 0 and received is not None and int(received.group(1)) == count,
            " ".join(argv) + " " + destination + "\n" + outcome(r))


_IKE = re.compile(r"^(\S+): #(\d+), (\w+), IKEv(\d)")
_CHILD = re.compile(r"^\s+(\S+): #(\d+), reqid \d+, (\w+),")
_COUNT = re.compile(r"^\s+(in|out)\s+[0-9a-f]+.*?,\s+(\d+) bytes,\s+(\d+) packets")


def parse_sas(text):
    sas = []
    for line in text.splitlines():
        m = _IKE.match(line)
        if m:
            sas.append({"name": m.group(1), "id": int(m.group(2)), "state": m.group(3),
                        "version": int(m.group(4)), "children": []})
            continue
        m = _CHILD.match(line)
        if m and sas:
            sas[-1]["children"].append({"name": m.group(1), "id": int(m.group(2)),
                                        "state": m.group(3), "in_bytes": 0,
                                        "in_packets": 0, "out_bytes": 0,
                                        "out_packets": 0})
            continue
        m = _COUNT.match(line)
        if m and sas and sas[-1]["children"]:
            child = sas[-1]["children"][-1]
            child[m.group(1) + "_bytes"] = int(m.group(2))
            child[m.group(1) + "_packets"] = int(m.group(3))
    return sas


def _zombie(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().split(") ", 1)[1].startswith("Z")
    except (OSError, IndexError):
        return True
