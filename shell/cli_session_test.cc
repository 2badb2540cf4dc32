// Tests for shell/cli_session's operational commands of the live system
// (`show ip bgp summary`, `show vpn ipsec sa`, `reset ip bgp X`, `restart
// vpn`): the words sent in routeshd's `op` request (prefixes expanded, JSON
// for --json and `| json`), pipes over the answer, errors printed VyOS's
// way, and `run` from configuration mode. routeshd is a fake that records
// the requests.
#include "shell/cli_session.h"

#include <doctest/doctest.h>
#include <stdlib.h>
#include <unistd.h>

#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "commits/rpc.h"

namespace shell {
namespace {

using commits::Json;
using Lines = std::vector<std::string>;

class FakeDaemon : public commits::RpcServer::Handler {
 public:
  bool on_connect(const commits::Peer&, std::string*) override { return true; }
  void on_disconnect(const commits::Peer&) override { server->stop(); }
  void on_timer() override {}
  int next_timer_ms() override { return -1; }
  Json on_request(const commits::Peer&, const Json& req) override {
    std::string op = req.value("op", "");
    Json r = {{"ok", true}};
    if (op == "hello") {
      r.update({{"user", "vyos"}, {"host", "vyos"}, {"version", "0"}, {"role", "admin"}});
    } else if (op == "configure") {
      r["level"] = Json::array();
    } else if (op == "op") {
      requests.push_back(req);
      Lines words = req["words"].get<Lines>();
      std::string joined;
      for (const auto& w : words) joined += (joined.empty() ? "" : " ") + w;
      if (words[0] == "reset" && !admin) {
        rc::Error e = rc::make_error(rc::Code::kConflict, "% Permission denied");
        e.vyos = e.message;
        return {{"ok", false}, {"error", commits::error_to_json(e)}};
      }
      if (joined.find("192.0.2.99") != std::string::npos) {
        rc::Error e = rc::make_error(rc::Code::kInvalidArgument,
                                     "show ip route: '192.0.2.99' is not wanted", "",
                                     "expected another address");
        return {{"ok", false}, {"error", commits::error_to_json(e)}};
      }
      if (words[0] == "reset") {
        r["text"] = "";
      } else if (req.value("json", false)) {
        r["text"] = Json{{"words", words}}.dump(4) + "\n";
      } else {
        r["text"] = "line one: " + joined + "\nline two\nline three\n";
      }
    }
    return r;
  }

  commits::RpcServer* server = nullptr;
  std::vector<Json> requests;
  bool admin = true;
};

// A CliSession against a fresh FakeDaemon; run() feeds it lines.
class Shell {
 public:
  explicit Shell(CliOptions options = {}, bool admin = true) {
    char dir[] = "/tmp/routesh-cli-test-XXXXXX";
    REQUIRE(::mkdtemp(dir) != nullptr);
    dir_ = dir;
    std::string sock = dir_ + "/routeshd.sock";
    auto server = commits::RpcServer::listen(sock);
    REQUIRE(server.ok());
    server_ = std::move(server).value();
    daemon.server = server_.get();
    daemon.admin = admin;
    thread_ = std::thread([this] { (void)daemon.server->run(daemon); });
    auto client = commits::RpcClient::connect(sock);
    REQUIRE(client.ok());
    client_ = std::move(client).value();
    session_ = std::make_unique<CliSession>(client_.get(), out, err, options);
    REQUIRE(session_->start().ok());
  }
  ~Shell() {
    session_.reset();
    client_.reset();  // the fake daemon stops when the client leaves
    thread_.join();
    server_.reset();
    ::rmdir(dir_.c_str());
  }
  bool run(const std::string& line) { return session_->run(line).ok; }
  // The words of the last `op` request.
  Lines words() const {
    REQUIRE(!daemon.requests.empty());
    return daemon.requests.back()["words"].get<Lines>();
  }
  bool json() const { return daemon.requests.back().value("json", false); }

  FakeDaemon daemon;
  std::ostringstream out, err;

 private:
  std::string dir_;
  std::unique_ptr<commits::RpcServer> server_;
  std::unique_ptr<commits::RpcClient> client_;
  std::unique_ptr<CliSession> session_;
  std::thread thread_;
};

TEST_CASE("cli op: live commands go to routeshd whole, with their arguments") {
  Shell sh;
  CHECK(sh.run("sh ip b sum"));
  CHECK(sh.words() == Lines{"show", "ip", "bgp", "summary"});
  CHECK_FALSE(sh.json());
  CHECK(sh.out.str() == "line one: show ip bgp summary\nline two\nline three\n");
  CHECK(sh.run("show ip bgp neighbors 169.254.0.2 adv"));
  CHECK(sh.words() ==
        Lines{"show", "ip", "bgp", "neighbors", "169.254.0.2", "advertised-routes"});
  CHECK(sh.run("show vpn ipsec sa"));
  CHECK(sh.words() == Lines{"show", "vpn", "ipsec", "sa"});
  CHECK(sh.run("show int vti vti0"));
  CHECK(sh.words() == Lines{"show", "interfaces", "vti", "vti0"});
  CHECK(sh.run("show route-map AWS-IN"));
  CHECK(sh.words() == Lines{"show", "route-map", "AWS-IN"});
  CHECK(sh.run("reset ip bgp 169.254.0.2 soft in"));
  CHECK(sh.words() == Lines{"reset", "ip", "bgp", "169.254.0.2", "soft", "in"});
  CHECK(sh.run("restart vpn"));
  CHECK(sh.words() == Lines{"restart", "vpn"});
  CHECK(sh.run("reset vpn ipsec-peer 192.0.2.2"));
  CHECK(sh.words() == Lines{"reset", "vpn", "ipsec-peer", "192.0.2.2"});
  CHECK(sh.err.str().empty());
}

TEST_CASE("cli op: pipes filter the answer; | json and --json ask for JSON") {
  Shell sh;
  CHECK(sh.run("show ip route | match two"));
  CHECK(sh.out.str() == "line two\n");
  sh.out.str("");
  CHECK(sh.run("show ip route | count"));
  CHECK(sh.out.str() == "3\n");
  sh.out.str("");
  CHECK(sh.run("show vpn ike sa | json"));
  CHECK(sh.json());
  CHECK(Json::parse(sh.out.str()) == Json{{"words", {"show", "vpn", "ike", "sa"}}});
  CliOptions o;
  o.json = true;
  Shell js(o);
  CHECK(js.run("show ip bgp summary"));
  CHECK(js.json());
}

TEST_CASE("cli op: refusals are printed VyOS's way, nothing is sent") {
  Shell sh;
  CHECK_FALSE(sh.run("show ip frob"));
  CHECK(sh.daemon.requests.empty());
  CHECK(sh.err.str() == "\n  Invalid command: [show ip frob]\n\n");
  sh.err.str("");
  CHECK_FALSE(sh.run("show vpn i"));
  CHECK(sh.err.str() == "\n  Ambiguous command: [show vpn i]\n\n");
  sh.err.str("");
  CHECK_FALSE(sh.run("re ip bgp all"));  // reset or restart
  CHECK(sh.err.str().find("Ambiguous command: [re]") != std::string::npos);
  CHECK(sh.daemon.requests.empty());
  sh.err.str("");
  // routeshd's own refusal, with its hint.
  CHECK_FALSE(sh.run("show ip route 192.0.2.99"));
  CHECK(sh.err.str() ==
        "\n  show ip route: '192.0.2.99' is not wanted\n  (expected another address)\n\n");
}

TEST_CASE("cli op: operators are refused state changes by routeshd") {
  Shell sh({}, false);
  CHECK_FALSE(sh.run("reset ip bgp all"));
  CHECK(sh.err.str() == "\n  % Permission denied\n\n");
  CHECK(sh.run("show ip bgp"));
}

TEST_CASE("cli op: run from configuration mode") {
  Shell sh;
  REQUIRE(sh.run("configure"));
  CHECK(sh.run("run show vpn ipsec status"));
  CHECK(sh.words() == Lines{"show", "vpn", "ipsec", "status"});
  CHECK(sh.run("run reset ip bgp 169.254.0.2"));
  CHECK(sh.words() == Lines{"reset", "ip", "bgp", "169.254.0.2"});
  sh.out.str("");
  CHECK(sh.run("run show ip route | match three"));
  CHECK(sh.out.str() == "line three\n");
}

}  // namespace
}  // namespace shell
