// Tests of the static owner: model, verify messages, golden deltas.
#include <doctest/doctest.h>

#include "backend/frr/static.h"
#include "backend/frr/test_util.h"

namespace backend::frr {
namespace {

using testing::tree;
std::string delta_of(const std::string& a, const std::string& b) {
  auto d = static_delta(load_static(tree(a).get()), load_static(tree(b).get()));
  REQUIRE(d.ok());
  return testing::text(d->commands);
}

}  // namespace

TEST_CASE("static model: next-hops, blackhole and interface routes") {
  auto t = tree(
      "set protocols static route 10.0.0.0/8 next-hop 192.0.2.1 distance 20\n"
      "set protocols static route 10.0.0.0/8 next-hop 192.0.2.9 disable\n"
      "set protocols static route 203.0.113.0/24 blackhole distance 250\n"
      "set protocols static interface-route 198.51.100.0/24 next-hop-interface eth1 distance 5\n");
  StaticConfig c = load_static(t.get());
  REQUIRE(c.routes.size() == 2);
  CHECK(c.routes["10.0.0.0/8"].next_hops["192.0.2.1"].distance == "20");
  CHECK(c.routes["10.0.0.0/8"].next_hops["192.0.2.9"].disable);
  CHECK(c.routes["203.0.113.0/24"].blackhole);
  CHECK(c.routes["203.0.113.0/24"].blackhole_distance == "250");
  CHECK(c.interface_routes["198.51.100.0/24"]["eth1"].distance == "5");
  CHECK(load_static(nullptr).routes.empty());
}

TEST_CASE("static verify: a route needs a next-hop, a blackhole or an interface") {
  auto t = tree("set protocols static route 10.0.0.0/8\n"
                "set protocols static interface-route 10.1.0.0/16\n"
                "set protocols static route 10.2.0.0/16 blackhole\n");
  rc::Errors e = verify_static(load_static(t.get()));
  REQUIRE(e.size() == 2);
  CHECK(e[0].message == "Must add either a next-hop or blackhole or interface for route 10.0.0.0/8");
  CHECK(e[0].path == "protocols static route 10.0.0.0/8");
  CHECK(e[1].message == "Must add either a next-hop or blackhole or interface for route 10.1.0.0/16");
  CHECK(e[1].path == "protocols static interface-route 10.1.0.0/16");
}

TEST_CASE("static verify: an interface named like a keyword is refused") {
  auto t = tree("set protocols static interface-route 10.1.0.0/16 "
                "next-hop-interface blackhole\n");
  rc::Errors e = verify_static(load_static(t.get()));
  REQUIRE(e.size() == 1);
  CHECK(e[0].message == "Interface \"blackhole\" is a keyword of FRR's ip route command");
  CHECK(!static_delta(StaticConfig{}, load_static(t.get())).ok());
}

TEST_CASE("static golden: add with distance, blackhole and interface-route") {
  CHECK(delta_of("",
                 "set protocols static route 10.0.0.0/8 next-hop 192.0.2.1 distance 20\n"
                 "set protocols static route 10.0.0.0/8 next-hop 192.0.2.9 disable\n"
                 "set protocols static route 203.0.113.0/24 blackhole distance 250\n"
                 "set protocols static interface-route 198.51.100.0/24 "
                 "next-hop-interface eth1 distance 5\n") ==
        "ip route 10.0.0.0/8 192.0.2.1 20\n"
        "ip route 203.0.113.0/24 blackhole 250\n"
        "ip route 198.51.100.0/24 eth1 5\n");
}

TEST_CASE("static golden: distance change re-issues, delete and disable remove") {
  std::string base =
      "set protocols static route 10.0.0.0/8 next-hop 192.0.2.1 distance 20\n"
      "set protocols static route 10.9.0.0/16 next-hop 192.0.2.1\n"
      "set protocols static route 10.8.0.0/16 next-hop 192.0.2.2\n";
  CHECK(delta_of(base,
                 "set protocols static route 10.0.0.0/8 next-hop 192.0.2.1 distance 30\n"
                 "set protocols static route 10.9.0.0/16 next-hop 192.0.2.1 disable\n") ==
        "no ip route 10.8.0.0/16 192.0.2.2\n"
        "no ip route 10.9.0.0/16 192.0.2.1\n"
        "ip route 10.0.0.0/8 192.0.2.1 30\n");
  CHECK(delta_of(base, base).empty());
}

TEST_CASE("static parse: FRR's running configuration back into the model") {
  StaticConfig c = parse_static(
      "frr version 8.4.4\n!\nip route 10.0.0.0/8 192.0.2.1 20\n"
      "ip route 10.2.0.0/24 blackhole 250\nip route 10.3.0.0/24 eth1\n"
      "ip route 10.4.0.0/24 192.0.2.1 eth1 tag 5\n!\nend\n");
  CHECK(c.routes["10.0.0.0/8"].next_hops["192.0.2.1"].distance == "20");
  CHECK(c.routes["10.2.0.0/24"].blackhole_distance == "250");
  CHECK(c.interface_routes["10.3.0.0/24"]["eth1"].distance.empty());
  CHECK(c.routes.count("10.4.0.0/24") == 0);  // not a shape we write
}

}  // namespace backend::frr
