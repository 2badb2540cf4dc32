// Tests of the readback: expectations planned from the models, judged
// against FRR 8.4's JSON replies (shapes as FRR prints them).
#include "backend/frr/readback.h"

#include <doctest/doctest.h>

#include <map>

#include "backend/frr/test_util.h"

namespace backend::frr {
namespace {

using testing::tree;

struct Replies {
  std::map<std::string, std::string> by_show;
  int reads = 0;
  ShowReader reader() {
    return [this](const std::string& daemon, const std::string& show)
               -> rc::Result<std::string> {
      ++reads;
      CHECK(daemon == "bgpd");
      auto it = by_show.find(show);
      return it == by_show.end() ? std::string("{}") : it->second;
    };
  }
};

const char* kPolicy =
    "set policy prefix-list PL rule 5 action permit\n"
    "set policy prefix-list PL rule 5 prefix 203.0.113.0/24\n"
    "set policy prefix-list PL rule 10 action permit\n"
    "set policy prefix-list PL rule 10 prefix 198.51.100.0/24\n"
    "set policy route-map IN rule 10 action permit\n"
    "set policy route-map IN rule 10 match ip address prefix-list PL\n"
    "set policy route-map IN rule 20 action deny\n";

const char* kPlHolds = R"({"BGP":{"PL":{"addressFamily":"IPv4","entries":[
  {"sequenceNumber":5,"type":"permit","prefix":"203.0.113.0/24"},
  {"sequenceNumber":10,"type":"permit","prefix":"198.51.100.0/24"}]}}})";
const char* kRmHolds = R"({"BGP":{"IN":{"invoked":0,"rules":[
  {"sequenceNumber":10,"type":"permit"},{"sequenceNumber":20,"type":"deny"}]}}})";

}  // namespace

TEST_CASE("readback: policy objects that changed are read once each and must match") {
  auto empty = tree("");
  auto t = tree(kPolicy);
  auto expect = policy_expectations(empty.get(), t.get());
  REQUIRE(expect.size() == 4);
  Replies r;
  r.by_show["show ip prefix-list PL json"] = kPlHolds;
  r.by_show["show route-map IN json"] = kRmHolds;
  CHECK(check_expectations(expect, r.reader()).ok());
  CHECK(r.reads == 2);
  // FRR dropped an entry silently (equal to another of its list).
  r.by_show["show ip prefix-list PL json"] =
      R"({"BGP":{"PL":{"entries":[{"sequenceNumber":5,"prefix":"203.0.113.0/24"}]}}})";
  auto st = check_expectations(expect, r.reader());
  REQUIRE(!st.ok());
  CHECK(st.error().message.find("prefix-list PL entries is [5], expected [5,10]") !=
        std::string::npos);
  // Nothing there at all.
  r.by_show.clear();
  st = check_expectations(expect, r.reader());
  REQUIRE(!st.ok());
  CHECK(st.error().message.find("route-map IN rules is missing") != std::string::npos);
  // Unchanged objects are not read back; removed ones must be gone.
  CHECK(policy_expectations(t.get(), t.get()).empty());
  auto gone = policy_expectations(t.get(), empty.get());
  REQUIRE(gone.size() == 2);
  Replies after;
  after.by_show["show ip prefix-list PL json"] = R"({"BGP":{}})";
  after.by_show["show route-map IN json"] = kRmHolds;
  st = check_expectations(gone, after.reader());
  REQUIRE(!st.ok());
  CHECK(st.error().message == "FRR does not hold what was committed: route-map IN is still there");
}

TEST_CASE("readback: neighbors by remote-as; a missing instance reads as empty") {
  auto empty = tree("");
  auto t = tree(
      "set protocols bgp 65001 neighbor 192.0.2.2 remote-as 65002\n"
      "set protocols bgp 65001 neighbor 192.0.2.3 remote-as external\n");
  auto expect = bgp_expectations(empty.get(), t.get());
  REQUIRE(expect.size() == 2);
  Replies r;
  r.by_show["show bgp neighbors 192.0.2.2 json"] = R"({"192.0.2.2":{"remoteAs":65002}})";
  r.by_show["show bgp neighbors 192.0.2.3 json"] = R"({"192.0.2.3":{"remoteAs":64999}})";
  CHECK(check_expectations(expect, r.reader()).ok());
  r.by_show["show bgp neighbors 192.0.2.2 json"] = R"({"192.0.2.2":{"remoteAs":65009}})";
  auto st = check_expectations(expect, r.reader());
  REQUIRE(!st.ok());
  CHECK(st.error().message.find("neighbor 192.0.2.2 remote-as is 65009, expected 65002") !=
        std::string::npos);
  // A description change does not read back; removing the instance
  // expects every neighbor gone, and FRR's non-JSON answer counts as {}.
  auto t2 = tree(
      "set protocols bgp 65001 neighbor 192.0.2.2 remote-as 65002\n"
      "set protocols bgp 65001 neighbor 192.0.2.2 description peer\n"
      "set protocols bgp 65001 neighbor 192.0.2.3 remote-as external\n");
  CHECK(bgp_expectations(t.get(), t2.get()).empty());
  auto gone = bgp_expectations(t.get(), empty.get());
  REQUIRE(gone.size() == 2);
  Replies none;
  none.by_show["show bgp neighbors 192.0.2.2 json"] = "% BGP instance not found\n";
  none.by_show["show bgp neighbors 192.0.2.3 json"] = R"({"bgpNoSuchNeighbor":true})";
  CHECK(check_expectations(gone, none.reader()).ok());
}

TEST_CASE("readback: expectations travel in the batch step") {
  auto empty = tree("");
  auto t = tree(kPolicy);
  Batch b{{"bgpd"}, {"ip prefix-list PL seq 5 permit 203.0.113.0/24"},
          policy_expectations(empty.get(), t.get())};
  auto step = batch_step(b);
  REQUIRE(step.ok());
  auto back = batch_of(*step);
  REQUIRE(back.ok());
  REQUIRE(back->expect.size() == b.expect.size());
  CHECK(back->expect[0].keys == b.expect[0].keys);
  CHECK(back->expect[0].field == "sequenceNumber");
  CHECK(back->expect[0].equals == b.expect[0].equals);
  CHECK(back->expect[0].show == "show ip prefix-list PL json");
}

}  // namespace backend::frr
