// The VICI client and channel against a scripted fake charon on a unix
// socket (the real charon is exercised by tests/ipsec).
#include "backend/vici/vici_client.h"

#include <doctest/doctest.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <functional>
#include <mutex>
#include <thread>

#include "backend/vici/vici_channel.h"

namespace backend::vici {
namespace {

// Accepts connections one after another; answers every packet with what
// the script returns. An empty reply list sends nothing (for timeouts).
class FakeCharon {
 public:
  using Script = std::function<std::vector<Packet>(const Packet&)>;

  explicit FakeCharon(Script script) : script_(std::move(script)) {
    char tmpl[] = "/tmp/routesh-vici-XXXXXX";
    dir_ = ::mkdtemp(tmpl);
    path_ = dir_ + "/charon.vici";
    listen_fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strcpy(addr.sun_path, path_.c_str());
    REQUIRE(::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(::listen(listen_fd_, 4) == 0);
    thread_ = std::thread([this] { serve(); });
  }
  ~FakeCharon() {
    stop_ = true;
    ::shutdown(listen_fd_, SHUT_RDWR);
    int fd = conn_fd_.exchange(-1);
    if (fd >= 0) ::shutdown(fd, SHUT_RDWR);
    thread_.join();
    ::close(listen_fd_);
    ::unlink(path_.c_str());
    ::rmdir(dir_.c_str());
  }
  const std::string& path() const { return path_; }
  // "CMD_REQUEST version", "EVENT_REGISTER list-sa", … as received.
  std::vector<std::string> seen() {
    std::lock_guard<std::mutex> lock(mu_);
    return seen_;
  }
  int connections() const { return connections_; }

 private:
  static bool read_exact(int fd, char* p, size_t n) {
    while (n > 0) {
      ssize_t r = ::read(fd, p, n);
      if (r <= 0) return false;
      p += r;
      n -= static_cast<size_t>(r);
    }
    return true;
  }
  void serve() {
    while (!stop_) {
      int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) return;
      ++connections_;
      conn_fd_ = fd;
      while (true) {
        unsigned char len[4];
        if (!read_exact(fd, reinterpret_cast<char*>(len), 4)) break;
        size_t n = (size_t{len[0]} << 24) | (size_t{len[1]} << 16) |
                   (size_t{len[2]} << 8) | len[3];
        std::string body(n, '\0');
        if (!read_exact(fd, body.data(), n)) break;
        auto p = decode_packet(body);
        if (!p.ok()) break;
        {
          std::lock_guard<std::mutex> lock(mu_);
          seen_.push_back(std::string(packet_type_name(p->type)) +
                          (p->name.empty() ? "" : " " + p->name));
        }
        bool close_now = false;
        for (const auto& reply : script_(*p)) {
          if (reply.name == "<close>") {
            close_now = true;
            break;
          }
          auto bytes = encode_packet(reply);
          if (!bytes.ok() || ::write(fd, bytes->data(), bytes->size()) < 0) break;
        }
        if (close_now) break;
      }
      conn_fd_ = -1;
      ::close(fd);
    }
  }

  Script script_;
  std::string dir_, path_;
  int listen_fd_ = -1;
  std::atomic<int> conn_fd_{-1};
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  std::mutex mu_;
  std::vector<std::string> seen_;
  std::thread thread_;
};

Packet response(std::initializer_list<std::pair<const char*, const char*>> kv) {
  Packet p{PacketType::kCmdResponse, "", {}};
  for (const auto& [k, v] : kv) p.message.set(k, v);
  return p;
}

Packet event(const std::string& name, const std::string& key) {
  Packet p{PacketType::kEvent, name, {}};
  p.message.section(key).set("state", "ESTABLISHED");
  return p;
}

// A charon that knows version, unload-conn, list-sas, get-conns.
std::vector<Packet> typical(const Packet& p) {
  switch (p.type) {
    case PacketType::kEventRegister:
      if (p.name == "list-sa" || p.name == "control-log") {
        return {{PacketType::kEventConfirm, "", {}}};
      }
      return {{PacketType::kEventUnknown, "", {}}};
    case PacketType::kEventUnregister:
      return {{PacketType::kEventConfirm, "", {}}};
    case PacketType::kCmdRequest:
      if (p.name == "version") {
        // An unrelated event in the middle of a command is skipped.
        return {event("ike-updown", "x"), response({{"daemon", "charon"},
                                                    {"version", "5.9.8"}})};
      }
      if (p.name == "unload-conn") {
        return {response({{"success", "no"},
                          {"errmsg", "unload: connection 'probe' not found"}})};
      }
      if (p.name == "list-sas") {
        return {event("list-sa", "peer-a"), event("other", "z"),
                event("list-sa", "peer-b"), response({})};
      }
      if (p.name == "sleep") return {};
      if (p.name == "hangup") return {{PacketType::kCmdResponse, "<close>", {}}};
      return {{PacketType::kCmdUnknown, "", {}}};
    default:
      return {};
  }
}

}  // namespace

TEST_CASE("call returns the response and skips events in between") {
  FakeCharon charon(typical);
  Client c;
  REQUIRE(c.connect("unix://" + charon.path()).ok());
  auto r = c.call("version");
  REQUIRE(r.ok());
  CHECK(r->get("version") == "5.9.8");
  CHECK(charon.seen() == std::vector<std::string>{"CMD_REQUEST version"});
}

TEST_CASE("success=no becomes an error carrying charon's errmsg") {
  FakeCharon charon(typical);
  Client c;
  REQUIRE(c.connect(charon.path()).ok());
  Message m;
  m.set("name", "probe");
  auto r = c.call("unload-conn", m);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == rc::Code::kBackend);
  CHECK(r.error().message ==
        "charon: unload-conn failed: unload: connection 'probe' not found");
  // The connection stays usable.
  CHECK(c.call("version").ok());
  auto u = c.call("no-such-command");
  REQUIRE_FALSE(u.ok());
  CHECK(u.error().message == "vici: charon does not know the command 'no-such-command'");
  CHECK(c.call("version").ok());
}

TEST_CASE("stream registers, collects its events until the response, unregisters") {
  FakeCharon charon(typical);
  Client c;
  REQUIRE(c.connect(charon.path()).ok());
  std::vector<std::string> sas;
  auto r = c.stream("list-sas", {}, "list-sa", [&](const Message& m) {
    sas.push_back(m.entries().at(0).name);
  });
  REQUIRE(r.ok());
  CHECK(sas == std::vector<std::string>{"peer-a", "peer-b"});
  CHECK(charon.seen() == std::vector<std::string>{"EVENT_REGISTER list-sa",
                                                  "CMD_REQUEST list-sas",
                                                  "EVENT_UNREGISTER list-sa"});
  auto bad = c.stream("list-sas", {}, "no-such-event", nullptr);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message == "vici: charon does not know the event 'no-such-event'");
}

TEST_CASE("a timeout or a hang-up closes the connection; the next call reconnects") {
  FakeCharon charon(typical);
  Client c;
  REQUIRE(c.connect(charon.path()).ok());
  c.set_timeout_ms(100);
  auto r = c.call("sleep");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == rc::Code::kIo);
  CHECK(r.error().message.find("timed out waiting for charon") != std::string::npos);
  CHECK_FALSE(c.connected());
  CHECK(c.call("version").ok());
  auto h = c.call("hangup");
  REQUIRE_FALSE(h.ok());
  CHECK(h.error().message.find("charon closed the connection") != std::string::npos);
  CHECK(c.call("version").ok());
  CHECK(charon.connections() == 3);
}

TEST_CASE("connecting to a socket nobody listens on says so") {
  Client c;
  auto st = c.connect("/tmp/routesh-no-such-dir/charon.vici");
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().message ==
        "cannot connect to charon at /tmp/routesh-no-such-dir/charon.vici: No such "
        "file or directory (is charon running?)");
  CHECK_FALSE(c.call("version").ok());
}

TEST_CASE("the vici channel runs payloads, checks charon in prepare, ignores on request") {
  std::vector<std::string> conns = {"keep-me", "stale"};
  FakeCharon charon([&](const Packet& p) -> std::vector<Packet> {
    if (p.type == PacketType::kCmdRequest && p.name == "get-conns") {
      Packet r{PacketType::kCmdResponse, "", {}};
      r.message.set_list("conns", conns);
      return {r};
    }
    if (p.type == PacketType::kCmdRequest && p.name == "get-shared") {
      Packet r{PacketType::kCmdResponse, "", {}};
      r.message.set_list("keys", {"ike-keep-me", "ike-stale"});
      return {r};
    }
    if (p.type == PacketType::kCmdRequest &&
        (p.name == "load-conn" || p.name == "unload-shared")) {
      return {response({{"success", "yes"}})};
    }
    if (p.type == PacketType::kCmdRequest && p.name == "terminate") {
      return {response({{"success", "no"},
                        {"errmsg", "no matching SAs to terminate found"}})};
    }
    return typical(p);
  });
  ViciChannel ch(charon.path());
  Step load = Step::message(
      "vici", {{"command", "load-conn"},
               {"body", {{"peer", {{"version", "2"}, {"local_addrs", {"1.2.3.4"}}}}}}});
  CHECK(ch.handle(load, true).ok());
  CHECK(ch.handle(load, false).ok());
  Step term = Step::message("vici", {{"command", "terminate"},
                                     {"body", {{"ike", "gone"}}},
                                     {"ignore_error", true}});
  CHECK(ch.handle(term, false).ok());
  term.payload.erase("ignore_error");
  auto st = ch.handle(term, false);
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().message ==
        "charon: terminate failed: no matching SAs to terminate found");
  Step sync = Step::message(
      "vici", {{"command", "unload-others"},
               {"body", {{"conns", {"keep-me"}}, {"shared", {"ike-keep-me"}}}}});
  auto us = ch.handle(sync, false);
  CHECK_FALSE(us.ok());  // the fake refuses unload-conn of "stale"
  CHECK(ch.log() == std::vector<std::string>{
                        "load-conn peer", "terminate gone (ignored: charon: terminate "
                        "failed: no matching SAs to terminate found)",
                        "terminate gone", "unload-conn stale"});
  Step bad = Step::message("vici", {{"body", {}}});
  CHECK_FALSE(ch.handle(bad, true).ok());
}

TEST_CASE("prepare fails before anything changes when charon is not there") {
  ViciChannel ch("/tmp/routesh-no-such-dir/charon.vici");
  Step s = Step::message("vici", {{"command", "load-conn"}, {"body", {}}});
  auto st = ch.handle(s, true);
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().message.find("is charon running?") != std::string::npos);
  // With nothing to keep, an absent charon holds nothing to unload; with
  // something to keep, it is an error (the peers are not loaded).
  Step none = Step::message("vici", {{"command", "unload-others"},
                                     {"body", {{"conns", nlohmann::json::array()},
                                               {"shared", nlohmann::json::array()}}}});
  CHECK(ch.handle(none, false).ok());
  Step keep = Step::message("vici", {{"command", "unload-others"},
                                     {"body", {{"conns", {"peer"}}}}});
  CHECK_FALSE(ch.handle(keep, false).ok());
  Step load = Step::message("vici", {{"command", "load-conn"}, {"body", {}}});
  CHECK_FALSE(ch.handle(load, false).ok());
}

}  // namespace backend::vici
