// Tests of the policy owner: model, verify messages, golden deltas.
#include <doctest/doctest.h>

#include "backend/frr/policy.h"
#include "backend/frr/test_util.h"

namespace backend::frr {
namespace {

using testing::tree;

std::string delta_of(const std::string& a, const std::string& b) {
  auto d = policy_delta(load_policy(tree(a).get()), load_policy(tree(b).get()));
  REQUIRE(d.ok());
  return testing::text(d->commands);
}

const char* kPolicy =
    "set policy prefix-list PL-IN rule 5 action permit\n"
    "set policy prefix-list PL-IN rule 5 prefix 203.0.113.0/24\n"
    "set policy prefix-list PL-IN rule 5 le 32\n"
    "set policy prefix-list PL-IN rule 10 action deny\n"
    "set policy prefix-list PL-IN rule 10 prefix 0.0.0.0/0\n"
    "set policy prefix-list PL-IN rule 10 ge 8\n"
    "set policy prefix-list PL-IN rule 10 le 24\n"
    "set policy as-path-list AS1 rule 5 action permit\n"
    "set policy as-path-list AS1 rule 5 regex '_65002$'\n"
    "set policy route-map RM-IN rule 10 action permit\n"
    "set policy route-map RM-IN rule 10 match ip address prefix-list PL-IN\n"
    "set policy route-map RM-IN rule 10 set local-preference 200\n"
    "set policy route-map RM-IN rule 20 action deny\n";

}  // namespace

TEST_CASE("policy model: prefix-lists, as-path lists, route-maps") {
  PolicyConfig c = load_policy(tree(kPolicy).get());
  REQUIRE(c.prefix_lists.count("PL-IN") == 1);
  const PrefixRule& r10 = c.prefix_lists["PL-IN"].rules["10"];
  CHECK(r10.action == "deny");
  CHECK(r10.ge == "8");
  CHECK(r10.le == "24");
  CHECK(c.as_path_lists["AS1"].rules["5"].regex == "_65002$");
  CHECK(c.route_maps["RM-IN"].rules["10"].match_prefix_list == "PL-IN");
  CHECK(c.route_maps["RM-IN"].rules["10"].set_local_preference == "200");
  CHECK(c.route_maps["RM-IN"].rules["20"].action == "deny");
}

TEST_CASE("policy verify: ge/le sanity and references, every problem") {
  auto t = tree(
      "set policy prefix-list P rule 1 action permit\n"
      "set policy prefix-list P rule 1 prefix 10.0.0.0/16\n"
      "set policy prefix-list P rule 1 ge 8\n"
      "set policy prefix-list P rule 2 action permit\n"
      "set policy prefix-list P rule 2 prefix 10.0.0.0/16\n"
      "set policy prefix-list P rule 2 ge 24\n"
      "set policy prefix-list P rule 2 le 20\n"
      "set policy as-path-list A rule 1 action permit\n"
      "set policy route-map R rule 1 action permit\n"
      "set policy route-map R rule 1 description 'hello ! world'\n");
  // References to missing lists are built on the model (the schema's own
  // reference check would refuse them in a tree).
  PolicyConfig c = load_policy(t.get());
  c.route_maps["R"].rules["1"].match_prefix_list = "NOPE";
  c.route_maps["R"].rules["1"].match_as_path = "NOAS";
  rc::Errors e = verify_policy(c);
  REQUIRE(e.size() == 6);
  CHECK(e[0].message == "Rule 1 of prefix-list \"P\": ge must be greater than or equal to the prefix length (16)");
  CHECK(e[0].path == "policy prefix-list P rule 1 ge");
  CHECK(e[1].message == "Rule 2 of prefix-list \"P\": le must be greater than or equal to ge");
  CHECK(e[1].path == "policy prefix-list P rule 2 le");
  CHECK(e[2].message == "A regex must be specified for \"as-path-list A rule 1\"!");
  CHECK(e[3].message == "Description of route-map \"R\" rule 1 contains \"!\" (FRR's comment character)");
  CHECK(e[4].message == "Specified prefix-list \"NOPE\" does not exist!");
  CHECK(e[5].message == "Specified as-path-list \"NOAS\" does not exist!");
  CHECK(e[4].path == "policy route-map R rule 1 match ip address prefix-list");
  // le below the prefix length.
  PolicyConfig short_le = load_policy(tree(
      "set policy prefix-list Q rule 1 action permit\n"
      "set policy prefix-list Q rule 1 prefix 10.0.0.0/16\n"
      "set policy prefix-list Q rule 1 le 8\n").get());
  rc::Errors e2 = verify_policy(short_le);
  REQUIRE(e2.size() == 1);
  CHECK(e2[0].message == "Rule 1 of prefix-list \"Q\": le must be greater than or equal to the prefix length (16)");
}

TEST_CASE("policy verify: duplicate entries, which FRR would silently drop") {
  rc::Errors e = verify_policy(load_policy(tree(
      "set policy prefix-list D rule 5 action permit\n"
      "set policy prefix-list D rule 5 prefix 10.0.0.0/8\n"
      "set policy prefix-list D rule 6 action permit\n"
      "set policy prefix-list D rule 6 prefix 10.0.0.0/8\n"
      "set policy prefix-list D rule 7 action deny\n"
      "set policy prefix-list D rule 7 prefix 10.0.0.0/8\n"
      "set policy as-path-list A rule 1 action permit\n"
      "set policy as-path-list A rule 1 regex _1_\n"
      "set policy as-path-list A rule 2 action permit\n"
      "set policy as-path-list A rule 2 regex _1_\n").get()));
  REQUIRE(e.size() == 2);
  CHECK(e[0].message == "Rule \"6\" of prefix-list \"D\" contains a duplicate prefix "
                        "definition! (the same as rule 5)");
  CHECK(e[0].path == "policy prefix-list D rule 6");
  CHECK(e[1].message == "Rule \"2\" of as-path-list \"A\" duplicates rule 1");
}

TEST_CASE("policy golden: a new policy, lists before route-maps") {
  CHECK(delta_of("", kPolicy) ==
        "ip prefix-list PL-IN seq 5 permit 203.0.113.0/24 le 32\n"
        "ip prefix-list PL-IN seq 10 deny 0.0.0.0/0 ge 8 le 24\n"
        "bgp as-path access-list AS1 seq 5 permit _65002$\n"
        "route-map RM-IN permit 10\n"
        "match ip address prefix-list PL-IN\n"
        "set local-preference 200\n"
        "exit\n"
        "route-map RM-IN deny 20\n"
        "exit\n");
}

TEST_CASE("policy golden: modifying a route-map rule touches only that rule") {
  std::string changed = std::string(kPolicy) +
                        "set policy route-map RM-IN rule 10 set local-preference 300\n"
                        "set policy route-map RM-IN rule 10 set metric +5\n";
  CHECK(delta_of(kPolicy, changed) ==
        "route-map RM-IN permit 10\n"
        "set local-preference 300\n"
        "set metric +5\n"
        "exit\n");
  // The undo is the same computation the other way.
  CHECK(delta_of(changed, kPolicy) ==
        "route-map RM-IN permit 10\n"
        "no set metric +5\n"
        "set local-preference 200\n"
        "exit\n");
  std::string action = std::string(kPolicy) + "set policy route-map RM-IN rule 20 action permit\n";
  CHECK(delta_of(kPolicy, action) == "route-map RM-IN permit 20\nexit\n");
}

TEST_CASE("policy golden: prefix-list rules with ge/le change in place") {
  std::string changed = std::string(kPolicy) +
                        "delete policy prefix-list PL-IN rule 10 ge\n"
                        "set policy prefix-list PL-IN rule 10 le 28\n"
                        "delete policy prefix-list PL-IN rule 5\n";
  CHECK(delta_of(kPolicy, changed) ==
        "no ip prefix-list PL-IN seq 5\n"
        "no ip prefix-list PL-IN seq 10\n"
        "ip prefix-list PL-IN seq 10 deny 0.0.0.0/0 le 28\n");
  // Swapping two rules: both go before either comes back (FRR ignores an
  // entry that duplicates another).
  std::string a =
      "set policy prefix-list S rule 1 action permit\n"
      "set policy prefix-list S rule 1 prefix 10.0.0.0/8\n"
      "set policy prefix-list S rule 2 action permit\n"
      "set policy prefix-list S rule 2 prefix 172.16.0.0/12\n";
  std::string b =
      "set policy prefix-list S rule 1 action permit\n"
      "set policy prefix-list S rule 1 prefix 172.16.0.0/12\n"
      "set policy prefix-list S rule 2 action permit\n"
      "set policy prefix-list S rule 2 prefix 10.0.0.0/8\n";
  CHECK(delta_of(a, b) ==
        "no ip prefix-list S seq 1\nno ip prefix-list S seq 2\n"
        "ip prefix-list S seq 1 permit 172.16.0.0/12\n"
        "ip prefix-list S seq 2 permit 10.0.0.0/8\n");
}

TEST_CASE("policy golden: whole objects go with one command, users first") {
  CHECK(delta_of(kPolicy, "") ==
        "no route-map RM-IN\n"
        "no bgp as-path access-list AS1\n"
        "no ip prefix-list PL-IN\n");
  CHECK(delta_of(kPolicy, std::string(kPolicy) + "delete policy route-map RM-IN rule 20\n") ==
        "no route-map RM-IN deny 20\n");
}

TEST_CASE("policy: text that could start a command is refused, names are inert") {
  // `!` in a description: verify names it, render refuses it.
  PolicyConfig bad = load_policy(tree(kPolicy).get());
  bad.prefix_lists["PL-IN"].description = "x ! y";
  CHECK(!policy_delta(PolicyConfig{}, bad).ok());
  bad.prefix_lists["PL-IN"].description = "end";
  auto d = policy_delta(PolicyConfig{}, bad);
  REQUIRE(d.ok());
  CHECK(d->commands[0] == "ip prefix-list PL-IN description end");
  // Names such as `end` and `exit` are words in an argument position.
  std::string odd =
      "set policy prefix-list end rule 1 action permit\n"
      "set policy prefix-list end rule 1 prefix 10.0.0.0/8\n"
      "set policy route-map exit rule 1 action permit\n"
      "set policy route-map exit rule 1 match ip address prefix-list end\n"
      "set policy route-map exit rule 1 description 'exit end'\n";
  CHECK(delta_of("", odd) ==
        "ip prefix-list end seq 1 permit 10.0.0.0/8\n"
        "route-map exit permit 1\n"
        "description exit end\n"
        "match ip address prefix-list end\n"
        "exit\n");
}

TEST_CASE("policy parse: FRR's running configuration back into the model") {
  PolicyConfig c = parse_policy(
      "ip prefix-list PL-IN description hello\n"
      "ip prefix-list PL-IN seq 5 permit 203.0.113.0/24 le 32\n"
      "ip prefix-list PL-IN seq 10 deny 0.0.0.0/0 ge 8 le 24\n!\n"
      "bgp as-path access-list AS1 seq 10 deny _65003 65004_\n!\n"
      "route-map RM-IN permit 10\n description end exit\n match as-path AS1\n"
      " match ip address prefix-list PL-IN\n set as-path prepend 65001 65001\n"
      " set local-preference 200\n set metric +5\nexit\n");
  CHECK(c.prefix_lists["PL-IN"].description == "hello");
  CHECK(c.prefix_lists["PL-IN"].rules["10"].ge == "8");
  CHECK(c.as_path_lists["AS1"].rules["10"].regex == "_65003 65004_");
  const RouteMapRule& r = c.route_maps["RM-IN"].rules["10"];
  CHECK(r.description == "end exit");
  CHECK(r.match_as_path == "AS1");
  CHECK(r.match_prefix_list == "PL-IN");
  CHECK(r.set_as_path_prepend == "65001 65001");
  CHECK(r.set_metric == "+5");
  // Parsed FRR text and the tree it came from agree: no delta.
  auto d = policy_delta(parse_policy(
      "ip prefix-list PL-IN seq 5 permit 203.0.113.0/24 le 32\n"
      "ip prefix-list PL-IN seq 10 deny 0.0.0.0/0 ge 8 le 24\n"
      "bgp as-path access-list AS1 seq 5 permit _65002$\n"
      "route-map RM-IN permit 10\n match ip address prefix-list PL-IN\n"
      " set local-preference 200\nexit\nroute-map RM-IN deny 20\nexit\n"),
      load_policy(tree(kPolicy).get()));
  REQUIRE(d.ok());
  CHECK(d->commands.empty());
}

}  // namespace backend::frr
