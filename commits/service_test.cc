// Tests for the service's `op` request: operational commands routed to the
// first backend::OpMode provider that handles them, state-changing ones
// refused to operators, the render backend's refusal naming what would
// drive the command, and the running configuration handed to providers.
// The engine is a real one over render drivers and a temporary history.
#include "commits/service.h"

#include <doctest/doctest.h>
#include <stdlib.h>

#include "backend/render_driver.h"
#include "schema/test_schema.h"

namespace commits {
namespace {

using Words = std::vector<std::string>;

// A provider of the commands whose first two words match `prefix`;
// `reset …` changes state. Records what it was asked.
class FakeOpMode : public backend::OpMode {
 public:
  explicit FakeOpMode(Words prefix) : prefix_(std::move(prefix)) {}
  bool handles(const Words& w) const override {
    return w.size() >= prefix_.size() && Words(w.begin(), w.begin() + prefix_.size()) == prefix_;
  }
  bool changes_state(const Words& w) const override { return w[0] == "reset"; }
  rc::Result<std::string> run(const Words& w, bool json) override {
    runs.push_back(w);
    last_json = json;
    if (w.back() == "fail") {
      return rc::make_error(rc::Code::kBackend, "% FRR is not reachable: test");
    }
    std::string s;
    for (const auto& x : w) s += (s.empty() ? "" : " ") + x;
    return json ? "{\"ran\": \"" + s + "\"}\n" : "ran " + s + "\n";
  }
  void set_running(schema::NodePtr r) override { running = std::move(r); }

  std::vector<Words> runs;
  bool last_json = false;
  schema::NodePtr running;

 private:
  Words prefix_;
};

struct Rig {
  std::string dir;
  std::unique_ptr<History> history;
  backend::RenderHost host;
  std::unique_ptr<Engine> engine;
  std::unique_ptr<Service> service;

  static std::string make_dir() {
    char tmpl[] = "/tmp/routesh-service-XXXXXX";
    return ::mkdtemp(tmpl);
  }
  explicit Rig(std::vector<backend::OpMode*> opmodes, std::string admin_group = {})
      : dir(make_dir()), host(dir) {
    auto h = History::open(dir + "/history.db");
    REQUIRE(h.ok());
    history = std::move(h).value();
    std::vector<std::unique_ptr<backend::Driver>> drivers;
    for (const char* owner : {"vti", "ipsec", "static", "bgp", "policy"}) {
      drivers.push_back(std::make_unique<backend::RenderDriver>(owner, dir));
    }
    engine = std::make_unique<Engine>(schema::test_schema(), history.get(),
                                      std::move(drivers), &host);
    std::vector<std::string> log;
    REQUIRE(engine->start(&log).ok());
    ServiceOptions o;
    o.state_dir = dir;
    o.admin_group = std::move(admin_group);
    o.opmodes = std::move(opmodes);
    service = std::make_unique<Service>(engine.get(), o);
  }
  ~Rig() {
    service.reset();
    engine.reset();
    history.reset();
    std::string cmd = "rm -rf " + dir;  // test cleanup only
    (void)::system(cmd.c_str());
  }
  // A connection: root (an admin whatever the group) or an ordinary user.
  Peer connect(uint64_t id, bool root) {
    Peer p;
    p.id = id;
    p.uid = root ? 0 : 54321;
    p.gid = root ? 0 : 54321;
    p.user = root ? "root" : "operator";
    std::string refusal;
    REQUIRE(service->on_connect(p, &refusal));
    return p;
  }
  Json op(const Peer& p, Words words, bool json = false) {
    return service->on_request(p, {{"id", 1}, {"op", "op"}, {"words", words},
                                   {"json", json}});
  }
};

std::string error_of(const Json& r) {
  REQUIRE_MESSAGE(r.value("ok", true) == false, r.dump());
  return r["error"].value("message", "");
}

TEST_CASE("service op: the render backend says what would drive the command") {
  Rig rig({});
  Peer admin = rig.connect(1, true);
  CHECK(error_of(rig.op(admin, {"show", "ip", "bgp", "summary"})) ==
        "% show ip bgp summary: not available with the render backend "
        "(routeshd --backend live drives FRR)");
  CHECK(error_of(rig.op(admin, {"show", "vpn", "ike", "sa"})) ==
        "% show vpn ike sa: not available with the render backend "
        "(routeshd --backend live drives strongSwan)");
  CHECK(error_of(rig.op(admin, {"show", "interfaces", "vti"})) ==
        "% show interfaces vti: not available with the render backend "
        "(routeshd --backend live drives the kernel's interfaces)");
  CHECK(error_of(rig.service->on_request(admin, {{"op", "op"}, {"words", Json::array()}})) ==
        "op: no command words");
}

TEST_CASE("service op: providers run in order; text and JSON come back") {
  FakeOpMode frr({"show", "ip"}), vpn({"show", "vpn"}), ip_any({"show"});
  Rig rig({&frr, &vpn, &ip_any});
  Peer admin = rig.connect(1, true);
  Json r = rig.op(admin, {"show", "vpn", "ipsec", "sa"});
  REQUIRE(r.value("ok", false));
  CHECK(r["text"] == "ran show vpn ipsec sa\n");
  CHECK(vpn.runs == std::vector<Words>{{"show", "vpn", "ipsec", "sa"}});
  CHECK(frr.runs.empty());
  CHECK(ip_any.runs.empty());  // the first provider that handles it wins
  r = rig.op(admin, {"show", "ip", "route"}, true);
  CHECK(r["text"] == "{\"ran\": \"show ip route\"}\n");
  CHECK(frr.last_json);
  // The provider sees the running configuration.
  CHECK(frr.running == rig.engine->running());
  // A provider's error reaches the client as it is.
  CHECK(error_of(rig.op(admin, {"show", "ip", "fail"})) == "% FRR is not reachable: test");
  // Providers present, none handles: VyOS's refusal.
  Json bad = rig.op(admin, {"frobnicate", "now"});
  CHECK(error_of(bad) == "Invalid command: [frobnicate now]");
  CHECK(bad["error"]["vyos"] == "Invalid command: [frobnicate now]");
}

TEST_CASE("service op: operators may show, not reset or restart") {
  FakeOpMode frr({"reset", "ip"}), show({"show", "ip"});
  Rig rig({&frr, &show}, "routesh-test-no-such-group");
  Peer op = rig.connect(2, false);
  Peer admin = rig.connect(3, true);
  Json hello = rig.service->on_request(op, {{"op", "hello"}});
  REQUIRE(hello["role"] == "operator");
  Json r = rig.op(op, {"show", "ip", "bgp"});
  CHECK(r.value("ok", false));
  Json denied = rig.op(op, {"reset", "ip", "bgp", "192.0.2.1"});
  CHECK(error_of(denied) == "% Permission denied");
  CHECK(denied["error"]["vyos"] == "% Permission denied");
  CHECK(frr.runs.empty());  // never reached the provider
  CHECK(rig.op(admin, {"reset", "ip", "bgp", "192.0.2.1"}).value("ok", false));
  CHECK(frr.runs.size() == 1);
  // Without a provider (render backend) the rule is the same.
  Rig render({}, "routesh-test-no-such-group");
  Peer op2 = render.connect(4, false);
  CHECK(error_of(render.op(op2, {"restart", "vpn"})) == "% Permission denied");
  CHECK(error_of(render.op(op2, {"show", "vpn", "ike", "sa"})).find("render backend") !=
        std::string::npos);
}

}  // namespace
TEST_CASE("service history: attempts before the first revision are listed too") {
  Rig rig({});
  Peer admin = rig.connect(1, true);
  AttemptInfo info;
  info.user = "alice";
  info.source = "cli";
  info.time = 1700000000;
  REQUIRE(rig.history->record_outcome(0, info, "failed", "bgpd is not reachable").ok());
  Json r = rig.service->on_request(admin, {{"id", 1}, {"op", "history"}});
  REQUIRE(r.value("ok", false));
  std::string text = r.value("text", "");
  CHECK(text.find("[failed ") != std::string::npos);
  CHECK(text.find("by alice via cli: bgpd is not reachable]") != std::string::npos);
  CHECK(r["entries"].empty());
}

}  // namespace commits
