"""The lab's vocabulary: printing steps and checks, running commands in a
router's namespace, waiting for a condition.

Everything the lab does is printed, so that a failure can be understood
from the log alone: `step()` opens a section, `say()` narrates, `check()`
prints "ok" or "FAIL" with the evidence, `wait_until()` says how long a
condition took (or that it never came). A failed check is counted and the
lab goes on; `require()` stops the current step instead (what follows
would only repeat the failure). `failures()` is the verdict.

Python 3 standard library only. Single-threaded. REQUIRES: runs as root
inside the lab's UML kernel (init.sh), with the namespaces of topology.sh.
"""

import subprocess
import sys
import time

_failures = []
_started = time.monotonic()


class StepAborted(Exception):
    """A required condition failed; the step cannot go on."""


def _clock():
    return "%6.1fs" % (time.monotonic() - _started)


def _print(text):
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def step(title):
    _print("")
    _print("%s === %s" % (_clock(), title))


def say(text):
    _print("%s     %s" % (_clock(), text))


def show(text, indent="        | "):
    """Prints evidence (command output) indented under the current line."""
    for line in str(text).rstrip("\n").splitlines():
        _print(indent + line)


def check(what, ok, evidence=""):
    """Prints the outcome of one assertion; returns ok."""
    _print("%s %s %s" % (_clock(), " ok " if ok else "FAIL", what))
    if not ok:
        _failures.append(what)
        if evidence:
            show(evidence)
    return bool(ok)


def require(what, ok, evidence=""):
    if not check(what, ok, evidence):
        raise StepAborted(what)


def fail(what, evidence=""):
    check(what, False, evidence)


def failures():
    return list(_failures)


def run(argv, ns=None, input=None, timeout=60):
    """Runs argv (never through a shell), in network namespace `ns` if
    given; -> (returncode, stdout, stderr). A timeout is returncode -9."""
    if ns:
        argv = ["ip", "netns", "exec", ns] + list(argv)
    try:
        p = subprocess.run(argv, input=input, capture_output=True, text=True,
                           timeout=timeout,
                           stdin=None if input is not None else subprocess.DEVNULL)
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
        return -9, out, "no answer in %ss: %s" % (timeout, " ".join(argv))
    return p.returncode, p.stdout, p.stderr


def outcome(r):
    """(rc, out, err) as text for evidence."""
    return "exit %d\n%s%s" % (r[0], r[1], r[2])


def wait_until(what, pred, timeout, interval=0.5):
    """Polls pred() until it returns something true or `timeout` seconds
    pass. Prints how long it took; returns pred's last value."""
    start = time.monotonic()
    while True:
        value = pred()
        waited = time.monotonic() - start
        if value:
            say("%s (after %.1f s)" % (what, waited))
            return value
        if waited >= timeout:
            say("%s: not within %d s" % (what, timeout))
            return value
        time.sleep(interval)
