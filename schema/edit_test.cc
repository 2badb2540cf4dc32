#include "schema/edit.h"

#include <doctest/doctest.h>

#include "schema/test_schema.h"

namespace schema {
namespace {

Resolved must(const Path& base, std::vector<std::string> words,
              ResolveMode mode = ResolveMode::kSet) {
  auto r = resolve(test_schema(), base, words, mode);
  REQUIRE_MESSAGE(r.ok(), r.error().to_string());
  return r.value();
}

void set(NodePtr& root, std::vector<std::string> words) {
  auto out = set_path(root, must({}, std::move(words)));
  REQUIRE(out.ok());
}

}  // namespace

TEST_CASE("set on a leaf replaces, on a multi-value leaf appends") {
  NodePtr root = empty_tree(test_schema());
  set(root, {"interfaces", "vti", "vti0", "mtu", "1400"});
  set(root, {"interfaces", "vti", "vti0", "mtu", "1436"});
  const Node* mtu = find_node(root.get(), {"interfaces", "vti", "vti0", "mtu"});
  REQUIRE(mtu != nullptr);
  CHECK(mtu->children().size() == 1);
  CHECK(leaf_value(mtu) == "1436");
  set(root, {"interfaces", "vti", "vti0", "address", "10.0.0.2/30"});
  set(root, {"interfaces", "vti", "vti0", "address", "10.0.0.1/30"});
  set(root, {"interfaces", "vti", "vti0", "address", "10.0.0.2/30"});
  const Node* addr =
      find_node(root.get(), {"interfaces", "vti", "vti0", "address"});
  CHECK(addr->children().size() == 2);
}

TEST_CASE("setting what exists succeeds without changing the tree") {
  NodePtr root = empty_tree(test_schema());
  set(root, {"interfaces", "vti", "vti0", "mtu", "1400"});
  NodePtr before = root;
  auto out = set_path(root, must({}, {"interfaces", "vti", "vti0", "mtu", "1400"}));
  REQUIRE(out.ok());
  CHECK_FALSE(out->changed);
  CHECK(root == before);
}

TEST_CASE("delete of a missing path says Nothing to delete") {
  NodePtr root = empty_tree(test_schema());
  auto out = delete_path(
      root, must({}, {"interfaces", "vti", "vti0"}, ResolveMode::kDelete));
  REQUIRE_FALSE(out.ok());
  CHECK(out.error().code == rc::Code::kNotFound);
  CHECK(out.error().message ==
        "Nothing to delete (the specified node does not exist)");
  set(root, {"interfaces", "vti", "vti0", "address", "10.0.0.1/30"});
  auto v = delete_path(root, must({}, {"interfaces", "vti", "vti0", "address",
                                       "10.9.9.9/30"},
                                  ResolveMode::kDelete));
  REQUIRE_FALSE(v.ok());
  CHECK(v.error().message ==
        "Nothing to delete (the specified value does not exist)");
}

TEST_CASE("deleting the last child removes emptied parents, not tag values") {
  NodePtr root = empty_tree(test_schema());
  set(root, {"interfaces", "vti", "vti0", "mtu", "1400"});
  auto out = delete_path(root, must({}, {"interfaces", "vti", "vti0", "mtu"},
                                    ResolveMode::kDelete));
  REQUIRE(out.ok());
  // vti0 stays (an empty tag value means something), mtu is gone.
  const Node* vti0 = find_node(root.get(), {"interfaces", "vti", "vti0"});
  REQUIRE(vti0 != nullptr);
  CHECK(vti0->children().empty());
  set(root, {"protocols", "static", "route", "10.0.0.0/8", "next-hop",
             "192.0.2.1", "distance", "10"});
  REQUIRE(delete_path(root, must({}, {"protocols", "static", "route",
                                      "10.0.0.0/8", "next-hop", "192.0.2.1",
                                      "distance"},
                                 ResolveMode::kDelete))
              .ok());
  CHECK(find_node(root.get(), {"protocols", "static", "route", "10.0.0.0/8",
                               "next-hop", "192.0.2.1"}) != nullptr);
  REQUIRE(delete_path(root, must({}, {"protocols", "static", "route"},
                                 ResolveMode::kDelete))
              .ok());
  // route and static are gone; protocols too (nothing else under it).
  CHECK(find_node(root.get(), {"protocols"}) == nullptr);
}

TEST_CASE("a deleted leaf with a default is back at its default") {
  NodePtr root = empty_tree(test_schema());
  set(root, {"interfaces", "vti", "vti0", "mtu", "1400"});
  set(root, {"interfaces", "vti", "vti0", "description", "x"});
  REQUIRE(delete_path(root, must({}, {"interfaces", "vti", "vti0", "mtu"},
                                 ResolveMode::kDelete))
              .ok());
  const Node* vti0 = find_node(root.get(), {"interfaces", "vti", "vti0"});
  CHECK(vti0->children().find("mtu") == nullptr);
  CHECK(test_schema().find({"interfaces", "vti", "vti0", "mtu"})->default_value ==
        "1500");
}

TEST_CASE("edits never change a version shared with another") {
  NodePtr running = empty_tree(test_schema());
  set(running, {"interfaces", "vti", "vti0", "mtu", "1400"});
  set(running, {"interfaces", "vti", "vti1", "mtu", "1400"});
  NodePtr candidate = running;
  set(candidate, {"interfaces", "vti", "vti0", "mtu", "1500"});
  REQUIRE(delete_path(candidate, must({}, {"interfaces", "vti", "vti1"},
                                      ResolveMode::kDelete))
              .ok());
  CHECK(leaf_value(find_node(running.get(),
                             {"interfaces", "vti", "vti0", "mtu"})) == "1400");
  CHECK(find_node(running.get(), {"interfaces", "vti", "vti1"}) != nullptr);
  CHECK(leaf_value(find_node(candidate.get(),
                             {"interfaces", "vti", "vti0", "mtu"})) == "1500");
  CHECK(find_node(candidate.get(), {"interfaces", "vti", "vti1"}) == nullptr);
}

TEST_CASE("comments are set on existing nodes only") {
  NodePtr root = empty_tree(test_schema());
  set(root, {"interfaces", "vti", "vti0", "mtu", "1400"});
  Path p = must({}, {"interfaces", "vti", "vti0"}, ResolveMode::kDelete).path;
  REQUIRE(set_comment(root, p, "tunnel one").ok());
  CHECK(find_node(root.get(), p)->comment() == "tunnel one");
  Path q = must({}, {"interfaces", "vti", "vti9"}, ResolveMode::kDelete).path;
  CHECK_FALSE(set_comment(root, q, "x").ok());
}

}  // namespace schema
