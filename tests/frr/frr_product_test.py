#!/usr/bin/env python3
"""The FRR backend through the product: routeshd --backend live per
network namespace, configured by routesh batches, checked against FRR and
the kernel.

Every case builds its own lab (frr_lab.py): routers east (AS 65001) and
west (AS 65002) in their own namespaces, joined by a veth pair carrying
169.254.0.0/30 and 169.254.1.0/30, each with its own zebra/staticd/bgpd and
its own routeshd. Assertions read FRR's JSON (`show bgp summary json`,
`show ip bgp json`, `show ip route json`), its running configuration and
the kernel's routing table (`ip -j route`).

  frr_product_test.py --routesh BUILD/shell/routesh \\
                      --routeshd BUILD/commits/routeshd CASE [CASE...]

Cases (one CTest test each, label `frr`):
  routing    eBGP with prefix-lists and route-maps, static routes (a
             floating one: the kernel shows which distance wins) and
             `network` statements; a commit that only edits a route-map
             (the session is not reset); modify; delete; rollback to the
             first revision (FRR's configuration byte-identical, the
             kernel's routes identical)
  faults     FRR refusing a batch for real (an out-of-band `router bgp`),
             injected failures after the static routes were applied (in
             additions and in removals) and in prepare: FRR's running
             configuration and the kernel's routes exactly as before,
             history says reverted/failed; bgpd down at commit time: a
             clear error, nothing applied, history says failed
  crash      routeshd killed after applying the static batch; the restart
             converges FRR back without resetting the BGP session
  injection  descriptions holding `!`, `end`, line breaks (also through the
             socket, past the shell), NUL, quotes, FRR markers: refused, or
             inert (FRR's configuration changes by exactly the intended
             line)
  all        every case

Exit 77 (skipped) without root or FRR. ROUTESH_KEEP=1 keeps the lab's
files. Python 3 standard library only.
"""

import argparse
import contextlib
import difflib
import os
import re
import sys
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from checks import CHECKS, FAILURES, TestFailure, check, require  # noqa: E402,F401
import frr_lab  # noqa: E402
from frr_lab import NO_ROUTE, wait_for  # noqa: E402

ROUTESH = ROUTESHD = None


def show(r):
    return "status %s\nstdout:\n%s\nstderr:\n%s" % r


def config_diff(a, b):
    return "".join(difflib.unified_diff(a.splitlines(True), b.splitlines(True),
                                        "before", "after"))


def routes_diff(a, b):
    lines = []
    for dst in sorted(set(a) | set(b)):
        if a.get(dst) != b.get(dst):
            lines.append("  %s: %s -> %s" % (dst, a.get(dst), b.get(dst)))
    return "\n".join(lines)


# --------------------------------------------------------------------------
# Configurations (VyOS 1.3 set-lines).

NEIGHBOR_E = "set protocols bgp 65001 neighbor 169.254.0.2 "
NEIGHBOR_W = "set protocols bgp 65002 neighbor 169.254.0.1 "

WEST = [
    "set policy route-map ALL rule 10 action permit",
    "set protocols bgp 65002 parameters router-id 169.254.0.2",
    NEIGHBOR_W + "remote-as 65001",
    NEIGHBOR_W + "timers keepalive 3",
    NEIGHBOR_W + "timers holdtime 9",
    NEIGHBOR_W + "timers connect 1",
    NEIGHBOR_W + "address-family ipv4-unicast route-map import ALL",
    NEIGHBOR_W + "address-family ipv4-unicast route-map export ALL",
    "set protocols bgp 65002 network 203.0.113.0/24",
    "set protocols bgp 65002 network 203.0.114.0/24",
    "set protocols bgp 65002 network 203.0.115.0/24",
]

# East accepts what FROM-WEST allows and sends what TO-WEST allows. The
# static route 192.0.2.128/25 floats: via .0.2 at distance 20, via .1.2 at
# 40; the kernel holds the path whose distance wins.
EAST = [
    "set policy prefix-list FROM-WEST rule 10 action permit",
    "set policy prefix-list FROM-WEST rule 10 prefix 203.0.113.0/24",
    "set policy prefix-list FROM-WEST rule 20 action permit",
    "set policy prefix-list FROM-WEST rule 20 prefix 203.0.114.0/24",
    "set policy route-map FROM-WEST rule 10 action permit",
    "set policy route-map FROM-WEST rule 10 match ip address prefix-list FROM-WEST",
    "set policy prefix-list TO-WEST rule 10 action permit",
    "set policy prefix-list TO-WEST rule 10 prefix 198.51.100.0/24",
    "set policy route-map TO-WEST rule 10 action permit",
    "set policy route-map TO-WEST rule 10 match ip address prefix-list TO-WEST",
    "set protocols static route 192.0.2.128/25 next-hop 169.254.0.2 distance 20",
    "set protocols static route 192.0.2.128/25 next-hop 169.254.1.2 distance 40",
    "set protocols static route 10.99.0.0/16 blackhole distance 250",
    "set protocols bgp 65001 parameters router-id 169.254.0.1",
    "set protocols bgp 65001 network 198.51.100.0/24",
    "set protocols bgp 65001 network 198.51.101.0/24",
    NEIGHBOR_E + "remote-as 65002",
    NEIGHBOR_E + "description 'west'",
    NEIGHBOR_E + "timers keepalive 3",
    NEIGHBOR_E + "timers holdtime 9",
    NEIGHBOR_E + "timers connect 1",
    NEIGHBOR_E + "address-family ipv4-unicast route-map import FROM-WEST",
    NEIGHBOR_E + "address-family ipv4-unicast route-map export TO-WEST",
    NEIGHBOR_E + "address-family ipv4-unicast soft-reconfiguration inbound",
]

ROUTE_MAP_ONLY = ["set policy route-map FROM-WEST rule 10 set local-preference 300"]

MODIFY = [
    "set policy prefix-list FROM-WEST rule 20 prefix 203.0.115.0/24",
    "set policy prefix-list TO-WEST rule 20 action permit",
    "set policy prefix-list TO-WEST rule 20 prefix 198.51.101.0/24",
    "set protocols static route 192.0.2.128/25 next-hop 169.254.0.2 distance 50",
    NEIGHBOR_E + "description 'west, modified'",
]

DELETE = [
    "delete protocols static route 10.99.0.0/16",
    "delete protocols bgp 65001 network 198.51.100.0/24",
    "delete policy prefix-list FROM-WEST rule 10",
    "delete policy prefix-list TO-WEST rule 10",
]

# One change for the static and the bgp drivers: the static batch is an
# addition applied before the bgp one.
STATIC_AND_BGP = [
    "set protocols static route 10.50.0.0/16 blackhole",
    "set protocols static route 192.0.2.128/25 next-hop 169.254.0.2 distance 60",
    "set protocols bgp 65001 network 198.51.102.0/24",
    NEIGHBOR_E + "description 'changed'",
]
# A static removal (applied first, with the removals) and a bgp addition.
REMOVE_STATIC_ADD_BGP = [
    "delete protocols static route 10.99.0.0/16",
    "set protocols bgp 65001 network 198.51.102.0/24",
]


@contextlib.contextmanager
def make_lab(*names):
    """A lab of `names` (east and west linked); its logs are printed when a
    check of the case failed."""
    lab = frr_lab.Lab(names, ROUTESH, ROUTESHD)
    failures = len(FAILURES)
    failed = True
    try:
        if "west" in names:
            lab.link("east", "west", [("169.254.0.1/30", "169.254.0.2/30"),
                                      ("169.254.1.1/30", "169.254.1.2/30")])
        yield lab
        failed = len(FAILURES) > failures
    finally:
        lab.close(failed=failed)


def start_pair(lab, *east_flags):
    """FRR and routeshd on both routers; both configured and Established."""
    east, west = lab["east"], lab["west"]
    for r in (east, west):
        r.start_frr()
    east.empty_config = east.running_config()
    east.start_routeshd(*east_flags)
    west.start_routeshd()
    r = west.commit(WEST, "west")
    require("west's configuration commits", r[0] == 0, show(r))
    r = east.commit(EAST, "east")
    require("east's configuration commits", r[0] == 0, show(r))
    require("the session comes up",
            wait_for(lambda: east.established("169.254.0.2") and
                     west.established("169.254.0.1"), 30),
            "east: %s\nwest: %s" % (east.peer("169.254.0.2"), west.peer("169.254.0.1")))
    return east, west


def received(router, peer):
    return set(router.bgp_routes(peer))


def wait_received(router, peer, expected, timeout=20):
    return wait_for(lambda: received(router, peer) == expected, timeout)


def wait_settled(router, timeout=20):
    """The kernel's routes once they stop changing for a second."""
    last = [None, time.monotonic()]

    def stable():
        now = router.kernel_routes()
        if now != last[0]:
            last[0], last[1] = now, time.monotonic()
            return False
        return time.monotonic() - last[1] >= 1.0
    wait_for(stable, timeout, 0.2)
    return last[0]


# --------------------------------------------------------------------------
# routing

def assert_first_state(what, east, west, kernel=None):
    """The state EAST/WEST configure: 113 and 114 accepted, 115 filtered;
    west gets 198.51.100.0/24 only; the distance-20 path installed."""
    check(what + "east accepts exactly 203.0.113.0/24 and 203.0.114.0/24",
          wait_received(east, "169.254.0.2", {"203.0.113.0/24", "203.0.114.0/24"}),
          str(received(east, "169.254.0.2")))
    check(what + "west receives exactly 198.51.100.0/24",
          wait_received(west, "169.254.0.1", {"198.51.100.0/24"}),
          str(received(west, "169.254.0.1")))
    k = wait_settled(east)
    for prefix in ("203.0.113.0/24", "203.0.114.0/24"):
        route = k.get(prefix, NO_ROUTE)
        check(what + "kernel: %s via bgp" % prefix,
              route.gateway == "169.254.0.2" and route.protocol == "bgp", str(route))
    check(what + "kernel: no 203.0.115.0/24", "203.0.115.0/24" not in k, str(k))
    route = k.get("192.0.2.128/25", NO_ROUTE)
    check(what + "kernel: 192.0.2.128/25 via the distance-20 next hop",
          route.gateway == "169.254.0.2" and route.protocol == "static", str(route))
    route = k.get("10.99.0.0/16", NO_ROUTE)
    check(what + "kernel: 10.99.0.0/16 blackhole, by staticd",
          route.type == "blackhole" and route.protocol == "static", str(route))
    rib = east.rib("192.0.2.128/25") or {}
    check(what + "FRR: 192.0.2.128/25 selected at distance 20",
          rib.get("distance") == 20 and rib.get("selected"), str(rib))
    rib = east.rib("10.99.0.0/16") or {}
    check(what + "FRR: 10.99.0.0/16 at distance 250", rib.get("distance") == 250, str(rib))
    kw = wait_settled(west)
    check(what + "west's kernel: 198.51.100.0/24 via bgp, not 198.51.101.0/24",
          kw.get("198.51.100.0/24", NO_ROUTE).protocol == "bgp" and
          "198.51.101.0/24" not in kw, routes_diff({}, kw))
    if kernel is not None:
        check(what + "east's kernel routes identical to the first commit's",
              wait_for(lambda: east.kernel_routes() == kernel, 20),
              routes_diff(kernel, east.kernel_routes()))


def case_routing():
    with make_lab("east", "west") as lab:
        east, west = start_pair(lab)
        assert_first_state("configure: ", east, west)
        config1 = east.running_config()
        kernel1 = east.kernel_routes()
        west_kernel1 = west.kernel_routes()
        check("configure: FRR holds the policy and the neighbor",
              "ip prefix-list FROM-WEST seq 10 permit 203.0.113.0/24" in config1 and
              " neighbor 169.254.0.2 route-map FROM-WEST in" in config1, config1)

        # A commit that only edits a route-map: policy reaches the received
        # routes, and the session is not reset.
        before = east.peer("169.254.0.2")
        r = east.commit(ROUTE_MAP_ONLY, "local preference")
        require("route-map edit commits", r[0] == 0, show(r))

        def pref300():
            routes = east.bgp_routes("169.254.0.2")
            return routes and all(p.get("locPrf") == 300 for p in routes.values())
        check("route-map edit: received routes get local-preference 300",
              wait_for(pref300, 20), str(east.bgp_routes("169.254.0.2")))
        after = east.peer("169.254.0.2")
        check("route-map edit: the session was not reset",
              after["state"] == "Established" and
              after["connectionsEstablished"] == before["connectionsEstablished"] and
              after["connectionsDropped"] == before["connectionsDropped"] and
              after["peerUptimeMsec"] > before["peerUptimeMsec"],
              "before %s\nafter %s" % (before, after))
        conns = after["connectionsEstablished"]

        # Modify: prefix-lists, a static distance, a description.
        r = east.commit(MODIFY, "modify")
        require("modify commits", r[0] == 0, show(r))
        check("modify: east accepts exactly 203.0.113.0/24 and 203.0.115.0/24",
              wait_received(east, "169.254.0.2", {"203.0.113.0/24", "203.0.115.0/24"}),
              str(received(east, "169.254.0.2")))
        check("modify: west receives 198.51.100.0/24 and 198.51.101.0/24",
              wait_received(west, "169.254.0.1", {"198.51.100.0/24", "198.51.101.0/24"}),
              str(received(west, "169.254.0.1")))
        k = wait_settled(east)
        check("modify: kernel has 203.0.115.0/24 and not 203.0.114.0/24",
              "203.0.115.0/24" in k and "203.0.114.0/24" not in k, routes_diff({}, k))
        check("modify: kernel: 192.0.2.128/25 now via the distance-40 next hop",
              k.get("192.0.2.128/25", NO_ROUTE).gateway == "169.254.1.2",
              str(k.get("192.0.2.128/25")))
        rib = east.rib("192.0.2.128/25") or {}
        check("modify: FRR: 192.0.2.128/25 selected at distance 40",
              rib.get("distance") == 40, str(rib))
        p = east.peer("169.254.0.2")
        check("modify: description changed, session not reset",
              p.get("desc") == "west, modified" and p["connectionsEstablished"] == conns,
              str(p))

        # Delete.
        r = east.commit(DELETE, "delete")
        require("delete commits", r[0] == 0, show(r))
        check("delete: east accepts exactly 203.0.115.0/24",
              wait_received(east, "169.254.0.2", {"203.0.115.0/24"}),
              str(received(east, "169.254.0.2")))
        check("delete: west receives exactly 198.51.101.0/24",
              wait_received(west, "169.254.0.1", {"198.51.101.0/24"}),
              str(received(west, "169.254.0.1")))
        k = wait_settled(east)
        check("delete: kernel has no 10.99.0.0/16 and no 203.0.113.0/24",
              "10.99.0.0/16" not in k and "203.0.113.0/24" not in k, routes_diff({}, k))
        check("delete: FRR has no 10.99.0.0/16", east.rib("10.99.0.0/16") is None)
        config = east.running_config()
        check("delete: FRR's configuration lost exactly those lines",
              "10.99.0.0/16" not in config and "network 198.51.100.0/24" not in config and
              "FROM-WEST seq 10" not in config and "TO-WEST seq 10" not in config and
              "ip prefix-list FROM-WEST seq 20 permit 203.0.115.0/24" in config, config)

        # Rollback to the first revision (index 3: delete, modify,
        # route-map, first).
        r = east.batch(["configure", "rollback 3", "commit comment 'rollback'"])
        require("rollback 3 + commit", r[0] == 0, show(r))
        check("rollback: FRR's running configuration byte-identical to the first",
              east.running_config() == config1, config_diff(config1, east.running_config()))

        def pref_default():
            routes = east.bgp_routes("169.254.0.2")
            return routes and all(p.get("locPrf", 100) == 100 for p in routes.values())
        check("rollback: local-preference back to the default",
              wait_for(pref_default, 20), str(east.bgp_routes("169.254.0.2")))
        assert_first_state("rollback: ", east, west, kernel1)
        check("rollback: west's kernel routes identical to the first commit's",
              wait_for(lambda: west.kernel_routes() == west_kernel1, 20),
              routes_diff(west_kernel1, west.kernel_routes()))
        r = east.routesh("-c", "show system commit")
        revs = [l for l in r[1].splitlines() if re.match(r"^\d+\s", l)]
        check("history: five revisions", r[0] == 0 and len(revs) == 5, show(r))
        check("the session is still the first one",
              east.peer("169.254.0.2")["connectionsEstablished"] == conns,
              str(east.peer("169.254.0.2")))

        # Everything deleted: FRR is back to its configuration before routesh.
        r = east.commit(["delete protocols", "delete policy"], "everything")
        require("deleting everything commits", r[0] == 0, show(r))
        check("deleted: FRR's running configuration is the one before routesh",
              east.running_config() == east.empty_config,
              config_diff(east.empty_config, east.running_config()))
        check("deleted: no static or BGP route left in the kernel",
              wait_for(lambda: all(v.protocol not in ("static", "bgp")
                                   for v in east.kernel_routes().values()), 10),
              routes_diff({}, east.kernel_routes()))


# --------------------------------------------------------------------------
# faults

def assert_unchanged(what, router, config, kernel, daemon=None):
    check(what + "FRR's running configuration exactly as before",
          router.running_config(daemon) == config,
          config_diff(config, router.running_config(daemon)))
    ok = wait_for(lambda: router.kernel_routes() == kernel, 10)
    time.sleep(0.5)  # and it stays so (zebra works asynchronously)
    check(what + "the kernel's routes exactly as before",
          ok and router.kernel_routes() == kernel,
          routes_diff(kernel, router.kernel_routes()))


def assert_history(what, router, outcome, text, listed=True):
    """The newest attempt ended `outcome`, its error holding `text`; with
    `listed`, `show system commit` notes it under the newest revision."""
    hist = router.attempts()
    check(what + "history's newest attempt: " + outcome,
          hist and hist[0].split()[2] == outcome and text in hist[0], "\n".join(hist))
    if listed:
        r = router.routesh("-c", "show system commit")
        check(what + "show system commit notes it",
              r[0] == 0 and ("[%s " % outcome) in r[1], show(r))


def case_faults():
    with make_lab("east", "west") as lab:
        east, west = lab["east"], lab["west"]
        for r in (east, west):
            r.start_frr()
        east.start_routeshd("--allow-fault-injection")
        west.start_routeshd()
        r = west.commit(WEST, "west")
        require("west's configuration commits", r[0] == 0, show(r))

        # FRR itself refuses the bgp batch (bgpd already runs another AS,
        # configured behind routesh's back) after the static one was
        # applied: the static routes are removed again.
        east.vtysh("configure terminal", "router bgp 65099")
        config0 = east.running_config()
        kernel0 = wait_settled(east)
        r = east.commit(EAST)
        what = "FRR refuses the bgp batch: "
        check(what + "the commit fails with FRR's words",
              r[0] != 0 and "Commit failed" in r[2] and "65099" in r[2], show(r))
        check(what + "the static batch was reverted without error",
              "applied action(s) were reverted" in r[2] and ": undo of " not in r[2],
              show(r))
        assert_unchanged(what, east, config0, kernel0)
        check(what + "no static route in FRR", east.rib("10.99.0.0/16") is None)
        # No revision yet: `show system commit` has nothing to note it under.
        assert_history(what, east, "reverted", "65099", listed=False)
        east.vtysh("configure terminal", "no router bgp 65099")

        r = east.commit(EAST)
        require("east's configuration commits", r[0] == 0, show(r))
        require("the session comes up",
                wait_for(lambda: east.established("169.254.0.2"), 30),
                str(east.peer("169.254.0.2")))
        wait_received(east, "169.254.0.2", {"203.0.113.0/24", "203.0.114.0/24"})
        wait_received(west, "169.254.0.1", {"198.51.100.0/24"})
        config = east.running_config()
        kernel = wait_settled(east)
        conns = east.peer("169.254.0.2")["connectionsEstablished"]

        # Injected failures: the second FRR batch of the commit (the first,
        # static, was applied), a static removal then a bgp addition, and
        # prepare.
        for spec, change, outcome, applied in [
                ("apply:frr#1", STATIC_AND_BGP, "reverted", 1),
                ("apply:frr#1", REMOVE_STATIC_ADD_BGP, "reverted", 1),
                ("prepare:frr#1", STATIC_AND_BGP, "failed", 0)]:
            what = "fault %s, %d lines: " % (spec, len(change))
            r = east.rpc("fault", spec=spec)
            require(what + "armed", r.get("ok"), str(r))
            r = east.commit(change)
            check(what + "the commit fails naming the fault",
                  r[0] != 0 and "Commit failed" in r[2] and
                  "injected fault in " + spec.split(":")[0] in r[2], show(r))
            if applied:
                check(what + "the applied batches were reverted without error",
                      "applied action(s) were reverted" in r[2] and
                      ": undo of " not in r[2], show(r))
            assert_unchanged(what, east, config, kernel)
            assert_history(what, east, outcome, "injected fault")
            check(what + "west did not get 198.51.102.0/24",
                  "198.51.102.0/24" not in received(west, "169.254.0.1"))
        check("faults: the session was never reset",
              east.peer("169.254.0.2")["connectionsEstablished"] == conns,
              str(east.peer("169.254.0.2")))

        # bgpd down at commit time.
        east.kill_daemon("bgpd")
        kernel = wait_settled(east)  # zebra dropped bgpd's routes
        static_config = east.running_config("staticd")
        what = "bgpd down: "
        r = east.commit(STATIC_AND_BGP)
        check(what + "the commit fails: bgpd is not reachable",
              r[0] != 0 and "Commit failed" in r[2] and "bgpd" in r[2] and
              "not reachable" in r[2], show(r))
        assert_unchanged(what, east, static_config, kernel, daemon="staticd")
        assert_history(what, east, "failed", "bgpd")
        r = east.commit(["set protocols static route 10.51.0.0/16 blackhole"])
        check(what + "a commit that needs only staticd still works",
              r[0] == 0 and wait_for(lambda: "10.51.0.0/16" in east.kernel_routes(), 10),
              show(r))


# --------------------------------------------------------------------------
# crash

def case_crash():
    with make_lab("east", "west") as lab:
        east, west = start_pair(lab)
        wait_received(east, "169.254.0.2", {"203.0.113.0/24", "203.0.114.0/24"})
        config = east.running_config()
        kernel = wait_settled(east)
        conns = east.peer("169.254.0.2")["connectionsEstablished"]
        east.stop_routeshd()
        east.start_routeshd("--crash-at", "apply:1")
        r = east.commit(STATIC_AND_BGP)
        check("crash: the client reports the failure", r[0] != 0, show(r))
        check("crash: routeshd died of SIGKILL",
              east.routeshd.wait(10) == -9, str(east.routeshd.poll()))
        check("crash: FRR half-changed (the static batch applied, not bgp's)",
              east.rib("10.50.0.0/16") is not None and
              "network 198.51.102.0/24" not in east.running_config())
        east.start_routeshd()
        check("crash: the restart converges FRR's configuration back",
              east.running_config() == config, config_diff(config, east.running_config()))
        check("crash: and the kernel's routes",
              wait_for(lambda: east.kernel_routes() == kernel, 10),
              routes_diff(kernel, east.kernel_routes()))
        log = east.routeshd_log()
        check("crash: start-up converged, without errors",
              "converged" in log and "converged with errors" not in log, log)
        check("crash: history records the recovery",
              any(" recovered " in l for l in east.attempts()), "\n".join(east.attempts()))
        p = east.peer("169.254.0.2")
        check("crash: converge did not reset the session",
              p["state"] == "Established" and p["connectionsEstablished"] == conns, str(p))
        r = east.commit(STATIC_AND_BGP)
        check("crash: the change commits afterwards", r[0] == 0, show(r))
        check("crash: and reaches FRR and the kernel",
              "198.51.102.0/24" in east.bgp_routes() and
              wait_for(lambda: "10.50.0.0/16" in east.kernel_routes(), 10),
              str(east.bgp_routes()))


# --------------------------------------------------------------------------
# injection

ROUTE_MAP_DESC = "set policy route-map FROM-WEST rule 10 description "
# Values typed in a batch (single-quoted unless they hold one).
TYPED = [
    "x ! ip route 10.66.0.0/16 Null0",
    "!",
    "end",
    "exit",
    "end ip route 10.66.0.0/16 Null0",
    "XFRR_end_configuration",
    "no router bgp 65001",
    "# ip route 10.66.0.0/16 Null0",
    "a\\nip route 10.66.0.0/16 Null0",
    'said "end"',
    "it's the end",
    "a\u2028ip route 10.66.0.0/16 Null0",
    "a\u2029end",
    "a\u0085end",
    "a ; ip route 10.66.0.0/16 Null0",
    "  leading blanks",
]
# Values only the socket can carry (the shell splits lines first).
RAW = [
    "a\nip route 10.66.0.0/16 Null0",
    "a\rip route 10.66.0.0/16 Null0",
    "a\r\nend",
    "a\x00ip route 10.66.0.0/16 Null0",
    "a\tb",
    "a\x1b[2Jb",
]


def quoted(v):
    return '"%s"' % v if "'" in v else "'%s'" % v


def frr_words(text):
    """`text` as FRR stores a LINE... argument: its words (split at ASCII
    blanks, as FRR's command parser does) joined by one space."""
    return " ".join(w for w in re.split(r"[ \t\n\v\f\r]+", text) if w)


def try_value(router, prefix, value, raw):
    """Commits `prefix + value`; -> (committed, error text)."""
    if not raw:
        r = router.commit([prefix + quoted(value)])
        return r[0] == 0, show(r)
    with frr_lab.Client(os.path.join(router.state, "routeshd.sock")) as c:
        r = c.call("configure")
        if not r.get("ok"):
            return False, str(r)
        r = c.call("edit", lines=[prefix + quoted(value)])
        if not r.get("ok") or r.get("error"):
            return False, str(r)
        r = c.call("commit")
        return bool(r.get("ok")), str(r)


def case_injection():
    with make_lab("east") as lab:
        east = lab["east"]
        east.start_frr()
        east.start_routeshd()
        r = east.commit(EAST + [ROUTE_MAP_DESC + "'in'"], "east")
        require("east's configuration commits", r[0] == 0, show(r))
        base = east.running_config()
        targets = [
            ("neighbor", NEIGHBOR_E + "description ",
             " neighbor 169.254.0.2 description ",
             " neighbor 169.254.0.2 description west\n"),
            ("route-map", ROUTE_MAP_DESC, " description ", " description in\n"),
        ]
        for value, raw in [(v, False) for v in TYPED] + [(v, True) for v in RAW]:
            for label, set_prefix, frr_prefix, old_line in targets:
                what = "%s description %r: " % (label, value)
                before = east.running_config()
                committed, detail = try_value(east, set_prefix, value, raw)
                after = east.running_config()
                if not committed:
                    print(what + "refused")
                    check(what + "refused: FRR unchanged", after == before,
                          detail + "\n" + config_diff(before, after))
                    east.batch(["configure", "discard"])
                    continue
                print(what + "inert")
                removed = [l for l in difflib.ndiff(before.splitlines(True),
                                                    after.splitlines(True))
                           if l[0] in "-+"]
                expected = ["- " + old_line, "+ " + frr_prefix + frr_words(value) + "\n"]
                check(what + "inert: FRR's configuration changed by exactly that line",
                      removed == expected,
                      detail + "\n" + config_diff(before, after))
                r = east.commit([set_prefix + quoted(old_line.split(" ")[-1].strip())])
                require(what + "restored", r[0] == 0 and east.running_config() == base,
                        show(r) + config_diff(base, east.running_config()))
        check("injection: FRR's configuration is the base one",
              east.running_config() == base, config_diff(base, east.running_config()))
        check("injection: no route 10.66.0.0/16 anywhere",
              east.rib("10.66.0.0/16") is None and
              "10.66.0.0/16" not in east.kernel_routes())


# --------------------------------------------------------------------------

CASES = {
    "routing": case_routing,
    "faults": case_faults,
    "crash": case_crash,
    "injection": case_injection,
}


def main():
    global ROUTESH, ROUTESHD
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--routesh", required=True)
    ap.add_argument("--routeshd", required=True)
    ap.add_argument("cases", nargs="+", choices=sorted(CASES) + ["all"])
    args = ap.parse_args()
    ROUTESH, ROUTESHD = os.path.abspath(args.routesh), os.path.abspath(args.routeshd)
    why = frr_lab.skip_reason()
    if why:
        print("frr: skipped (%s)" % why)
        return 77
    names = sorted(CASES) if "all" in args.cases else args.cases
    for name in names:
        start = time.monotonic()
        try:
            CASES[name]()
        except TestFailure as e:
            sys.stderr.write("case %s stopped: %s\n" % (name, e))
        except Exception:
            FAILURES.append("case %s raised:\n%s" % (name, traceback.format_exc()))
            sys.stderr.write(FAILURES[-1])
        print("case %s: %.1f s" % (name, time.monotonic() - start))
    print("%d checks, %d failed" % (CHECKS[0], len(FAILURES)))
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
