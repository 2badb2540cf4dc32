#include "schema/diff.h"

#include <doctest/doctest.h>

#include "schema/edit.h"
#include "schema/test_schema.h"

namespace schema {
namespace {

void apply(NodePtr& root, std::vector<std::string> words, bool del = false) {
  auto r = resolve(test_schema(), {}, words,
                   del ? ResolveMode::kDelete : ResolveMode::kSet);
  REQUIRE_MESSAGE(r.ok(), r.error().to_string());
  if (del) {
    REQUIRE(delete_path(root, *r).ok());
  } else {
    REQUIRE(set_path(root, *r).ok());
  }
}

}  // namespace

TEST_CASE("diff of equal trees is empty") {
  NodePtr a = empty_tree(test_schema());
  apply(a, {"interfaces", "vti", "vti0", "mtu", "1400"});
  NodePtr b = a;
  CHECK(diff(a.get(), b.get()).empty());
}

TEST_CASE("diff lists added, deleted and modified leaves in tree order") {
  NodePtr a = empty_tree(test_schema());
  apply(a, {"interfaces", "vti", "vti0", "mtu", "1400"});
  apply(a, {"interfaces", "vti", "vti1", "description", "old"});
  NodePtr b = a;
  apply(b, {"interfaces", "vti", "vti0", "mtu", "1436"});
  apply(b, {"interfaces", "vti", "vti1"}, true);
  apply(b, {"interfaces", "vti", "vti2", "disable"});
  auto d = diff(a.get(), b.get());
  REQUIRE(d.size() == 3);
  CHECK(d[0].op == Change::Op::kModify);
  CHECK(path_string(d[0].path) == "interfaces vti vti0 mtu");
  CHECK(d[0].old_values == std::vector<std::string>{"1400"});
  CHECK(d[0].new_values == std::vector<std::string>{"1436"});
  CHECK(d[1].op == Change::Op::kDelete);
  CHECK(path_string(d[1].path) == "interfaces vti vti1 description");
  CHECK(d[1].old_values == std::vector<std::string>{"old"});
  CHECK(d[2].op == Change::Op::kAdd);
  CHECK(path_string(d[2].path) == "interfaces vti vti2 disable");
}

TEST_CASE("reordering a multi-value leaf is a change") {
  NodePtr a = empty_tree(test_schema());
  apply(a, {"interfaces", "vti", "vti0", "address", "10.0.0.1/30"});
  apply(a, {"interfaces", "vti", "vti0", "address", "10.0.1.1/30"});
  NodePtr b = a;
  apply(b, {"interfaces", "vti", "vti0", "address", "10.0.0.1/30"}, true);
  apply(b, {"interfaces", "vti", "vti0", "address", "10.0.0.1/30"});
  auto d = diff(a.get(), b.get());
  REQUIRE(d.size() == 1);
  CHECK(d[0].new_values ==
        std::vector<std::string>{"10.0.1.1/30", "10.0.0.1/30"});
}

TEST_CASE("diff after one edit in a wide list finds exactly that edit") {
  NodePtr a = empty_tree(test_schema());
  for (int i = 0; i < 2000; ++i) {
    apply(a, {"protocols", "static", "route",
              "10." + std::to_string(i / 250) + "." + std::to_string(i % 250) +
                  ".0/24",
              "next-hop", "192.0.2.1"});
  }
  NodePtr b = a;
  apply(b, {"protocols", "static", "route", "10.3.17.0/24", "next-hop",
            "192.0.2.1", "distance", "5"});
  auto d = diff(a.get(), b.get());
  REQUIRE(d.size() == 1);
  CHECK(path_string(d[0].path) ==
        "protocols static route 10.3.17.0/24 next-hop 192.0.2.1 distance");
  CHECK(d[0].op == Change::Op::kAdd);
}

TEST_CASE("a comment change is reported as such") {
  NodePtr a = empty_tree(test_schema());
  apply(a, {"interfaces", "vti", "vti0", "mtu", "1400"});
  NodePtr b = a;
  auto p = resolve(test_schema(), {}, {"interfaces", "vti", "vti0"},
                   ResolveMode::kDelete);
  REQUIRE(set_comment(b, p->path, "note").ok());
  auto d = diff(a.get(), b.get());
  REQUIRE(d.size() == 1);
  CHECK(d[0].comment);
  CHECK(d[0].new_comment == "note");
}

}  // namespace schema
