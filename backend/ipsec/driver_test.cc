// Plans of the IPsec driver: one peer added, changed or removed touches
// that peer only, and every undo restores the previous messages.
#include "backend/ipsec/driver.h"

#include <doctest/doctest.h>

#include "backend/ipsec/render.h"
#include "backend/ipsec/test_util.h"
#include "schema/diff.h"

namespace backend::ipsec {
namespace {

// "command:what" for each step: "load-conn:198.51.100.10",
// "unload-shared:ike-198.51.100.10", "nothing".
std::string brief(const Step& s) {
  if (s.kind == Step::Kind::kNone) return "nothing";
  REQUIRE(s.kind == Step::Kind::kMessage);
  REQUIRE(s.channel == "vici");
  std::string cmd = s.payload["command"];
  const auto& body = s.payload["body"];
  if (cmd == "load-conn") return cmd + ":" + body.begin().key();
  if (body.contains("name")) return cmd + ":" + body["name"].get<std::string>();
  if (body.contains("id")) return cmd + ":" + body["id"].get<std::string>();
  if (body.contains("ike")) return cmd + ":" + body["ike"].get<std::string>();
  return cmd;
}

std::string steps(const std::vector<Action>& actions, bool undo = false) {
  std::vector<std::string> out;
  for (const auto& a : actions) out.push_back(brief(undo ? a.undo : a.step));
  return testing::lines(out);
}

Plan plan(const schema::Node* running, const schema::Node* candidate) {
  IpsecDriver d;
  RenderHost host("/tmp");
  auto changes = running ? schema::diff(running, candidate) : std::vector<schema::Change>{};
  auto p = d.plan(running, candidate, changes, host);
  REQUIRE(p.ok());
  return std::move(p).value();
}

// The load-conn message a step carries, back from its JSON payload.
vici::Message message_of(const Step& s) {
  auto m = vici::Message::from_json(s.payload["body"]);
  REQUIRE(m.ok());
  return std::move(m).value();
}

vici::Message expected_conn(const schema::Node* root, const std::string& peer) {
  Config c = load(root);
  auto m = vici::Message::from_json(render_conn(c, *c.peer(peer)).to_json());
  REQUIRE(m.ok());
  return std::move(m).value();
}

const char* kThird =
    "set interfaces vti vti2 address 169.254.16.1/30\n"
    "set vpn ipsec site-to-site peer 198.51.100.30 authentication pre-shared-secret Zz9\n"
    "set vpn ipsec site-to-site peer 198.51.100.30 authentication id 203.0.113.30\n"
    "set vpn ipsec site-to-site peer 198.51.100.30 ike-group AWS\n"
    "set vpn ipsec site-to-site peer 198.51.100.30 local-address 10.20.0.30\n"
    "set vpn ipsec site-to-site peer 198.51.100.30 vti bind vti2\n"
    "set vpn ipsec site-to-site peer 198.51.100.30 vti esp-group AWS\n";

}  // namespace

TEST_CASE("first commit of aws-spoke.set loads both peers, keys first") {
  auto root = testing::config(testing::example("aws-spoke.set"));
  Plan p = plan(nullptr, root.get());
  CHECK(p.removals.empty());
  CHECK(steps(p.additions) ==
        testing::lines({"load-shared:ike-198.51.100.10",
                                 "load-conn:198.51.100.10",
                                 "load-shared:ike-198.51.100.20",
                                 "load-conn:198.51.100.20"}));
  CHECK(steps(p.additions, true) ==
        testing::lines({"unload-shared:ike-198.51.100.10",
                                 "unload-conn:198.51.100.10",
                                 "unload-shared:ike-198.51.100.20",
                                 "unload-conn:198.51.100.20"}));
  CHECK(message_of(p.additions[1].step) == expected_conn(root.get(), "198.51.100.10"));
  CHECK(p.additions[1].summary == "peer 198.51.100.10: load connection");
  // Nothing changed: nothing to do.
  CHECK(plan(root.get(), root.get()).empty());
}

TEST_CASE("adding a third peer loads it alone; undo unloads it") {
  auto running = testing::config(testing::example("aws-spoke.set"));
  auto candidate = testing::config(kThird, running);
  Plan p = plan(running.get(), candidate.get());
  CHECK(p.removals.empty());
  CHECK(steps(p.additions) == testing::lines({"load-shared:ike-198.51.100.30",
                                                       "load-conn:198.51.100.30"}));
  CHECK(steps(p.additions, true) ==
        testing::lines({"unload-shared:ike-198.51.100.30",
                                 "unload-conn:198.51.100.30"}));
  vici::Message conn = message_of(p.additions[1].step);
  const vici::Message* child = conn.find_section("198.51.100.30")
                                   ->find_section("children")
                                   ->find_section("198.51.100.30-vti");
  REQUIRE(child != nullptr);
  CHECK(child->get("mark_in") == "0x900002");
}

TEST_CASE("changing one peer reloads that peer only; undo reloads the old version") {
  auto running = testing::config(testing::example("aws-spoke.set"));
  auto candidate = testing::config(
      "set vpn ipsec site-to-site peer 198.51.100.20 authentication remote-id "
      "vgw-2.example.com\n",
      running);
  Plan p = plan(running.get(), candidate.get());
  CHECK(p.removals.empty());
  // The key's owners and the connection's remote id both change.
  CHECK(steps(p.additions) == testing::lines({"load-shared:ike-198.51.100.20",
                                                       "load-conn:198.51.100.20"}));
  CHECK(steps(p.additions, true) ==
        testing::lines({"load-shared:ike-198.51.100.20",
                                 "load-conn:198.51.100.20"}));
  CHECK(message_of(p.additions[1].step) == expected_conn(candidate.get(), "198.51.100.20"));
  CHECK(message_of(p.additions[1].undo) == expected_conn(running.get(), "198.51.100.20"));
  CHECK(message_of(p.additions[0].undo).get("data") == "Lq8sT4nB6yH1");
  // A secret alone: only the key is reloaded, the tunnel stays as it is.
  auto secret = testing::config(
      "set vpn ipsec site-to-site peer 198.51.100.10 authentication "
      "pre-shared-secret New1\n",
      running);
  Plan ps = plan(running.get(), secret.get());
  CHECK(steps(ps.additions) == testing::lines({"load-shared:ike-198.51.100.10"}));
  CHECK(message_of(ps.additions[0].undo).get("data") == "Xk3pR7vQ2mW9");
}

TEST_CASE("a group change reloads exactly the peers that use it") {
  auto running = testing::config(std::string(kThird) +
                                     "set vpn ipsec esp-group OTHER proposal 1\n"
                                     "set vpn ipsec site-to-site peer 198.51.100.30 vti "
                                     "esp-group OTHER\n",
                                 testing::config(testing::example("aws-spoke.set")));
  auto candidate = testing::config("set vpn ipsec esp-group AWS lifetime 1800\n", running);
  Plan p = plan(running.get(), candidate.get());
  CHECK(steps(p.additions) == testing::lines({"load-conn:198.51.100.10",
                                                       "load-conn:198.51.100.20"}));
}

TEST_CASE("removing one peer unloads it alone; undo loads the old version back") {
  auto running = testing::config(testing::example("aws-spoke.set"));
  auto candidate = testing::config(
      "delete vpn ipsec site-to-site peer 198.51.100.10\n", running);
  Plan p = plan(running.get(), candidate.get());
  CHECK(p.additions.empty());
  CHECK(steps(p.removals) == testing::lines({"unload-conn:198.51.100.10",
                                                      "unload-shared:ike-198.51.100.10"}));
  CHECK(steps(p.removals, true) ==
        testing::lines({"load-conn:198.51.100.10",
                                 "load-shared:ike-198.51.100.10"}));
  CHECK(message_of(p.removals[0].undo) == expected_conn(running.get(), "198.51.100.10"));
  CHECK(message_of(p.removals[1].undo).get("data") == "Xk3pR7vQ2mW9");
}

TEST_CASE("a respond-only peer is terminated on removal (charon keeps its SAs)") {
  auto running = testing::config(
      "set vpn ipsec site-to-site peer 198.51.100.10 connection-type respond\n",
      testing::config(testing::example("aws-spoke.set")));
  auto candidate = testing::config(
      "delete vpn ipsec site-to-site peer 198.51.100.10\n", running);
  Plan p = plan(running.get(), candidate.get());
  CHECK(steps(p.removals) == testing::lines({"unload-conn:198.51.100.10",
                                                      "terminate:198.51.100.10",
                                                      "unload-shared:ike-198.51.100.10"}));
  CHECK(p.removals[1].step.payload["ignore_error"] == true);
  CHECK(p.removals[1].step.payload["body"]["force"] == "yes");
  CHECK(p.removals[1].undo.kind == Step::Kind::kNone);
}

TEST_CASE("converge unloads what running does not hold and loads every peer") {
  auto running = testing::config(testing::example("aws-spoke.set"));
  IpsecDriver d;
  RenderHost host("/tmp");
  auto p = d.converge(running.get(), host);
  REQUIRE(p.ok());
  REQUIRE(p->additions.size() == 5);
  CHECK(p->additions[0].step.payload ==
        nlohmann::json::parse(R"({"command": "unload-others", "body": {
          "conns": ["198.51.100.10", "198.51.100.20"],
          "shared": ["ike-198.51.100.10", "ike-198.51.100.20"]}})"));
  CHECK(steps({p->additions.begin() + 1, p->additions.end()}) ==
        testing::lines({"load-shared:ike-198.51.100.10",
                                 "load-conn:198.51.100.10",
                                 "load-shared:ike-198.51.100.20",
                                 "load-conn:198.51.100.20"}));
  auto empty = d.converge(nullptr, host);
  REQUIRE(empty.ok());
  CHECK(empty->additions.size() == 1);
}

}  // namespace backend::ipsec

namespace backend::ipsec {

TEST_CASE("verify asks the system for its addresses only when a peer needs them") {
  int asked = 0;
  DriverOptions o;
  o.system_addresses = [&asked] {
    ++asked;
    return std::vector<InterfaceAddress>{{"eth9", "203.0.113.99", "203.0.113.99/24"}};
  };
  IpsecDriver d(o);
  // aws-spoke.set configures eth0's address, every peer's local-address.
  auto root = testing::config(testing::example("aws-spoke.set"));
  CHECK(d.verify(root.get()).empty());
  CHECK(asked == 0);
  // A peer whose local-address only the system has: asked, and accepted.
  auto moved = testing::config(
      "set vpn ipsec site-to-site peer 198.51.100.10 local-address '203.0.113.99'\n", root);
  CHECK(d.verify(moved.get()).empty());
  CHECK(asked == 1);
}

}  // namespace backend::ipsec
