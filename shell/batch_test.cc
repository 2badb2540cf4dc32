// Tests for shell/batch: splitting -c text, and running lines against a
// fake routeshd (an RpcServer in a thread) to check exit codes, the
// stop-at-first-error rule and line numbers in messages.
#include "shell/batch.h"

#include <doctest/doctest.h>
#include <stdlib.h>
#include <unistd.h>

#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "commits/rpc.h"
#include "shell/cli_session.h"

namespace shell {
namespace {

using commits::Json;
using Lines = std::vector<std::string>;

TEST_CASE("split_commands splits at ; and newlines outside quotes") {
  CHECK(split_commands("configure; set interfaces vti vti0 mtu 1400; commit") ==
        Lines{"configure", "set interfaces vti vti0 mtu 1400", "commit"});
  CHECK(split_commands("configure\nset x description 'a; b'\ncommit") ==
        Lines{"configure", "set x description 'a; b'", "commit"});
  CHECK(split_commands("set x description \"it's; fine\";commit") ==
        Lines{"set x description \"it's; fine\"", "commit"});
  CHECK(split_commands("show version;") == Lines{"show version"});
  CHECK(split_commands("").empty());
}

// A daemon that knows just enough: edit lines containing "bad" fail, the
// candidate is a list of set lines, commit copies it to running.
class FakeDaemon : public commits::RpcServer::Handler {
 public:
  bool on_connect(const commits::Peer&, std::string*) override { return true; }
  void on_disconnect(const commits::Peer&) override { server->stop(); }
  void on_timer() override {}
  int next_timer_ms() override { return -1; }
  Json on_request(const commits::Peer&, const Json& req) override {
    std::string op = req.value("op", "");
    ops.push_back(op);
    Json r = {{"ok", true}};
    if (op == "hello") {
      r.update({{"user", "vyos"},
                {"host", "vyos"},
                {"version", "0"},
                {"role", "admin"}});
    } else if (op == "configure") {
      candidate = running;
      r["level"] = Json::array();
    } else if (op == "edit") {
      Lines lines = req["lines"].get<Lines>();
      size_t done = 0;
      for (; done < lines.size(); ++done) {
        if (lines[done].find("bad") != std::string::npos) break;
        candidate.push_back(lines[done]);
      }
      r["done"] = done;
      r["level"] = Json::array();
      if (done < lines.size()) {
        rc::Error e = rc::make_error(rc::Code::kInvalidArgument,
                                     "'bad' is not valid here");
        e.vyos = "Configuration path: [bad] is not valid";
        r["error"] = commits::error_to_json(e);
        r["error"]["line"] = done;
      }
    } else if (op == "commit") {
      running = candidate;
    } else if (op == "show") {
      std::string text;
      for (const auto& l : running) text += l + "\n";
      r["text"] = text;
    }
    return r;
  }

  commits::RpcServer* server = nullptr;
  Lines ops;
  Lines candidate;
  Lines running;
};

// Runs `lines` as a batch against a fresh FakeDaemon.
struct BatchRun {
  explicit BatchRun(const Lines& lines, CliOptions options = {}) {
    char dir[] = "/tmp/routesh-batch-test-XXXXXX";
    REQUIRE(::mkdtemp(dir) != nullptr);
    std::string sock = std::string(dir) + "/routeshd.sock";
    auto server = commits::RpcServer::listen(sock);
    REQUIRE(server.ok());
    daemon.server = server->get();
    std::thread t([&] { (void)daemon.server->run(daemon); });
    auto client = commits::RpcClient::connect(sock);
    CHECK(client.ok());
    if (client.ok()) {
      CliSession session(client->get(), out, err, options);
      CHECK(session.start().ok());
      status = run_batch(session, lines, err);
      client->reset();  // the client disconnects: the fake daemon stops
    } else {
      commits::RpcServer::request_stop();
    }
    t.join();
    server->reset();
    ::rmdir(dir);
  }
  FakeDaemon daemon;
  std::ostringstream out;
  std::ostringstream err;
  int status = -1;
};

size_t count(const Lines& ops, const std::string& op) {
  size_t n = 0;
  for (const auto& o : ops) n += o == op;
  return n;
}

TEST_CASE("a good batch exits 0; consecutive edits go in one request") {
  BatchRun run({"configure", "set interfaces vti vti0 mtu 1400",
                "set interfaces vti vti1 mtu 1436", "commit"});
  CHECK(run.status == 0);
  CHECK(run.err.str().empty());
  CHECK(count(run.daemon.ops, "edit") == 1);
  CHECK(run.daemon.running == Lines{"set interfaces vti vti0 mtu 1400",
                                    "set interfaces vti vti1 mtu 1436"});
}

TEST_CASE(
    "the first failing line stops the batch; its number and why on stderr") {
  BatchRun run({"configure", "set interfaces vti vti0 mtu 1400", "set bad 1",
                "set interfaces vti vti1 mtu 1436", "commit"});
  CHECK(run.status == 1);
  CHECK(count(run.daemon.ops, "commit") == 0);
  CHECK(run.daemon.running.empty());
  std::string err = run.err.str();
  CHECK(err.find("\n  Configuration path: [bad] is not valid\n") !=
        std::string::npos);
  CHECK(err.find("\n  Set failed\n") != std::string::npos);
  CHECK(err.find("routesh: line 3: set bad 1: failed; nothing uncommitted is "
                 "applied\n") != std::string::npos);
}

TEST_CASE("an invalid command fails with its line number") {
  BatchRun run({"show configuration commands", "frob", "configure"});
  CHECK(run.status == 1);
  CHECK(count(run.daemon.ops, "configure") == 0);
  CHECK(run.err.str().find("Invalid command: [frob]") != std::string::npos);
  CHECK(run.err.str().find("routesh: line 2: frob: failed") !=
        std::string::npos);
}

TEST_CASE("exit ends a batch with status 0; the rest does not run") {
  BatchRun run({"exit", "frob"});
  CHECK(run.status == 0);
  CHECK(run.err.str().empty());
}

TEST_CASE("show output goes to stdout without prompts") {
  BatchRun run({"configure", "set interfaces vti vti0 mtu 1400", "commit",
                "exit", "show configuration commands | match vti0"});
  CHECK(run.status == 0);
  CHECK(run.out.str().find("set interfaces vti vti0 mtu 1400\n") !=
        std::string::npos);
  CHECK(run.out.str().find("vyos@vyos") == std::string::npos);
  CHECK(run.out.str().find("[edit]") == std::string::npos);
}

}  // namespace
}  // namespace shell
