// Tests of the "frr" channel against a scripted vty daemon (a unix socket
// speaking FRR's vtysh protocol): the transaction's shape, a refused
// command, a rejected transaction (`% Configuration failed.` with return
// code 0) and a daemon that is down. The real FRR is exercised by
// tests/frr.
#include "backend/frr/vtysh_channel.h"

#include <doctest/doctest.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "backend/frr/vty_client.h"
#include "backend/frr/vtysh.h"

namespace backend::frr {
namespace {

class ScriptedDaemon {
 public:
  std::string refuse;              // this command gets code 2
  bool reject_transaction = false;  // the end marker says it failed

  ScriptedDaemon(const std::string& dir, const std::string& name)
      : path_(dir + "/" + name + ".vty") {
    fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    std::strncpy(a.sun_path, path_.c_str(), sizeof a.sun_path - 1);
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    REQUIRE(::listen(fd_, 4) == 0);
    thread_ = std::thread([this] { serve(); });
  }
  ~ScriptedDaemon() {
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
    ::unlink(path_.c_str());
  }
  std::vector<std::string> received() {
    std::lock_guard<std::mutex> l(mu_);
    return received_;
  }

 private:
  void serve() {
    for (;;) {
      int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) return;
      std::string buf;
      char chunk[4096];
      ssize_t n;
      while ((n = ::read(c, chunk, sizeof chunk)) > 0) {
        buf.append(chunk, static_cast<size_t>(n));
        size_t z;
        while ((z = buf.find('\0')) != std::string::npos) {
          std::string cmd = buf.substr(0, z);
          buf.erase(0, z + 1);
          {
            std::lock_guard<std::mutex> l(mu_);
            received_.push_back(cmd);
          }
          std::string out;
          char code = 0;
          if (cmd == refuse) {
            out = "% Unknown command: " + cmd + "\n";
            code = 2;
          } else if (cmd == "XFRR_end_configuration" && reject_transaction) {
            out = "% Configuration failed.\n\nError type: validation\n";
          }
          out.append(3, '\0');
          out.push_back(code);
          (void)::write(c, out.data(), out.size());
        }
      }
      ::close(c);
    }
  }
  std::string path_;
  int fd_ = -1;
  std::thread thread_;
  std::mutex mu_;
  std::vector<std::string> received_;
};

struct Dir {
  std::string path;
  Dir() {
    char t[] = "/tmp/routesh-vty-XXXXXX";
    path = ::mkdtemp(t);
  }
  ~Dir() { ::rmdir(path.c_str()); }
};

Step batch(std::vector<std::string> commands) {
  auto s = batch_step({{"bgpd"}, std::move(commands), {}});
  REQUIRE(s.ok());
  return *s;
}

}  // namespace

TEST_CASE("frr channel: one transaction per daemon over its vty socket") {
  Dir dir;
  ScriptedDaemon bgpd(dir.path, "bgpd");
  FrrOptions o;
  o.vty_socket = dir.path;
  o.vtysh = "true";  // the dry run's vtysh: accepts everything here
  Step s = batch({"router bgp 65001", "neighbor 192.0.2.2 remote-as 65002", "exit"});
  REQUIRE(run_batch(o, s, true).ok());
  CHECK(bgpd.received().empty());  // prepare only connects
  REQUIRE(run_batch(o, s, false).ok());
  CHECK(bgpd.received() ==
        std::vector<std::string>{"enable", "configure terminal",
                                 "XFRR_start_configuration", "router bgp 65001",
                                 "neighbor 192.0.2.2 remote-as 65002", "exit",
                                 "XFRR_end_configuration", "end"});
}

TEST_CASE("frr channel: a refused command stops the batch, which is still closed") {
  Dir dir;
  ScriptedDaemon bgpd(dir.path, "bgpd");
  bgpd.refuse = "neighbor 192.0.2.2 bogus";
  FrrOptions o;
  o.vty_socket = dir.path;
  auto st = run_batch(o, batch({"router bgp 65001", "neighbor 192.0.2.2 bogus",
                                "neighbor 192.0.2.3 remote-as 1"}), false);
  REQUIRE(!st.ok());
  CHECK(st.error().message.find("bgpd: \"neighbor 192.0.2.2 bogus\": % Unknown command") !=
        std::string::npos);
  auto got = bgpd.received();
  CHECK(std::find(got.begin(), got.end(), "neighbor 192.0.2.3 remote-as 1") == got.end());
  CHECK(got[got.size() - 2] == "XFRR_end_configuration");
}

TEST_CASE("frr channel: an undo batch goes on past refusals and skips those of `no`") {
  Dir dir;
  ScriptedDaemon bgpd(dir.path, "bgpd");
  FrrOptions o;
  o.vty_socket = dir.path;
  Batch b{{"bgpd"}, {"router bgp 65001", "no network 198.51.100.0/24",
                     "neighbor 192.0.2.2 description old"}, {}, true};
  bgpd.refuse = "no network 198.51.100.0/24";  // "% Can't find static route specified"
  auto undo = batch_step(b);
  REQUIRE(undo.ok());
  CHECK(run_batch(o, *undo, false).ok());
  auto got = bgpd.received();
  CHECK(std::find(got.begin(), got.end(), "neighbor 192.0.2.2 description old") != got.end());
  // A refusal of anything else is reported, after the rest was sent.
  bgpd.refuse = "router bgp 65001";
  auto st = run_batch(o, *undo, false);
  REQUIRE(!st.ok());
  CHECK(st.error().message.find("\"router bgp 65001\"") != std::string::npos);
  got = bgpd.received();
  CHECK(got[got.size() - 3] == "neighbor 192.0.2.2 description old");
  // The same refusal in a forward batch stops it.
  b.undo = false;
  bgpd.refuse = "no network 198.51.100.0/24";
  auto forward = batch_step(b);
  REQUIRE(forward.ok());
  CHECK(!run_batch(o, *forward, false).ok());
}

TEST_CASE("frr channel: a rejected transaction is a failure although its code is 0") {
  Dir dir;
  ScriptedDaemon bgpd(dir.path, "bgpd");
  bgpd.reject_transaction = true;
  FrrOptions o;
  o.vty_socket = dir.path;
  auto st = run_batch(o, batch({"ip prefix-list A seq 5 permit 10.0.0.0/8 le 7"}), false);
  REQUIRE(!st.ok());
  CHECK(st.error().message.find("rejected: % Configuration failed.") != std::string::npos);
}

TEST_CASE("frr channel: a daemon that is down fails prepare, naming it") {
  Dir dir;
  FrrOptions o;
  o.vty_socket = dir.path;
  o.vtysh = "true";
  auto st = run_batch(o, batch({"router bgp 65001"}), true);
  REQUIRE(!st.ok());
  CHECK(st.error().message.find("bgpd is not reachable") != std::string::npos);
  CHECK(!run_batch(o, Step::run({"vtysh"}), true).ok());
}

TEST_CASE("frr channel: the dry run's refusal fails prepare") {
  Dir dir;
  ScriptedDaemon bgpd(dir.path, "bgpd");
  FrrOptions o;
  o.vty_socket = dir.path;
  o.vtysh = "false";
  auto st = run_batch(o, batch({"router bgp 65001"}), true);
  REQUIRE(!st.ok());
  CHECK(st.error().message.find("dry run") != std::string::npos);
  CHECK(bgpd.received().empty());
}

TEST_CASE("frr channel: FRR's own vtysh dry run accepts good batches, refuses bad ones") {
  if (::access("/usr/bin/vtysh", X_OK) != 0) {
    FAIL("vtysh is missing: install frr (packaging/install-deps.sh)");
  }
  Dir dir;
  ScriptedDaemon staticd(dir.path, "staticd");
  FrrOptions o;
  o.vty_socket = dir.path;
  o.vtysh = "/usr/bin/vtysh";
  auto good = batch_step({{"staticd"}, {"ip route 10.1.0.0/16 blackhole 5",
                                        "no ip route 10.2.0.0/16 192.0.2.1"}, {}});
  REQUIRE(good.ok());
  auto st = run_batch(o, *good, true);
  CHECK_MESSAGE(st.ok(), st.error().to_string());
  auto bad = batch_step({{"staticd"}, {"ip route 10.1.0.0/16 blackhole",
                                       "ip route 10.1.0.0/33 blackhole"}, {}});
  REQUIRE(bad.ok());
  st = run_batch(o, *bad, true);
  REQUIRE(!st.ok());
  CHECK(st.error().message.find("line 2") != std::string::npos);
  CHECK(staticd.received().empty());
}

}  // namespace backend::frr
