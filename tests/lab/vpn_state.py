"""The lab's VPN as data — the two routers, their tunnels and LANs — and
the predicates the scenario asserts over it, each read from the real
system (charon, FRR, the kernel, routesh's op-mode).

The addresses are those of topology.sh, east.set and west.set: tunnel 1
(vti0, IKEv1) runs between 192.0.2.1 and 192.0.2.2, tunnel 2 (vti1,
IKEv2) between 192.0.2.11 and 192.0.2.12; BGP runs over the VTIs' /30s;
east's LAN is 10.20.0.0/16, west's 10.10.0.0/16.

Python 3 standard library only. Single-threaded. REQUIRES: as router.py.
"""

import json
import re

from labkit import check, outcome, say, show, wait_until
from router import Router

EAST = Router("east")
WEST = Router("west")
# Per router, its tunnels: (peer = the other end's outside address, the
# VTI, the IKE version its ike-group asks for, the BGP neighbor = the other
# end of the VTI's /30).
TUNNELS = {
    "east": [("192.0.2.2", "vti0", 1, "169.254.12.37"),
             ("192.0.2.12", "vti1", 2, "169.254.14.229")],
    "west": [("192.0.2.1", "vti0", 1, "169.254.12.38"),
             ("192.0.2.11", "vti1", 2, "169.254.14.230")],
}
# Per router: (its LAN prefix, its own LAN address, the LAN host's
# namespace, the LAN host's address).
LANS = {"east": ("10.20.0.0/16", "10.20.0.30", "east-lan", "10.20.0.1"),
        "west": ("10.10.0.0/16", "10.10.0.30", "west-lan", "10.10.0.1")}


def routers():
    return (EAST, WEST)


def other(r):
    return WEST if r is EAST else EAST


def established(r, peers=None):
    """True if every tunnel of r (or those named) has an ESTABLISHED IKE
    SA with its CHILD_SA INSTALLED."""
    sas, _ = r.sas()
    for peer, _vti, _v, _addr in TUNNELS[r.name]:
        if peers is not None and peer not in peers:
            continue
        if not any(sa["name"] == peer and sa["state"] == "ESTABLISHED" and
                   any(c["name"] == peer + "-vti" and c["state"] == "INSTALLED"
                       for c in sa["children"]) for sa in sas):
            return False
    return True


def sa_of(r, peer):
    """(IKE SA id, CHILD SA id) of peer's established tunnel, or None."""
    sas, _ = r.sas()
    for sa in sas:
        if sa["name"] == peer and sa["state"] == "ESTABLISHED":
            for c in sa["children"]:
                if c["name"] == peer + "-vti" and c["state"] == "INSTALLED":
                    return sa["id"], c["id"]
    return None


def opmode_tunnels(r):
    """From routesh's op-mode (`--json -c 'show vpn ike sa'` and `… ipsec
    sa`): {peer: (IKE version of an "up" IKE SA, vti tunnel "up")}, or None
    when this build's routeshd has no VPN op-mode; and the raw answers."""
    ike = r.routesh("--json", "-c", "show vpn ike sa")
    ipsec = r.routesh("--json", "-c", "show vpn ipsec sa")
    raw = outcome(ike) + outcome(ipsec)
    if ike[0] != 0 and ("not available" in ike[2] or "Invalid command" in ike[2]):
        return None, raw  # the daemon has no VPN op-mode provider (yet)
    try:
        ike_peers, ipsec_peers = json.loads(ike[1]), json.loads(ipsec[1])
    except ValueError:
        return {}, raw
    tunnel_up = {p.get("peer"): any(t.get("tunnel") == "vti" and t.get("state") == "up"
                                    for t in p.get("tunnels", []))
                 for p in ipsec_peers}
    found = {}
    for p in ike_peers:
        versions = [sa.get("version") for sa in p.get("sas", []) if sa.get("state") == "up"]
        if versions:
            found[p.get("peer")] = (versions[0], tunnel_up.get(p.get("peer"), False))
    return found, raw


def bgp_up(r, neighbors=None):
    states, _ = r.bgp_states()
    want = [a for _p, _v, _i, a in TUNNELS[r.name] if neighbors is None or a in neighbors]
    return all(states.get(a) == "Established" for a in want)


def lan_learned(r):
    """The other side's LAN is zebra's selected route, learned by BGP over
    a VTI, and installed in the kernel."""
    prefix = LANS[other(r).name][0]
    best, _ = r.route(prefix)
    if not best or best[0] != "bgp" or not best[1] or \
            not all(i.startswith("vti") for i in best[1]):
        return False
    return "proto bgp" in r.ip("route", "show", prefix)[1]


def esp_packets(r):
    """{child name: (packets in, packets out)} of r's installed CHILD_SAs."""
    sas, _ = r.sas()
    return {c["name"]: (c["in_packets"], c["out_packets"])
            for sa in sas for c in sa["children"] if c["state"] == "INSTALLED"}


def vti_addresses_zebra_lacks(r):
    """[(vti, address)] the kernel holds on r's VTIs and zebra does not."""
    missing = []
    for _peer, vti, _v, _a in TUNNELS[r.name]:
        res = r.ip("-j", "addr", "show", "dev", vti)
        try:
            kernel = ["%s/%d" % (a["local"], a["prefixlen"])
                      for link in json.loads(res[1]) for a in link.get("addr_info", [])
                      if a.get("family") == "inet"]
        except ValueError:
            continue  # no such VTI
        zebra = r.vtysh("show interface %s" % vti)[1]
        missing += [(vti, a) for a in kernel
                    if not re.search(r"(?<![\d.])%s(?!\d)" % re.escape(a), zebra)]
    return missing


def check_zebra_learned_vtis():
    """Each VTI address the kernel has must be known to zebra: bgpd takes
    its sessions' interfaces from zebra and resets every connection over
    an address zebra does not know ("nexthop_set failed"). FRR 8.4's zebra
    reads address events on its dataplane thread and link events on its
    main thread, so an address added right after its link was created can
    be dropped for good (FRRouting/frr#13288). A miss is a failure of the
    VTI backend; the lab then re-adds the address so that the steps after
    this one still test their own subject."""
    for r in routers():
        missing = []

        def lacks():
            missing[:] = vti_addresses_zebra_lacks(r)
            return not missing
        ok = wait_until("%s: zebra knows every VTI address" % r.name, lacks, 3)
        if check("%s: zebra learned the addresses of the VTIs routeshd created" % r.name,
                 ok, "zebra lacks %s, which the kernel has (FRR 8.4 drops an address "
                 "event it handles before its link's: FRRouting/frr#13288; bgpd then "
                 "resets every session over that address). zebra's view:\n%s" %
                 (", ".join("%s on %s" % (a, v) for v, a in missing),
                  r.vtysh("show interface brief")[1])):
            continue
        for vti, address in missing:
            say("lab repair: %s: ip addr del/add %s dev %s (zebra learns it again)" %
                (r.name, address, vti))
            r.ip("addr", "del", address, "dev", vti)
            r.ip("addr", "add", address, "dev", vti)
        wait_until("%s: after the repair zebra knows every VTI address" % r.name,
                   lambda: not vti_addresses_zebra_lacks(r), 5)


def diagnose():
    """What both routers hold, printed when a step fails."""
    say("state of both routers:")
    for r in routers():
        _, raw = r.sas()
        show(raw, "        %s swanctl | " % r.name)
        show(r.vtysh("show ip bgp summary")[1], "        %s bgp     | " % r.name)
        show(r.vtysh("show interface brief")[1], "        %s zebra   | " % r.name)
        show(r.ip("-br", "addr")[1], "        %s addr    | " % r.name)
        show(r.ip("route")[1], "        %s route   | " % r.name)
