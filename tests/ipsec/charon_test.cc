// The IPsec driver, the VICI channel and the VICI client against two real
// charons (started by charon_test.sh in two namespaces; their sockets are in
// IPSEC_EAST_VICI and IPSEC_WEST_VICI). Each side gets a route-based IKEv2
// peer and a policy-based IKEv1 peer from VyOS set-commands; east
// initiates both and the IKE_SAs must be ESTABLISHED on both sides
// (CHILD_SAs cannot install on a kernel without ESP). Then: a change to one
// peer leaves the other's IKE_SA alone, a removal terminates and unloads,
// its undo loads the peer back, converge drops what running does not hold.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <map>

#include "backend/host.h"
#include "backend/ipsec/driver.h"
#include "backend/vici/vici_channel.h"
#include "schema/diff.h"
#include "schema/schema.h"
#include "schema/set_lines.h"

namespace {

using backend::vici::Message;

schema::NodePtr config(const std::string& text, schema::NodePtr start = {}) {
  auto r = schema::parse_set_lines(schema::Schema::builtin(), text, std::move(start));
  for (const auto& e : r.errors) FAIL_CHECK(e.error.to_string());
  REQUIRE(r.errors.empty());
  return r.root;
}

// One router's configuration: `me` is .1/.11 (east) or .2/.12 (west).
std::string router(int me, int other) {
  auto a = [](int n) { return "192.0.2." + std::to_string(n); };
  std::string pa = "set vpn ipsec site-to-site peer " + a(other) + " ";
  std::string pb = "set vpn ipsec site-to-site peer " + a(other + 10) + " ";
  return "set interfaces ethernet eth0 address " + a(me) + "/24\n"
         "set interfaces ethernet eth0 address " + a(me + 10) + "/24\n"
         "set interfaces vti vti0 address 169.254.0." + std::to_string(me) + "/30\n"
         "set vpn ipsec ipsec-interfaces interface eth0\n"
         "set vpn ipsec ike-group V2 key-exchange ikev2\n"
         "set vpn ipsec ike-group V2 proposal 1 dh-group 14\n"
         "set vpn ipsec ike-group V1 key-exchange ikev1\n"
         "set vpn ipsec ike-group V1 proposal 1 dh-group 14\n"
         "set vpn ipsec ike-group V1 dead-peer-detection interval 10\n"
         "set vpn ipsec esp-group E proposal 1\n" +
         pa + "authentication pre-shared-secret 'route-based-secret'\n" +
         pa + "connection-type respond\n" + pa + "ike-group V2\n" + pa +
         "local-address " + a(me) + "\n" + pa + "vti bind vti0\n" + pa +
         "vti esp-group E\n" + pb + "authentication pre-shared-secret 'policy-secret'\n" +
         pb + "connection-type respond\n" + pb + "ike-group V1\n" + pb +
         "local-address " + a(me + 10) + "\n" + pb + "default-esp-group E\n" + pb +
         "tunnel 1 local prefix 10." + std::to_string(me) + ".0.0/24\n" + pb +
         "tunnel 1 remote prefix 10." + std::to_string(other) + ".0.0/24\n";
}

struct Sa {
  std::string state, version, uniqueid;
};

class Router {
 public:
  explicit Router(const char* env) {
    const char* path = std::getenv(env);
    REQUIRE_MESSAGE(path != nullptr, env << " is not set: run charon_test.sh");
    channel_ = std::make_unique<backend::vici::ViciChannel>(path);
    host_.add_channel("vici", channel_->handler());
    REQUIRE(client_.connect(path).ok());
  }

  // Prepares and applies the plan running -> candidate; returns it.
  backend::Plan commit(const schema::Node* running, const schema::Node* candidate) {
    REQUIRE(driver_.verify(candidate).empty());
    auto changes = running ? schema::diff(running, candidate) : std::vector<schema::Change>{};
    auto p = driver_.plan(running, candidate, changes, host_);
    REQUIRE(p.ok());
    run(*p);
    return std::move(p).value();
  }
  void run(const backend::Plan& p) {
    for (const auto* list : {&p.removals, &p.additions}) {
      for (const auto& a : *list) {
        CAPTURE(a.summary);
        auto prep = host_.prepare(a.step);
        REQUIRE_MESSAGE(prep.ok(), prep.error().message);
        auto st = host_.execute(a.step);
        REQUIRE_MESSAGE(st.ok(), st.error().message);
      }
    }
  }
  void undo(const backend::Plan& p) {
    for (const auto* list : {&p.additions, &p.removals}) {
      for (auto it = list->rbegin(); it != list->rend(); ++it) {
        auto st = host_.execute(it->undo);
        REQUIRE_MESSAGE(st.ok(), st.error().message);
      }
    }
  }
  backend::Plan converge(const schema::Node* running) {
    auto p = driver_.converge(running, host_);
    REQUIRE(p.ok());
    run(*p);
    return std::move(p).value();
  }

  std::vector<std::string> list(const char* command, const char* key) {
    auto r = client_.call(command);
    REQUIRE_MESSAGE(r.ok(), r.error().message);
    const auto* l = r->list(key);
    return l != nullptr ? *l : std::vector<std::string>{};
  }
  std::map<std::string, Sa> sas() {
    std::map<std::string, Sa> out;
    // Without noblock: an IKE_SA busy with a task (IKEv1's NO_PROP notify
    // after the failed CHILD_SA) is waited for, not skipped.
    auto r = client_.stream("list-sas", {}, "list-sa", [&](const Message& m) {
      for (const auto& e : m.entries()) {
        out[e.name] = {e.section.get("state"), e.section.get("version"),
                       e.section.get("uniqueid")};
      }
    });
    REQUIRE_MESSAGE(r.ok(), r.error().message);
    return out;
  }
  // Initiates a child; on this kernel the CHILD_SA fails to install, the
  // IKE_SA stays.
  void initiate(const std::string& child) {
    Message m;
    m.set("child", child);
    m.set("timeout", "10000");
    m.set("init-limits", "no");
    std::vector<std::string> log;
    auto r = client_.stream("initiate", m, "control-log",
                            [&](const Message& e) { log.push_back(e.get("msg")); });
    if (!r.ok()) {
      MESSAGE("initiate " << child << ": " << r.error().message);
      CHECK(r.error().message ==
            "charon: initiate failed: establishing CHILD_SA '" + child + "' failed");
    }
    CHECK_FALSE(log.empty());
  }
  backend::vici::Client& client() { return client_; }

 private:
  std::unique_ptr<backend::vici::ViciChannel> channel_;
  backend::RealHost host_;
  backend::ipsec::IpsecDriver driver_;
  backend::vici::Client client_;
};

}  // namespace

TEST_CASE("two charons: load, initiate, change one peer, remove, undo, converge") {
  Router east("IPSEC_EAST_VICI"), west("IPSEC_WEST_VICI");
  auto east_cfg = config(router(1, 2));
  auto west_cfg = config(router(2, 1));

  // Load both routers through the driver.
  auto first = east.commit(nullptr, east_cfg.get());
  CHECK(first.additions.size() == 4);
  west.commit(nullptr, west_cfg.get());
  CHECK(east.list("get-conns", "conns") ==
        std::vector<std::string>{"192.0.2.2", "192.0.2.12"});
  CHECK(west.list("get-shared", "keys").size() == 2);

  // East initiates both; the IKE_SAs establish on both sides.
  east.initiate("192.0.2.2-vti");
  east.initiate("192.0.2.12-tunnel-1");
  auto e = east.sas();
  REQUIRE(e.count("192.0.2.2"));
  REQUIRE(e.count("192.0.2.12"));
  CHECK(e["192.0.2.2"].state == "ESTABLISHED");
  CHECK(e["192.0.2.2"].version == "2");
  CHECK(e["192.0.2.12"].state == "ESTABLISHED");
  CHECK(e["192.0.2.12"].version == "1");
  auto w = west.sas();
  CHECK(w["192.0.2.1"].state == "ESTABLISHED");
  CHECK(w["192.0.2.11"].state == "ESTABLISHED");

  // A change to the policy-based peer reloads it alone: the route-based
  // peer's IKE_SA is the same one.
  auto changed = config(
      "set vpn ipsec site-to-site peer 192.0.2.12 tunnel 1 remote prefix 10.9.0.0/24\n",
      east_cfg);
  auto p = east.commit(east_cfg.get(), changed.get());
  REQUIRE(p.additions.size() == 1);
  CHECK(p.additions[0].summary == "peer 192.0.2.12: reload connection");
  auto after = east.sas();
  REQUIRE(after.count("192.0.2.2"));
  CHECK(after["192.0.2.2"].uniqueid == e["192.0.2.2"].uniqueid);
  CHECK(after["192.0.2.2"].state == "ESTABLISHED");

  // Removing the route-based peer terminates its SA and unloads it; the
  // other peer is untouched.
  auto removed = config("delete vpn ipsec site-to-site peer 192.0.2.2\n", changed);
  auto r = east.commit(changed.get(), removed.get());
  CHECK(r.removals.size() == 3);
  auto gone = east.sas();
  CHECK(gone.count("192.0.2.2") == 0);
  if (after.count("192.0.2.12") && gone.count("192.0.2.12")) {
    CHECK(gone["192.0.2.12"].uniqueid == after["192.0.2.12"].uniqueid);
  }
  CHECK(east.list("get-conns", "conns") == std::vector<std::string>{"192.0.2.12"});
  CHECK(east.list("get-shared", "keys") == std::vector<std::string>{"ike-192.0.2.12"});

  // The undo puts the peer and its key back.
  east.undo(r);
  CHECK(east.list("get-conns", "conns").size() == 2);
  CHECK(east.list("get-shared", "keys").size() == 2);

  // Converge: a connection charon holds but running does not is dropped.
  Message stray;
  stray.section("stray").set("version", "2");
  stray.section("stray").section("local").set("auth", "psk");
  stray.section("stray").section("remote").set("auth", "psk");
  REQUIRE(east.client().call("load-conn", stray).ok());
  CHECK(east.list("get-conns", "conns").size() == 3);
  east.converge(changed.get());
  auto conns = east.list("get-conns", "conns");
  std::sort(conns.begin(), conns.end());
  CHECK(conns == std::vector<std::string>{"192.0.2.12", "192.0.2.2"});
}

TEST_CASE("charon's refusals come back as errors with its errmsg") {
  Router east("IPSEC_EAST_VICI");
  Message bad;
  bad.section("bad").set_list("proposals", {"aes999-foo-modp1"});
  auto r = east.client().call("load-conn", bad);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message ==
        "charon: load-conn failed: invalid value for: proposals, config discarded");
  Message unload;
  unload.set("name", "nope");
  auto u = east.client().call("unload-conn", unload);
  REQUIRE_FALSE(u.ok());
  CHECK(u.error().message ==
        "charon: unload-conn failed: unload: connection 'nope' not found");
  // unload-shared answers success even for an unknown id (notes §1.2).
  Message shared;
  shared.set("id", "nope");
  CHECK(east.client().call("unload-shared", shared).ok());
  auto unknown = east.client().call("no-such-command");
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().message ==
        "vici: charon does not know the command 'no-such-command'");
  auto v = east.client().call("version");
  REQUIRE(v.ok());
  CHECK(v->get("daemon") == "charon");
}
