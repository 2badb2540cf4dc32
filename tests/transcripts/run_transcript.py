#!/usr/bin/env python3
"""Transcript tests: routesh driven through a real pseudo-terminal.

A transcript (*.t) is what an operator sees, written as the screen:

    %% a comment
    %setup configure; set interfaces vti vti0    (all %setup lines run as
    %setup commit                                 one routesh -c first)
    %size 40 160                                  (rows cols; the default)
    vyos@vyos:~$
    >| conf{TAB}
    vyos@vyos:~$ configure
    >
    vyos@vyos:~$ configure
    [edit]
    vyos@vyos#

Lines starting with `>` send keys: `> KEYS` types KEYS and RETURN (sent as
"\\r", as Ansible does), `>| KEYS` types KEYS only. Keys may contain {TAB},
{ENTER}, {SPACE}, {ESC}, {DOWN}, {C-c}, {C-d}, {C-u}, {C-r}, {C-l}. Every other
line is a screen row. The rows after a `>` line are the screen from the
row the cursor was on when the keys were sent (the prompt row, now showing
what was typed) down to the row the cursor ends on; the rows before the
first `>` line are the screen from the top. Rows compare exactly after
trailing blanks are removed; `user@host` of the real login and machine is
shown as `vyos@vyos`. `%hangup` sends SIGHUP to the shell (rows after it as
after keys). `%exit N` expects the shell to end with status N. `%after LINE`
lines run as one routesh -c once the shell has ended, and `%after-out TEXT`
lines are its exact stdout (the daemon's view after the session).

Timing: after sending keys, the runner polls the screen until it equals the
expected rows (exact, no partial credit) or 10 s pass, so a slow machine
only makes it slower. Each transcript gets a fresh state directory; the
routeshd that routesh starts there is stopped at the end, also on failure
(tests/routeshd_util.py).

  run_transcript.py --routesh BUILD/shell/routesh FILE.t...
  run_transcript.py --routesh … --record FILE.t   prints the actual screens
"""

import argparse
import codecs
import difflib
import fcntl
import os
import re
import select
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import termios
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir))
from routeshd_util import login_name, stop_daemons, stop_process  # noqa: E402

TIMEOUT = 10.0
KEYS = {"TAB": "\t", "ENTER": "\r", "SPACE": " ", "ESC": "\x1b",
        "DOWN": "\x1b[B", "C-c": "\x03", "C-d": "\x04", "C-u": "\x15",
        "C-r": "\x12", "C-l": "\x0c"}


class Screen:
    """A small VT100: enough for readline, the pager and plain output."""

    def __init__(self, cols):
        self.cols = cols
        self.rows = [[]]
        self.r = 0
        self.c = 0
        self.esc = None  # pending escape sequence
        self.bad = []    # sequences routesh must never send

    def _row(self):
        while len(self.rows) <= self.r:
            self.rows.append([])
        return self.rows[self.r]

    def _put(self, ch):
        if self.c >= self.cols:  # deferred wrap, as xterm and vt100 (xenl)
            self.r += 1
            self.c = 0
        row = self._row()
        while len(row) < self.c:
            row.append(" ")
        if self.c < len(row):
            row[self.c] = ch
        else:
            row.append(ch)
        self.c += 1

    def _csi(self, seq):
        final = seq[-1]
        params = seq[:-1]
        if params.startswith("?"):
            if params in ("?2004h", "?2004l"):
                self.bad.append("bracketed paste ESC[" + seq)
            return
        nums = [int(p) if p.isdigit() else 0 for p in params.split(";")]
        n = max(nums[0], 1) if nums else 1
        row = self._row()
        if final == "K":
            mode = nums[0] if nums else 0
            if mode == 0:
                del row[self.c:]
            elif mode == 1:
                for i in range(min(self.c + 1, len(row))):
                    row[i] = " "
            else:
                row.clear()
        elif final == "J":
            del row[self.c:]
            del self.rows[self.r + 1:]
        elif final == "A":
            self.r = max(0, self.r - n)
        elif final == "B":
            self.r += n
        elif final == "C":
            self.c = min(self.cols - 1, self.c + n)
        elif final == "D":
            self.c = max(0, min(self.c, self.cols - 1) - n)
        elif final == "G":
            self.c = n - 1
        # m (colours), h/l modes and the rest change nothing we compare.

    def feed(self, text):
        for ch in text:
            if self.esc is not None:
                self.esc += ch
                s = self.esc
                if s == "[" or (s.startswith("[") and not ch.isalpha() and ch not in "@`~"):
                    continue
                if s.startswith("]"):  # OSC ... BEL
                    if ch == "\x07":
                        self.esc = None
                    continue
                self.esc = None
                if s.startswith("["):
                    self._csi(s[1:])
                continue
            if ch == "\x1b":
                self.esc = ""
            elif ch == "\r":
                self.c = 0
            elif ch == "\n":
                self.r += 1
                self._row()
            elif ch == "\b":
                self.c = max(0, min(self.c, self.cols) - 1)
            elif ch == "\t":
                self.c = min(self.cols - 1, (self.c // 8 + 1) * 8)
            elif ch == "\x07":
                pass
            elif ch >= " ":
                self._put(ch)

    def lines(self, start, end):
        return ["".join(r).rstrip() for r in self.rows[start:end]]


class Session:
    """routesh on a pseudo-terminal."""

    def __init__(self, routesh, state, home, rows, cols):
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        env = dict(os.environ, ROUTESH_STATE_DIR=state, HOME=home, TERM="vt100",
                   INPUTRC="/dev/null", LANG="C.UTF-8")
        env.pop("LC_ALL", None)

        def become_session_leader():
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        self.proc = subprocess.Popen([routesh], stdin=slave, stdout=slave, stderr=slave,
                                     env=env, start_new_session=True,
                                     preexec_fn=become_session_leader, close_fds=True)
        os.close(slave)
        self.fd = master
        self.raw = b""
        self.decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self.screen = Screen(cols)
        self.eof = False

    def pump(self, timeout):
        """Reads what is there (waiting up to timeout); False at EOF."""
        if self.eof:
            return False
        r, _, _ = select.select([self.fd], [], [], timeout)
        if not r:
            return True
        try:
            data = os.read(self.fd, 65536)
        except OSError:
            data = b""
        if not data:
            self.eof = True
            return False
        self.raw += data
        self.screen.feed(self.decoder.decode(data))
        return True

    def send(self, keys):
        os.write(self.fd, keys.encode())

    def close(self):
        if self.fd is None:
            return
        stop_process(self.proc, signal.SIGHUP, 3)
        os.close(self.fd)
        self.fd = None


def expand_keys(text):
    return re.sub(r"\{([A-Za-z-]+)\}", lambda m: KEYS.get(m.group(1), m.group(0)), text)


class Transcript:
    """A parsed transcript file."""

    def __init__(self, path):
        self.setup = []         # lines run by one routesh -c before the session
        self.size = (40, 160)   # rows, cols
        self.initial = []       # rows from the top before any keys
        self.steps = []         # (keys or HANGUP, expected rows, directive line)
        self.exit = None        # expected exit status
        self.after = []         # lines run by one routesh -c after the session
        self.after_out = []     # its expected stdout lines
        current = self.initial
        with open(path, encoding="utf-8") as f:
            for line in f.read().split("\n"):
                word = line.split(" ", 1)
                arg = word[1] if len(word) > 1 else ""
                if line.startswith("%%"):
                    continue
                elif word[0] == "%setup":
                    self.setup.append(arg)
                elif word[0] == "%size":
                    self.size = tuple(int(x) for x in arg.split()[:2])
                elif word[0] == "%exit":
                    self.exit = int(arg)
                elif word[0] == "%after":
                    self.after.append(arg)
                elif word[0] == "%after-out":
                    self.after_out.append(arg)
                elif word[0] == "%hangup":
                    self.steps.append((HANGUP, [], line))
                    current = self.steps[-1][1]
                elif line.startswith(">"):
                    enter = not line.startswith(">|")
                    keys = line[1 if enter else 2:]
                    keys = keys[1:] if keys.startswith(" ") else keys
                    self.steps.append((expand_keys(keys) + ("\r" if enter else ""), [],
                                       line))
                    current = self.steps[-1][1]
                else:
                    current.append(line.rstrip())


HANGUP = object()


def trim(rows):
    rows = list(rows)
    while rows and rows[-1] == "":
        rows.pop()
    return rows


def normalize(rows, login):
    return [r.replace(login, "vyos@vyos") for r in rows]


def shown(screen, base, login):
    """The screen from row `base` to the cursor's row."""
    return trim(normalize(screen.lines(base, screen.r + 1), login))


def batch(routesh, env, lines):
    return subprocess.run([routesh, "-c", "; ".join(lines)], env=env, capture_output=True,
                          text=True, stdin=subprocess.DEVNULL, timeout=30)


def play(t, session, login, record):
    """Sends each step's keys and checks the screen; returns failures."""
    screen = session.screen
    base = 0
    for keys, expected, directive in [(None, t.initial, "")] + t.steps:
        expected = trim(expected)
        if keys is HANGUP:
            base = screen.r
            session.proc.send_signal(signal.SIGHUP)
        elif keys is not None:
            base = screen.r
            session.send(keys)
        if record:
            deadline = time.time() + 1.0
            while time.time() < deadline and session.pump(0.05):
                pass
            if directive:
                print(directive)
            print("\n".join(shown(screen, base, login)))
            continue
        deadline = time.time() + TIMEOUT
        while True:
            actual = shown(screen, base, login)
            if actual == expected or time.time() > deadline:
                break
            if not session.pump(0.05):  # the shell ended: nothing more comes
                actual = shown(screen, base, login)
                break
        if actual != expected:
            return ["after %s\n%s" % (directive or "start", "\n".join(difflib.unified_diff(
                expected, actual, "expected", "actual", lineterm="")))]
    if record:
        return []
    # Nothing more may arrive after the last expected screen.
    end = time.time() + 0.3
    while time.time() < end and session.pump(0.05):
        pass
    if shown(screen, base, login) != expected:
        return ["extra output at the end:\n" + "\n".join(shown(screen, base, login))]
    if t.exit is not None:
        try:
            status = session.proc.wait(TIMEOUT)
        except subprocess.TimeoutExpired:
            status = "still running"
        if status != t.exit:
            return ["exit status %s, expected %s" % (status, t.exit)]
    return []


def run(routesh, path, record=False):
    t = Transcript(path)
    login = "%s@%s" % (login_name(), socket.gethostname())
    tmp = tempfile.mkdtemp(prefix="routesh-transcript-")
    state, home = os.path.join(tmp, "state"), os.path.join(tmp, "home")
    os.mkdir(home)
    env = dict(os.environ, ROUTESH_STATE_DIR=state, HOME=home)
    session = None
    failures = []
    try:
        if record:
            for line in t.setup:
                print("%setup " + line)
        if t.setup:
            p = batch(routesh, env, t.setup)
            if p.returncode != 0:
                return ["%%setup failed (%d)\n%s%s" % (p.returncode, p.stdout, p.stderr)]
        session = Session(routesh, state, home, t.size[0], t.size[1])
        failures = play(t, session, login, record)
        if session.screen.bad:
            failures.append("sent: " + ", ".join(session.screen.bad))
        if b"\r\r\n" in session.raw:
            failures.append('output contains "\\r\\r\\n" (the shell wrote "\\r\\n")')
        if failures:
            failures.append("whole screen:\n" + "\n".join(
                normalize(session.screen.lines(0, len(session.screen.rows)), login)))
        session.close()
        if t.after and not failures:
            p = batch(routesh, env, t.after)
            out = p.stdout.split("\n")
            if p.returncode != 0 or trim(out) != t.after_out:
                failures.append("%%after: status %d\n%s" % (p.returncode, "\n".join(
                    difflib.unified_diff(t.after_out, trim(out), "expected", "actual",
                                         lineterm=""))) + p.stderr)
    finally:
        if session is not None:
            session.close()
        stop_daemons(state)
        subprocess.run(["rm", "-rf", tmp])
    return failures


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--routesh", required=True)
    ap.add_argument("--record", action="store_true",
                    help="print the screens seen instead of checking them")
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()
    status = 0
    for path in args.files:
        started = time.time()
        failures = run(os.path.abspath(args.routesh), path, args.record)
        name = os.path.basename(path)
        if failures:
            status = 1
            print("FAIL %s\n%s" % (name, "\n".join(failures)))
        elif not args.record:
            print("ok   %s (%.1fs)" % (name, time.time() - started))
    return status


if __name__ == "__main__":
    sys.exit(main())
