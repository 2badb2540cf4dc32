#include "commits/rpc.h"

#include <doctest/doctest.h>
#include <grp.h>
#include <poll.h>
#include <pthread.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace commits {

// Smaller limits, so that the tests need not move hundreds of megabytes.
struct RpcServerTestPeer {
  static void set_limits(RpcServer& s, size_t max_message, size_t max_queued) {
    s.max_message_ = max_message;
    s.max_queued_ = max_queued;
  }
};

namespace {

using namespace std::chrono_literals;

// Aborts the test binary if a test hangs.
class Watchdog {
 public:
  explicit Watchdog(std::chrono::seconds limit)
      : thread_([this, limit] {
          std::unique_lock<std::mutex> lock(mu_);
          if (!cv_.wait_for(lock, limit, [this] { return done_; })) {
            std::fprintf(stderr, "rpc test: timed out, aborting\n");
            std::abort();
          }
        }) {}
  ~Watchdog() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      done_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  std::thread thread_;
};

// Polls `pred` until it holds or 5 s pass.
bool eventually(const std::function<bool()>& pred) {
  auto deadline = std::chrono::steady_clock::now() + 5s;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(5ms);
  }
  return true;
}

// The handler runs in the server thread; the test thread reads atomics.
class TestHandler : public RpcServer::Handler {
 public:
  RpcServer* server = nullptr;
  std::atomic<bool> refuse{false};
  std::atomic<int> connects{0};
  std::atomic<int> disconnects{0};
  std::atomic<int> timer_fired{0};
  std::atomic<bool> slow_started{false};
  std::atomic<bool> slow_release{false};
  std::atomic<int> slow_done{0};

  bool on_connect(const Peer&, std::string* refusal) override {
    if (refuse) {
      *refusal = "not in group routesh";
      return false;
    }
    ++connects;
    return true;
  }

  Json on_request(const Peer& peer, const Json& req) override {
    std::string op = req.value("op", "");
    if (op == "echo") return {{"ok", true}, {"echo", req.value("x", Json())}};
    if (op == "stop") server->stop();
    if (op == "whoami") {
      return {{"ok", true},      {"uid", peer.uid},   {"gid", peer.gid},
              {"pid", peer.pid}, {"user", peer.user}, {"peer", peer.id}};
    }
    if (op == "event")
      server->send_event(peer.id, {{"event", "ping"}, {"n", 1}});
    if (op == "broadcast")
      server->broadcast({{"event", "running-changed"}, {"message", "rev 2"}});
    if (op == "fail") {
      rc::Error e =
          rc::make_error(rc::Code::kConflict, "locked", "system", "wait");
      e.vyos = "Configuration is locked";
      return {{"ok", false}, {"error", error_to_json(e)}};
    }
    if (op == "timer") timer_due_ = std::chrono::steady_clock::now() + 30ms;
    if (op == "slow") slow(peer);
    if (op == "flood") flood(peer);
    if (op == "signal-stop") RpcServer::request_stop();
    return {{"ok", true}};
  }

  void on_disconnect(const Peer&) override { ++disconnects; }

  void on_timer() override {
    if (timer_due_ && std::chrono::steady_clock::now() >= *timer_due_) {
      timer_due_.reset();
      ++timer_fired;
    }
  }

  int next_timer_ms() override {
    if (!timer_due_) return -1;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        *timer_due_ - std::chrono::steady_clock::now());
    return std::max<int>(0, static_cast<int>(left.count()));
  }

 private:
  void slow(const Peer&) {
    slow_started = true;
    eventually([this] { return slow_release.load(); });
    ++slow_done;
  }
  void flood(const Peer& peer) {
    std::string blob(256 << 10, 'x');
    for (int i = 0; i < 64; ++i)
      server->send_event(peer.id, {{"event", "blob"}, {"data", blob}});
  }

  std::optional<std::chrono::steady_clock::time_point> timer_due_;
};

// A raw client socket with a receive timeout, for speaking bad protocol.
class RawClient {
 public:
  explicit RawClient(const std::string& path) {
    fd_ = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, path.c_str(), sizeof(addr.sun_path) - 1);
    REQUIRE(connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) ==
            0);
    timeval tv{5, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  }
  ~RawClient() { close_fd(); }
  void close_fd() {
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
  }
  // Sends all of `data`; false if the server closed the connection.
  bool send_all(const std::string& data) {
    for (size_t off = 0; off < data.size();) {
      ssize_t n = send(fd_, data.data() + off, data.size() - off, MSG_NOSIGNAL);
      if (n <= 0) return false;
      off += static_cast<size_t>(n);
    }
    return true;
  }
  // The next line; "" on EOF, "<timeout>" if nothing came in 5 s.
  std::string read_line() {
    for (;;) {
      size_t nl = buf_.find('\n');
      if (nl != std::string::npos) {
        std::string line = buf_.substr(0, nl);
        buf_.erase(0, nl + 1);
        return line;
      }
      char chunk[65536];
      ssize_t n = recv(fd_, chunk, sizeof(chunk), 0);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        return "<timeout>";
      if (n <= 0) return "";  // EOF or ECONNRESET: closed
      buf_.append(chunk, static_cast<size_t>(n));
    }
  }
  // Reads until EOF; returns the bytes read, or -1 on timeout.
  long drain() {
    long total = static_cast<long>(buf_.size());
    buf_.clear();
    for (;;) {
      char chunk[65536];
      ssize_t n = recv(fd_, chunk, sizeof(chunk), 0);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return -1;
      if (n <= 0) return total;
      total += n;
    }
  }
  // Reads and drops one chunk of what has arrived, waiting at most 10 ms.
  void discard_some() {
    pollfd p{fd_, POLLIN, 0};
    char chunk[65536];
    if (poll(&p, 1, 10) > 0) recv(fd_, chunk, sizeof(chunk), MSG_DONTWAIT);
  }
  int fd() const { return fd_; }

 private:
  int fd_ = -1;
  std::string buf_;
};

// A server on a socket in a fresh temporary directory, run in a thread.
class Fixture {
 public:
  explicit Fixture(size_t max_message = kMaxMessage,
                   size_t max_queued = 64u << 20) {
    char tmpl[] = "/tmp/rpc_test.XXXXXX";
    REQUIRE(mkdtemp(tmpl) != nullptr);
    dir_ = tmpl;
    path = dir_ + "/routeshd.sock";
    auto s = RpcServer::listen(path);
    REQUIRE(s.ok());
    server = std::move(s.value());
    RpcServerTestPeer::set_limits(*server, max_message, max_queued);
    handler.server = server.get();
    thread_ = std::thread([this] { status_ = server->run(handler); });
  }
  ~Fixture() {
    if (thread_.joinable()) stop();
    server.reset();
    std::remove(path.c_str());
    rmdir(dir_.c_str());
  }
  std::unique_ptr<RpcClient> client() {
    auto c = RpcClient::connect(path);
    REQUIRE(c.ok());
    return std::move(c.value());
  }
  // Ends run() through a request, and checks that it returned Ok.
  void stop() {
    auto c = RpcClient::connect(path);
    bool stopped = c.ok() && (*c)->call({{"op", "stop"}}).ok();
    CHECK(stopped);
    // After a failure (the socket is gone), do not hang: run() sees the
    // flag within a second.
    if (!stopped) RpcServer::request_stop();
    join();
  }
  void join() {
    thread_.join();
    CHECK(status_.ok());
  }
  std::thread& thread() { return thread_; }

  Watchdog watchdog{std::chrono::seconds(30)};  // first: destroyed last
  std::string path;
  TestHandler handler;
  std::unique_ptr<RpcServer> server;

 private:
  std::string dir_;
  std::thread thread_;
  rc::Status status_;
};

Json parse(const std::string& line) {
  return Json::parse(line, nullptr, false);
}

constexpr uid_t kNobody = 65534;

// Sends `line` from a child process running as uid/gid kNobody and returns
// the response line, or "connect: EACCES" / "connect: failed". Needs root.
// The child makes system calls only: the parent has threads.
std::string call_as_nobody(const std::string& path, const std::string& line) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, path.c_str(), sizeof(addr.sun_path) - 1);
  int out[2];
  REQUIRE(pipe(out) == 0);
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    close(out[0]);
    if (setgroups(0, nullptr) != 0 || setgid(kNobody) != 0 ||
        setuid(kNobody) != 0)
      _exit(2);
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
      _exit(errno == EACCES ? 3 : 4);
    }
    timeval tv{5, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    if (send(fd, line.data(), line.size(), MSG_NOSIGNAL) !=
        static_cast<ssize_t>(line.size())) {
      _exit(5);
    }
    char buf[4096];
    ssize_t n;
    while ((n = recv(fd, buf, sizeof(buf), 0)) > 0) {
      if (write(out[1], buf, static_cast<size_t>(n)) != n) _exit(6);
      if (std::memchr(buf, '\n', static_cast<size_t>(n)) != nullptr) _exit(0);
    }
    _exit(7);
  }
  close(out[1]);
  std::string got;
  char buf[4096];
  ssize_t n;
  while ((n = read(out[0], buf, sizeof(buf))) > 0)
    got.append(buf, static_cast<size_t>(n));
  close(out[0]);
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  REQUIRE(WIFEXITED(status));
  if (WEXITSTATUS(status) == 3) return "connect: EACCES";
  if (WEXITSTATUS(status) != 0)
    return "child failed: " + std::to_string(WEXITSTATUS(status));
  return got.substr(0, got.find('\n'));
}

// Checks that `raw` gets an error response with id 0 and is then closed.
void expect_rejected(RawClient& raw, const std::string& message) {
  Json r = parse(raw.read_line());
  REQUIRE(r.is_object());
  CHECK(r.value("id", -1) == 0);
  CHECK(r.value("ok", true) == false);
  CHECK(error_from_json(r["error"]).message == message);
  CHECK(raw.read_line() == "");  // closed, not timed out
}

TEST_CASE("rpc: errors round-trip through JSON with every code") {
  for (rc::Code code :
       {rc::Code::kInvalidArgument, rc::Code::kValidation, rc::Code::kNotFound,
        rc::Code::kConflict, rc::Code::kBackend, rc::Code::kIo,
        rc::Code::kInternal}) {
    rc::Error e{code, "mtu: 99999 is out of range 68-9000",
                "interfaces vti vti0 mtu", "68-9000",
                "Value validation failed"};
    rc::Error back = error_from_json(Json::parse(error_to_json(e).dump()));
    CHECK(back.code == code);
    CHECK(back.message == e.message);
    CHECK(back.path == e.path);
    CHECK(back.hint == e.hint);
    CHECK(back.vyos == e.vyos);
  }
  CHECK(error_to_json(rc::make_error(rc::Code::kNotFound, "x"))["code"] ==
        "not-found");
  CHECK(error_from_json(Json{{"code", 7}}).code == rc::Code::kInternal);
  CHECK(error_from_json(Json("nonsense")).code == rc::Code::kInternal);
  CHECK(error_from_json(Json{{"code", "what"}, {"message", "m"}}).message ==
        "m");
}

TEST_CASE("rpc: requests and responses round-trip on one connection and two") {
  Fixture f;
  auto a = f.client();
  auto b = f.client();
  for (int i = 0; i < 5; ++i) {
    auto ra = a->call({{"op", "echo"}, {"x", i}});
    REQUIRE(ra.ok());
    CHECK((*ra)["echo"] == i);
    CHECK((*ra)["id"] == i + 1);
    auto rb = b->call({{"op", "echo"}, {"x", "b" + std::to_string(i)}});
    REQUIRE(rb.ok());
    CHECK((*rb)["echo"] == "b" + std::to_string(i));
  }
  auto bad = a->call({{"op", "fail"}});
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code == rc::Code::kConflict);
  CHECK(bad.error().message == "locked");
  CHECK(bad.error().path == "system");
  CHECK(bad.error().hint == "wait");
  CHECK(bad.error().vyos == "Configuration is locked");
  CHECK(a->call(Json::array()).error().code == rc::Code::kInvalidArgument);
  f.stop();
}

TEST_CASE("rpc: pipelined requests are answered in order") {
  Fixture f;
  RawClient raw(f.path);
  REQUIRE(raw.send_all(R"({"id":5,"op":"echo","x":1})"
                       "\n"
                       R"({"id":6,"op":"echo","x":2})"
                       "\n"));
  Json r1 = parse(raw.read_line());
  Json r2 = parse(raw.read_line());
  CHECK(r1.value("id", 0) == 5);
  CHECK(r1.value("echo", 0) == 1);
  CHECK(r2.value("id", 0) == 6);
  CHECK(r2.value("echo", 0) == 2);
  f.stop();
}

TEST_CASE("rpc: events arrive during call() and through poll_events()") {
  Fixture f;
  auto a = f.client();
  auto b = f.client();
  std::vector<Json> a_events, b_events;
  a->on_event([&](const Json& e) { a_events.push_back(e); });
  b->on_event([&](const Json& e) { b_events.push_back(e); });

  REQUIRE(a->call({{"op", "event"}}).ok());
  REQUIRE(a_events.size() == 1);
  CHECK(a_events[0]["event"] == "ping");

  REQUIRE(a->call({{"op", "broadcast"}}).ok());
  CHECK(a_events.size() == 2);
  b->poll_events();  // may or may not have arrived yet; must not block
  if (b_events.empty()) {
    pollfd p{b->fd(), POLLIN, 0};
    poll(&p, 1, 5000);
    b->poll_events();
  }
  REQUIRE(b_events.size() == 1);
  CHECK(b_events[0]["event"] == "running-changed");
  CHECK(b_events[0]["message"] == "rev 2");
  b->poll_events();  // nothing pending: returns at once
  CHECK(b_events.size() == 1);
  f.stop();
}

TEST_CASE("rpc: SO_PEERCRED identifies the peer") {
  Fixture f;
  auto c = f.client();
  auto r = c->call({{"op", "whoami"}});
  REQUIRE(r.ok());
  CHECK((*r)["uid"] == getuid());
  CHECK((*r)["gid"] == getgid());
  CHECK((*r)["pid"] == getpid());
  passwd* pw = getpwuid(getuid());
  std::string user =
      pw != nullptr ? pw->pw_name : "uid " + std::to_string(getuid());
  CHECK((*r)["user"] == user);
  auto r2 = f.client()->call({{"op", "whoami"}});
  REQUIRE(r2.ok());
  CHECK((*r2)["peer"] != (*r)["peer"]);
  f.stop();
}

TEST_CASE("rpc: other users need the socket's group; their uid is theirs") {
  if (getuid() != 0) return;  // needs root to become someone else
  Fixture f;
  std::string dir = f.path.substr(0, f.path.rfind('/'));
  REQUIRE(chmod(dir.c_str(), 0711) == 0);
  const std::string request = "{\"id\":9,\"op\":\"whoami\"}\n";
  CHECK(call_as_nobody(f.path, request) == "connect: EACCES");  // mode 0660
  REQUIRE(chown(f.path.c_str(), static_cast<uid_t>(-1), kNobody) == 0);
  Json r = parse(call_as_nobody(f.path, request));
  REQUIRE(r.is_object());
  CHECK(r["id"] == 9);
  CHECK(r["uid"] == kNobody);
  CHECK(r["gid"] == kNobody);
  CHECK(r["pid"] != getpid());
  passwd* pw = getpwuid(kNobody);
  CHECK(r["user"] == (pw != nullptr ? pw->pw_name : "uid 65534"));
  f.stop();
}

TEST_CASE("rpc: malformed lines get an error with id 0 and are closed") {
  Fixture f;
  auto good = f.client();
  const char* bad_lines[] = {
      "{not json\n",
      "[1,2,3]\n",
      "\"a string\"\n",
      "{\"op\":\"echo\"}\n",
      "{\"id\":\"7\",\"op\":\"echo\"}\n",
      "{\"id\":-1}\n",
      "{\"id\":1.5}\n",
      "\n",
  };
  for (const char* line : bad_lines) {
    CAPTURE(line);
    RawClient raw(f.path);
    REQUIRE(raw.send_all(line));
    expect_rejected(raw, "malformed request");
    auto r = good->call({{"op", "echo"}, {"x", 1}});
    REQUIRE(r.ok());
  }
  // A good request before the bad one in the same write is still answered.
  RawClient raw(f.path);
  REQUIRE(raw.send_all("{\"id\":3,\"op\":\"echo\"}\n{oops\n"));
  CHECK(parse(raw.read_line()).value("id", 0) == 3);
  expect_rejected(raw, "malformed request");
  CHECK(eventually([&] { return f.handler.disconnects == 9; }));
  f.stop();
}

TEST_CASE("rpc: oversized lines are refused and the server keeps serving") {
  Fixture f(/*max_message=*/1024);
  auto good = f.client();
  {  // No newline at all: refused once the buffer passes the limit.
    RawClient raw(f.path);
    raw.send_all(std::string(4096, 'x'));  // may fail half-way: closed
    expect_rejected(raw, "request too large");
  }
  {  // A complete line one byte too long.
    RawClient raw(f.path);
    std::string line = R"({"id":1,"op":"echo","x":")";
    line += std::string(1024 - line.size() - 2 + 1, 'y') + "\"}";
    REQUIRE(line.size() == 1025);
    REQUIRE(raw.send_all(line + "\n"));
    expect_rejected(raw, "request too large");
  }
  {  // Exactly at the limit: served.
    RawClient raw(f.path);
    std::string line = R"({"id":1,"op":"echo","x":")";
    line += std::string(1024 - line.size() - 2, 'y') + "\"}";
    REQUIRE(line.size() == 1024);
    REQUIRE(raw.send_all(line + "\n"));
    CHECK(parse(raw.read_line()).value("id", 0) == 1);
  }
  // RpcClient reports the rejection, whether its send completed or the
  // daemon closed the connection half-way through.
  for (size_t size : {4096u, 8u << 20}) {
    CAPTURE(size);
    auto r = f.client()->call({{"op", "echo"}, {"x", std::string(size, 'z')}});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == rc::Code::kInvalidArgument);
    CHECK(r.error().message == "request too large");
  }
  CHECK(good->call({{"op", "echo"}}).ok());
  f.stop();
}

TEST_CASE("rpc: a client vanishing mid-request does not disturb the server") {
  Fixture f;
  {
    RawClient raw(f.path);
    REQUIRE(raw.send_all("{\"id\":1,\"op\":\"slow\"}\n"));
    REQUIRE(eventually([&] { return f.handler.slow_started.load(); }));
    raw.close_fd();
    f.handler.slow_release = true;
  }
  CHECK(eventually([&] { return f.handler.slow_done == 1; }));
  CHECK(eventually([&] { return f.handler.disconnects == 1; }));
  auto c = f.client();
  CHECK(c->call({{"op", "echo"}}).ok());
  f.stop();
}

TEST_CASE(
    "rpc: a client that stops reading is closed without blocking others") {
  Fixture f(kMaxMessage, /*max_queued=*/1u << 20);
  RawClient slow(f.path);
  auto fast = f.client();
  REQUIRE(slow.send_all("{\"id\":1,\"op\":\"flood\"}\n"));
  CHECK(eventually([&] { return f.handler.disconnects == 1; }));
  CHECK(fast->call({{"op", "echo"}}).ok());
  long got = slow.drain();
  CHECK(got >= 0);                 // closed, not left hanging
  CHECK(got < 64L * (256 << 10));  // and not sent everything
  f.stop();
}

TEST_CASE("rpc: the socket is 0660 and removed on destruction, if still ours") {
  std::string path;
  {
    Fixture f;
    path = f.path;
    struct stat st;
    REQUIRE(stat(path.c_str(), &st) == 0);
    CHECK(S_ISSOCK(st.st_mode));
    CHECK((st.st_mode & 07777) == 0660);
    f.stop();
    f.server.reset();
    CHECK(stat(path.c_str(), &st) != 0);
    CHECK(errno == ENOENT);
  }
  {  // Someone replaced the file: it is left alone.
    Fixture f;
    f.stop();
    REQUIRE(unlink(f.path.c_str()) == 0);
    std::ofstream(f.path) << "not ours\n";
    f.server.reset();
    struct stat st;
    CHECK(stat(f.path.c_str(), &st) == 0);
  }
}

TEST_CASE("rpc: listen refuses a live socket and replaces a stale one") {
  Fixture f;
  auto again = RpcServer::listen(f.path);
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().code == rc::Code::kConflict);
  CHECK(again.error().message == "a daemon is already running on " + f.path);
  CHECK(f.client()->call({{"op", "echo"}}).ok());  // the live one is intact

  std::string stale = f.path + ".stale";
  int fd = socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, stale.c_str(), sizeof(addr.sun_path) - 1);
  REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0);
  close(fd);  // the file stays, nobody listens
  CHECK(RpcClient::connect(stale).error().code == rc::Code::kNotFound);
  {
    auto s = RpcServer::listen(stale);
    REQUIRE(s.ok());
  }
  struct stat st;
  CHECK(stat(stale.c_str(), &st) != 0);

  std::string plain = f.path + ".plain";
  std::ofstream(plain) << "x";
  CHECK(RpcServer::listen(plain).error().code == rc::Code::kConflict);
  std::remove(plain.c_str());
  CHECK(RpcServer::listen(std::string(200, 'a')).error().code ==
        rc::Code::kInvalidArgument);
  CHECK(RpcClient::connect(f.path + ".none").error().code ==
        rc::Code::kNotFound);
  f.stop();
}

TEST_CASE("rpc: the timer callback fires") {
  Fixture f;
  auto c = f.client();
  REQUIRE(c->call({{"op", "timer"}}).ok());
  CHECK(eventually([&] { return f.handler.timer_fired == 1; }));
  // A client keeping the server busy (its socket is never idle) does not
  // starve the timer.
  RawClient busy(f.path);
  std::atomic<bool> done{false};
  std::thread writer([&] {
    std::string batch;
    for (int i = 0; i < 100; ++i) batch += "{\"id\":1,\"op\":\"echo\"}\n";
    while (!done && busy.send_all(batch)) {
    }
  });
  REQUIRE(c->call({{"op", "timer"}}).ok());
  auto deadline = std::chrono::steady_clock::now() + 3s;
  while (f.handler.timer_fired < 2 &&
         std::chrono::steady_clock::now() < deadline) {
    busy.discard_some();
  }
  bool fired_while_busy = f.handler.timer_fired == 2;
  done = true;
  writer.join();
  CHECK(fired_while_busy);
  f.stop();
}

TEST_CASE("rpc: a refused connection gets the refusal as an event") {
  Fixture f;
  f.handler.refuse = true;
  auto c = f.client();
  std::vector<Json> events;
  c->on_event([&](const Json& e) { events.push_back(e); });
  auto r = c->call({{"op", "echo"}});
  f.handler.refuse = false;
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == rc::Code::kIo);
  CHECK(r.error().message == "the daemon closed the connection");
  REQUIRE(events.size() == 1);
  CHECK(events[0]["event"] == "refused");
  CHECK(events[0]["message"] == "not in group routesh");
  CHECK(f.handler.connects == 0);
  f.stop();
}

void on_sigusr1(int) { RpcServer::request_stop(); }

TEST_CASE("rpc: request_stop() ends run(), from a handler or a signal") {
  {
    Fixture f;
    CHECK(f.client()->call({{"op", "signal-stop"}}).ok());
    f.join();
  }
  {
    Fixture f;
    CHECK(f.client()->call({{"op", "echo"}}).ok());  // run() is serving
    struct sigaction sa {
    }, old{};
    sa.sa_handler = on_sigusr1;
    sigemptyset(&sa.sa_mask);
    REQUIRE(sigaction(SIGUSR1, &sa, &old) == 0);
    pthread_kill(f.thread().native_handle(), SIGUSR1);
    f.join();
    sigaction(SIGUSR1, &old, nullptr);
  }
  {  // Each request ends one run(): the next one serves.
    Fixture f;
    CHECK(f.client()->call({{"op", "echo"}}).ok());
    f.stop();
  }
}

}  // namespace
}  // namespace commits
