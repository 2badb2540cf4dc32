#!/usr/bin/env python3
"""Batch tests: routesh -c, routesh FILE and stdin that is not a terminal.

Runs the real routesh against a real daemon (started by routesh in a fresh
state directory, stopped at the end, also on failure) and checks exit
codes, stdout, the stop-at-first-error rule (stderr names the line number,
the line and why; nothing uncommitted is applied) and --json.

  batch_test.py --routesh BUILD/shell/routesh
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

from run_transcript import stop_daemons

FAILURES = []


def check(name, cond, detail=""):
    if not cond:
        FAILURES.append("%s\n%s" % (name, detail))


class Router:
    def __init__(self, routesh, state, home):
        self.routesh = routesh
        self.env = dict(os.environ, ROUTESH_STATE_DIR=state, HOME=home)

    def run(self, *args, stdin=None):
        """-> (status, stdout, stderr)"""
        p = subprocess.run([self.routesh, *args], env=self.env, input=stdin,
                           stdin=None if stdin is not None else subprocess.DEVNULL,
                           capture_output=True, text=True, timeout=60)
        return p.returncode, p.stdout, p.stderr

    def commands(self):
        status, out, err = self.run("-c", "show configuration commands")
        check("show configuration commands", status == 0, err)
        return out


def show(r):
    return "status %s\nstdout:\n%s\nstderr:\n%s" % r


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--routesh", required=True)
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="routesh-batch-")
    state, home = os.path.join(tmp, "state"), os.path.join(tmp, "home")
    os.mkdir(home)
    router = Router(os.path.abspath(args.routesh), state, home)
    try:
        # -c: lines separated by ';', no prompts, no output when all is well.
        r = router.run("-c", "configure; set interfaces vti vti0 mtu 1400; commit")
        check("-c commit", r == (0, "", ""), show(r))
        r = router.run("-c", "show configuration commands")
        check("-c show", r == (0, "set interfaces vti vti0 mtu '1400'\n", ""), show(r))

        # The first failing line stops the run; nothing uncommitted applies.
        r = router.run("-c", "configure; set interfaces vti vti1 mtu 1400; "
                             "set interfaces vti vti1 mtuu 1; commit")
        check("-c failing line: status", r[0] == 1, show(r))
        check("-c failing line: Set failed", "\n  Set failed\n" in r[2], show(r))
        check("-c failing line: why", "Configuration path: [interfaces vti vti1 mtuu] "
              "is not valid" in r[2], show(r))
        check("-c failing line: where", r[2].endswith(
            "routesh: line 3: set interfaces vti vti1 mtuu 1: failed; "
            "nothing uncommitted is applied\n"), show(r))
        check("-c failing line: nothing applied", "vti1" not in router.commands())

        # A bad value fails at `set`, before any commit.
        r = router.run("-c", "configure; set interfaces vti vti3 mtu 99999; commit")
        check("bad value: status", r[0] == 1, show(r))
        check("bad value: why", "99999 is out of range 68-9000" in r[2], show(r))
        check("bad value: where", "routesh: line 2: set interfaces vti vti3 mtu 99999"
              in r[2], show(r))
        check("bad value: nothing applied", "vti3" not in router.commands())

        # routesh FILE: line numbers count blank lines and comments.
        path = os.path.join(tmp, "changes.txt")
        with open(path, "w") as f:
            f.write("configure\n"
                    "# a comment\n"
                    "set interfaces vti vti2 mtu 1400\n"
                    "\n"
                    "frob\n"
                    "commit\n")
        r = router.run(path)
        check("FILE: status", r[0] == 1, show(r))
        check("FILE: Invalid command", "\n  Invalid command: [frob]\n" in r[2], show(r))
        check("FILE: where", r[2].endswith(
            "routesh: line 5: frob: failed; nothing uncommitted is applied\n"), show(r))
        check("FILE: nothing applied", "vti2" not in router.commands())

        # stdin that is not a terminal: the same lines, the same result.
        with open(path) as f:
            text = f.read()
        r = router.run(stdin=text)
        check("stdin: status", r[0] == 1, show(r))
        check("stdin: where", r[2].endswith(
            "routesh: line 5: frob: failed; nothing uncommitted is applied\n"), show(r))
        r = router.run(stdin="configure\nset interfaces vti vti2 mtu 1402\ncommit\n"
                             "exit\nshow configuration commands | match vti2\n")
        check("stdin: commit", r[0] == 0 and r[2] == "", show(r))
        check("stdin: shown", r[1].endswith("set interfaces vti vti2 mtu '1402'\n"), show(r))
        check("stdin: applied", "vti2 mtu '1402'" in router.commands())

        # `exit` from operational mode ends the batch successfully.
        r = router.run("-c", "show configuration commands | count; exit; frob")
        check("exit ends the batch", r == (0, "2\n", ""), show(r))

        # Pipes, and --json for every show.
        r = router.run("-c", "show configuration commands| grep vti0")
        check("pipe without space", r == (0, "set interfaces vti vti0 mtu '1400'\n", ""),
              show(r))
        r = router.run("--json", "-c", "show configuration")
        try:
            doc = json.loads(r[1])
        except ValueError:
            doc = None
        check("--json show configuration", r[0] == 0 and doc == {"interfaces": {"vti": {
            "vti0": {"mtu": "1400"}, "vti2": {"mtu": "1402"}}}}, show(r))
        r = router.run("--json", "-c", "configure; show interfaces vti vti0")
        try:
            doc = json.loads(r[1])
        except ValueError:
            doc = None
        check("--json show in configuration mode", r[0] == 0 and doc is not None, show(r))

        # An invalid command in operational mode.
        r = router.run("-c", "frob")
        check("op frob", r[0] == 1 and "Invalid command: [frob]" in r[2] and
              r[2].endswith("routesh: line 1: frob: failed; nothing uncommitted is "
                            "applied\n"), show(r))
    finally:
        stop_daemons(state)
        subprocess.run(["rm", "-rf", tmp])
    for f in FAILURES:
        print("FAIL " + f)
    if not FAILURES:
        print("ok   batch")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
