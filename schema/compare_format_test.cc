// Layout checked here (VyOS 1.3 cnode-algorithm.cpp):
//
// render_compare: `[edit <words>]` headers (root: `[edit]`) naming the
// deepest container or tag value present in both trees (a tag node itself
// is never a context: `+vti vti1 {` comes under `[edit interfaces]`). Each
// line is the marker in column 0, then 4 spaces per level below the
// header: what changed in a common node is at level 0, only whole added or
// removed subtrees nest. Multi-value leaves compare as VyOS does: removed
// values first (`-`), then the new values that are added (`+`) or moved
// off their old index (`>`); a changed comment is `>/* text */` (added
// `+`, removed `-`) followed by the node's own line with a space marker
// (` vti vti0 { ... }` for a block).
//
// render_marked: the same lines for every node (not only the changed
// ones), nested, with a space marker on unchanged lines: column 0 is the
// marker, then the line's own config.boot indentation (depth 0 for the
// children of the node shown).
#include "schema/compare_format.h"

#include <doctest/doctest.h>

#include "schema/edit.h"
#include "schema/test_schema.h"

namespace schema {
namespace {

void apply(NodePtr& root, std::vector<std::string> words, bool del = false,
           const Schema& s = test_schema()) {
  auto r =
      resolve(s, {}, words, del ? ResolveMode::kDelete : ResolveMode::kSet);
  REQUIRE_MESSAGE(r.ok(), r.error().to_string());
  if (del) {
    REQUIRE(delete_path(root, *r).ok());
  } else {
    REQUIRE(set_path(root, *r).ok());
  }
}

void remove(NodePtr& root, std::vector<std::string> words) {
  apply(root, std::move(words), true);
}

void comment(NodePtr& root, std::vector<std::string> words,
             const std::string& text) {
  auto r = resolve(test_schema(), {}, words, ResolveMode::kDelete);
  REQUIRE(r.ok());
  REQUIRE(set_comment(root, r->path, text).ok());
}

const std::vector<std::string> kVti0 = {"interfaces", "vti", "vti0"};

std::vector<std::string> vti0(std::vector<std::string> rest) {
  std::vector<std::string> w = kVti0;
  w.insert(w.end(), rest.begin(), rest.end());
  return w;
}

// interfaces vti vti0 {description old, mtu 1400}.
NodePtr base_tree() {
  NodePtr root = empty_tree(test_schema());
  apply(root, vti0({"description", "old"}));
  apply(root, vti0({"mtu", "1400"}));
  return root;
}

RenderOptions hidden() {
  RenderOptions o;
  o.hide_secrets = true;
  return o;
}

}  // namespace

TEST_CASE("compare: equal trees print nothing") {
  NodePtr a = base_tree();
  NodePtr b = a;
  CHECK(render_compare(a.get(), b.get()) == "");
  CHECK(render_compare_commands(a.get(), b.get()) == "");
  // Equal but built separately: no pointer is shared.
  NodePtr c = base_tree();
  CHECK(render_compare(a.get(), c.get()) == "");
  CHECK(render_compare_commands(a.get(), c.get()) == "");
  // Set again to what it is: still equal.
  apply(b, vti0({"mtu", "1400"}));
  CHECK(render_compare(a.get(), b.get()) == "");
}

TEST_CASE("compare: a changed value is `>` with the new value only") {
  NodePtr a = base_tree();
  NodePtr b = a;
  apply(b, vti0({"mtu", "1436"}));
  CHECK(render_compare(a.get(), b.get()) ==
        "[edit interfaces vti vti0]\n"
        ">mtu 1436\n");
  // No delete for a changed single value: the set replaces it.
  CHECK(render_compare_commands(a.get(), b.get()) ==
        "set interfaces vti vti0 mtu '1436'\n");
  // Values are quoted as config.boot quotes them.
  apply(b, vti0({"description", "to core"}));
  CHECK(render_compare(a.get(), b.get()) ==
        "[edit interfaces vti vti0]\n"
        ">description \"to core\"\n"
        ">mtu 1436\n");
}

TEST_CASE("compare: an added subtree is printed in full, `+` on each line") {
  NodePtr a = base_tree();
  NodePtr b = a;
  apply(b, {"interfaces", "vti", "vti1", "address", "10.0.1.1/30"});
  apply(b, {"interfaces", "vti", "vti1", "description", "new link"});
  CHECK(render_compare(a.get(), b.get()) ==
        "[edit interfaces]\n"
        "+vti vti1 {\n"
        "+    address 10.0.1.1/30\n"
        "+    description \"new link\"\n"
        "+}\n");
  CHECK(render_compare_commands(a.get(), b.get()) ==
        "set interfaces vti vti1 address '10.0.1.1/30'\n"
        "set interfaces vti vti1 description 'new link'\n");

  // A new top-level container: context [edit], nested indentation.
  NodePtr c = a;
  apply(c, {"protocols", "static", "route", "10.0.0.0/8", "next-hop",
            "192.0.2.1", "distance", "10"});
  CHECK(render_compare(a.get(), c.get()) ==
        "[edit]\n"
        "+protocols {\n"
        "+    static {\n"
        "+        route 10.0.0.0/8 {\n"
        "+            next-hop 192.0.2.1 {\n"
        "+                distance 10\n"
        "+            }\n"
        "+        }\n"
        "+    }\n"
        "+}\n");
  CHECK(render_compare_commands(a.get(), c.get()) ==
        "set protocols static route 10.0.0.0/8 next-hop 192.0.2.1 distance "
        "'10'\n");
}

TEST_CASE("compare: a removed subtree is printed in full, `-` on each line") {
  NodePtr a = base_tree();
  apply(a, {"interfaces", "vti", "vti1", "address", "10.0.1.1/30"});
  apply(a, {"interfaces", "vti", "vti1", "disable"});
  NodePtr b = a;
  remove(b, {"interfaces", "vti", "vti1"});
  CHECK(render_compare(a.get(), b.get()) ==
        "[edit interfaces]\n"
        "-vti vti1 {\n"
        "-    address 10.0.1.1/30\n"
        "-    disable\n"
        "-}\n");
  // Only the highest removed node, not each leaf below it.
  CHECK(render_compare_commands(a.get(), b.get()) ==
        "delete interfaces vti vti1\n");
  // A removed leaf.
  NodePtr c = a;
  remove(c, vti0({"description"}));
  CHECK(render_compare(a.get(), c.get()) ==
        "[edit interfaces vti vti0]\n"
        "-description old\n");
  CHECK(render_compare_commands(a.get(), c.get()) ==
        "delete interfaces vti vti0 description\n");
}

TEST_CASE("compare commands: highest removed node, deletes before sets") {
  NodePtr a = base_tree();
  apply(a, {"protocols", "static", "route", "10.0.0.0/8", "next-hop",
            "192.0.2.1", "distance", "10"});
  apply(a, {"protocols", "bgp", "65001", "neighbor", "192.0.2.2", "remote-as",
            "65002"});
  NodePtr b = a;
  // The last route: `static` empties and goes, `protocols` stays (bgp).
  remove(b, {"protocols", "static", "route", "10.0.0.0/8"});
  apply(b, {"interfaces", "vti", "vti1", "disable"});  // sorts before it
  apply(b, vti0({"mtu", "9000"}));
  remove(b, vti0({"description"}));
  CHECK(render_compare_commands(a.get(), b.get()) ==
        "delete interfaces vti vti0 description\n"
        "delete protocols static\n"
        "set interfaces vti vti0 mtu '9000'\n"
        "set interfaces vti vti1 disable\n");
  CHECK(render_compare(a.get(), b.get()) ==
        "[edit interfaces vti vti0]\n"
        "-description old\n"
        ">mtu 9000\n"
        "[edit interfaces]\n"
        "+vti vti1 {\n"
        "+    disable\n"
        "+}\n"
        "[edit protocols]\n"
        "-static {\n"
        "-    route 10.0.0.0/8 {\n"
        "-        next-hop 192.0.2.1 {\n"
        "-            distance 10\n"
        "-        }\n"
        "-    }\n"
        "-}\n");
  // Everything gone: one delete of the top node.
  NodePtr empty = empty_tree(test_schema());
  CHECK(render_compare_commands(a.get(), empty.get()) ==
        "delete interfaces\n"
        "delete protocols\n");
  // An empty tag value is set as its bare path.
  NodePtr c = a;
  apply(c, {"policy", "route-map", "RM"});
  CHECK(render_compare_commands(a.get(), c.get()) ==
        "set policy route-map RM\n");
}

TEST_CASE("compare: multi-value leaves line by line") {
  NodePtr a = base_tree();
  apply(a, vti0({"address", "10.0.0.1/30"}));
  apply(a, vti0({"address", "10.0.0.5/30"}));

  NodePtr b = a;
  remove(b, vti0({"address", "10.0.0.5/30"}));
  apply(b, vti0({"address", "10.0.0.9/30"}));
  CHECK(render_compare(a.get(), b.get()) ==
        "[edit interfaces vti vti0]\n"
        "-address 10.0.0.5/30\n"
        "+address 10.0.0.9/30\n");
  CHECK(render_compare_commands(a.get(), b.get()) ==
        "delete interfaces vti vti0 address '10.0.0.5/30'\n"
        "set interfaces vti vti0 address '10.0.0.9/30'\n");

  // Only added: unchanged values are not shown.
  NodePtr c = a;
  apply(c, vti0({"address", "10.0.0.9/30"}));
  CHECK(render_compare(a.get(), c.get()) ==
        "[edit interfaces vti vti0]\n"
        "+address 10.0.0.9/30\n");
  CHECK(render_compare_commands(a.get(), c.get()) ==
        "set interfaces vti vti0 address '10.0.0.9/30'\n");

  // The first removed: VyOS marks the value that moved to its index `>`.
  NodePtr d = a;
  remove(d, vti0({"address", "10.0.0.1/30"}));
  CHECK(render_compare(a.get(), d.get()) ==
        "[edit interfaces vti vti0]\n"
        "-address 10.0.0.1/30\n"
        ">address 10.0.0.5/30\n");
  CHECK(render_compare_commands(a.get(), d.get()) ==
        "delete interfaces vti vti0 address '10.0.0.1/30'\n");

  // Reordered: set appends, so the leaf is deleted and set again.
  NodePtr e = d;
  apply(e, vti0({"address", "10.0.0.1/30"}));
  CHECK(render_compare(a.get(), e.get()) ==
        "[edit interfaces vti vti0]\n"
        ">address 10.0.0.5/30\n"
        ">address 10.0.0.1/30\n");
  CHECK(render_compare_commands(a.get(), e.get()) ==
        "delete interfaces vti vti0 address\n"
        "set interfaces vti vti0 address '10.0.0.5/30'\n"
        "set interfaces vti vti0 address '10.0.0.1/30'\n");
}

TEST_CASE("compare: an added valueless leaf") {
  NodePtr a = base_tree();
  NodePtr b = a;
  apply(b, vti0({"disable"}));
  CHECK(render_compare(a.get(), b.get()) ==
        "[edit interfaces vti vti0]\n"
        "+disable\n");
  CHECK(render_compare_commands(a.get(), b.get()) ==
        "set interfaces vti vti0 disable\n");
  CHECK(render_compare(b.get(), a.get()) ==
        "[edit interfaces vti vti0]\n"
        "-disable\n");
  CHECK(render_compare_commands(b.get(), a.get()) ==
        "delete interfaces vti vti0 disable\n");
}

TEST_CASE("compare: changes under one parent share a header, two get two") {
  NodePtr a = base_tree();
  apply(a, {"policy", "route-map", "RM", "rule", "10", "action", "permit"});
  NodePtr b = a;
  apply(b, vti0({"mtu", "1436"}));
  apply(b, vti0({"disable"}));
  apply(b, vti0({"description", "new"}));
  apply(b, {"policy", "route-map", "RM", "rule", "10", "action", "deny"});
  CHECK(render_compare(a.get(), b.get()) ==
        "[edit interfaces vti vti0]\n"
        ">description new\n"
        "+disable\n"
        ">mtu 1436\n"
        "[edit policy route-map RM rule 10]\n"
        ">action deny\n");
  CHECK(render_compare_commands(a.get(), b.get()) ==
        "set interfaces vti vti0 description 'new'\n"
        "set interfaces vti vti0 disable\n"
        "set interfaces vti vti0 mtu '1436'\n"
        "set policy route-map RM rule 10 action 'deny'\n");
}

TEST_CASE("compare: comments") {
  NodePtr a = base_tree();
  NodePtr b = a;
  comment(b, kVti0, "uplink");
  CHECK(render_compare(a.get(), b.get()) ==
        "[edit interfaces]\n"
        "+/* uplink */\n"
        " vti vti0 { ... }\n");
  CHECK(render_compare_commands(a.get(), b.get()) ==
        "comment interfaces vti vti0 'uplink'\n");
  NodePtr c = b;
  comment(c, kVti0, "core");
  apply(c, vti0({"mtu", "1436"}));
  CHECK(render_compare(b.get(), c.get()) ==
        "[edit interfaces]\n"
        ">/* core */\n"
        " vti vti0 { ... }\n"
        "[edit interfaces vti vti0]\n"
        ">mtu 1436\n");
  CHECK(render_compare(b.get(), a.get()) ==
        "[edit interfaces]\n"
        "-/* uplink */\n"
        " vti vti0 { ... }\n");
  CHECK(render_compare_commands(b.get(), a.get()) ==
        "comment interfaces vti vti0 ''\n");
  // A leaf's comment: the leaf's line follows, unchanged or not.
  NodePtr d = a;
  comment(d, vti0({"mtu"}), "jumbo later");
  CHECK(render_compare(a.get(), d.get()) ==
        "[edit interfaces vti vti0]\n"
        "+/* jumbo later */\n"
        " mtu 1400\n");
  // Comments come with added subtrees and after every set line.
  NodePtr e = a;
  apply(e, {"interfaces", "vti", "vti1", "disable"});
  comment(e, {"interfaces", "vti", "vti1"}, "spare");
  CHECK(render_compare(a.get(), e.get()) ==
        "[edit interfaces]\n"
        "+/* spare */\n"
        "+vti vti1 {\n"
        "+    disable\n"
        "+}\n");
  CHECK(render_compare_commands(a.get(), e.get()) ==
        "set interfaces vti vti1 disable\n"
        "comment interfaces vti vti1 'spare'\n");
}

TEST_CASE("compare: secrets are masked with hide_secrets") {
  const Schema& s = Schema::builtin();
  const std::vector<std::string> psk = {
      "vpn",       "ipsec",          "site-to-site",     "peer",
      "192.0.2.1", "authentication", "pre-shared-secret"};
  auto with = [&](NodePtr root, const std::string& secret) {
    std::vector<std::string> w = psk;
    w.push_back(secret);
    apply(root, w, false, s);
    return root;
  };
  NodePtr empty = empty_tree(s);
  NodePtr a = with(empty, "x");
  CHECK(render_compare(empty.get(), a.get(), hidden()) ==
        "[edit]\n"
        "+vpn {\n"
        "+    ipsec {\n"
        "+        site-to-site {\n"
        "+            peer 192.0.2.1 {\n"
        "+                authentication {\n"
        "+                    pre-shared-secret \"****************\"\n"
        "+                }\n"
        "+            }\n"
        "+        }\n"
        "+    }\n"
        "+}\n");
  CHECK(render_compare_commands(empty.get(), a.get(), hidden()) ==
        "set vpn ipsec site-to-site peer 192.0.2.1 authentication "
        "pre-shared-secret '****************'\n");
  NodePtr b = with(a, "y");
  CHECK(render_compare(a.get(), b.get(), hidden()) ==
        "[edit vpn ipsec site-to-site peer 192.0.2.1 authentication]\n"
        ">pre-shared-secret \"****************\"\n");
  CHECK(render_compare_commands(a.get(), b.get(), hidden()) ==
        "set vpn ipsec site-to-site peer 192.0.2.1 authentication "
        "pre-shared-secret '****************'\n");
  CHECK(render_marked(b.get(), a.get(), hidden()).find("\"x\"") ==
        std::string::npos);
  CHECK(render_marked(b.get(), a.get(), hidden())
            .find(">                    pre-shared-secret "
                  "\"****************\"\n") != std::string::npos);
  // Without hiding, the value itself.
  CHECK(render_compare(a.get(), b.get()) ==
        "[edit vpn ipsec site-to-site peer 192.0.2.1 authentication]\n"
        ">pre-shared-secret y\n");
  CHECK(render_compare_commands(a.get(), b.get()) ==
        "set vpn ipsec site-to-site peer 192.0.2.1 authentication "
        "pre-shared-secret 'y'\n");
}

TEST_CASE("compare: one change in a wide tree, shared chunks skipped") {
  NodePtr a = empty_tree(test_schema());
  for (int i = 0; i < 1000; ++i) {
    apply(a, {"protocols", "static", "route",
              "10." + std::to_string(i / 250) + "." + std::to_string(i % 250) +
                  ".0/24",
              "next-hop", "192.0.2.1"});
  }
  NodePtr b = a;
  apply(b, {"protocols", "static", "route", "10.2.7.0/24", "next-hop",
            "192.0.2.1", "distance", "5"});
  remove(b, {"protocols", "static", "route", "10.3.100.0/24"});
  CHECK(render_compare(a.get(), b.get()) ==
        "[edit protocols static route 10.2.7.0/24 next-hop 192.0.2.1]\n"
        "+distance 5\n"
        "[edit protocols static]\n"
        "-route 10.3.100.0/24 {\n"
        "-    next-hop 192.0.2.1 {\n"
        "-    }\n"
        "-}\n");
  CHECK(render_compare_commands(a.get(), b.get()) ==
        "delete protocols static route 10.3.100.0/24\n"
        "set protocols static route 10.2.7.0/24 next-hop 192.0.2.1 distance "
        "'5'\n");
}

TEST_CASE("render_marked: the four markers, relative to the node shown") {
  NodePtr base = empty_tree(test_schema());
  apply(base, vti0({"description", "OLD"}));
  apply(base, vti0({"disable"}));
  apply(base, vti0({"mtu", "1400"}));
  apply(base, {"interfaces", "vti", "vti1", "disable"});
  NodePtr work = base;
  apply(work, vti0({"address", "10.0.0.1/30"}));
  apply(work, vti0({"description", "NEW"}));
  remove(work, vti0({"disable"}));
  remove(work, {"interfaces", "vti", "vti1"});
  const Node* wi = find_node(work.get(), {"interfaces"});
  const Node* bi = find_node(base.get(), {"interfaces"});
  // Column 0 is the marker; the line's own indentation follows it.
  CHECK(render_marked(wi, bi) ==
        " vti vti0 {\n"
        "+    address 10.0.0.1/30\n"
        ">    description NEW\n"
        "-    disable\n"
        "     mtu 1400\n"
        " }\n"
        "-vti vti1 {\n"
        "-    disable\n"
        "-}\n");
  // At the tag value: its children at depth 0.
  const Node* w0 = find_node(work.get(), kVti0);
  const Node* b0 = find_node(base.get(), kVti0);
  CHECK(render_marked(w0, b0) ==
        "+address 10.0.0.1/30\n"
        ">description NEW\n"
        "-disable\n"
        " mtu 1400\n");
  // At a leaf: its own line(s).
  CHECK(render_marked(find_node(w0, {"mtu"}), find_node(b0, {"mtu"})) ==
        " mtu 1400\n");
  CHECK(render_marked(find_node(w0, {"description"}),
                      find_node(b0, {"description"})) == ">description NEW\n");
  CHECK(render_marked(find_node(w0, {"address"}), nullptr) ==
        "+address 10.0.0.1/30\n");
  CHECK(render_marked(nullptr, find_node(b0, {"disable"})) == "-disable\n");
  // The same tree on both sides: all unchanged.
  CHECK(render_marked(w0, w0) ==
        " address 10.0.0.1/30\n"
        " description NEW\n"
        " mtu 1400\n");
  CHECK(render_marked(nullptr, nullptr) == "");
}

TEST_CASE("render_marked: no base marks everything added") {
  NodePtr work = base_tree();
  apply(work, vti0({"address", "10.0.0.1/30"}));
  comment(work, kVti0, "uplink");
  CHECK(render_marked(work.get(), nullptr) ==
        "+interfaces {\n"
        "+    /* uplink */\n"
        "+    vti vti0 {\n"
        "+        address 10.0.0.1/30\n"
        "+        description old\n"
        "+        mtu 1400\n"
        "+    }\n"
        "+}\n");
  // And everything in base only deleted.
  CHECK(render_marked(nullptr, find_node(work.get(), {"interfaces"})) ==
        "-/* uplink */\n"
        "-vti vti0 {\n"
        "-    address 10.0.0.1/30\n"
        "-    description old\n"
        "-    mtu 1400\n"
        "-}\n");
}

TEST_CASE("render_marked: multi-value leaves and comments in place") {
  NodePtr base = base_tree();
  apply(base, vti0({"address", "10.0.0.1/30"}));
  apply(base, vti0({"address", "10.0.0.5/30"}));
  NodePtr work = base;
  remove(work, vti0({"address", "10.0.0.5/30"}));
  apply(work, vti0({"address", "10.0.0.9/30"}));
  comment(work, vti0({"mtu"}), "jumbo later");
  CHECK(render_marked(find_node(work.get(), kVti0),
                      find_node(base.get(), kVti0)) ==
        "-address 10.0.0.5/30\n"
        " address 10.0.0.1/30\n"
        "+address 10.0.0.9/30\n"
        " description old\n"
        "+/* jumbo later */\n"
        " mtu 1400\n");
}

}  // namespace schema
