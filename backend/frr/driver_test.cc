// Tests of the FRR drivers: plans as vtysh batches, exact undo, converge.
#include "backend/frr/driver.h"

#include <doctest/doctest.h>

#include "backend/frr/test_util.h"
#include "backend/frr/vtysh.h"
#include "schema/diff.h"

namespace backend::frr {
namespace {

using testing::tree;

const char* kBase =
    "set policy prefix-list PL rule 5 action permit\n"
    "set policy prefix-list PL rule 5 prefix 203.0.113.0/24\n"
    "set policy prefix-list PL rule 5 le 32\n"
    "set policy as-path-list AS rule 5 action permit\n"
    "set policy as-path-list AS rule 5 regex '_65002$'\n"
    "set policy route-map IN rule 10 action permit\n"
    "set policy route-map IN rule 10 match ip address prefix-list PL\n"
    "set policy route-map IN rule 10 match as-path AS\n"
    "set policy route-map OUT rule 10 action permit\n"
    "set policy route-map OUT rule 10 set as-path-prepend '65001 65001'\n"
    "set protocols static route 10.0.0.0/8 next-hop 192.0.2.1 distance 20\n"
    "set protocols static route 10.1.0.0/16 blackhole distance 250\n"
    "set protocols static interface-route 10.2.0.0/16 next-hop-interface eth1\n"
    "set protocols bgp 65001 parameters router-id 169.254.0.1\n"
    "set protocols bgp 65001 timers keepalive 3\n"
    "set protocols bgp 65001 timers holdtime 9\n"
    "set protocols bgp 65001 peer-group PG remote-as 65002\n"
    "set protocols bgp 65001 peer-group PG address-family ipv4-unicast nexthop-self\n"
    "set protocols bgp 65001 neighbor 192.0.2.2 peer-group PG\n"
    "set protocols bgp 65001 neighbor 192.0.2.3 remote-as 65003\n"
    "set protocols bgp 65001 neighbor 169.254.0.2 remote-as 65002\n"
    "set protocols bgp 65001 neighbor 169.254.0.2 description west\n"
    "set protocols bgp 65001 neighbor 169.254.0.2 password s3cret\n"
    "set protocols bgp 65001 neighbor 169.254.0.2 ebgp-multihop 2\n"
    "set protocols bgp 65001 neighbor 169.254.0.2 update-source 169.254.0.1\n"
    "set protocols bgp 65001 neighbor 169.254.0.2 timers connect 2\n"
    "set protocols bgp 65001 neighbor 169.254.0.2 route-map import IN\n"
    "set protocols bgp 65001 neighbor 169.254.0.2 route-map export OUT\n"
    "set protocols bgp 65001 neighbor 169.254.0.2 soft-reconfiguration inbound\n"
    "set protocols bgp 65001 neighbor 169.254.0.2 maximum-prefix 100\n"
    "set protocols bgp 65001 network 198.51.100.0/24\n"
    "set protocols bgp 65001 redistribute static metric 20\n"
    "set protocols bgp 65001 address-family ipv6-unicast network 2001:db8::/32\n";

// Edits applied to kBase: each gives a (running, candidate) pair.
const char* kEdits[] = {
    "",  // from nothing / to nothing are below
    "set protocols bgp 65001 neighbor 169.254.0.2 description east\n"
    "delete protocols bgp 65001 neighbor 169.254.0.2 password\n"
    "set protocols bgp 65001 neighbor 169.254.0.2 address-family ipv4-unicast "
    "prefix-list import PL\n",
    "delete protocols bgp 65001 neighbor 192.0.2.3\n"
    "delete protocols bgp 65001 neighbor 192.0.2.2\n"
    "delete protocols bgp 65001 peer-group PG\n",
    "delete protocols bgp 65001 neighbor 192.0.2.3 remote-as\n"
    "set protocols bgp 65001 neighbor 192.0.2.3 peer-group PG\n",
    "delete protocols bgp 65001 peer-group PG remote-as\n"
    "set protocols bgp 65001 neighbor 192.0.2.2 remote-as 65022\n",
    "set protocols bgp 65001 redistribute static route-map OUT\n"
    "delete protocols bgp 65001 redistribute static metric\n"
    "set protocols bgp 65001 parameters default no-ipv4-unicast\n",
    "set policy route-map IN rule 10 set local-preference 300\n"
    "delete policy route-map IN rule 10 match as-path\n"
    "set policy route-map OUT rule 10 action deny\n"
    "set policy prefix-list PL rule 5 ge 25\n"
    "set policy prefix-list PL rule 6 action permit\n"
    "set policy prefix-list PL rule 6 prefix 203.0.113.0/24\n"
    "set policy prefix-list PL rule 6 le 32\n",
    "delete policy route-map OUT\n"
    "delete protocols bgp 65001 neighbor 169.254.0.2 route-map export\n"
    "delete policy as-path-list AS\n"
    "delete policy route-map IN rule 10 match as-path\n",
    "set protocols static route 10.0.0.0/8 next-hop 192.0.2.1 distance 30\n"
    "set protocols static route 10.0.0.0/8 next-hop 192.0.2.5\n"
    "delete protocols static route 10.1.0.0/16\n"
    "set protocols static interface-route 10.2.0.0/16 next-hop-interface eth1 disable\n",
    "delete protocols bgp 65001\n"
    "set protocols bgp 65009 neighbor 192.0.2.2 remote-as 65002\n",
};

std::vector<std::unique_ptr<FrrDriver>> drivers(FrrOptions o = {}) {
  std::vector<std::unique_ptr<FrrDriver>> d;
  d.push_back(make_policy_driver(o));
  d.push_back(make_static_driver(o));
  d.push_back(make_bgp_driver(o));
  return d;
}

std::vector<std::string> commands_of(const Plan& p, bool undo) {
  std::vector<std::string> out;
  for (const auto* list : {&p.removals, &p.additions}) {
    for (const auto& a : *list) {
      const Step& s = undo ? a.undo : a.step;
      if (s.kind == Step::Kind::kNone) continue;
      auto b = batch_of(s);
      REQUIRE(b.ok());
      for (auto& c : b->commands) out.push_back(c);
    }
  }
  return out;
}

}  // namespace

TEST_CASE("plan: one FRR batch per owner, for bgpd, partial, with its exact undo") {
  FrrOptions o;
  o.vtysh = "/usr/bin/vtysh";
  o.vty_socket = "/run/frr/east";
  auto bgp = make_bgp_driver(o);
  auto t = tree(kBase);
  RenderHost host("/tmp");
  auto empty = tree("");
  auto p = bgp->plan(empty.get(), t.get(), schema::diff(empty.get(), t.get()), host);
  REQUIRE(p.ok());
  REQUIRE(p->additions.size() == 1);
  CHECK(p->removals.empty());
  const Step& s = p->additions[0].step;
  REQUIRE(s.kind == Step::Kind::kMessage);
  CHECK(s.channel == "frr");
  auto b = batch_of(s);
  REQUIRE(b.ok());
  CHECK(b->daemons == std::vector<std::string>{"bgpd"});
  CHECK(b->commands.front() == "router bgp 65001");
  CHECK(p->additions[0].partial);
  // The undo of creating the router removes it.
  auto u = batch_of(p->additions[0].undo);
  REQUIRE(u.ok());
  CHECK(u->commands == std::vector<std::string>{"no router bgp 65001"});
  // Summaries never show a password.
  CHECK(p->additions[0].summary.find("s3cret") == std::string::npos);
  CHECK(mask_secrets("neighbor X password s3cret") == "neighbor X password ****");
  // Nothing changed: nothing to do.
  auto same = bgp->plan(t.get(), t.get(), {}, host);
  REQUIRE(same.ok());
  CHECK(same->empty());
}

TEST_CASE("plan: removal-only deltas run with the removals") {
  auto base = tree(kBase);
  auto cand = tree(std::string(kBase) + "delete protocols bgp 65001 neighbor 192.0.2.3\n"
                                        "delete policy route-map OUT\n"
                                        "delete protocols bgp 65001 neighbor 169.254.0.2 "
                                        "route-map export\n");
  RenderHost host("/tmp");
  auto pol = make_policy_driver({})->plan(base.get(), cand.get(), {}, host);
  auto bgp = make_bgp_driver({})->plan(base.get(), cand.get(), {}, host);
  REQUIRE(pol.ok());
  REQUIRE(bgp.ok());
  CHECK(pol->additions.empty());
  REQUIRE(pol->removals.size() == 1);
  CHECK(batch_of(pol->removals[0].step)->commands ==
        std::vector<std::string>{"no route-map OUT"});
  REQUIRE(bgp->removals.size() == 1);
  CHECK(testing::text(batch_of(bgp->removals[0].step)->commands) ==
        "router bgp 65001\nno neighbor 192.0.2.3\naddress-family ipv4 unicast\n"
        "no neighbor 169.254.0.2 route-map OUT out\nexit-address-family\nexit\n");
}

TEST_CASE("every plan's undo restores FRR's previous configuration") {
  RenderHost host("/tmp");
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const char* edit : kEdits) pairs.emplace_back(kBase, std::string(kBase) + edit);
  pairs.emplace_back("", kBase);
  pairs.emplace_back(kBase, "");
  for (const auto& [a_text, b_text] : pairs) {
    auto a = tree(a_text);
    auto b = tree(b_text);
    for (const auto& d : drivers()) {
      CAPTURE(d->id());
      CAPTURE(b_text);
      // FRR as the running configuration left it.
      testing::FrrSim sim;
      auto load = d->delta(nullptr, a.get());
      REQUIRE(load.ok());
      sim.apply_all(load->commands);
      auto before = sim.dump();
      testing::FrrSim fresh;
      auto full = d->delta(nullptr, b.get());
      REQUIRE(full.ok());
      fresh.apply_all(full->commands);
      auto plan = d->plan(a.get(), b.get(), schema::diff(a.get(), b.get()), host);
      REQUIRE(plan.ok());
      sim.apply_all(commands_of(*plan, false));
      CHECK(sim.dump() == fresh.dump());  // the plan reaches the candidate
      sim.apply_all(commands_of(*plan, true));
      CHECK(sim.dump() == before);  // the undo gives back the running one
    }
  }
}

TEST_CASE("converge: the desired configuration, or the delta from FRR's") {
  auto t = tree(kBase);
  RenderHost host("/tmp");
  // Without read-back: everything, as additions (idempotent in FRR).
  auto st = make_static_driver({})->converge(t.get(), host);
  REQUIRE(st.ok());
  REQUIRE(st->additions.size() == 1);
  CHECK(testing::text(batch_of(st->additions[0].step)->commands) ==
        "ip route 10.0.0.0/8 192.0.2.1 20\nip route 10.1.0.0/16 blackhole 250\n"
        "ip route 10.2.0.0/16 eth1\n");
  CHECK(st->additions[0].undo.kind == Step::Kind::kNone);
  // With read-back: what a crashed commit left is removed, what is right
  // is not touched.
  FrrOptions o;
  std::string asked;
  o.read_running = [&](const std::string& daemon) -> rc::Result<std::string> {
    asked = daemon;
    return std::string(
        "ip route 10.0.0.0/8 192.0.2.1 20\nip route 10.1.0.0/16 blackhole 250\n"
        "ip route 10.2.0.0/16 eth1\nip route 10.7.0.0/16 192.0.2.7\n");
  };
  auto st2 = make_static_driver(o)->converge(t.get(), host);
  REQUIRE(st2.ok());
  CHECK(asked == "staticd");
  REQUIRE(st2->removals.size() == 1);
  CHECK(batch_of(st2->removals[0].step)->commands ==
        std::vector<std::string>{"no ip route 10.7.0.0/16 192.0.2.7"});
  o.read_running = [](const std::string&) -> rc::Result<std::string> {
    return rc::make_error(rc::Code::kBackend, "vtysh: bgpd is not running");
  };
  CHECK(!make_bgp_driver(o)->converge(t.get(), host).ok());
}

TEST_CASE("make_frr_drivers: the three owners in dependency order") {
  auto d = make_frr_drivers({}, true);
  REQUIRE(d.size() == 3);
  CHECK(d[0]->id() == "policy");
  CHECK(d[1]->id() == "static");
  CHECK(d[2]->id() == "bgp");
  // Read-back goes through vtysh: a missing binary is a clear error.
  FrrOptions o;
  o.vtysh = "/nonexistent/vtysh";
  auto bad = make_frr_drivers(o, true);
  RenderHost host("/tmp");
  auto p = bad[1]->converge(tree("").get(), host);
  REQUIRE(!p.ok());
  CHECK(p.error().message.find("/nonexistent/vtysh") != std::string::npos);
}

TEST_CASE("verify through the drivers: each owner reports its own rules") {
  auto t = tree("set protocols static route 10.0.0.0/8\n"
                "set protocols bgp 65001 neighbor 192.0.2.1 description x\n");
  auto d = drivers();
  CHECK(d[0]->verify(t.get()).empty());
  REQUIRE(d[1]->verify(t.get()).size() == 1);
  REQUIRE(d[2]->verify(t.get()).size() == 1);
  CHECK(d[2]->verify(t.get())[0].message == "Neighbor \"192.0.2.1\" remote-as must be set!");
}

TEST_CASE("vtysh: values that could add a line are refused") {
  CHECK(unsafe_word("eth0").empty());
  CHECK(!unsafe_word("").empty());
  CHECK(!unsafe_word("a b").empty());
  CHECK(!unsafe_word("x!").empty());
  CHECK(unsafe_text("end").empty());
  CHECK(unsafe_text("exit").empty());
  CHECK(!unsafe_text("a\nexit").empty());
  CHECK(!unsafe_text("a\rb").empty());
  CHECK(!unsafe_text("hi ! there").empty());
  CHECK(!unsafe_text("# comment").empty());
  CHECK(!unsafe_text("a\xe2\x80\xa8" "b").empty());
  CHECK(!batch_step({{"bgpd"}, {"neighbor X description a\nexit"}, {}}).ok());
  CHECK(!batch_step({{"bgpd"}, {""}, {}}).ok());
  auto ok = batch_step({{"bgpd"}, {"router bgp 1", "exit"}, {}});
  REQUIRE(ok.ok());
  CHECK(batch_of(*ok)->commands.size() == 2);
  CHECK(!batch_of(Step::run({"vtysh"})).ok());
  CHECK(show_argv({}, "bgpd", "show bgp summary json") ==
        std::vector<std::string>{"vtysh", "-d", "bgpd", "-c", "show bgp summary json"});
}

}  // namespace backend::frr
