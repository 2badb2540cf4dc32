#include "commits/order.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "schema/diff.h"
#include "schema/edit.h"
#include "schema/set_lines.h"
#include "schema/test_schema.h"

namespace commits {
namespace {

// Two owners whose objects may refer to each other: a cycle is possible.
const schema::Schema& cyclic_schema() {
  static const schema::Schema* s = [] {
    auto r = schema::Schema::load({{"cyclic.json", R"({
      "mount": [],
      "nodes": {
        "alpha": {"kind": "tag", "type": "name", "owner": "a", "priority": 10,
          "children": {"uses": {"kind": "leaf", "type": "name", "ref": "beta"}}},
        "beta": {"kind": "tag", "type": "name", "owner": "b", "priority": 20,
          "children": {"uses": {"kind": "leaf", "type": "name", "ref": "alpha"}}}}})"}});
    REQUIRE(r.ok());
    return std::move(r).value().release();
  }();
  return *s;
}

DriverOrder must_order(const schema::Schema& s, const char* from, const char* to) {
  auto a = schema::parse_set_lines(s, from);
  auto b = schema::parse_set_lines(s, to);
  REQUIRE(a.errors.empty());
  REQUIRE(b.errors.empty());
  auto changes = schema::diff(a.root.get(), b.root.get());
  auto o = order_drivers(s, a.root.get(), b.root.get(), changes);
  REQUIRE_MESSAGE(o.ok(), o.error().to_string());
  return o.value();
}

}  // namespace

TEST_CASE("order: a referenced object's driver comes first") {
  auto o = must_order(schema::test_schema(), "",
                      "set vpn peer a bind vti0\n"
                      "set interfaces vti vti0 mtu 1400\n"
                      "set policy route-map IN rule 10 action permit\n"
                      "set protocols bgp 1 neighbor 192.0.2.1 route-map import IN\n");
  auto pos = [&](const std::string& d) {
    return std::find(o.drivers.begin(), o.drivers.end(), d) - o.drivers.begin();
  };
  CHECK(pos("vti") < pos("ipsec"));
  CHECK(pos("policy") < pos("bgp"));
  CHECK(std::find(o.edges.begin(), o.edges.end(),
                  std::make_pair(std::string("interfaces vti vti0"),
                                 std::string("vpn peer a"))) != o.edges.end());
}

TEST_CASE("order: objects are the tag values under their owner") {
  auto p = schema::resolve(schema::test_schema(), {},
                           {"protocols", "bgp", "65010", "neighbor", "192.0.2.1",
                            "remote-as", "1"},
                           schema::ResolveMode::kSet);
  REQUIRE(p.ok());
  CHECK(object_of(p->path) == "protocols bgp 65010 neighbor 192.0.2.1");
  auto v = schema::resolve(schema::test_schema(), {},
                           {"interfaces", "vti", "vti0", "mtu", "1400"},
                           schema::ResolveMode::kSet);
  REQUIRE(v.ok());
  CHECK(object_of(v->path) == "interfaces vti vti0");
}

TEST_CASE("order: a cycle between objects is an error naming it") {
  const auto& s = cyclic_schema();
  auto b = schema::parse_set_lines(s, "set alpha x uses y\nset beta y uses x\n");
  REQUIRE(b.errors.empty());
  auto empty = schema::empty_tree(s);
  auto changes = schema::diff(empty.get(), b.root.get());
  auto o = order_drivers(s, empty.get(), b.root.get(), changes);
  REQUIRE_FALSE(o.ok());
  CHECK(o.error().message.find("dependency cycle") == 0);
  CHECK(o.error().message.find("alpha x") != std::string::npos);
  CHECK(o.error().message.find("beta y") != std::string::npos);
}

TEST_CASE("order: without references, schema priority decides") {
  const auto& s = cyclic_schema();
  auto o = must_order(s, "", "set beta q\nset alpha p\n");
  REQUIRE(o.drivers.size() == 2);
  CHECK(o.drivers[0] == "a");
  CHECK(o.drivers[1] == "b");
}

}  // namespace commits
