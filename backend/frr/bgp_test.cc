// Tests of the bgp owner: model, verify messages, golden deltas.
#include <doctest/doctest.h>

#include "backend/frr/bgp.h"
#include "backend/frr/test_util.h"

namespace backend::frr {
namespace {

using testing::tree;

std::string delta_of(const std::string& a, const std::string& b) {
  auto d = bgp_delta(load_bgp(tree(a).get()), load_bgp(tree(b).get()));
  REQUIRE(d.ok());
  return testing::text(d->commands);
}

rc::Errors verify_of(const std::string& text) {
  auto t = tree(text);
  return verify_bgp(load_bgp(t.get()), load_policy(t.get()));
}

const char* kPolicy =
    "set policy prefix-list PL rule 5 action permit\n"
    "set policy prefix-list PL rule 5 prefix 203.0.113.0/24\n"
    "set policy route-map IN rule 10 action permit\n"
    "set policy route-map IN rule 10 match ip address prefix-list PL\n"
    "set policy route-map OUT rule 10 action permit\n";

// The VyOS 1.2+ spelling.
const char* kBgp =
    "set protocols bgp 65001 parameters router-id 169.254.0.1\n"
    "set protocols bgp 65001 neighbor 169.254.0.2 remote-as 65002\n"
    "set protocols bgp 65001 neighbor 169.254.0.2 description west\n"
    "set protocols bgp 65001 neighbor 169.254.0.2 timers holdtime 9\n"
    "set protocols bgp 65001 neighbor 169.254.0.2 timers keepalive 3\n"
    "set protocols bgp 65001 neighbor 169.254.0.2 address-family ipv4-unicast "
    "soft-reconfiguration inbound\n"
    "set protocols bgp 65001 neighbor 169.254.0.2 address-family ipv4-unicast "
    "route-map import IN\n"
    "set protocols bgp 65001 neighbor 169.254.0.2 address-family ipv4-unicast "
    "route-map export OUT\n"
    "set protocols bgp 65001 address-family ipv4-unicast network 198.51.100.0/24\n";

// The same in the VyOS 1.1 spelling (seeds): stored in the same place.
const char* kBgp11 =
    "set protocols bgp 65001 parameters router-id 169.254.0.1\n"
    "set protocols bgp 65001 neighbor 169.254.0.2 remote-as 65002\n"
    "set protocols bgp 65001 neighbor 169.254.0.2 description west\n"
    "set protocols bgp 65001 neighbor 169.254.0.2 timers holdtime 9\n"
    "set protocols bgp 65001 neighbor 169.254.0.2 timers keepalive 3\n"
    "set protocols bgp 65001 neighbor 169.254.0.2 soft-reconfiguration inbound\n"
    "set protocols bgp 65001 neighbor 169.254.0.2 route-map import IN\n"
    "set protocols bgp 65001 neighbor 169.254.0.2 route-map export OUT\n"
    "set protocols bgp 65001 network 198.51.100.0/24\n";

const char* kNewNeighbor =
    "router bgp 65001\n"
    "bgp router-id 169.254.0.1\n"
    "no bgp ebgp-requires-policy\n"
    "no bgp network import-check\n"
    "neighbor 169.254.0.2 remote-as 65002\n"
    "neighbor 169.254.0.2 description west\n"
    "neighbor 169.254.0.2 timers 3 9\n"
    "address-family ipv4 unicast\n"
    "neighbor 169.254.0.2 soft-reconfiguration inbound\n"
    "neighbor 169.254.0.2 route-map IN in\n"
    "neighbor 169.254.0.2 route-map OUT out\n"
    "network 198.51.100.0/24\n"
    "exit-address-family\n"
    "exit\n";

}  // namespace

TEST_CASE("bgp model: both spellings load the same neighbor") {
  for (const char* text : {kBgp, kBgp11}) {
    BgpConfig c = load_bgp(tree(text).get());
    CHECK(c.present);
    CHECK(c.asn == "65001");
    CHECK(c.router_id == "169.254.0.1");
    const BgpPeer& n = c.neighbors["169.254.0.2"];
    CHECK(n.remote_as == "65002");
    CHECK(n.keepalive == "3");
    CHECK(n.holdtime == "9");
    CHECK(n.af.route_map_import == "IN");
    CHECK(n.af.route_map_export == "OUT");
    CHECK(n.af.soft_reconfiguration_inbound);
    CHECK(c.networks.count("198.51.100.0/24") == 1);
  }
  CHECK(!load_bgp(nullptr).present);
}

TEST_CASE("bgp golden: a new eBGP neighbor with route-maps, both spellings") {
  CHECK(delta_of("", std::string(kPolicy) + kBgp) == kNewNeighbor);
  CHECK(delta_of("", std::string(kPolicy) + kBgp11) == kNewNeighbor);
  CHECK(delta_of(kBgp, kBgp11).empty());
}

TEST_CASE("bgp golden: editing a route-map changes no BGP line") {
  std::string a = std::string(kPolicy) + kBgp;
  std::string b = a + "set policy route-map IN rule 10 set local-preference 300\n";
  CHECK(delta_of(a, b).empty());
}

TEST_CASE("bgp golden: a change to one neighbor touches only that neighbor") {
  std::string two = std::string(kBgp) +
                    "set protocols bgp 65001 neighbor 192.0.2.9 remote-as 65009\n";
  std::string changed = two +
                        "set protocols bgp 65001 neighbor 169.254.0.2 description east\n"
                        "set protocols bgp 65001 neighbor 169.254.0.2 address-family "
                        "ipv4-unicast prefix-list import PL\n"
                        "delete protocols bgp 65001 neighbor 169.254.0.2 timers\n";
  CHECK(delta_of(two, changed) ==
        "router bgp 65001\n"
        "no neighbor 169.254.0.2 timers\n"
        "neighbor 169.254.0.2 description east\n"
        "address-family ipv4 unicast\n"
        "neighbor 169.254.0.2 prefix-list PL in\n"
        "exit-address-family\n"
        "exit\n");
}

TEST_CASE("bgp golden: deleting a neighbor and the whole router") {
  std::string two = std::string(kBgp) +
                    "set protocols bgp 65001 neighbor 192.0.2.9 remote-as 65009\n";
  CHECK(delta_of(two, kBgp) == "router bgp 65001\nno neighbor 192.0.2.9\nexit\n");
  CHECK(delta_of(kBgp, "") == "no router bgp 65001\n");
  // A new ASN re-creates the router.
  std::string other = "set protocols bgp 65002 neighbor 169.254.0.1 remote-as 65001\n";
  CHECK(delta_of(kBgp, other) ==
        "no router bgp 65001\n"
        "router bgp 65002\n"
        "no bgp ebgp-requires-policy\n"
        "no bgp network import-check\n"
        "neighbor 169.254.0.1 remote-as 65001\n"
        "exit\n");
}

TEST_CASE("bgp golden: peer-groups, membership and remote-as changes") {
  std::string g =
      "set protocols bgp 65001 peer-group PG remote-as 65002\n"
      "set protocols bgp 65001 peer-group PG address-family ipv4-unicast nexthop-self\n"
      "set protocols bgp 65001 neighbor 192.0.2.2 peer-group PG\n"
      "set protocols bgp 65001 neighbor 192.0.2.2 shutdown\n"
      "set protocols bgp 65001 neighbor 192.0.2.3 remote-as 65003\n";
  CHECK(delta_of("", g) ==
        "router bgp 65001\n"
        "no bgp ebgp-requires-policy\n"
        "no bgp network import-check\n"
        "neighbor PG peer-group\n"
        "neighbor PG remote-as 65002\n"
        "neighbor 192.0.2.2 peer-group PG\n"
        "neighbor 192.0.2.2 shutdown\n"
        "neighbor 192.0.2.3 remote-as 65003\n"
        "address-family ipv4 unicast\n"
        "neighbor PG next-hop-self\n"
        "exit-address-family\n"
        "exit\n");
  // 192.0.2.3 joins PG (giving up its own remote-as): FRR would delete it
  // on the way, so it is re-created; 192.0.2.2 is not touched.
  std::string joined = g +
                       "delete protocols bgp 65001 neighbor 192.0.2.3 remote-as\n"
                       "set protocols bgp 65001 neighbor 192.0.2.3 peer-group PG\n";
  CHECK(delta_of(g, joined) ==
        "router bgp 65001\n"
        "no neighbor 192.0.2.3\n"
        "neighbor 192.0.2.3 peer-group PG\n"
        "exit\n");
  // A remote-as change is one line.
  std::string moved = g + "set protocols bgp 65001 neighbor 192.0.2.3 remote-as 65033\n";
  CHECK(delta_of(g, moved) ==
        "router bgp 65001\nneighbor 192.0.2.3 remote-as 65033\nexit\n");
}

TEST_CASE("bgp golden: redistribute drops an attribute with a fresh start") {
  std::string a = std::string(kPolicy) +
                  "set protocols bgp 65001 address-family ipv4-unicast redistribute "
                  "connected route-map OUT\n";
  std::string b = std::string(kPolicy) +
                  "set protocols bgp 65001 address-family ipv4-unicast redistribute "
                  "connected metric 5\n";
  CHECK(delta_of(a, b) ==
        "router bgp 65001\naddress-family ipv4 unicast\n"
        "no redistribute connected\nredistribute connected metric 5\n"
        "exit-address-family\nexit\n");
  CHECK(delta_of(b, b + "set protocols bgp 65001 address-family ipv4-unicast "
                        "redistribute connected route-map OUT\n") ==
        "router bgp 65001\naddress-family ipv4 unicast\n"
        "redistribute connected metric 5 route-map OUT\n"
        "exit-address-family\nexit\n");
}

TEST_CASE("bgp golden: no-ipv4-unicast activates peers explicitly") {
  std::string a =
      "set protocols bgp 65001 neighbor 192.0.2.3 remote-as 65003\n"
      "set protocols bgp 65001 neighbor 192.0.2.4 remote-as 65004\n"
      "set protocols bgp 65001 neighbor 192.0.2.4 address-family ipv4-unicast\n";
  std::string b = a + "set protocols bgp 65001 parameters default no-ipv4-unicast\n";
  // FRR applies the default to new neighbors only: existing ones are set
  // explicitly, both ways.
  CHECK(delta_of(a, b) ==
        "router bgp 65001\nno bgp default ipv4-unicast\n"
        "address-family ipv4 unicast\nno neighbor 192.0.2.3 activate\n"
        "exit-address-family\nexit\n");
  CHECK(delta_of(b, a) ==
        "router bgp 65001\nbgp default ipv4-unicast\n"
        "address-family ipv4 unicast\nneighbor 192.0.2.3 activate\n"
        "exit-address-family\nexit\n");
}

TEST_CASE("bgp verify: every message, with its path") {
  rc::Errors e = verify_of(
      "set protocols bgp 65001 neighbor 192.0.2.1 description x\n"
      "set protocols bgp 65001 peer-group PG remote-as 65002\n"
      "set protocols bgp 65001 peer-group NOAS description y\n"
      "set protocols bgp 65001 neighbor 192.0.2.2 peer-group PG\n"
      "set protocols bgp 65001 neighbor 192.0.2.3 peer-group NOAS\n"
      "set protocols bgp 65001 neighbor 192.0.2.4 peer-group PG\n"
      "set protocols bgp 65001 neighbor 192.0.2.4 remote-as 65004\n"
      "set protocols bgp 65001 neighbor 192.0.2.5 remote-as 65005\n"
      "set protocols bgp 65001 neighbor 192.0.2.5 timers keepalive 3\n"
      "set protocols bgp 65001 neighbor 192.0.2.6 remote-as 65006\n"
      "set protocols bgp 65001 neighbor 192.0.2.6 timers holdtime 9\n"
      "set protocols bgp 65001 neighbor 192.0.2.7 remote-as 65007\n"
      "set protocols bgp 65001 neighbor 192.0.2.7 password 'a b'\n"
      "set protocols bgp 65001 neighbor 192.0.2.7 description 'hi ! there'\n");
  std::vector<std::string> got;
  for (const auto& x : e) got.push_back(x.message + " [" + x.path + "]");
  const std::string p = "protocols bgp 65001 neighbor ";
  CHECK(testing::text(got) ==
        "Neighbor \"192.0.2.1\" remote-as must be set! [" + p + "192.0.2.1]\n"
        "Neighbor \"192.0.2.3\" remote-as must be set! [" + p + "192.0.2.3]\n"
        "Peer-group member \"192.0.2.4\" cannot override remote-as of peer-group "
        "\"PG\"! [" + p + "192.0.2.4 remote-as]\n"
        "you must set a holdtime interval [" + p + "192.0.2.5 timers]\n"
        "you must set a keepalive interval [" + p + "192.0.2.6 timers]\n"
        "Whitespace is not allowed in passwords! [" + p + "192.0.2.7 password]\n"
        "Description of Neighbor \"192.0.2.7\" contains \"!\" (FRR's comment "
        "character) [" + p + "192.0.2.7 description]\n");
  // References, on the model (the schema refuses them in a tree first).
  auto t = tree(std::string(kPolicy) + kBgp);
  BgpConfig c = load_bgp(t.get());
  c.neighbors["169.254.0.2"].af.route_map_import = "NOPE";
  c.neighbors["169.254.0.2"].af.prefix_list_export = "NOPL";
  c.networks["198.51.100.0/24"].route_map = "NORM";
  c.redistribute_static = BgpRedistribute{"", "NORS"};
  got.clear();
  for (const auto& x : verify_bgp(c, load_policy(t.get()))) {
    got.push_back(x.message + " [" + x.path + "]");
  }
  const std::string af = "protocols bgp 65001 ";
  CHECK(testing::text(got) ==
        "Specified route-map \"NOPE\" does not exist! [" + af +
            "neighbor 169.254.0.2 address-family ipv4-unicast route-map import]\n"
        "Specified prefix-list \"NOPL\" does not exist! [" + af +
            "neighbor 169.254.0.2 address-family ipv4-unicast prefix-list export]\n"
        "Specified route-map \"NORM\" does not exist! [" + af +
            "address-family ipv4-unicast network 198.51.100.0/24 route-map]\n"
        "Specified route-map \"NORS\" does not exist! [" + af +
            "address-family ipv4-unicast redistribute static route-map]\n");
  CHECK(verify_of(std::string(kPolicy) + kBgp).empty());
}

TEST_CASE("bgp: descriptions with end, exit, quotes-free text stay one argument") {
  std::string odd = std::string(kBgp) +
                    "set protocols bgp 65001 neighbor 169.254.0.2 description 'end exit'\n";
  CHECK(delta_of(kBgp, odd) ==
        "router bgp 65001\nneighbor 169.254.0.2 description end exit\nexit\n");
  BgpConfig c = load_bgp(tree(kBgp).get());
  c.neighbors["169.254.0.2"].description = "x ! y";
  CHECK(!bgp_delta(BgpConfig{}, c).ok());
  c.neighbors["169.254.0.2"].description = "x\nexit";
  CHECK(!bgp_delta(BgpConfig{}, c).ok());
  c.neighbors["169.254.0.2"].description = "ok";
  c.neighbors["169.254.0.2"].password = "s3cr3t x";
  auto bad = bgp_delta(BgpConfig{}, c);
  REQUIRE(!bad.ok());
  CHECK(bad.error().message.find("s3cr3t") == std::string::npos);  // never echoed
}

TEST_CASE("bgp model: descriptions are kept as FRR keeps them (one blank between words)") {
  std::string spaced = std::string(kBgp) +
                       "set protocols bgp 65001 neighbor 169.254.0.2 description '  to   west '\n";
  BgpConfig c = load_bgp(tree(spaced).get());
  CHECK(c.neighbors["169.254.0.2"].description == "to west");
  // FRR's running configuration then matches the model: nothing to converge.
  std::string frr =
      "router bgp 65001\n neighbor 169.254.0.2 remote-as 65002\n"
      " neighbor 169.254.0.2 description to west\nexit\n";
  BgpConfig running = parse_bgp(frr);
  CHECK(running.neighbors["169.254.0.2"].description == c.neighbors["169.254.0.2"].description);
}

TEST_CASE("bgp parse: FRR's running configuration back into the model") {
  std::string frr =
      "router bgp 65001\n bgp router-id 169.254.0.1\n no bgp ebgp-requires-policy\n"
      " no bgp network import-check\n neighbor 169.254.0.2 remote-as 65002\n"
      " neighbor 169.254.0.2 description west\n neighbor 169.254.0.2 timers 3 9\n !\n"
      " address-family ipv4 unicast\n  network 198.51.100.0/24\n"
      "  neighbor 169.254.0.2 soft-reconfiguration inbound\n"
      "  neighbor 169.254.0.2 route-map IN in\n  neighbor 169.254.0.2 route-map OUT out\n"
      " exit-address-family\nexit\n!\nroute-map IN permit 10\nexit\n";
  BgpConfig c = parse_bgp(frr);
  CHECK(c.asn == "65001");
  CHECK(c.neighbors["169.254.0.2"].holdtime == "9");
  auto d = bgp_delta(parse_bgp(frr), load_bgp(tree(kBgp).get()));
  REQUIRE(d.ok());
  CHECK(d->commands.empty());
  // What a crashed commit left behind is removed; the rest is untouched.
  auto extra = bgp_delta(parse_bgp(frr + ""), load_bgp(tree("").get()));
  REQUIRE(extra.ok());
  CHECK(testing::text(extra->commands) == "no router bgp 65001\n");
}

}  // namespace backend::frr
