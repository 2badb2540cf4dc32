// Live FRR, driver level: the routesh FRR drivers against two real FRR
// instances in network namespaces (set up and torn down by run.sh), with
// the "frr" channel routeshd's live backend uses. The product-level tests
// (routeshd, routesh batches, faults, rollback) are frr_product_test.py;
// what is here needs the drivers' own plans:
//   - converge after an interrupted commit that touched every driver (a
//     new neighbor, a neighbor shut down, a prefix-list entry, a static
//     route) removes exactly what it applied: FRR's running configuration
//     byte for byte, and the session (which the shutdown dropped) back up;
//   - for each of many edits of a rich BGP/policy configuration, the plan
//     applied and then its undo give back FRR's running configuration
//     byte for byte, and FRR always holds exactly the committed model
//     (converge finds nothing to do);
//   - removing everything gives back FRR's empty configuration.
#include <doctest/doctest.h>

#include <string>

#include "tests/frr/frr_router.h"

namespace backend::frr {
namespace {

using live::env;
using live::established;
using live::Router;
using live::wait_for;

// East: AS 65001, accepts only what prefix-list FROM-WEST allows.
std::string east_config(const std::string& allowed, const std::string& distance,
                        bool neighbor, bool blackhole, const std::string& ifname) {
  std::string s =
      "set policy prefix-list FROM-WEST rule 5 action permit\n"
      "set policy prefix-list FROM-WEST rule 5 prefix " + allowed + "\n"
      "set policy prefix-list FROM-WEST rule 10 action deny\n"
      "set policy prefix-list FROM-WEST rule 10 prefix 0.0.0.0/0\n"
      "set policy prefix-list FROM-WEST rule 10 le 32\n"
      "set policy route-map FROM-WEST rule 10 action permit\n"
      "set policy route-map FROM-WEST rule 10 match ip address prefix-list FROM-WEST\n"
      "set policy route-map TO-WEST rule 10 action permit\n"
      "set protocols static route 192.0.2.128/25 next-hop 169.254.0.2 distance " +
      distance + "\n"
      "set protocols static interface-route 10.98.0.0/16 next-hop-interface " + ifname +
      " distance 30\n"
      "set protocols bgp 65001 parameters router-id 169.254.0.1\n"
      "set protocols bgp 65001 network 198.51.100.0/24\n";
  if (blackhole) s += "set protocols static route 10.99.0.0/16 blackhole distance 250\n";
  if (neighbor) {
    const std::string n = "set protocols bgp 65001 neighbor 169.254.0.2 ";
    s += n + "remote-as 65002\n" + n + "description 'west end exit'\n" +
         n + "timers keepalive 3\n" + n + "timers holdtime 9\n" + n + "timers connect 1\n" +
         n + "soft-reconfiguration inbound\n" +  // VyOS 1.1 spellings
         n + "route-map import FROM-WEST\n" + n + "route-map export TO-WEST\n";
  }
  return s;
}

const char* kWest =
    "set protocols bgp 65002 parameters router-id 169.254.0.2\n"
    "set protocols bgp 65002 neighbor 169.254.0.1 remote-as 65001\n"
    "set protocols bgp 65002 neighbor 169.254.0.1 timers keepalive 3\n"
    "set protocols bgp 65002 neighbor 169.254.0.1 timers holdtime 9\n"
    "set protocols bgp 65002 neighbor 169.254.0.1 timers connect 1\n"
    "set protocols bgp 65002 address-family ipv4-unicast network 203.0.113.0/24\n"
    "set protocols bgp 65002 address-family ipv4-unicast network 203.0.114.0/24\n";

const char* kBase =
    "set policy prefix-list PL rule 5 action permit\n"
    "set policy prefix-list PL rule 5 prefix 203.0.113.0/24\n"
    "set policy prefix-list PL rule 5 le 32\n"
    "set policy prefix-list PL rule 6 action permit\n"
    "set policy prefix-list PL rule 6 prefix 198.51.100.0/24\n"
    "set policy as-path-list AS rule 5 action permit\n"
    "set policy as-path-list AS rule 5 regex '_65002$'\n"
    "set policy as-path-list AS rule 6 action deny\n"
    "set policy as-path-list AS rule 6 regex '_65003 65004_'\n"
    "set policy route-map IN rule 10 action permit\n"
    "set policy route-map IN rule 10 match ip address prefix-list PL\n"
    "set policy route-map IN rule 10 match as-path AS\n"
    "set policy route-map IN rule 10 description 'end exit'\n"
    "set policy route-map OUT rule 10 action permit\n"
    "set policy route-map OUT rule 10 set as-path-prepend '65001 65001'\n"
    "set policy route-map OUT rule 10 set metric +5\n"
    "set protocols static route 10.0.0.0/8 next-hop 192.0.2.1 distance 20\n"
    "set protocols static route 10.1.0.0/16 blackhole distance 250\n"
    "set protocols bgp 65001 parameters router-id 169.254.0.1\n"
    "set protocols bgp 65001 timers keepalive 3\n"
    "set protocols bgp 65001 timers holdtime 9\n"
    "set protocols bgp 65001 peer-group PG remote-as 65002\n"
    "set protocols bgp 65001 peer-group PG address-family ipv4-unicast nexthop-self\n"
    "set protocols bgp 65001 neighbor 192.0.2.2 peer-group PG\n"
    "set protocols bgp 65001 neighbor 192.0.2.3 remote-as 65003\n"
    "set protocols bgp 65001 neighbor 192.0.2.4 remote-as 65004\n"
    "set protocols bgp 65001 neighbor 192.0.2.4 description 'far end exit'\n"
    "set protocols bgp 65001 neighbor 192.0.2.4 password s3cret\n"
    "set protocols bgp 65001 neighbor 192.0.2.4 ebgp-multihop 2\n"
    "set protocols bgp 65001 neighbor 192.0.2.4 update-source 169.254.0.2\n"
    "set protocols bgp 65001 neighbor 192.0.2.4 timers connect 2\n"
    "set protocols bgp 65001 neighbor 192.0.2.4 capability dynamic\n"
    "set protocols bgp 65001 neighbor 192.0.2.4 shutdown\n"
    "set protocols bgp 65001 neighbor 192.0.2.4 route-map import IN\n"
    "set protocols bgp 65001 neighbor 192.0.2.4 route-map export OUT\n"
    "set protocols bgp 65001 neighbor 192.0.2.4 prefix-list import PL\n"
    "set protocols bgp 65001 neighbor 192.0.2.4 soft-reconfiguration inbound\n"
    "set protocols bgp 65001 neighbor 192.0.2.4 maximum-prefix 100\n"
    "set protocols bgp 65001 network 198.51.100.0/24\n"
    "set protocols bgp 65001 network 198.51.101.0/24 route-map OUT\n"
    "set protocols bgp 65001 redistribute static metric 20\n"
    "set protocols bgp 65001 redistribute connected route-map OUT\n"
    "set protocols bgp 65001 address-family ipv6-unicast network 2001:db8::/32\n";

const char* kEdits[] = {
    "set protocols bgp 65001 neighbor 192.0.2.4 description east\n"
    "delete protocols bgp 65001 neighbor 192.0.2.4 password\n"
    "delete protocols bgp 65001 neighbor 192.0.2.4 shutdown\n"
    "set protocols bgp 65001 neighbor 192.0.2.4 timers keepalive 5\n"
    "set protocols bgp 65001 neighbor 192.0.2.4 timers holdtime 15\n"
    "set protocols bgp 65001 neighbor 192.0.2.4 prefix-list export PL\n"
    "delete protocols bgp 65001 neighbor 192.0.2.4 route-map import\n",
    "delete protocols bgp 65001 neighbor 192.0.2.3\n"
    "delete protocols bgp 65001 neighbor 192.0.2.2\n"
    "delete protocols bgp 65001 peer-group PG\n",
    "delete protocols bgp 65001 neighbor 192.0.2.3 remote-as\n"
    "set protocols bgp 65001 neighbor 192.0.2.3 peer-group PG\n",
    "delete protocols bgp 65001 peer-group PG remote-as\n"
    "set protocols bgp 65001 neighbor 192.0.2.2 remote-as 65022\n",
    "set protocols bgp 65001 redistribute static route-map OUT\n"
    "delete protocols bgp 65001 redistribute static metric\n"
    "delete protocols bgp 65001 redistribute connected route-map\n"
    "set protocols bgp 65001 parameters default no-ipv4-unicast\n"
    "set protocols bgp 65001 network 198.51.101.0/24 backdoor\n"
    "delete protocols bgp 65001 network 198.51.101.0/24 route-map\n",
    "set policy route-map IN rule 10 set local-preference 300\n"
    "delete policy route-map IN rule 10 match as-path\n"
    "delete policy route-map IN rule 10 description\n"
    "set policy route-map OUT rule 10 action deny\n"
    "delete policy route-map OUT rule 10 set as-path-prepend\n"
    "set policy prefix-list PL rule 5 ge 25\n"
    "set policy as-path-list AS rule 5 regex '_65009_'\n",
    // Swaps: FRR ignores an entry equal to another one of its list.
    "set policy prefix-list PL rule 5 prefix 198.51.100.0/24\n"
    "delete policy prefix-list PL rule 5 le\n"
    "set policy prefix-list PL rule 6 prefix 203.0.113.0/24\n"
    "set policy prefix-list PL rule 6 le 32\n"
    "set policy as-path-list AS rule 5 action deny\n"
    "set policy as-path-list AS rule 5 regex '_65003 65004_'\n"
    "set policy as-path-list AS rule 6 action permit\n"
    "set policy as-path-list AS rule 6 regex '_65002$'\n",
    "delete policy route-map OUT\n"
    "delete protocols bgp 65001 neighbor 192.0.2.4 route-map export\n"
    "delete protocols bgp 65001 network 198.51.101.0/24 route-map\n"
    "delete protocols bgp 65001 redistribute connected route-map\n"
    "delete policy as-path-list AS\n"
    "delete policy route-map IN rule 10 match as-path\n",
    "set protocols static route 10.0.0.0/8 next-hop 192.0.2.1 distance 30\n"
    "set protocols static route 10.0.0.0/8 next-hop 192.0.2.5\n"
    "delete protocols static route 10.1.0.0/16\n"
    "set protocols static route 10.2.0.0/16 blackhole\n",
    "delete protocols bgp 65001\n"
    "set protocols bgp 65009 neighbor 192.0.2.2 remote-as 65002\n",
};

}  // namespace

TEST_CASE("live FRR: converge removes what an interrupted commit applied") {
  Router east("RS_FRR_EAST"), west("RS_FRR_WEST");
  const std::string ifname = env("RS_FRR_EAST_IF");
  std::string e1 = east_config("203.0.113.0/24", "20", true, true, ifname);
  REQUIRE(west.commit(kWest).ok());
  rc::Status st = east.commit(e1);
  REQUIRE_MESSAGE(st.ok(), (st.ok() ? "" : st.error().message));
  REQUIRE(wait_for([&] { return established(east, "169.254.0.2"); }, 20));
  CHECK(wait_for([&] { return east.has_route("203.0.113.0/24", "bgp"); }, 10));
  CHECK(!east.has_route("203.0.114.0/24", "bgp"));  // filtered by FROM-WEST
  CHECK(east.in_sync());
  std::string config1 = east.running_config();
  int connections = east.peer("169.254.0.2").value("connectionsEstablished", 0);

  // A crash after applying a commit that touched every driver: converge
  // reads FRR back and removes exactly what it added, without touching
  // the established session.
  east.apply_without_commit(
      e1 + "set protocols static route 10.77.0.0/16 next-hop 169.254.0.2\n"
           "set protocols bgp 65001 neighbor 192.0.2.77 remote-as 65077\n"
           "set protocols bgp 65001 neighbor 169.254.0.2 shutdown\n"
           "set policy prefix-list FROM-WEST rule 7 action permit\n"
           "set policy prefix-list FROM-WEST rule 7 prefix 10.7.0.0/16\n");
  CHECK(east.running_config() != config1);
  CHECK(!east.in_sync());
  east.converge_all();
  CHECK(east.running_config() == config1);
  CHECK(east.in_sync());
  CHECK(wait_for([&] { return established(east, "169.254.0.2"); }, 20));
  CHECK(east.kernel_has("192.0.2.128/25"));
  CHECK(!east.kernel_has("10.77.0.0/16"));
  // The shutdown was undone by `no neighbor … shutdown`, which restarts
  // the session once; nothing else reset it.
  CHECK(east.peer("169.254.0.2").value("connectionsEstablished", 0) <= connections + 1);
  REQUIRE(east.commit("").ok());
  REQUIRE(west.commit("").ok());
}

TEST_CASE("live FRR: every edit reaches the candidate, and its undo the running") {
  Router west("RS_FRR_WEST");
  west.converge_all();  // clears whatever the first test left
  std::string empty_config = west.running_config();
  CHECK(empty_config.find("router bgp") == std::string::npos);
  for (const char* edit_text : kEdits) {
    std::string edit = edit_text;
    CAPTURE(edit);
    rc::Status st = west.commit(kBase);
    REQUIRE_MESSAGE(st.ok(), (st.ok() ? "" : st.error().message));
    std::string base_config = west.running_config();
    CHECK(west.in_sync());
    st = west.commit(std::string(kBase) + edit);
    REQUIRE_MESSAGE(st.ok(), (st.ok() ? "" : st.error().message));
    CHECK(west.in_sync());
    west.revert_last(kBase);
    CHECK(west.running_config() == base_config);
  }
  REQUIRE(west.commit("").ok());
  CHECK(west.running_config() == empty_config);
}

}  // namespace backend::frr
