#include "schema/path.h"

#include <doctest/doctest.h>

#include "schema/test_schema.h"

namespace schema {

TEST_CASE("resolve builds a canonical path with roles") {
  auto r = resolve(test_schema(), {},
                   {"interfaces", "vti", "vti0", "mtu", "1436"},
                   ResolveMode::kSet);
  REQUIRE(r.ok());
  CHECK(path_string(r->path) == "interfaces vti vti0 mtu");
  CHECK(r->path[2].role == Role::kTagValue);
  CHECK(r->path[3].role == Role::kNode);
  REQUIRE(r->value);
  CHECK(*r->value == "1436");
}

TEST_CASE("a bad word names the path VyOS's way and suggests the closest") {
  auto r = resolve(test_schema(), {},
                   {"interfaces", "vti", "vti0", "mtuu", "1436"},
                   ResolveMode::kSet);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().vyos ==
        "Configuration path: [interfaces vti vti0 mtuu] is not valid");
  CHECK(r.error().hint == "did you mean 'mtu'?");
  CHECK(r.error().path == "interfaces vti vti0 mtuu");
}

TEST_CASE("a bad value names the leaf, the value and the range") {
  auto r = resolve(test_schema(), {},
                   {"interfaces", "vti", "vti0", "mtu", "99999"},
                   ResolveMode::kSet);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().vyos == "Value validation failed");
  CHECK(r.error().message == "mtu: 99999 is out of range 68-9000");
  CHECK(r.error().path == "interfaces vti vti0 mtu");
  CHECK(r.error().to_string() ==
        "error: mtu: 99999 is out of range 68-9000 [interfaces vti vti0 mtu]");
}

TEST_CASE("tag keys are type-checked when setting") {
  auto r = resolve(test_schema(), {}, {"interfaces", "vti", "eth0"},
                   ResolveMode::kSet);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().vyos == "Value validation failed");
  auto d = resolve(test_schema(), {}, {"interfaces", "vti", "eth0"},
                   ResolveMode::kDelete);
  CHECK(d.ok());  // deleting only needs the words to fit the schema
}

TEST_CASE("a leaf needs its value; a valueless leaf takes none") {
  auto r = resolve(test_schema(), {}, {"interfaces", "vti", "vti0", "mtu"},
                   ResolveMode::kSet);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().vyos ==
        "Configuration path: [interfaces vti vti0 mtu] requires a value");
  auto v = resolve(test_schema(), {},
                   {"interfaces", "vti", "vti0", "disable", "yes"},
                   ResolveMode::kSet);
  CHECK_FALSE(v.ok());
}

TEST_CASE("values with control characters or quotes are refused") {
  for (const std::string& bad : {std::string("a\nb"), std::string("a'b"),
                                 std::string("a\"b"), std::string("a\0b", 3)}) {
    auto r = resolve(test_schema(), {},
                     {"interfaces", "vti", "vti0", "description", bad},
                     ResolveMode::kSet);
    CHECK_FALSE(r.ok());
  }
  auto nl = resolve(test_schema(), {},
                    {"interfaces", "vti", "vti0", "description", "x\nend"},
                    ResolveMode::kSet);
  CHECK_FALSE(nl.ok());
}

TEST_CASE("older spellings resolve to their canonical place with a note") {
  auto r = resolve(test_schema(), {},
                   {"protocols", "bgp", "65010", "neighbor", "192.0.2.1",
                    "route-map", "import", "IN"},
                   ResolveMode::kSet);
  REQUIRE(r.ok());
  CHECK(path_string(r->path) ==
        "protocols bgp 65010 neighbor 192.0.2.1 address-family ipv4-unicast "
        "route-map import");
  REQUIRE(r->notes.size() == 1);
  CHECK(r->notes[0] == "moved under address-family ipv4-unicast");
}

TEST_CASE("resolve is relative to an edit level") {
  auto base = resolve(test_schema(), {},
                      {"protocols", "bgp", "65010", "neighbor", "192.0.2.1"},
                      ResolveMode::kEdit);
  REQUIRE(base.ok());
  auto r = resolve(test_schema(), base->path, {"remote-as", "64512"},
                   ResolveMode::kSet);
  REQUIRE(r.ok());
  CHECK(path_string(r->path) ==
        "protocols bgp 65010 neighbor 192.0.2.1 remote-as");
  auto e = resolve(test_schema(), {}, {"interfaces", "vti", "vti0", "mtu"},
                   ResolveMode::kEdit);
  REQUIRE_FALSE(e.ok());
  CHECK(e.error().vyos ==
        "The \"edit\" command cannot be issued at the specified level");
}

TEST_CASE("closest_word suggests only close words") {
  CHECK(closest_word("mtuu", {"mtu", "address"}) == "mtu");
  CHECK(closest_word("adress", {"mtu", "address"}) == "address");
  CHECK(closest_word("zzzzzz", {"mtu", "address"}).empty());
}

}  // namespace schema
