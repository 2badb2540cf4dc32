#include "schema/validate.h"

#include <doctest/doctest.h>

#include "schema/edit.h"
#include "schema/test_schema.h"

namespace schema {
namespace {

void set(NodePtr& root, std::vector<std::string> words) {
  auto r = resolve(test_schema(), {}, words, ResolveMode::kSet);
  REQUIRE_MESSAGE(r.ok(), r.error().to_string());
  REQUIRE(set_path(root, *r).ok());
}

}  // namespace

TEST_CASE("validate reports every problem with its path") {
  NodePtr root = empty_tree(test_schema());
  set(root, {"policy", "route-map", "IN", "rule", "10"});  // no action
  set(root, {"protocols", "bgp", "65010", "neighbor", "192.0.2.1",
             "route-map", "import", "MISSING"});
  set(root, {"protocols", "bgp", "65010", "neighbor", "192.0.2.1",
             "peer-group", "NOPE"});
  set(root, {"vpn", "peer", "a", "bind", "vti0"});  // vti0 not defined
  rc::Errors e = validate(test_schema(), root.get());
  // In tree order: policy, protocols, vpn.
  REQUIRE(e.size() == 4);
  CHECK(e[0].message == "you must specify an action");
  CHECK(e[0].path == "policy route-map IN rule 10");
  CHECK(e[0].hint == "set action (one of: permit, deny)");
  CHECK(e[1].message == "import: policy route-map MISSING does not exist");
  CHECK(e[1].path ==
        "protocols bgp 65010 neighbor 192.0.2.1 address-family ipv4-unicast "
        "route-map import");
  CHECK(e[1].hint == "defined: IN");
  CHECK(e[2].message ==
        "peer-group: protocols bgp 65010 peer-group NOPE does not exist");
  CHECK(e[3].message == "bind: interfaces vti vti0 does not exist");
  CHECK(e[3].path == "vpn peer a bind");
}

TEST_CASE("references that resolve and present mandatory nodes pass") {
  NodePtr root = empty_tree(test_schema());
  set(root, {"policy", "route-map", "IN", "rule", "10", "action", "permit"});
  set(root, {"protocols", "bgp", "65010", "peer-group", "PG", "remote-as", "1"});
  set(root, {"protocols", "bgp", "65010", "neighbor", "192.0.2.1",
             "peer-group", "PG"});
  set(root, {"protocols", "bgp", "65010", "neighbor", "192.0.2.1",
             "route-map", "import", "IN"});
  set(root, {"interfaces", "vti", "vti0"});
  set(root, {"vpn", "peer", "a", "bind", "vti0"});
  CHECK(validate(test_schema(), root.get()).empty());
}

TEST_CASE("unique values and limited tag nodes") {
  NodePtr root = empty_tree(test_schema());
  set(root, {"interfaces", "vti", "vti0"});
  set(root, {"vpn", "peer", "a", "bind", "vti0"});
  set(root, {"vpn", "peer", "b", "bind", "vti0"});
  set(root, {"protocols", "bgp", "65010", "neighbor", "192.0.2.1",
             "remote-as", "1"});
  set(root, {"protocols", "bgp", "65020", "neighbor", "192.0.2.1",
             "remote-as", "1"});
  rc::Errors e = validate(test_schema(), root.get());
  REQUIRE(e.size() == 3);
  CHECK(e[0].message == "only 1 bgp instance is allowed, 2 are configured");
  CHECK(e[1].message == "bind vti0 is used more than once");
  CHECK(e[1].hint == "also at: vpn peer b bind");
}

}  // namespace schema
