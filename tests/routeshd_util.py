"""routeshd processes of a test: starting, finding and stopping them.

The cross-folder suites run the real daemon. tests/daemon starts routeshd
itself on each fresh state directory; tests/transcripts lets routesh start
one for its state directory. Either way a test must stop every routeshd that
serves one of its state directories, also when it fails, and a daemon it
started must not outlive it when the test itself is killed (a CTest
timeout). This module is those helpers, shared by the suites; it keeps no
state of its own (each suite keeps its own list of what it started).

Python 3 standard library only. A suite puts tests/ on sys.path first:

    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                    os.pardir))
    import routeshd_util
"""

import ctypes
import os
import pwd
import signal
import subprocess
import time


def wait_for(pred, timeout, step=0.02):
    """Polls pred() until it is true or `timeout` seconds pass; its value."""
    deadline = time.monotonic() + timeout
    while True:
        v = pred()
        if v or time.monotonic() >= deadline:
            return v
        time.sleep(step)


def die_with_parent():
    """preexec_fn: the child gets SIGKILL if the test process dies."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def spawn_routeshd(routeshd, state, args, out):
    """Starts `routeshd --state-dir STATE ARGS…` (argv, never a shell) with
    its stdout and stderr going to the open file `out`; -> the Popen. It
    dies with the test process. Does not wait for it to answer."""
    return subprocess.Popen([routeshd, "--state-dir", state, *args],
                            stdin=subprocess.DEVNULL, stdout=out,
                            stderr=subprocess.STDOUT, preexec_fn=die_with_parent)


def stop_process(proc, sig=signal.SIGTERM, timeout=10):
    """Sends `sig` to a Popen that has not ended, waits up to `timeout`
    seconds, then SIGKILLs it; -> its exit status."""
    if proc.poll() is None:
        proc.send_signal(sig)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return proc.returncode


def routeshd_pids(states):
    """The pids of every routeshd whose argv names one of the directories
    `states` (whoever started it)."""
    wanted = [s.encode() for s in states]
    pids = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open("/proc/%s/cmdline" % pid, "rb") as f:
                argv = f.read().split(b"\0")
        except OSError:
            continue
        if argv and argv[0].endswith(b"routeshd") and any(s in argv for s in wanted):
            pids.append(int(pid))
    return pids


def stop_daemons(state):
    """SIGTERM (then SIGKILL) every routeshd serving `state`, waiting up to
    3 s after each signal for them to be gone."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in routeshd_pids([state]):
            try:
                os.kill(pid, sig)
            except OSError:
                pass
        deadline = time.time() + 3
        while routeshd_pids([state]) and time.time() < deadline:
            time.sleep(0.02)
        if not routeshd_pids([state]):
            return


def login_name():
    """The user name routeshd reports for us (SO_PEERCRED's uid), as
    routeshd spells it: the passwd name, else `uid N`."""
    try:
        return pwd.getpwuid(os.geteuid()).pw_name
    except KeyError:
        return "uid %d" % os.geteuid()
