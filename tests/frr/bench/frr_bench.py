#!/usr/bin/env python3
"""FRR commit benchmark: routesh through routeshd --backend live against
FRR's own ways of changing its configuration, on one FRR instance.

  frr_bench.py --routesh BUILD/shell/routesh --routeshd BUILD/commits/routeshd
               [--sizes 1000,10000] [--runs 5] [--bulk 10000] [--bulk-runs 3]

The lab (../frr_lab.py): namespace `bench` with its own zebra/staticd/bgpd
(`-N`, sockets under /run/frr/<ns>), a veth to namespace `peer` (next hop
192.0.2.2 for every route) and one routeshd --backend live for bench's FRR.

Measured, medians of --runs (--bulk-runs) runs, milliseconds:
  1. one static route added while FRR holds N routes (N from --sizes,
     loaded through routesh first):
       routesh      `routesh -c 'configure; set protocols static route …;
                    commit'` (a new process, the daemon's commit: validate,
                    plan, journal, prepare = vtysh -C dry run, apply over
                    the vty sockets, record);
       vtysh -c     `vtysh -c 'configure terminal' -c 'ip route …'`;
       frr-reload   `frr-reload.py --reload` of FRR's running configuration
                    plus the line (frr.conf in --confdir, so no `write`
                    follows). It is pointed at the namespaced instance with
                    --vty_socket/--confdir/--rundir: no private mount
                    namespace is needed. It logs to stdout (--stdout) rather
                    than /var/log/frr.
     each until the command returns and until the route is in the kernel
     (polled with `ip route show`, about 5 ms a poll); the route is removed
     again, untimed, between runs;
  2. --bulk routes loaded in one commit (routesh FILE: configure, the set
     lines, commit) against `vtysh -f` of the same `ip route` lines, from
     no static route, until it returns and until the kernel has them all;
  3. where routesh's time goes: `vtysh -C -f` of the batch (the dry run
     routeshd's prepare runs) and the batch sent to staticd's vty socket
     the way routeshd's apply sends it (enable, configure terminal, the
     XFRR_start_configuration/XFRR_end_configuration markers around the
     commands; one round trip per command), each measured alone (FRR's
     side varies from run to run, so they are not subtracted from the
     whole); and, where strace is installed, one more one-route commit
     per size with routeshd's system calls timestamped (strace -tt -p):
     the daemon's own phases — from the commit request to the journal write
     (validate, diff, order, plan: pure computation), prepare (the vty
     connection check and the vtysh -C dry run), apply (the batch; within
     it, FRR's transaction between XFRR_end_configuration and its reply)
     and record. strace slows the system calls a little, not the
     computation between them.
Prints the tables; asserts nothing (targets are in the README). Needs root
and FRR (exit 77 otherwise). Takes a few minutes at the default sizes.
"""

import argparse
import datetime
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import frr_lab  # noqa: E402
from frr_lab import run, wait_for  # noqa: E402

NEXT_HOP = "192.0.2.2"
EXTRA = "10.255.255.0/24"  # the one route added
FRR_RELOAD = "/usr/lib/frr/frr-reload.py"


def prefix(i):
    return "10.%d.%d.0/24" % (i // 256, i % 256)


def set_lines(n):
    return ["set protocols static route %s next-hop %s" % (prefix(i), NEXT_HOP)
            for i in range(n)]


def ip_lines(n, negate=False):
    return ["%sip route %s %s" % ("no " if negate else "", prefix(i), NEXT_HOP)
            for i in range(n)]


def ms(seconds):
    return seconds * 1000.0


def median(xs):
    return statistics.median(xs) if xs else float("nan")


def vty_batch(path, commands):
    """Sends a configuration batch to one daemon's vty socket as routeshd's
    apply does; seconds until the end marker's reply."""
    t0 = time.monotonic()
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.connect(path)
        buf = b""
        for c in ["enable", "configure terminal", "XFRR_start_configuration",
                  *commands, "XFRR_end_configuration", "end"]:
            s.sendall(c.encode() + b"\0")
            # The reply: output, three NUL bytes, one byte of return code.
            while True:
                at = buf.find(b"\0\0\0")
                if at >= 0 and len(buf) > at + 3:
                    code, buf = buf[at + 3], buf[at + 4:]
                    break
                chunk = s.recv(1 << 16)
                if not chunk:
                    raise frr_lab.LabError("%s closed the connection" % path)
                buf += chunk
            if code != 0:
                raise frr_lab.LabError("%s: %r: code %d" % (path, c, code))
    return time.monotonic() - t0


class Bench:
    def __init__(self, lab, runs, bulk_runs):
        self.lab = lab
        self.live = lab["bench"]
        self.staticd = os.path.join(self.live.vty, "staticd.vty")
        self.runs = runs
        self.bulk_runs = bulk_runs
        self.ns = self.live.ns

    # ----------------------------------------------------------- helpers
    def kernel_has(self, dst):
        out = run(["ip", "-n", self.ns, "route", "show", dst]).stdout
        return bool(out.strip())

    def kernel_static_count(self):
        out = run(["ip", "-n", self.ns, "route", "show", "proto", "196"]).stdout
        return out.count("\n")

    def timed(self, argv, until, timeout=600, input=None):
        """(returned, in kernel) in seconds for argv, then until() polled."""
        t0 = time.monotonic()
        p = subprocess.run(argv, capture_output=True, text=True, timeout=timeout,
                           input=input,
                           stdin=None if input is not None else subprocess.DEVNULL)
        t1 = time.monotonic()
        if p.returncode != 0:
            raise frr_lab.LabError("%s: exit %d\n%s%s" % (
                " ".join(argv[:6]), p.returncode, p.stdout[-2000:], p.stderr[-2000:]))
        if until is not None and not wait_for(until, 600, 0.002):
            raise frr_lab.LabError("%s: never reached the kernel" % " ".join(argv[:6]))
        return t1 - t0, time.monotonic() - t0

    def routesh_argv(self, router, *args):
        return [self.lab.routesh, "--state-dir", router.state, *args]

    def file_of(self, name, lines):
        path = os.path.join(self.lab.work, name)
        with open(path, "w") as f:
            f.write("\n".join(lines) + "\n")
        return path

    def must(self, r, what):
        if r[0] != 0:
            raise frr_lab.LabError("%s failed:\n%s\n%s" % (what, r[1], r[2]))

    def load(self, n):
        """routeshd and FRR hold exactly n routes."""
        path = self.file_of("load.txt", ["configure", "delete protocols static",
                                         *set_lines(n), "commit"])
        self.must(self.live.routesh(path, timeout=1200), "loading %d routes" % n)
        if not wait_for(lambda: self.kernel_static_count() == n, 600, 0.05):
            raise frr_lab.LabError("kernel never held %d routes" % n)

    # ------------------------------------------------------ one route
    def one_route(self, n):
        self.load(n)
        add = "configure; set protocols static route %s next-hop %s; commit" % (
            EXTRA, NEXT_HOP)
        delete = "configure; delete protocols static route %s; commit" % EXTRA
        line = "ip route %s %s" % (EXTRA, NEXT_HOP)
        conf = os.path.join(self.live.work, "frr.conf")
        running = self.live.running_config()
        body = running[:running.rfind("end")] if running.rstrip().endswith("end") else running
        with open(conf, "w") as f:
            f.write(body + line + "\n")
        where = ["--bindir", "/usr/bin", "--confdir", self.live.work,
                 "--rundir", self.live.work, "--vty_socket", self.live.vty, conf]
        reload_argv = [FRR_RELOAD, "--reload", "--stdout", *where]
        test = run([FRR_RELOAD, "--test", *where], timeout=1200).stdout
        delta = test[test.find("Lines To"):].strip()
        there = lambda: self.kernel_has(EXTRA)  # noqa: E731
        gone = lambda: not self.kernel_has(EXTRA)  # noqa: E731
        res = {k: [] for k in ("routesh", "routesh_k", "vtysh", "vtysh_k", "reload",
                               "reload_k", "vty", "dry")}
        dry = self.file_of("one.conf", [line])
        for _ in range(self.runs):
            a, b = self.timed(self.routesh_argv(self.live, "-c", add), there)
            res["routesh"].append(a)
            res["routesh_k"].append(b)
            self.must(self.live.routesh("-c", delete), "routesh delete")
            wait_for(gone, 60, 0.01)

            a, b = self.timed(self.live.vtysh_argv("configure terminal", line), there)
            res["vtysh"].append(a)
            res["vtysh_k"].append(b)
            self.live.vtysh("configure terminal", "no " + line)
            wait_for(gone, 60, 0.01)

            a, b = self.timed(reload_argv, there, timeout=1200)
            res["reload"].append(a)
            res["reload_k"].append(b)
            self.live.vtysh("configure terminal", "no " + line)
            wait_for(gone, 60, 0.01)

            res["vty"].append(vty_batch(self.staticd, [line]))
            wait_for(there, 60, 0.002)
            vty_batch(self.staticd, ["no " + line])
            wait_for(gone, 60, 0.01)

            res["dry"].append(self.timed(["vtysh", "--config_dir", self.live.work,
                                          "-C", "-f", dry], None)[0])
        if self.live.running_config() != running:
            raise frr_lab.LabError("FRR's configuration changed during the runs")
        return {k: ms(median(v)) for k, v in res.items()}, delta

    def phases(self, n):
        """One traced one-route commit at n routes: routeshd's phases in ms
        (None without strace)."""
        if shutil.which("strace") is None:
            return None
        self.load(n)
        trace = os.path.join(self.lab.work, "strace.txt")
        st = subprocess.Popen(["strace", "-tt", "-s", "40", "-o", trace,
                               "-e", "trace=execve,connect,fdatasync,sendto,recvfrom",
                               "-p", str(self.live.routeshd.pid)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1)  # attached
        try:
            add = "configure; set protocols static route %s next-hop %s; commit" % (
                EXTRA, NEXT_HOP)
            self.must(self.live.routesh("-c", add), "traced commit")
        finally:
            time.sleep(0.2)
            st.terminate()
            st.wait()
        self.must(self.live.routesh("-c", "configure; delete protocols static route %s; "
                                    "commit" % EXTRA), "traced delete")
        return parse_phases(trace)

    # ----------------------------------------------------------- bulk
    def bulk(self, n):
        self.load(0)
        batch = self.file_of("bulk.txt", ["configure", *set_lines(n), "commit"])
        ip_file = self.file_of("bulk.conf", ip_lines(n))
        no_file = self.file_of("unload.conf", ip_lines(n, negate=True))
        unload = "configure; delete protocols static; commit"
        full = lambda: self.kernel_static_count() == n  # noqa: E731
        empty = lambda: self.kernel_static_count() == 0  # noqa: E731
        res = {k: [] for k in ("routesh", "routesh_k", "vtysh", "vtysh_k", "vty", "dry")}
        for _ in range(self.bulk_runs):
            a, b = self.timed(self.routesh_argv(self.live, batch), full, timeout=1200)
            res["routesh"].append(a)
            res["routesh_k"].append(b)
            self.must(self.live.routesh("-c", unload, timeout=1200), "routesh unload")
            wait_for(empty, 600, 0.05)

            a, b = self.timed(self.live.vtysh_argv() + ["-f", ip_file], full, timeout=1200)
            res["vtysh"].append(a)
            res["vtysh_k"].append(b)
            run(self.live.vtysh_argv() + ["-f", no_file], timeout=1200)
            wait_for(empty, 600, 0.05)

            res["vty"].append(vty_batch(self.staticd, ip_lines(n)))
            wait_for(full, 600, 0.05)
            vty_batch(self.staticd, ip_lines(n, negate=True))
            wait_for(empty, 600, 0.05)

            res["dry"].append(self.timed(["vtysh", "--config_dir", self.live.work,
                                          "-C", "-f", ip_file], None)[0])
        return {k: ms(median(v)) for k, v in res.items()}


def parse_phases(trace):
    """routeshd's phases of one commit from an strace -tt log (ms)."""
    marks = {}
    with open(trace) as f:
        for line in f:
            m = re.match(r"(?:\d+ +)?(\d+):(\d+):([\d.]+) (.*)", line)
            if not m:
                continue
            t = (int(m.group(1)) * 60 + int(m.group(2))) * 60 + float(m.group(3))
            call = m.group(4).replace("\\", "")
            if call.startswith("recvfrom") and '"op":"commit"' in call:
                marks.setdefault("request", t)
            elif "request" not in marks:
                continue
            elif call.startswith("fdatasync") and "journal" not in marks:
                marks["journal"] = t
            elif call.startswith("--- SIGCHLD") and "dry_run" not in marks:
                marks["dry_run"] = t
            elif (call.startswith("sendto") and "XFRR_end_configuration" in call and
                  "end_sent" not in marks):
                marks["end_sent"] = t
            elif (call.startswith("recvfrom") and "end_sent" in marks and
                  "end_reply" not in marks):
                marks["end_reply"] = t
            elif call.startswith("sendto") and '"messages"' in call:
                marks["reply"] = t
                break  # the first commit only
    need = ("request", "journal", "dry_run", "end_sent", "end_reply", "reply")
    if not all(k in marks for k in need):
        return None
    return {
        "engine": ms(marks["journal"] - marks["request"]),
        "prepare": ms(marks["dry_run"] - marks["journal"]),
        "apply": ms(marks["end_reply"] - marks["dry_run"]),
        "frr": ms(marks["end_reply"] - marks["end_sent"]),
        "record": ms(marks["reply"] - marks["end_reply"]),
        "total": ms(marks["reply"] - marks["request"]),
    }


def table(header, rows):
    out = ["| " + " | ".join(header) + " |",
           "|" + "|".join("---:" if i else "---" for i in range(len(header))) + "|"]
    for r in rows:
        out.append("| " + " | ".join(r) + " |")
    return "\n".join(out)


def f(x):
    return "%.0f" % x if x >= 100 else "%.1f" % x


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--routesh", required=True)
    ap.add_argument("--routeshd", required=True)
    ap.add_argument("--sizes", default="1000,10000",
                    help="routes FRR holds for the one-route measure")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--bulk", type=int, default=10000, help="routes in one commit")
    ap.add_argument("--bulk-runs", type=int, default=3)
    args = ap.parse_args()
    why = frr_lab.skip_reason()
    if why:
        print("frr_bench: skipped (%s)" % why)
        return 77
    if not os.path.exists(FRR_RELOAD):
        print("frr_bench: skipped (no %s: apt-get install frr-pythontools)" % FRR_RELOAD)
        return 77
    sizes = [int(s) for s in args.sizes.split(",") if s]
    with frr_lab.Lab(["bench", "peer"], os.path.abspath(args.routesh),
                     os.path.abspath(args.routeshd)) as lab:
        lab.link("bench", "peer", [("192.0.2.1/24", NEXT_HOP + "/24")])
        lab["bench"].start_frr()
        lab["bench"].start_routeshd()
        bench = Bench(lab, args.runs, args.bulk_runs)
        ones = {}
        for n in sizes:
            ones[n], delta = bench.one_route(n)
            print("FRR holding %d routes: frr-reload.py --test says\n  %s" %
                  (n, delta.replace("\n", "\n  ")))
            sys.stdout.flush()
        bulk = bench.bulk(args.bulk) if args.bulk else None
        traced = {n: bench.phases(n) for n in sizes}

    print("\nOne static route added (median of %d runs, ms; returned / in the kernel)\n"
          % args.runs)
    rows = []
    for n, r in ones.items():
        rows.append(["%d" % n, "%s / %s" % (f(r["routesh"]), f(r["routesh_k"])),
                     "%s / %s" % (f(r["vtysh"]), f(r["vtysh_k"])),
                     "%s / %s" % (f(r["reload"]), f(r["reload_k"])),
                     "%.2fx" % (r["routesh_k"] / r["vtysh_k"]),
                     "%.1fx" % (r["reload_k"] / r["routesh_k"])])
    print(table(["FRR holds", "routesh commit", "vtysh -c", "frr-reload.py --reload",
                 "routesh / vtysh", "frr-reload / routesh"], rows))
    if bulk:
        print("\n%d routes in one commit (median of %d runs, ms; returned / in the kernel)\n"
              % (args.bulk, args.bulk_runs))
        print(table(["routesh commit", "vtysh -f", "routesh / vtysh -f"],
                    [["%s / %s" % (f(bulk["routesh"]), f(bulk["routesh_k"])),
                      "%s / %s" % (f(bulk["vtysh"]), f(bulk["vtysh_k"])),
                      "%.2fx" % (bulk["routesh_k"] / bulk["vtysh_k"])]]))
    print("\nThe parts of a routesh commit, measured alone (ms)\n")
    rows = [["1 route, FRR holds %d" % n, f(r["routesh"]), f(r["dry"]), f(r["vty"])]
            for n, r in ones.items()]
    if bulk:
        rows.append(["%d routes" % args.bulk, f(bulk["routesh"]), f(bulk["dry"]),
                     f(bulk["vty"])])
    print(table(["commit", "routesh, whole", "vtysh -C dry run (prepare)",
                 "the batch over staticd's vty (apply)"], rows))
    rows = [["1 route, FRR holds %d" % n, f(t["total"]), f(t["engine"]), f(t["prepare"]),
             f(t["apply"]), f(t["frr"]), f(t["record"])]
            for n, t in traced.items() if t]
    if rows:
        print("\nInside routeshd, one traced commit (ms)\n")
        print(table(["commit", "request to reply", "validate+diff+plan",
                     "prepare (dry run)", "apply", "of which FRR's transaction",
                     "record"], rows))
    print("\n%s, load average %s" % (datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
                                     " ".join(open("/proc/loadavg").read().split()[:3])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
