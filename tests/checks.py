"""Checks for the Python suites: record every failure, stop a case only
when the rest of it would be meaningless.

A suite imports FAILURES, CHECKS, TestFailure, check and require; its
runner reports len(FAILURES) and CHECKS[0] at the end (the lists are
shared, never rebound).
"""

import sys

FAILURES = []
CHECKS = [0]


class TestFailure(Exception):
    pass


def check(name, cond, detail=""):
    """Records a failure and carries on (a case reports all of them)."""
    CHECKS[0] += 1
    if not cond:
        FAILURES.append("%s\n%s" % (name, detail))
        sys.stderr.write("FAIL: %s\n%s\n" % (name, detail))
    return bool(cond)


def require(name, cond, detail=""):
    """A failure that makes the rest of the case meaningless."""
    if not check(name, cond, detail):
        raise TestFailure(name)
