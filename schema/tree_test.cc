#include "schema/tree.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace schema {
namespace {

std::vector<std::string> names(const Node* n) {
  std::vector<std::string> out;
  n->children().for_each([&](const Node* c) { out.emplace_back(c->name()); });
  return out;
}

}  // namespace

TEST_CASE("children stay in natural order across chunk splits") {
  SchemaNode sn;
  NodePtr root = Node::make(&sn, Role::kNode, "");
  // Insert 1000 names out of order: chunks split many times.
  for (int i = 0; i < 1000; ++i) {
    int k = (i * 7919) % 1000;
    root->mutable_children().put_sorted(
        Node::make(&sn, Role::kNode, "eth" + std::to_string(k)));
  }
  REQUIRE(root->children().size() == 1000);
  auto v = names(root.get());
  for (int i = 0; i < 1000; ++i) CHECK(v[i] == "eth" + std::to_string(i));
  CHECK(root->children().find("eth999") != nullptr);
  CHECK(root->children().find("eth1000") == nullptr);
}

TEST_CASE("a clone shares children until one side is edited") {
  SchemaNode sn;
  NodePtr a = Node::make(&sn, Role::kNode, "");
  for (int i = 0; i < 300; ++i) {
    a->mutable_children().put_sorted(
        Node::make(&sn, Role::kNode, "n" + std::to_string(i)));
  }
  NodePtr b = a->clone();
  CHECK(a->children().same_as(b->children()));
  CHECK(b->mutable_children().erase("n5", true));
  b->mutable_children().put_sorted(Node::make(&sn, Role::kNode, "zz"));
  Node* n7 = b->mutable_children().mutable_child("n7", true);
  n7->mutable_children().put_sorted(Node::make(&sn, Role::kNode, "x"));
  // The original is untouched.
  CHECK(a->children().size() == 300);
  CHECK(a->children().find("n5") != nullptr);
  CHECK(a->children().find("zz") == nullptr);
  CHECK(a->children().find("n7")->children().empty());
  CHECK(b->children().size() == 300);
  CHECK(b->children().find("n5") == nullptr);
  CHECK(b->children().find("n7")->children().size() == 1);
  // Untouched children are the same nodes in both.
  CHECK(a->children().find("n200") == b->children().find("n200"));
}

TEST_CASE("insertion order for values of multi-value leaves") {
  SchemaNode sn;
  NodePtr leaf = Node::make(&sn, Role::kNode, "address");
  for (const char* v : {"10.0.0.2/24", "10.0.0.1/24", "192.0.2.1/24"}) {
    leaf->mutable_children().append(Node::make(&sn, Role::kValue, v));
  }
  CHECK(names(leaf.get()) ==
        std::vector<std::string>{"10.0.0.2/24", "10.0.0.1/24", "192.0.2.1/24"});
  CHECK(leaf->children().find_linear("10.0.0.1/24") != nullptr);
  CHECK(leaf->mutable_children().erase("10.0.0.1/24", false));
  CHECK(names(leaf.get()) ==
        std::vector<std::string>{"10.0.0.2/24", "192.0.2.1/24"});
  for (int i = 0; i < 200; ++i) {  // past one chunk
    leaf->mutable_children().append(
        Node::make(&sn, Role::kValue, "v" + std::to_string(200 - i)));
  }
  CHECK(names(leaf.get()).back() == "v1");
}

TEST_CASE("comments travel with the node") {
  SchemaNode sn;
  NodePtr n = Node::make(&sn, Role::kNode, "eth0", "uplink");
  CHECK(n->name() == "eth0");
  CHECK(n->comment() == "uplink");
  NodePtr m = n->with_comment("");
  CHECK(m->comment().empty());
  CHECK(m->name() == "eth0");
}

}  // namespace schema
