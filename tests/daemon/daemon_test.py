#!/usr/bin/env python3
"""Cross-folder tests of routeshd and its commit engine, on the real processes.

Every case uses a fresh state directory, starts its own routeshd with the
render backend, talks to it through the real routesh shell (batches) and
through the unix socket (one JSON object per line, commits/PROTOCOL.md), and
stops every daemon it started, also on failure.

  daemon_test.py --routeshd BUILD/commits/routeshd \
                 --routesh BUILD/shell/routesh CASE [CASE...]

Cases (one CTest test each, label `daemon`):
  crash                 kill -9 at each journal step (and in --boot's commit)
  fault                 injected prepare/apply failures in every driver position
  sessions              two sessions: rebase, conflict, running-changed events
  robustness            bad lines, oversized lines, clients that vanish, 0660
                        socket, SO_PEERCRED user
  confirm               commit-confirm with 2-second minutes, kill -9 included
  confirm_revert_fails  a confirm-timeout revert the system refuses
  rollback              rollback/compare/save/load/merge/--boot through routesh
  history               every revision rebuilds exactly, before/after restart
  exclusive             a second routeshd on a served state directory
  record_fails          a failure of the record phase (the commit point)
  all                   every case
Python 3 standard library only, with the process helpers of
tests/routeshd_util.py. ROUTESH_KEEP=1 keeps the state directories.
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
import traceback

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir))
from checks import CHECKS, FAILURES, TestFailure, check, require  # noqa: E402,F401
from routeshd_util import (login_name, routeshd_pids, spawn_routeshd,  # noqa: E402
                           stop_process, wait_for)

# --------------------------------------------------------------------------
# Configurations: real VyOS lines (tests/../shared/examples/aws-spoke.set).

BASE = """\
set interfaces ethernet eth0 address '10.20.0.30/24'
set interfaces vti vti0 address '169.254.12.38/30'
set interfaces vti vti0 description 'Oregon to Virginia Tunnel 1'
set interfaces vti vti0 mtu '1436'
set interfaces vti vti1 address '169.254.14.230/30'
set interfaces vti vti1 description 'Oregon to Virginia VPC tunnel 2'
set interfaces vti vti1 mtu '1436'
set vpn ipsec ike-group AWS lifetime '28800'
set vpn ipsec ike-group AWS proposal 1 dh-group '2'
set vpn ipsec ike-group AWS proposal 1 encryption 'aes128'
set vpn ipsec ike-group AWS proposal 1 hash 'sha1'
set vpn ipsec ike-group AWS dead-peer-detection action 'restart'
set vpn ipsec ike-group AWS dead-peer-detection interval '15'
set vpn ipsec ike-group AWS dead-peer-detection timeout '30'
set vpn ipsec ipsec-interfaces interface 'eth0'
set vpn ipsec esp-group AWS compression 'disable'
set vpn ipsec esp-group AWS lifetime '3600'
set vpn ipsec esp-group AWS mode 'tunnel'
set vpn ipsec esp-group AWS pfs 'enable'
set vpn ipsec esp-group AWS proposal 1 encryption 'aes128'
set vpn ipsec esp-group AWS proposal 1 hash 'sha1'
set vpn ipsec nat-traversal 'enable'
set vpn ipsec site-to-site peer 198.51.100.10 authentication mode 'pre-shared-secret'
set vpn ipsec site-to-site peer 198.51.100.10 authentication pre-shared-secret 'Xk3pR7vQ2mW9'
set vpn ipsec site-to-site peer 198.51.100.10 authentication id '203.0.113.30'
set vpn ipsec site-to-site peer 198.51.100.10 authentication remote-id '198.51.100.10'
set vpn ipsec site-to-site peer 198.51.100.10 description 'VPC tunnel 1'
set vpn ipsec site-to-site peer 198.51.100.10 ike-group 'AWS'
set vpn ipsec site-to-site peer 198.51.100.10 local-address '10.20.0.30'
set vpn ipsec site-to-site peer 198.51.100.10 vti bind 'vti0'
set vpn ipsec site-to-site peer 198.51.100.10 vti esp-group 'AWS'
set vpn ipsec site-to-site peer 198.51.100.20 authentication mode 'pre-shared-secret'
set vpn ipsec site-to-site peer 198.51.100.20 authentication pre-shared-secret 'Lq8sT4nB6yH1'
set vpn ipsec site-to-site peer 198.51.100.20 authentication id '203.0.113.30'
set vpn ipsec site-to-site peer 198.51.100.20 authentication remote-id '198.51.100.20'
set vpn ipsec site-to-site peer 198.51.100.20 description 'VPC tunnel 2'
set vpn ipsec site-to-site peer 198.51.100.20 ike-group 'AWS'
set vpn ipsec site-to-site peer 198.51.100.20 local-address '10.20.0.30'
set vpn ipsec site-to-site peer 198.51.100.20 vti bind 'vti1'
set vpn ipsec site-to-site peer 198.51.100.20 vti esp-group 'AWS'
set protocols bgp 65010 neighbor 169.254.12.37 remote-as '64512'
set protocols bgp 65010 neighbor 169.254.12.37 soft-reconfiguration 'inbound'
set protocols bgp 65010 neighbor 169.254.12.37 timers holdtime '30'
set protocols bgp 65010 neighbor 169.254.12.37 timers keepalive '30'
set protocols bgp 65010 neighbor 169.254.14.229 remote-as '64512'
set protocols bgp 65010 neighbor 169.254.14.229 soft-reconfiguration 'inbound'
set protocols bgp 65010 neighbor 169.254.14.229 timers holdtime '30'
set protocols bgp 65010 neighbor 169.254.14.229 timers keepalive '30'
set system host-name 'spoke-oregon'
set system ntp server '0.pool.ntp.org'
set system ntp server '1.pool.ntp.org'
set protocols static route 10.20.0.0/16 next-hop 10.20.0.1 distance '10'
set protocols bgp 65010 network '10.20.0.0/16'
set policy prefix-list IN rule 10 action 'permit'
set policy prefix-list IN rule 10 prefix '10.10.0.0/16'
set policy prefix-list OUT rule 10 action 'permit'
set policy prefix-list OUT rule 10 prefix '10.20.0.0/16'
set policy route-map IN rule 10 action 'permit'
set policy route-map IN rule 10 match ip address prefix-list 'IN'
set policy route-map IN rule 20 action 'deny'
set policy route-map OUT rule 10 action 'permit'
set policy route-map OUT rule 10 match ip address prefix-list 'OUT'
set policy route-map OUT rule 20 action 'deny'
set protocols bgp 65010 neighbor 169.254.12.37 route-map export 'OUT'
set protocols bgp 65010 neighbor 169.254.12.37 route-map import 'IN'
set protocols bgp 65010 neighbor 169.254.14.229 route-map export 'OUT'
set protocols bgp 65010 neighbor 169.254.14.229 route-map import 'IN'
""".splitlines()

# One change touching every owner of the base (each render/*.conf file),
# with sets, a modification and a delete.
CHANGE = """\
set interfaces ethernet eth0 description 'uplink'
set system host-name 'spoke-oregon-2'
set interfaces vti vti0 mtu '1400'
set interfaces vti vti2 address '169.254.16.2/30'
set vpn ipsec site-to-site peer 198.51.100.10 description 'VPC tunnel 1 (moved)'
delete vpn ipsec site-to-site peer 198.51.100.20 description
set protocols static route 10.30.0.0/16 next-hop 10.20.0.1 distance '20'
set policy prefix-list OUT rule 20 action 'permit'
set policy prefix-list OUT rule 20 prefix '10.30.0.0/16'
set protocols bgp 65010 neighbor 169.254.12.37 timers holdtime '60'
set protocols bgp 65010 network '10.30.0.0/16'
""".splitlines()

OWNERS = ["bgp", "interfaces", "ipsec", "policy", "static", "system", "vti"]

# --------------------------------------------------------------------------
# Harness.

ROUTESHD = ROUTESH = None
STARTED = []      # every Popen of a routeshd we started
STATE_DIRS = []   # every state directory we made


def make_state_dir(tag):
    d = tempfile.mkdtemp(prefix="routesh-daemon-%s-" % tag)
    STATE_DIRS.append(d)
    return d


def render_state(state):
    """Every file under DIR/render, byte for byte."""
    out = {}
    root = os.path.join(state, "render")
    for name in sorted(os.listdir(root)):
        with open(os.path.join(root, name), "rb") as f:
            out[name] = f.read()
    return out


def render_diff(a, b):
    lines = []
    for name in sorted(set(a) | set(b)):
        if a.get(name) != b.get(name):
            lines.append("  %s: %r\n   vs %r" % (name, a.get(name), b.get(name)))
    return "\n".join(lines)


def read_log(state):
    try:
        with open(os.path.join(state, "routeshd.log")) as f:
            return f.read()
    except OSError:
        return ""


class Daemon:
    """A routeshd we started on `state`, stopped by stop() or at exit."""

    def __init__(self, state, *extra):
        self.state = state
        self.sock = os.path.join(state, "routeshd.sock")
        self.out = open(os.path.join(state, "routeshd.out"), "ab")
        self.proc = spawn_routeshd(ROUTESHD, state, ["--backend", "render", *extra],
                                   self.out)
        STARTED.append(self.proc)
        self.pid = self.proc.pid

    def wait_ready(self, timeout=10):
        """True once the daemon answers `hello` on its socket."""
        def ready():
            if self.proc.poll() is not None:
                return True
            try:
                with Client(self.sock, timeout=1) as c:
                    return c.call("hello").get("ok", False)
            except OSError:
                return False
        answered = wait_for(ready, timeout, 0.01) and self.proc.poll() is None
        require("routeshd answers on its socket", answered,
                "exit status %s\nlog:\n%s" % (self.proc.poll(), read_log(self.state)))

    def alive(self):
        return self.proc.poll() is None

    def wait_dead(self, timeout=10):
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def stop(self):
        stop_process(self.proc, signal.SIGTERM, 10)
        self.out.close()

    def kill9(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.out.close()


def start_daemon(state, *extra):
    d = Daemon(state, *extra)
    d.wait_ready()
    return d


class Client:
    """One connection to the daemon: one JSON line out, lines back."""

    def __init__(self, path, timeout=20):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        self.sock.connect(path)
        self.buf = b""
        self.next_id = 1
        self.events = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def send_raw(self, data):
        self.sock.sendall(data)

    def read_line(self, timeout=None):
        """The next line as a dict; None on EOF or timeout."""
        if timeout is not None:
            self.sock.settimeout(max(timeout, 0.001))  # 0 would not block
        try:
            while b"\n" not in self.buf:
                try:
                    chunk = self.sock.recv(1 << 16)
                except socket.timeout:
                    return None
                except ConnectionResetError:
                    chunk = b""
                if not chunk:
                    return None
                self.buf += chunk
        finally:
            if timeout is not None:
                self.sock.settimeout(20)
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def send(self, op, **fields):
        req = dict(fields, op=op, id=self.next_id)
        self.next_id += 1
        self.send_raw(json.dumps(req).encode() + b"\n")
        return req["id"]

    def call(self, op, **fields):
        """Sends a request and returns its response; events are kept."""
        rid = self.send(op, **fields)
        while True:
            m = self.read_line()
            if m is None:
                raise OSError("connection closed waiting for %s" % op)
            if "event" in m:
                m["_at"] = time.monotonic()
                self.events.append(m)
                continue
            if m.get("id") in (rid, 0):
                return m

    def wait_event(self, pred, timeout):
        """The first event (kept or arriving) for which pred() holds."""
        deadline = time.monotonic() + timeout
        while True:
            for e in self.events:
                if pred(e):
                    return e
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            m = self.read_line(timeout=left)
            if m is not None and "event" in m:
                m["_at"] = time.monotonic()
                self.events.append(m)


def routesh(state, *args, stdin=None, timeout=30):
    """Runs the real shell; -> (status, stdout, stderr). A hang fails."""
    env = dict(os.environ, ROUTESH_STATE_DIR=state)
    try:
        p = subprocess.run([ROUTESH, "--state-dir", state, *args], env=env,
                           input=stdin, capture_output=True, text=True,
                           timeout=timeout,
                           stdin=None if stdin is not None else subprocess.DEVNULL)
    except subprocess.TimeoutExpired as e:
        raise TestFailure("routesh %s hung for %ss (stdout %r stderr %r)" %
                          (args, timeout, e.stdout, e.stderr))
    return p.returncode, p.stdout, p.stderr


def show(r):
    return "status %s\nstdout:\n%s\nstderr:\n%s" % r


def batch(state, lines, timeout=30):
    """configure; lines…; as a FILE of lines."""
    path = os.path.join(state, "batch-%d.txt" % time.monotonic_ns())
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    try:
        return routesh(state, path, timeout=timeout)
    finally:
        os.unlink(path)


def commit_lines(lines, comment=None):
    return ["configure", *lines,
            "commit" + (" comment '%s'" % comment if comment else "")]


def revisions(state):
    """`show system commit` revision lines (not the indented notes)."""
    r = routesh(state, "-c", "show system commit")
    require("show system commit", r[0] == 0, show(r))
    return [l for l in r[1].splitlines() if re.match(r"^\d+\s", l)], r[1]


def attempts(state):
    with Client(os.path.join(state, "routeshd.sock")) as c:
        r = c.call("history", all=True)
    require("history all", r.get("ok"), json.dumps(r))
    return r["text"].splitlines()


def running_commands(state):
    r = routesh(state, "-c", "show configuration commands")
    require("show configuration commands", r[0] == 0, show(r))
    return r[1]


def commit_base(state):
    r = batch(state, commit_lines(BASE, "base"))
    require("base commit", r[0] == 0, show(r))
    return render_state(state)


# --------------------------------------------------------------------------
# a. kill -9 at each journal step.

CRASH_PHASES = ["prepare", "apply", "apply:0", "apply:1", "apply:4", "record"]


def case_crash():
    for phase in CRASH_PHASES:
        state = make_state_dir("crash")
        d = start_daemon(state)
        base = commit_base(state)
        d.stop()
        d = start_daemon(state, "--crash-at", phase)
        r = batch(state, commit_lines(CHANGE))
        what = "crash at %s: " % phase
        check(what + "the client reports an error and exits non-zero",
              r[0] != 0 and "Commit failed" in r[2], show(r))
        status = d.wait_dead(10)
        check(what + "the daemon died of SIGKILL", status == -signal.SIGKILL,
              "exit status %s" % status)
        if d.alive():
            d.kill9()
        if phase in ("apply:1", "apply:4", "record"):
            check(what + "the crash left the system half-changed (converge has work)",
                  render_state(state) != base)
        d = start_daemon(state)
        check(what + "render output equals the base commit's",
              render_state(state) == base, render_diff(render_state(state), base))
        revs, text = revisions(state)
        check(what + "show system commit lists only the base revision",
              len(revs) == 1 and revs[0].startswith("0 "), text)
        check(what + "show system commit notes the recovery",
              "[recovered" in text, text)
        log = read_log(state)
        check(what + "routeshd.log says it was interrupted and converged",
              "commit interrupted at phase" in log and "\nconverged\n" in log, log)
        hist = attempts(state)
        check(what + "history records the recovery",
              any(" recovered " in l for l in hist), "\n".join(hist))
        r = batch(state, commit_lines(CHANGE))
        check(what + "the next commit works", r[0] == 0, show(r))
        revs, text = revisions(state)
        check(what + "two revisions after the next commit", len(revs) == 2, text)
        check(what + "the next commit changed the render output",
              render_state(state) != base)
        check(what + "no leftover files in render/",
              all(n.endswith(".conf") for n in render_state(state)),
              " ".join(render_state(state)))
        d.stop()

    # kill -9 during the commit of the saved configuration at --boot.
    state = make_state_dir("crash-boot")
    d = start_daemon(state)
    base = commit_base(state)
    r = routesh(state, "-c", "configure; save")
    require("save", r[0] == 0, show(r))
    r = batch(state, commit_lines(CHANGE))
    require("commit after save", r[0] == 0, show(r))
    changed = render_state(state)
    d.stop()
    d = Daemon(state, "--boot", "--crash-at", "apply:1")
    status = d.wait_dead(10)
    check("crash at --boot: the daemon died of SIGKILL", status == -signal.SIGKILL,
          "exit status %s" % status)
    if d.alive():
        d.kill9()
    check("crash at --boot: half-changed", render_state(state) not in (base, changed))
    d = start_daemon(state, "--boot")
    check("crash at --boot: the restart brings up the saved configuration",
          render_state(state) == base, render_diff(render_state(state), base))
    revs, text = revisions(state)
    check("crash at --boot: revisions cli, cli, boot",
          len(revs) == 3 and "via boot" in revs[0] and "[recovered" in text, text)
    d.stop()


# --------------------------------------------------------------------------
# b. fault injection through the daemon, in every driver position.

def case_fault():
    state = make_state_dir("fault")
    d = start_daemon(state, "--allow-fault-injection")
    base = commit_base(state)
    require("every owner rendered", sorted(n[:-5] for n in base) == OWNERS,
            " ".join(base))
    sock = os.path.join(state, "routeshd.sock")
    expected_outcomes = 0
    for phase in ["prepare", "apply"]:
        for owner in OWNERS:
            what = "fault in %s of %s: " % (phase, owner)
            spec = "%s:%s/render/%s.conf" % (phase, state, owner)
            with Client(sock) as c:
                r = c.call("fault", spec=spec)
            require(what + "armed", r.get("ok"), json.dumps(r))
            r = batch(state, commit_lines(CHANGE))
            check(what + "the commit fails", r[0] != 0 and "Commit failed" in r[2],
                  show(r))
            check(what + "the error names the injected fault",
                  "injected fault in %s" % phase in r[2] and owner + ".conf" in r[2],
                  show(r))
            now = render_state(state)
            check(what + "render output byte-identical to before",
                  now == base, render_diff(now, base))
            hist = attempts(state)
            expected_outcomes += 1
            outcome = "failed" if phase == "prepare" else "reverted"
            check(what + "history's newest attempt says " + outcome,
                  hist and hist[0].split()[2] == outcome and "injected fault" in hist[0],
                  "\n".join(hist))
            revs, text = revisions(state)
            check(what + "still one revision", len(revs) == 1, text)
    # A fault after some applied actions: the 3rd matching write fails.
    with Client(sock) as c:
        r = c.call("fault", spec="apply:%s/render/#3" % state)
    require("armed #3", r.get("ok"), json.dumps(r))
    r = batch(state, commit_lines(CHANGE))
    check("fault at the 4th write: fails", r[0] != 0, show(r))
    check("fault at the 4th write: 3 actions reverted",
          "the 3 applied action(s) were reverted" in r[2], show(r))
    check("fault at the 4th write: render unchanged", render_state(state) == base,
          render_diff(render_state(state), base))
    hist = attempts(state)
    check("history lists every failed and reverted attempt",
          sum(1 for l in hist if " failed " in l) == len(OWNERS) and
          sum(1 for l in hist if " reverted " in l) == len(OWNERS) + 1,
          "\n".join(hist))
    # Disarmed now: the same change commits.
    r = batch(state, commit_lines(CHANGE))
    check("after the faults the change commits", r[0] == 0, show(r))
    check("after the faults: render changed", render_state(state) != base)
    # A daemon without the flag refuses the op.
    d.stop()
    d = start_daemon(state)
    with Client(sock) as c:
        r = c.call("fault", spec="apply:/")
    check("fault op refused without --allow-fault-injection",
          not r.get("ok") and "not enabled" in r["error"]["message"], json.dumps(r))
    d.stop()


# --------------------------------------------------------------------------
# c. two sessions: rebase, conflict, notification.

def case_sessions():
    state = make_state_dir("sessions")
    d = start_daemon(state)
    commit_base(state)
    sock = os.path.join(state, "routeshd.sock")
    me = login_name()
    a, a2, b, watcher = Client(sock), Client(sock), Client(sock), Client(sock)
    try:
        for c in (a, a2, b):
            require("configure", c.call("configure").get("ok"))
        x = "interfaces vti vti0 mtu"
        r = b.call("edit", lines=["set %s '1400'" % x])
        require("B edits X", r.get("ok") and r["done"] == 1, json.dumps(r))
        r = b.call("commit", comment="B sets X")
        require("B commits X", r.get("ok"), json.dumps(r))
        b_rev = r["rev"]
        ev = a.wait_event(lambda e: e.get("event") == "running-changed", 5)
        check("A is told that running changed, by whom",
              ev is not None and "'%s'" % me in ev.get("message", ""), repr(a.events))
        check("a client outside configuration mode is told too",
              watcher.wait_event(lambda e: e.get("event") == "running-changed", 5)
              is not None, repr(watcher.events))
        check("B is not told of its own commit",
              b.wait_event(lambda e: True, 0.2) is None, repr(b.events))
        # A changes a different leaf: rebased onto B's commit.
        r = a.call("edit", lines=["set interfaces vti vti1 mtu '1380'"])
        require("A edits Y", r.get("ok") and r["done"] == 1, json.dumps(r))
        r = a.call("commit")
        check("A's commit rebases and succeeds", r.get("ok"), json.dumps(r))
        run = running_commands(state)
        check("running has both B's and A's change",
              "set interfaces vti vti0 mtu '1400'" in run and
              "set interfaces vti vti1 mtu '1380'" in run, run)
        ev = b.wait_event(lambda e: e.get("event") == "running-changed", 5)
        check("B is told of A's commit", ev is not None, repr(b.events))
        # A2 (opened on the base) edits X to another value: a conflict.
        r = a2.call("edit", lines=["set %s '1300'" % x,
                                   "set interfaces vti vti1 description 'A2'"])
        require("A2 edits X", r.get("ok") and r["done"] == 2, json.dumps(r))
        r = a2.call("commit")
        msg = json.dumps(r)
        check("A2's commit fails with a conflict",
              not r.get("ok") and r["error"]["code"] == "conflict", msg)
        if not r.get("ok"):
            m = r["error"]["message"]
            check("the conflict names the path", x in m, msg)
            check("the conflict names both values", "1300" in m and "1400" in m, msg)
            check("the conflict names who committed it, in which revision",
                  ("by %s in revision %d" % (me, b_rev)) in m, msg)
        run = running_commands(state)
        check("nothing of A2's change reached running",
              "1300" not in run and "'A2'" not in run, run)
        r = a2.call("status")
        check("A2 keeps its candidate after the conflict",
              r.get("ok") and r.get("changed") is True, json.dumps(r))
        # The same value as the other commit is no conflict.
        r = a2.call("discard")
        c3 = Client(sock)
        try:
            require("configure C3", c3.call("configure").get("ok"))
            r = b.call("edit", lines=["set interfaces vti vti1 description 'same'"])
            r = b.call("commit")
            require("B commits the description", r.get("ok"), json.dumps(r))
            r = c3.call("edit", lines=["set interfaces vti vti1 description 'same'",
                                       "set interfaces ethernet eth0 description 'c3'"])
            r = c3.call("commit")
            check("the same value as the other commit is no conflict",
                  r.get("ok"), json.dumps(r))
        finally:
            c3.close()
        # Both sessions delete the same leaf: no conflict either.
        c4, c5 = Client(sock), Client(sock)
        try:
            for c in (c4, c5):
                require("configure", c.call("configure").get("ok"))
            for c in (c4, c5):
                r = c.call("edit", lines=["delete interfaces vti vti1 description"])
                require("delete", r.get("ok") and r["done"] == 1, json.dumps(r))
            r = c4.call("commit")
            require("first delete commits", r.get("ok"), json.dumps(r))
            r = c5.call("edit", lines=["set interfaces vti vti0 description 'c5'"])
            r = c5.call("commit")
            check("the same delete in both sessions is no conflict and commits",
                  r.get("ok"), json.dumps(r))
            run = running_commands(state)
            check("running has c5's edit after both deletes",
                  "set interfaces vti vti0 description 'c5'" in run and
                  "vti1 description" not in run, run)
        finally:
            c4.close()
            c5.close()
        # Disconnecting drops the session: nothing stays locked.
        r = a.call("edit", lines=["set interfaces vti vti1 mtu '1200'"])
        a.close()
        r = batch(state, commit_lines(["set interfaces vti vti0 mtu '1410'"]))
        check("after A disconnects another session commits", r[0] == 0, show(r))
        check("A's uncommitted edit is gone", "'1200'" not in running_commands(state))
    finally:
        for c in (a, a2, b, watcher):
            c.close()
    d.stop()


# --------------------------------------------------------------------------
# d. bad input, disconnects, socket mode, peer credentials.

def case_robustness():
    state = make_state_dir("robust")
    d = start_daemon(state)
    sock = os.path.join(state, "routeshd.sock")
    me = login_name()

    st = os.stat(sock)
    check("the socket is a socket of mode 0660",
          stat.S_ISSOCK(st.st_mode) and stat.S_IMODE(st.st_mode) == 0o660,
          oct(st.st_mode))

    def rejected(data, what):
        with Client(sock) as c:
            c.send_raw(data)
            m = c.read_line(timeout=10)
            check(what + ": an error reply with id 0",
                  m is not None and m.get("id") == 0 and m.get("ok") is False and
                  m.get("error", {}).get("code") == "invalid-argument", repr(m))
            check(what + ": then the connection is closed",
                  c.read_line(timeout=10) is None)
        check(what + ": the daemon is alive", d.alive())
        with Client(sock) as c:
            r = c.call("hello")
        check(what + ": the daemon keeps serving", r.get("ok"), json.dumps(r))
        return m

    rejected(b"this is not json\n", "malformed line")
    rejected(b"[1, 2, 3]\n", "a non-object")
    rejected(b"\"hello\"\n", "a string")
    rejected(b"{\"op\": \"hello\"}\n", "an object without id")
    rejected(b"{\"id\": -1, \"op\": \"hello\"}\n", "a negative id")
    rejected(b"{\"id\": 1, \"op\": \"hello\", \"x\": \"\xff\xfe\"}\n",
             "invalid UTF-8")
    rejected(b"{\"id\": 1, \"op\": " + b"[" * 100000 + b"\n", "deep nesting")

    # Oversized: more than 256 MiB without a newline.
    t0 = time.monotonic()
    with Client(sock, timeout=60) as c:
        chunk = b"x" * (1 << 20)
        try:
            c.send_raw(b"{\"id\": 1, \"op\": \"hello\", \"pad\": \"")
            for _ in range(258):
                c.send_raw(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass
        m = c.read_line(timeout=30)
        check("oversized line: an error reply",
              m is not None and m.get("id") == 0 and
              "too large" in m.get("error", {}).get("message", ""), repr(m))
    check("oversized line: the daemon is alive", d.alive())
    with Client(sock) as c:
        r = c.call("hello")
    check("oversized line: the daemon keeps serving", r.get("ok"), json.dumps(r))
    sys.stderr.write("oversized line handled in %.1f s\n" % (time.monotonic() - t0))

    # Requests that are well-formed but wrong get an error; the connection
    # stays open.
    with Client(sock) as c:
        for req, what in [({"op": "nope"}, "unknown op"),
                          ({"op": 7}, "op not a string"),
                          ({"op": "commit"}, "commit outside configure"),
                          ({"op": "rollback", "index": 5}, "rollback outside configure"),
                          ({"op": "commit-diff", "index": 99}, "commit-diff out of range"),
                          ({"op": "compare", "from": "x1"}, "compare bad revision"),
                          ({"op": "compare", "from": "999999999999999999999"},
                           "compare huge revision"),
                          ({"op": "compare", "from": 3}, "compare revision not a string"),
                          ({"op": "history", "limit": -1}, "negative limit"),
                          ({"op": "history", "limit": "x"}, "limit not a number"),
                          ({"op": "show", "path": 5}, "path not a list"),
                          ({"op": "show", "path": ["no", "such"]}, "show bad path"),
                          ({"op": "show", "config": "42"}, "show missing revision"),
                          ({"op": "blame", "path": [1, 2]}, "blame odd path"),
                          ({"op": "complete", "path": "x", "limit": -1},
                           "complete odd fields"),
                          ({"op": "save", "file": 5}, "save file not a string")]:
            c.send_raw(json.dumps(dict(req, id=77)).encode() + b"\n")
            r = c.read_line(timeout=10)
            check(what + ": answered",
                  r is not None and r.get("id") == 77 and "ok" in r, repr(r))
        r = c.call("configure")
        for lines, what in [(5, "lines not a list"), ([1, None, {}], "lines of non-strings"),
                            (["set interfaces vti vti0 mtu"], "set without value"),
                            (["set 'unterminated"], "unterminated quote")]:
            r = c.call("edit", lines=lines)
            check(what + ": answered", r is not None and "ok" in r, repr(r))
        r = c.call("load", text="interfaces {\n vti vti0 {\n")
        check("truncated config.boot: an error", r.get("ok") is False, json.dumps(r))
        r = c.call("rollback", index=-1)
        check("rollback -1: an error", r.get("ok") is False, json.dumps(r))
        r = c.call("hello")
        check("the connection still works after errors", r.get("ok"), json.dumps(r))
    check("bad requests: the daemon is alive", d.alive())

    # A partial line, then a disconnect: dropped, nothing breaks.
    with Client(sock) as c:
        c.send_raw(b"{\"id\": 1, \"op\": \"hel")
    with Client(sock) as c:
        check("after a partial line the daemon serves", c.call("hello").get("ok"))

    # A client that sends `commit` and disconnects at once, reading
    # nothing: the commit completes.
    def fire_and_forget(lines, how):
        c = Client(sock)
        try:
            require("configure", c.call("configure").get("ok"))
            r = c.call("edit", lines=lines)
            require("edit", r.get("ok") and r["done"] == len(lines),
                    json.dumps(r)[:500])
            c.send_raw(json.dumps({"id": 99, "op": "commit",
                                   "comment": "fire and forget"}).encode() + b"\n")
            if how == "shutdown":
                c.sock.shutdown(socket.SHUT_RDWR)
        finally:
            c.close()

    def revision_count():
        try:
            return len(revisions(state)[0])
        except TestFailure:
            return -1

    fire_and_forget(["set interfaces vti vti0 mtu '1436'",
                     "set protocols static route 10.20.0.0/16 next-hop 10.20.0.1"],
                    "close")
    check("a commit sent just before disconnecting completes",
          wait_for(lambda: revision_count() == 1, 10, 0.05), revisions(state)[1])
    check("the disconnected commit's render output exists",
          "vti.conf" in render_state(state) and "static.conf" in render_state(state),
          " ".join(render_state(state)))
    # A large commit: the client is long gone while the daemon commits.
    big = ["set protocols static route 10.%d.%d.0/24 next-hop 192.0.2.1" %
           (i // 256, i % 256) for i in range(20000)]
    fire_and_forget(big, "shutdown")
    check("a large commit sent before disconnecting completes",
          wait_for(lambda: revision_count() == 2, 20, 0.05), revisions(state)[1])
    with Client(sock) as c:
        r = c.call("status")
        check("the next client works and has no session",
              r.get("ok") and r.get("configuring") is False, json.dumps(r))
        r = c.call("history", all=True)
        check("no attempt failed", r.get("ok") and " failed " not in r["text"] and
              " reverted " not in r["text"], json.dumps(r))
    cmds = running_commands(state)
    check("the disconnected commits are running",
          "10.78.31.0/24" in cmds and "mtu '1436'" in cmds, cmds[:300])
    check("... with their render output",
          b"10.78.31.0/24" in render_state(state).get("static.conf", b""))
    r = batch(state, commit_lines(["set interfaces vti vti0 mtu '1400'"]))
    check("the next commit works", r[0] == 0, show(r))

    # Requests pipelined behind one whose reply cannot be delivered.
    with Client(sock) as c:
        c.send_raw(b"".join(json.dumps(r).encode() + b"\n" for r in [
            {"id": 1, "op": "configure"},
            {"id": 2, "op": "edit", "lines": ["set interfaces vti vti1 mtu '1300'"]},
            {"id": 3, "op": "commit"}]))
        c.sock.shutdown(socket.SHUT_RDWR)
    time.sleep(0.3)
    check("pipelined requests of a vanished client: the daemon is alive", d.alive())
    n = revision_count()
    check("pipelined requests of a vanished client: all or nothing",
          n in (3, 4) and ("vti1 mtu '1300'" in running_commands(state)) == (n == 4),
          revisions(state)[1])

    # SO_PEERCRED: the user recorded is ours.
    with Client(sock) as c:
        r = c.call("hello")
        check("hello reports our user", r.get("user") == me, json.dumps(r))
        r = c.call("history")
        check("history records our user for every commit",
              r.get("ok") and r["entries"] and
              all(e["user"] == me for e in r["entries"]), json.dumps(r))
    revs, text = revisions(state)
    check("show system commit says 'by <us>'",
          all((" by %s via " % me) in l for l in revs), text)

    # Many clients at once, one of them never reading: the others work.
    hog = Client(sock)
    try:
        hog.send_raw(b"".join(json.dumps({"id": i + 1, "op": "show", "format": "commands"})
                              .encode() + b"\n" for i in range(2000)))
        others = [Client(sock) for _ in range(20)]
        ok = all(c.call("hello").get("ok") for c in others)
        for c in others:
            c.close()
        check("a client that never reads does not block the others", ok)
    finally:
        hog.close()
    check("robustness: the daemon is alive at the end", d.alive())
    d.stop()
    check("the daemon stopped cleanly on SIGTERM", d.proc.returncode == 0,
          "exit status %s" % d.proc.returncode)
    check("the socket is removed when the daemon stops", not os.path.exists(sock))


# --------------------------------------------------------------------------
# e. commit-confirm on the real daemon with 2-second minutes.

MINUTE = 2


def pending(sock):
    with Client(sock) as c:
        r = c.call("status")
    return r.get("pending_confirm")


def case_confirm():
    state = make_state_dir("confirm")
    sock = os.path.join(state, "routeshd.sock")
    d = start_daemon(state, "--minute-seconds", str(MINUTE))
    base = commit_base(state)
    change1 = ["set interfaces vti vti0 mtu '1400'",
               "set protocols static route 10.30.0.0/16 next-hop 10.20.0.1"]

    # 1. Unconfirmed: the warning, then the revert, announced to a session.
    watcher = Client(sock)
    require("watcher configures", watcher.call("configure").get("ok"))
    t0 = time.monotonic()
    r = batch(state, ["configure", *change1, "commit-confirm 2 comment 'try'"])
    require("commit-confirm 2", r[0] == 0, show(r))
    check("commit-confirm says when it reverts", "commit-confirm" in r[1], show(r))
    changed = render_state(state)
    check("commit-confirm applied the change", changed != base)
    p = pending(sock)
    check("status shows the pending confirm", p is not None and p["revert_to"] == 1,
          repr(p))
    rev = watcher.wait_event(lambda e: e.get("event") == "confirm" and
                             "was not confirmed" in e.get("message", ""), 4 * MINUTE + 3)
    check("a session in configuration mode is told of the revert", rev is not None,
          repr(watcher.events))
    warn = watcher.wait_event(lambda e: e.get("event") == "confirm" and
                              "unless confirmed" in e.get("message", ""), 0)
    check("... and warned before it (a minute before the deadline)",
          warn is not None, repr(watcher.events))
    check("the warning came before the revert, within the last minute",
          warn is not None and rev is not None and
          rev["_at"] - MINUTE - 1.1 <= warn["_at"] < rev["_at"],
          repr(watcher.events))
    check("the revert came at the deadline, not much later",
          rev is not None and 2 * MINUTE - 1.1 <= rev["_at"] - t0 < 2 * MINUTE + 2,
          "%.1f s" % ((rev or {}).get("_at", 0) - t0))
    check("render output is the base again", wait_for(lambda: render_state(state) == base, 3),
          render_diff(render_state(state), base))
    revs, text = revisions(state)
    check("history shows a confirm-timeout revision",
          len(revs) == 3 and "via confirm-timeout" in revs[0], text)
    check("no confirm is pending after the revert", pending(sock) is None)
    r = watcher.call("status")
    check("the watching session is still usable", r.get("ok"), json.dumps(r))
    watcher.close()

    # 2. Confirmed: the change stays past the deadline.
    r = batch(state, ["configure", *change1, "commit-confirm 1"])
    require("commit-confirm 1", r[0] == 0, show(r))
    confirmed_state = render_state(state)
    r = batch(state, ["configure", "confirm"])
    check("confirm", r[0] == 0 and "Confirmed" in r[1], show(r))
    check("nothing pending after confirm", pending(sock) is None)
    time.sleep(MINUTE + 1.2)
    check("a confirmed change stays", render_state(state) == confirmed_state,
          render_diff(render_state(state), confirmed_state))
    revs, text = revisions(state)
    check("no confirm-timeout after confirm", "confirm-timeout" not in revs[0], text)
    r = batch(state, ["configure", "confirm"])
    check("confirm with nothing pending is an error", r[0] != 0, show(r))

    # A plain commit confirms too.
    before = render_state(state)
    r = batch(state, ["configure", "set interfaces vti vti1 mtu '1390'", "commit-confirm 1"])
    require("commit-confirm 1 (then plain commit)", r[0] == 0, show(r))
    after = render_state(state)
    r = batch(state, ["configure", "commit"])
    check("a plain commit without changes confirms",
          r[0] == 0 and "Confirmed" in r[1], show(r))
    time.sleep(MINUTE + 1.2)
    check("... and the change stays", render_state(state) == after and after != before)
    prev = render_state(state)
    n_revs = len(revisions(state)[0])

    # 3. Killed, the deadline passes while it is down: reverted at start-up.
    r = batch(state, ["configure", "set interfaces vti vti1 mtu '1300'", "commit-confirm 1"])
    require("commit-confirm 1 before kill", r[0] == 0, show(r))
    deadline = pending(sock)["deadline"]
    d.kill9()
    check("after kill -9 the change is still in render/", render_state(state) != prev)
    wait_for(lambda: time.time() > deadline + 0.5, MINUTE + 3, 0.05)
    d = start_daemon(state, "--minute-seconds", str(MINUTE))
    check("overdue at start-up: reverted", render_state(state) == prev,
          render_diff(render_state(state), prev))
    log = read_log(state)
    check("the log says the confirm expired while the daemon was down",
          "expired while the daemon was down" in log, log)
    revs, text = revisions(state)
    check("start-up revert recorded as confirm-timeout",
          len(revs) == n_revs + 2 and "via confirm-timeout" in revs[0], text)
    check("nothing pending after the start-up revert", pending(sock) is None)

    # 4. Killed and restarted before the deadline: still pending, reverted
    # when it passes, sessions told.
    r = batch(state, ["configure", "set interfaces vti vti1 mtu '1280'", "commit-confirm 2"])
    require("commit-confirm 2 before kill", r[0] == 0, show(r))
    p = pending(sock)
    d.kill9()
    d = start_daemon(state, "--minute-seconds", str(MINUTE))
    check("restarted before the deadline: still pending",
          p is not None and pending(sock) == p, "%r vs %r" % (p, pending(sock)))
    check("restarted before the deadline: the change is still applied",
          render_state(state) != prev)
    watcher = Client(sock)
    watcher.call("configure")
    ev = watcher.wait_event(lambda e: e.get("event") == "confirm" and
                            "was not confirmed" in e.get("message", ""), 4 * MINUTE + 3)
    check("re-armed confirm reverts when the deadline passes", ev is not None,
          repr(watcher.events))
    check("re-armed revert: render output as before",
          wait_for(lambda: render_state(state) == prev, 3),
          render_diff(render_state(state), prev))
    watcher.close()

    # 5. A commit-confirm made while one is pending keeps the first target.
    r = batch(state, ["configure", "set interfaces vti vti1 mtu '1281'", "commit-confirm 2"])
    require("first commit-confirm", r[0] == 0, show(r))
    first = pending(sock)
    r = batch(state, ["configure", "set interfaces vti vti1 mtu '1282'", "commit-confirm 2"])
    require("second commit-confirm", r[0] == 0, show(r))
    second = pending(sock)
    check("the second keeps the original revert target",
          first and second and second["revert_to"] == first["revert_to"] and
          second["rev"] == first["rev"] + 1, "%r %r" % (first, second))
    check("both changes reverted at the deadline",
          wait_for(lambda: render_state(state) == prev, 4 * MINUTE + 3, 0.05),
          render_diff(render_state(state), prev))

    # 6. kill -9 in the middle of the confirm-timeout revert: the restart
    # converges to the unconfirmed revision, then reverts it.
    r = batch(state, ["configure", *CHANGE, "commit-confirm 1"])
    require("commit-confirm before the crashing revert", r[0] == 0, show(r))
    d.kill9()
    d = Daemon(state, "--minute-seconds", str(MINUTE), "--crash-at", "apply:2")
    status = d.wait_dead(4 * MINUTE)
    check("the revert was killed at its third action", status == -signal.SIGKILL,
          "exit status %s" % status)
    if d.alive():
        d.kill9()
    check("the killed revert left the system half-changed",
          render_state(state) != prev)
    d = start_daemon(state, "--minute-seconds", str(MINUTE))
    check("after the crashed revert: converged and reverted",
          render_state(state) == prev, render_diff(render_state(state), prev))
    check("after the crashed revert: nothing pending", pending(sock) is None)
    hist = attempts(state)
    check("after the crashed revert: recovered, then the revert committed",
          "committed" in hist[0] and "confirm-timeout" in hist[0] and
          "recovered" in hist[1], "\n".join(hist))
    d.stop()


def case_confirm_revert_fails():
    """A confirm-timeout revert that keeps failing is retried calmly."""
    state = make_state_dir("confirm-fails")
    sock = os.path.join(state, "routeshd.sock")
    d = start_daemon(state, "--minute-seconds", "1")
    base = commit_base(state)
    watcher = Client(sock)
    watcher.call("configure")
    r = batch(state, ["configure", "set interfaces vti vti0 mtu '1400'",
                      "commit-confirm 1"])
    require("commit-confirm 1", r[0] == 0, show(r))
    deadline = pending(sock)["deadline"]
    # The system refuses the revert: render/vti.conf cannot be replaced.
    vti = os.path.join(state, "render", "vti.conf")
    os.unlink(vti)
    os.mkdir(vti)
    try:
        wait_for(lambda: time.time() > deadline + 3, 6, 0.05)
        hist = attempts(state)
        failed = [l for l in hist if "confirm-timeout" in l and " reverted " in l]
        check("the failing revert was tried", len(failed) >= 1, "\n".join(hist[:5]))
        check("a failing revert is not retried in a tight loop "
              "(at most one try a second)", len(failed) <= 6,
              "%d failed reverts in 3 s:\n%s" % (len(failed), "\n".join(hist[:3])))
        watcher.wait_event(lambda e: False, 0.2)
        told = [e for e in watcher.events if "failed" in e.get("message", "")]
        check("sessions are told of the failing revert", told, repr(watcher.events[:3]))
        check("... but not flooded", len(told) <= 6, "%d events" % len(told))
        check("still pending while it fails", pending(sock) is not None)
    finally:
        os.rmdir(vti)
        watcher.close()
    check("once the system accepts it, the revert happens",
          wait_for(lambda: render_state(state) == base, 15, 0.1),
          render_diff(render_state(state), base))
    check("nothing pending after the late revert",
          wait_for(lambda: pending(sock) is None, 2))
    d.stop()


# --------------------------------------------------------------------------
# f. rollback, compare, save, load, merge and --boot through routesh.

EQUAL = "No changes between working and active configurations."


def case_rollback():
    state = make_state_dir("rollback")
    sock = os.path.join(state, "routeshd.sock")
    d = start_daemon(state)
    r1 = commit_base(state)
    r = batch(state, commit_lines(CHANGE, "second"))
    require("second commit", r[0] == 0, show(r))
    r2 = render_state(state)
    r = batch(state, commit_lines(["set interfaces vti vti1 mtu '1300'",
                                   "delete protocols static route 10.30.0.0/16"]))
    require("third commit", r[0] == 0, show(r))
    r3 = render_state(state)
    require("three different states", r1 != r2 != r3 and r1 != r3)

    # rollback N loads revision N into the candidate; commit applies it.
    r = routesh(state, "-c", "configure; rollback 1; commit")
    check("rollback 1; commit", r[0] == 0, show(r))
    check("rollback 1 restores revision 1's render output",
          render_state(state) == r2, render_diff(render_state(state), r2))
    revs, text = revisions(state)
    check("the rollback commit is recorded via rollback",
          len(revs) == 4 and "via rollback" in revs[0], text)
    r = routesh(state, "-c", "configure; rollback 3; commit")
    check("rollback 3 (the first revision); commit", r[0] == 0, show(r))
    check("rollback 3 restores the first revision",
          render_state(state) == r1, render_diff(render_state(state), r1))
    check("no reboot: the same daemon", d.alive() and d.pid == d.proc.pid)
    r = routesh(state, "-c", "configure; rollback 99")
    check("rollback to a missing revision fails", r[0] != 0, show(r))
    r = routesh(state, "-c", "configure; rollback 1; compare")
    check("rollback then compare shows the changes",
          r[0] == 0 and "[edit" in r[1] and EQUAL not in r[1], show(r))
    r = routesh(state, "-c", "configure; rollback 0; commit")
    check("rollback 0 is no change",
          r[0] == 0 and "No configuration changes to commit" in r[1], show(r))

    # compare.
    r = routesh(state, "-c", "configure; compare")
    check("compare when equal", r[0] == 0 and r[1] == EQUAL + "\n", show(r))
    r = routesh(state, "-c", "configure; set interfaces vti vti0 mtu 1300; compare")
    check("compare shows the change",
          r[0] == 0 and "[edit interfaces vti vti0]" in r[1] and "1300" in r[1], show(r))
    r = routesh(state, "-c",
                "configure; set interfaces vti vti0 mtu 1300; compare commands")
    check("compare commands",
          r[0] == 0 and "set interfaces vti vti0 mtu '1300'" in r[1], show(r))
    r = routesh(state, "-c", "configure; compare 1 0")
    check("compare 1 0 between two revisions", r[0] == 0 and "[edit" in r[1], show(r))

    # save, compare saved.
    r = routesh(state, "-c", "configure; save")
    check("save", r[0] == 0 and "Done" in r[1], show(r))
    boot = os.path.join(state, "config.boot")
    check("save wrote DIR/config.boot", os.path.isfile(boot))
    r = routesh(state, "-c", "configure; compare saved")
    check("compare saved is equal after save",
          r[0] == 0 and "No changes between working and saved configurations." in r[1],
          show(r))
    saved_render = render_state(state)
    with open(boot) as f:
        boot_text = f.read()
    check("config.boot is in config.boot format",
          "interfaces {" in boot_text and "vti vti0 {" in boot_text, boot_text[:400])

    # load a config.boot file into the candidate.
    r = batch(state, commit_lines(CHANGE, "after save"))
    require("commit after save", r[0] == 0, show(r))
    after_save = render_state(state)
    r = routesh(state, "-c", "configure; compare saved")
    check("compare saved shows the commit after save",
          r[0] == 0 and "[edit" in r[1], show(r))
    other = os.path.join(state, "other.boot")
    shutil.copy(boot, other)
    r = routesh(state, "-c", "configure; load %s; compare" % other)
    check("load into the candidate; compare shows it",
          r[0] == 0 and "[edit" in r[1], show(r))
    check("load alone changes nothing running", render_state(state) == after_save)
    r = routesh(state, "-c", "configure; load %s; commit" % other)
    check("load; commit", r[0] == 0, show(r))
    check("load of the saved file restores the saved render output",
          render_state(state) == saved_render, render_diff(render_state(state), saved_render))

    # merge a set-lines file into the candidate.
    merge = os.path.join(state, "merge.set")
    with open(merge, "w") as f:
        f.write("set protocols static route 10.40.0.0/16 next-hop 10.20.0.1\n"
                "set interfaces vti vti1 description 'merged'\n")
    r = routesh(state, "-c", "configure; merge %s; commit" % merge)
    check("merge; commit", r[0] == 0, show(r))
    run = running_commands(state)
    check("merge added the lines and kept the rest",
          "10.40.0.0/16" in run and "'merged'" in run and
          "set interfaces vti vti0 address '169.254.12.38/30'" in run, run)
    r = routesh(state, "-c", "configure; load %s; commit" % merge)
    check("load of a set-lines file replaces the candidate", r[0] == 0, show(r))
    run = running_commands(state)
    check("load replaced everything",
          "10.40.0.0/16" in run and "vti0" not in run, run)
    bad = os.path.join(state, "bad.set")
    with open(bad, "w") as f:
        f.write("set interfaces vti vti0 mtu 99999\n")
    r = routesh(state, "-c", "configure; merge %s" % bad)
    check("merge of an invalid file fails", r[0] != 0, show(r))

    # --boot brings up the saved configuration.
    d.stop()
    d = start_daemon(state, "--boot")
    check("--boot: the saved configuration is running",
          render_state(state) == saved_render,
          render_diff(render_state(state), saved_render))
    revs, text = revisions(state)
    check("--boot: recorded via boot", "via boot" in revs[0], text)
    log = read_log(state)
    check("--boot: the log says so", "saved configuration committed" in log, log)
    d.stop()
    # --boot with the saved configuration already running: no new revision.
    n = len(revisions_offline(state))
    d = start_daemon(state, "--boot")
    revs, text = revisions(state)
    check("--boot again: no new revision", len(revs) == n, text)
    d.stop()


def revisions_offline(state):
    d = start_daemon(state)
    try:
        return revisions(state)[0]
    finally:
        d.stop()


# --------------------------------------------------------------------------
# One daemon per state directory: a second one touches nothing.

def case_exclusive():
    state = make_state_dir("exclusive")
    d = start_daemon(state)
    commit_base(state)
    r = routesh(state, "-c", "configure; save")
    require("save", r[0] == 0, show(r))
    r = batch(state, commit_lines(CHANGE))
    require("commit after save", r[0] == 0, show(r))
    changed = render_state(state)
    revs_before = revisions(state)[1]
    hist_before = attempts(state)
    for extra in ([], ["--boot"]):
        what = "a second routeshd %s: " % " ".join(["on the same state directory",
                                                     *extra])
        second = Daemon(state, *extra)
        status = second.wait_dead(10)
        if status is None:
            second.kill9()
        check(what + "exits with an error", status not in (None, 0),
              "exit status %s" % status)
        check(what + "render output untouched", render_state(state) == changed,
              render_diff(render_state(state), changed))
        check(what + "history untouched", attempts(state) == hist_before,
              "\n".join(attempts(state)))
        check(what + "the first daemon still serves", d.alive())
    check("show system commit unchanged", revisions(state)[1] == revs_before,
          revisions(state)[1])
    r = batch(state, commit_lines(["set interfaces vti vti0 mtu '1300'"]))
    check("the first daemon's next commit works", r[0] == 0, show(r))
    d.stop()
    d = start_daemon(state)
    check("after a restart: no recovery was needed",
          "[recovered" not in revisions(state)[1], revisions(state)[1])
    check("after a restart: render output is the newest revision's",
          b"mtu '1300'" in render_state(state).get("vti.conf", b""))
    d.stop()


# --------------------------------------------------------------------------
# A failure in the record phase (the SQLite write that is the commit point).

def case_record_fails():
    import sqlite3
    state = make_state_dir("record")
    d = start_daemon(state)
    base = commit_base(state)
    running = running_commands(state)
    hist_before = attempts(state)
    db = sqlite3.connect(os.path.join(state, "history.db"), timeout=10)
    # Every write of change rows fails; the journal and attempt rows work.
    db.execute("CREATE TRIGGER fail_record BEFORE INSERT ON change "
               "BEGIN SELECT RAISE(ABORT, 'injected record failure'); END")
    db.commit()
    try:
        r = batch(state, commit_lines(CHANGE))
        check("record fails: the commit fails", r[0] != 0 and "Commit failed" in r[2],
              show(r))
        check("record fails: the error says why", "injected record failure" in r[2],
              show(r))
        check("record fails: render output byte-identical to before",
              render_state(state) == base, render_diff(render_state(state), base))
        check("record fails: running unchanged", running_commands(state) == running)
        hist = attempts(state)
        check("record fails: the attempt is in history, not committed",
              len(hist) == len(hist_before) + 1 and
              hist[0].split()[2] in ("failed", "reverted") and
              "injected record failure" in hist[0], "\n".join(hist))
        r = routesh(state, "-c", "configure; compare")
        check("record fails: compare says nothing changed",
              r[0] == 0 and EQUAL in r[1], show(r))
    finally:
        db.execute("DROP TRIGGER fail_record")
        db.commit()
        db.close()
    r = batch(state, commit_lines(CHANGE))
    check("record works again: the commit succeeds", r[0] == 0, show(r))
    changed = render_state(state)
    d.stop()
    d = start_daemon(state)
    revs, text = revisions(state)
    check("after a restart: no crash recovery (the journal was closed)",
          "[recovered" not in text and "converging" not in read_log(state), text)
    check("after a restart: two revisions, render output unchanged",
          len(revs) == 2 and render_state(state) == changed, text)
    d.stop()


# --------------------------------------------------------------------------
# g. every revision rebuilds exactly, before and after a restart.

HISTORY_SEED = 20261124


def random_edit(rnd):
    k = rnd.randrange(4)
    v = "vti%d" % k
    route = "10.%d.0.0/16" % rnd.randrange(5)
    choices = [
        ["set interfaces vti %s mtu '%d'" % (v, rnd.randrange(1280, 1500))],
        ["set interfaces vti %s address '169.254.%d.1/30'" % (v, rnd.randrange(8))],
        ["set interfaces vti %s description 'tunnel %d'" % (v, rnd.randrange(9))],
        ["set interfaces vti %s disable" % v],
        ["delete interfaces vti %s" % v],
        ["delete interfaces vti %s mtu" % v],
        ["delete interfaces vti"],
        ["comment interfaces vti %s 'note %d'" % (v, rnd.randrange(9))],
        ["set protocols static route %s next-hop 192.0.2.%d distance '%d'" %
         (route, rnd.randrange(1, 4), rnd.randrange(1, 250))],
        ["set protocols static route %s blackhole" % route],
        ["delete protocols static route %s" % route],
        ["delete protocols static"],
        ["set system ntp server '%d.pool.ntp.org'" % rnd.randrange(3)],
        ["delete system ntp"],
        ["set policy prefix-list PL rule %d action 'permit'" % (10 * rnd.randrange(1, 4)),
         "set policy prefix-list PL rule %d prefix '10.%d.0.0/16'" %
         (10 * rnd.randrange(1, 4), rnd.randrange(5))],
        ["delete policy"],
    ]
    return rnd.choice(choices)


def case_history():
    import random
    rnd = random.Random(HISTORY_SEED)
    state = make_state_dir("history")
    sock = os.path.join(state, "routeshd.sock")
    d = start_daemon(state)
    commit_base(state)

    def text_of(c, config):
        """The configuration as config.boot text and as commands (with
        comments and empty nodes), or the error."""
        out = []
        for fmt in ("tree", "commands"):
            r = c.call("show", config=config, format=fmt)
            out.append(r.get("text", "") if r.get("ok") else repr(r))
        return "".join(out)

    def running_text():
        with Client(sock) as c:
            return text_of(c, "running")

    recorded = [running_text()]  # by revision, oldest first
    with Client(sock) as c:
        require("configure", c.call("configure").get("ok"))
        tries = 0
        while len(recorded) < 120 and tries < 1000:
            tries += 1
            lines = []
            for _ in range(rnd.randrange(1, 4)):
                lines += random_edit(rnd)
            r = c.call("edit", lines=lines)
            if not r.get("ok") or "error" in r:
                c.call("discard")
                continue
            r = c.call("commit")
            if not r.get("ok") or not r.get("rev"):
                c.call("discard")
                continue
            recorded.append(text_of(c, "running"))
    require("enough revisions", len(recorded) >= 100, "%d" % len(recorded))
    sys.stderr.write("history: %d revisions from %d tries\n" % (len(recorded), tries))

    def check_all(when):
        bad = []
        with Client(sock) as c:
            for index in range(len(recorded)):
                want = recorded[len(recorded) - 1 - index]
                got = text_of(c, str(index))
                if got != want:
                    bad.append("revision index %d:\n--- want\n%s--- got\n%s" %
                               (index, want, got))
        check("%s: every revision rebuilds exactly (%d revisions)" %
              (when, len(recorded)), not bad, "\n".join(bad[:2]))

    check_all("running daemon")
    d.stop()
    d = start_daemon(state)
    check("after a restart running is the newest revision",
          running_text() == recorded[-1])
    check_all("after a restart")
    # rollback N + commit through routesh reproduces revision N.
    for index in (1, 7, 50, len(recorded) - 1):
        r = routesh(state, "-c", "configure; rollback %d; commit" % index)
        want = recorded[len(recorded) - 1 - index]
        check("rollback %d; commit" % index, r[0] == 0, show(r))
        check("rollback %d reproduces that revision" % index, running_text() == want)
        if "No configuration changes" not in r[1]:
            recorded.append(running_text())
    d.stop()


# --------------------------------------------------------------------------

CASES = {
    "crash": case_crash,
    "fault": case_fault,
    "sessions": case_sessions,
    "robustness": case_robustness,
    "confirm": case_confirm,
    "confirm_revert_fails": case_confirm_revert_fails,
    "rollback": case_rollback,
    "history": case_history,
    "exclusive": case_exclusive,
    "record_fails": case_record_fails,
}


def cleanup():
    for p in STARTED:
        if p.poll() is None:
            p.kill()
            p.wait()
    # A routeshd that routesh started itself in one of our directories
    # (it never should: we always start one first).
    for pid in routeshd_pids(STATE_DIRS):
        FAILURES.append("routesh started a daemon of its own (pid %s)" % pid)
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    if not FAILURES and not os.environ.get("ROUTESH_KEEP"):
        for s in STATE_DIRS:
            shutil.rmtree(s, ignore_errors=True)


def main():
    global ROUTESHD, ROUTESH
    ap = argparse.ArgumentParser()
    ap.add_argument("--routeshd", required=True)
    ap.add_argument("--routesh", required=True)
    ap.add_argument("cases", nargs="+", choices=[*CASES, "all"])
    args = ap.parse_args()
    ROUTESHD = os.path.abspath(args.routeshd)
    ROUTESH = os.path.abspath(args.routesh)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(3))
    names = list(CASES) if "all" in args.cases else args.cases
    try:
        for name in names:
            t0 = time.monotonic()
            try:
                CASES[name]()
            except TestFailure as e:
                sys.stderr.write("case %s stopped: %s\n" % (name, e))
            except Exception:  # the case is broken: report, do not hide
                FAILURES.append("case %s raised:\n%s" % (name, traceback.format_exc()))
                sys.stderr.write(FAILURES[-1])
            sys.stderr.write("case %s: %.1f s\n" % (name, time.monotonic() - t0))
    finally:
        cleanup()
    if FAILURES:
        sys.stderr.write("\n%d failure(s); state directories kept: %s\n" %
                         (len(FAILURES), " ".join(STATE_DIRS)))
        return 1
    print("ok: %s (%d checks)" % (" ".join(names), CHECKS[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
