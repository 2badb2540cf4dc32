"""The lab's scenario: two routesh routers build the user's route-based
IPsec VPN (examples/aws-spoke.set and its mirror image) with real packets,
then survive a failed commit, an unconfirmed commit-confirm and a daemon
killed in the middle of a commit.

  setup    modules, namespaces (topology.sh), charon + FRR + routeshd per
           router (east: --allow-fault-injection --minute-seconds 10)
  tunnel   east.set / west.set through routesh: IKE (v1 and v2) and CHILD
           SAs, ESP counters, BGP over the VTIs, LAN prefixes learned
           through them, LAN-to-LAN pings
  fault    a commit whose IPsec step fails after its VTI step applied:
           the VTI is back exactly as before, the tunnel never dropped
  confirm  `commit-confirm 1` deleting tunnel 1's peer: the tunnel goes
           down; unconfirmed, the previous revision comes back by itself
  crash    routeshd SIGKILLed between two actions of a commit, restarted:
           it converges to the running configuration

LAB_STEPS (comma- or space-separated names; default all) picks the
steps; setup and tunnel always run. Prints every step and check
(labkit.py); writes "PASS" or "FAIL: …" to $LAB_OUT/result. Run by
init.sh inside UML.
"""

import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from labkit import (StepAborted, check, failures, outcome, require, run, say,  # noqa: E402
                    show, step, wait_until)
from router import LAB_DIR, ping  # noqa: E402
from vpn_state import (EAST, LANS, TUNNELS, WEST, bgp_up, check_zebra_learned_vtis,  # noqa: E402
                       diagnose, esp_packets, established, lan_learned, opmode_tunnels,
                       other, routers, sa_of)

EAST_DAEMON_ARGS = ("--allow-fault-injection", "--minute-seconds", "10")


def setup():
    step("setup: UML modules, namespaces, charon + FRR + routeshd per router")
    r = run(["sh", os.path.join(LAB_DIR, "modules.sh")])
    require("kernel modules loaded (ip_vti, esp4, xfrm_user, veth, crypto)", r[0] == 0,
            outcome(r))
    r = run(["sh", os.path.join(LAB_DIR, "topology.sh")])
    require("namespaces east, west, east-lan, west-lan joined by veth", r[0] == 0,
            outcome(r))
    for rt in routers():
        r = rt.start_charon()
        require("%s: charon answers on %s" % (rt.name, rt.vici), r[0] == 0, outcome(r))
        r = rt.start_frr()
        require("%s: zebra, staticd, bgpd answer on %s" % (rt.name, rt.vty), r[0] == 0,
                outcome(r))
    r = EAST.start_routeshd(*EAST_DAEMON_ARGS)
    require("east: routeshd --backend live %s serving" % " ".join(EAST_DAEMON_ARGS),
            r[0] == 0, outcome(r))
    r = WEST.start_routeshd()
    require("west: routeshd --backend live serving", r[0] == 0, outcome(r))


def step_tunnel():
    step("1. east.set and west.set through routesh: the VPN comes up")
    for rt in routers():
        path = os.path.join(LAB_DIR, rt.name + ".set")
        say("routesh --state-dir %s < %s" % (rt.state, path))
        r = rt.batch_file(path)
        require("%s: the batch commits" % rt.name, r[0] == 0, outcome(r))
    r = EAST.routesh("-c", "show system commit")
    show(r[1])
    check_zebra_learned_vtis()

    ok = wait_until("IKE and CHILD SAs established on both routers",
                    lambda: established(EAST) and established(WEST), 60)
    require("both tunnels ESTABLISHED/INSTALLED on both routers", ok,
            EAST.sas()[1] + WEST.sas()[1])
    show(EAST.sas()[1])
    for rt in routers():
        sas, raw = rt.sas()
        for peer, _vti, version, _a in TUNNELS[rt.name]:
            versions = {sa["version"] for sa in sas if sa["name"] == peer}
            check("%s: charon: peer %s runs IKEv%d" % (rt.name, peer, version),
                  versions == {version}, raw)
    # The operators' view of the same SAs: routesh's op-mode asks charon.
    for rt in routers():
        up, raw = opmode_tunnels(rt)
        if up is None:
            say("%s: routesh's op-mode cannot show the VPN in this build; the SAs are "
                "asserted through swanctl above" % rt.name)
            show(raw)
            continue
        for command in ("show vpn ike sa", "show vpn ipsec sa"):
            say("%s: routesh -c '%s'" % (rt.name, command))
            show(rt.routesh("-c", command)[1])
        for peer, _vti, version, _a in TUNNELS[rt.name]:
            check("%s: routesh show vpn ike sa / ipsec sa: %s up, IKEv%d, its vti tunnel up"
                  % (rt.name, peer, version), up.get(peer) == ("IKEv%d" % version, True),
                  raw)

    ok = wait_until("BGP Established over both VTIs on both routers",
                    lambda: bgp_up(EAST) and bgp_up(WEST), 60)
    check("BGP sessions Established over vti0 and vti1", ok,
          EAST.bgp_states()[1] + WEST.bgp_states()[1])
    ok = wait_until("each LAN prefix learned through the tunnels",
                    lambda: lan_learned(EAST) and lan_learned(WEST), 30)
    for rt in routers():
        prefix = LANS[other(rt).name][0]
        best, raw = rt.route(prefix)
        check("%s: %s via BGP over %s" % (rt.name, prefix, best[1] if best else "nothing"),
              ok and best is not None, raw + rt.ip("route")[1])
    show(EAST.ip("route", "show", LANS["west"][0])[1])

    before = esp_packets(EAST)
    for peer, vti, _v, address in TUNNELS["east"]:
        good, text = ping("east", address, count=3)
        check("east: ping %s over %s (tunnel to %s)" % (address, vti, peer), good, text)
    good, text = ping("east", LANS["west"][1], source=LANS["east"][1], count=3)
    check("east: ping -I %s %s (LAN address to LAN address)" %
          (LANS["east"][1], LANS["west"][1]), good, text)
    good, text = ping("east-lan", LANS["west"][3], count=3)
    check("east-lan host %s -> west-lan host %s through both routers" %
          (LANS["east"][3], LANS["west"][3]), good, text)
    after = esp_packets(EAST)
    for peer, _vti, _v, _a in TUNNELS["east"]:
        child = peer + "-vti"
        b, a = before.get(child, (0, 0)), after.get(child, (0, 0))
        check("east: ESP packets of %s grew: in %d -> %d, out %d -> %d" %
              (child, b[0], a[0], b[1], a[1]), a[0] > b[0] and a[1] > b[1],
              EAST.sas()[1])


def step_fault():
    step("2. a commit whose IPsec step fails after its VTI step applied")
    peer, vti, _v, address = TUNNELS["east"][0]
    link_before = EAST.link(vti)
    sa_before = sa_of(EAST, peer)
    require("east: %s exists and tunnel to %s is up" % (vti, peer),
            link_before is not None and sa_before is not None, EAST.sas()[1])
    show(link_before)
    r = EAST.rpc("fault", spec="apply:vici")
    require("east: fault armed: the first VICI message of the next apply fails",
            r.get("ok"), str(r))
    # A ping runs over the tunnel throughout the commit.
    pinger = subprocess.Popen(
        ["ip", "netns", "exec", "east", "ping", "-n", "-c", "30", "-i", "0.2", "-W", "1",
         address], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = ["configure",
             "set interfaces vti %s mtu '1400'" % vti,
             "set interfaces vti %s description 'changed by a commit that fails'" % vti,
             "set vpn ipsec esp-group AWS lifetime '3000'",
             "commit"]
    say("routesh: " + "; ".join(lines))
    r = EAST.batch(lines)
    show(r[2])
    check("the commit fails", r[0] != 0 and "Commit failed" in r[2], outcome(r))
    check("on the injected VICI fault", "injected fault in apply" in r[2], outcome(r))
    m = re.search(r"the (\d+) applied action\(s\) were reverted", r[2])
    check("after the VTI step applied (its action was reverted)",
          m is not None and int(m.group(1)) >= 1, outcome(r))
    out, _ = pinger.communicate(timeout=60)
    link_after = EAST.link(vti)
    check("east: %s exactly as before (ip -d addr show: mtu, addresses, endpoints, keys)"
          % vti, link_after == link_before,
          "before:\n%s\nafter:\n%s" % (link_before, link_after))
    check("east: the same IKE and CHILD SA (#%s, #%s)" % sa_before,
          sa_of(EAST, peer) == sa_before, EAST.sas()[1])
    received = re.search(r"(\d+) received", out)
    check("ping over %s during the commit: no packet lost" % vti,
          pinger.returncode == 0 and received and int(received.group(1)) == 30, out)
    attempts = EAST.attempts()
    check("history: the newest attempt was reverted",
          attempts and " reverted " in attempts[0], "\n".join(attempts[:3]))
    r = EAST.routesh("-c", "show configuration commands")
    check("running configuration unchanged (mtu 1436, esp lifetime 3600)",
          "set interfaces vti %s mtu '1436'" % vti in r[1] and
          "esp-group AWS lifetime '3600'" in r[1], outcome(r))


def normalized(link):
    """`ip -d addr show` text without the interface index (a re-created
    link gets a new one)."""
    return re.sub(r"^\d+: ", "", link or "", flags=re.M)


def step_confirm():
    step("3. commit-confirm 1 deleting tunnel 1's peer, never confirmed")
    peer, vti, _v, address = TUNNELS["east"][0]
    link_before = EAST.link(vti)
    lines = ["configure", "delete vpn ipsec site-to-site peer %s" % peer,
             "commit-confirm 1"]
    say("routesh: " + "; ".join(lines) + "   (a minute is 10 s here)")
    r = EAST.batch(lines)
    show(r[1] + r[2])
    require("commit-confirm 1 commits", r[0] == 0, outcome(r))
    ok = wait_until("tunnel to %s gone on east" % peer,
                    lambda: all(sa["name"] != peer for sa in EAST.sas()[0]), 15)
    check("east: no IKE SA with %s" % peer, ok, EAST.sas()[1])
    check("east: %s removed from the kernel" % vti, EAST.link(vti) is None,
          EAST.ip("-br", "link")[1])
    good, text = ping("east", address, count=2)
    check("east: ping %s over %s fails" % (address, vti), not good, text)
    ok = wait_until("LAN reachable over tunnel 2 alone",
                    lambda: ping("east", LANS["west"][1], source=LANS["east"][1],
                                 count=2)[0], 20)
    check("east: LAN to LAN ping still works, over vti1", ok,
          EAST.ip("route")[1])

    def reverted():
        r = EAST.routesh("-c", "show system commit")
        return r[0] == 0 and re.search(r"^0\s.*via confirm-timeout", r[1], re.M)
    ok = wait_until("the deadline passes: routeshd reverts by itself", reverted, 60)
    show(EAST.routesh("-c", "show system commit")[1])
    check("show system commit: revision 0 via confirm-timeout", ok)
    check_zebra_learned_vtis()
    ok = wait_until("tunnel to %s back" % peer, lambda: established(EAST, [peer]), 60)
    check("east: IKE and CHILD SA with %s ESTABLISHED again" % peer, ok, EAST.sas()[1])
    check("east: %s back as before (ip -d addr show, but its index)" % vti,
          normalized(EAST.link(vti)) == normalized(link_before),
          "before:\n%s\nafter:\n%s" % (link_before, EAST.link(vti)))
    ok = wait_until("BGP over %s Established again" % vti,
                    lambda: bgp_up(EAST) and bgp_up(WEST), 60)
    check("BGP Established over both VTIs again", ok, EAST.bgp_states()[1])
    good, text = ping("east", address, count=3)
    check("east: ping %s over %s works again" % (address, vti), good, text)
    good, text = ping("east", LANS["west"][1], source=LANS["east"][1], count=3)
    check("east: LAN to LAN ping works", good, text)


def step_crash():
    step("4. routeshd killed (SIGKILL) in the middle of a commit, restarted")
    peer, vti, _v, address = TUNNELS["east"][1]
    check("east: routeshd stopped (SIGTERM)", EAST.stop_routeshd())
    r = EAST.start_routeshd("--crash-at", "apply:1")
    require("east: routeshd --crash-at apply:1 serving", r[0] == 0, outcome(r))
    lines = ["configure",
             "set interfaces vti %s mtu '1400'" % vti,
             "set vpn ipsec esp-group AZURE lifetime '20000'",
             "commit"]
    say("routesh: " + "; ".join(lines))
    say("(action 0: the VTI; before action 1, the VICI load-conn, routeshd kills itself)")
    r = EAST.batch(lines)
    show(r[1] + r[2])
    check("the commit does not complete", r[0] != 0, outcome(r))
    ok = wait_until("routeshd gone", lambda: EAST.routeshd_pid() is None, 10)
    check("east: routeshd died (SIGKILL at apply:1)", ok)
    check("east: %s half-changed by the interrupted commit (mtu %s)" %
          (vti, EAST.mtu(vti)), EAST.mtu(vti) == 1400, EAST.link(vti))

    r = EAST.start_routeshd(*EAST_DAEMON_ARGS)
    require("east: routeshd restarted", r[0] == 0, outcome(r))
    with open(os.path.join(EAST.state, "routeshd.log")) as f:
        show("".join(f.readlines()[-4:]))
    attempts = EAST.attempts()
    check("history: the newest attempt says recovered",
          attempts and " recovered " in attempts[0], "\n".join(attempts[:3]))
    r = EAST.routesh("-c", "show system commit")
    show(r[1])
    check("show system commit notes the recovery", "[recovered" in r[1], outcome(r))
    running = EAST.routesh("-c", "show configuration commands")[1]
    check("running configuration is the previous one (mtu 1436, no lifetime 20000)",
          "set interfaces vti %s mtu '1436'" % vti in running and "20000" not in running,
          running)
    check("east: %s converged to the running mtu (%s)" % (vti, EAST.mtu(vti)),
          EAST.mtu(vti) == 1436, EAST.link(vti))
    check_zebra_learned_vtis()
    conns = EAST.swanctl("--list-conns")[1]
    check("east: charon holds the running ESP lifetime of %s (27000 s)" % peer,
          re.search(r"%s-vti: .*rekeying every 27000s" % re.escape(peer), conns) is not None,
          conns)
    ok = wait_until("both tunnels up", lambda: established(EAST) and established(WEST), 60)
    check("east: both tunnels ESTABLISHED/INSTALLED", ok, EAST.sas()[1])
    ok = wait_until("BGP Established over both VTIs",
                    lambda: bgp_up(EAST) and bgp_up(WEST), 60)
    check("BGP Established over both VTIs", ok, EAST.bgp_states()[1])
    good, text = ping("east", address, count=3)
    check("east: ping %s over %s" % (address, vti), good, text)
    good, text = ping("east-lan", LANS["west"][3], count=3)
    check("east-lan host to west-lan host", good, text)


STEPS = {"tunnel": step_tunnel, "fault": step_fault, "confirm": step_confirm,
         "crash": step_crash}


def main():
    wanted = os.environ.get("LAB_STEPS", "").replace(",", " ").split() or list(STEPS)
    unknown = [s for s in wanted if s not in STEPS]
    if unknown:
        say("unknown LAB_STEPS %s (steps: %s)" % (unknown, " ".join(STEPS)))
        return 2
    # The tunnel step builds what every later one works on.
    plan = [setup] + [fn for name, fn in STEPS.items() if name == "tunnel" or name in wanted]
    for fn in plan:
        failed_before = len(failures())
        try:
            fn()
        except StepAborted:
            diagnose()
            if fn in (setup, step_tunnel):
                break  # nothing after it can work
        except Exception as e:  # a bug of the lab itself: say so, go on
            check("%s ran without an exception" % fn.__name__, False, repr(e))
            diagnose()
        else:
            if len(failures()) > failed_before:
                diagnose()
    step("result")
    failed = failures()
    verdict = "PASS" if not failed else "FAIL: %d check(s): %s" % (len(failed),
                                                                  "; ".join(failed))
    say(verdict)
    with open(os.path.join(os.environ["LAB_OUT"], "result"), "w") as f:
        f.write(verdict + "\n")
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main())
