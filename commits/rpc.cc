#include "commits/rpc.h"

#include <errno.h>
#include <poll.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstring>

namespace commits {
namespace {

volatile std::sig_atomic_t g_stop_requested = 0;

constexpr size_t kReadChunk = 256u << 10;
// poll() never sleeps longer than this, so a request_stop() whose signal
// arrived just before poll() was entered is still seen promptly.
constexpr int kMaxPollMs = 1000;

constexpr std::pair<rc::Code, const char*> kCodeNames[] = {
    {rc::Code::kInvalidArgument, "invalid-argument"},
    {rc::Code::kValidation, "validation"},
    {rc::Code::kNotFound, "not-found"},
    {rc::Code::kConflict, "conflict"},
    {rc::Code::kBackend, "backend"},
    {rc::Code::kIo, "io"},
    {rc::Code::kInternal, "internal"},
};

// An I/O error naming what failed and errno's text.
rc::Error io_error(const std::string& what, int err = errno) {
  return rc::make_error(rc::Code::kIo, what + ": " + std::strerror(err));
}

std::string dump_line(const Json& j) {
  std::string s = j.dump(-1, ' ', false, Json::error_handler_t::replace);
  s += '\n';
  return s;
}

// The address of `path`; kInvalidArgument if it does not fit.
rc::Status make_address(const std::string& path, sockaddr_un* addr) {
  *addr = sockaddr_un{};
  addr->sun_family = AF_UNIX;
  if (path.empty() || path.size() >= sizeof(addr->sun_path)) {
    return rc::make_error(
        rc::Code::kInvalidArgument, "socket path is empty or too long: " + path,
        {}, "at most " + std::to_string(sizeof(addr->sun_path) - 1) + " bytes");
  }
  std::memcpy(addr->sun_path, path.data(), path.size());
  return rc::Status::Ok();
}

// A connected socket, or -1 with errno set.
int connect_to(const sockaddr_un& addr, int flags) {
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | flags, 0);
  if (fd < 0) return -1;
  const auto* sa = reinterpret_cast<const sockaddr*>(&addr);
  if (connect(fd, sa, sizeof(addr)) == 0) return fd;
  int err = errno;
  close(fd);
  errno = err;
  return -1;
}

// Removes a socket file nobody answers on; a live daemon is kConflict.
rc::Status clear_stale(const std::string& path, const sockaddr_un& addr) {
  struct stat st;
  if (lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return rc::Status::Ok();
    return io_error("cannot stat " + path);
  }
  if (!S_ISSOCK(st.st_mode)) {
    return rc::make_error(rc::Code::kConflict,
                          path + " exists and is not a socket");
  }
  int fd = connect_to(addr, SOCK_NONBLOCK);  // never wait on a stuck daemon
  if (fd >= 0 || errno == EAGAIN) {
    if (fd >= 0) close(fd);
    return rc::make_error(rc::Code::kConflict,
                          "a daemon is already running on " + path);
  }
  if (errno != ECONNREFUSED && errno != ENOENT)
    return io_error("cannot probe " + path);
  if (unlink(path.c_str()) != 0 && errno != ENOENT) {
    return io_error("cannot remove the stale socket " + path);
  }
  return rc::Status::Ok();
}

std::string user_name(uid_t uid) {
  std::vector<char> buf(16384);
  for (;;) {
    passwd pw;
    passwd* found = nullptr;
    int err = getpwuid_r(uid, &pw, buf.data(), buf.size(), &found);
    if (err == 0 && found != nullptr) return found->pw_name;
    if (err != ERANGE || buf.size() >= (1u << 20)) break;
    buf.resize(buf.size() * 2);
  }
  return "uid " + std::to_string(uid);
}

// The peer's credentials; false if the kernel does not tell them.
bool peer_credentials(int fd, Peer* peer) {
  ucred cred{};
  socklen_t len = sizeof(cred);
  if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) return false;
  peer->uid = cred.uid;
  peer->gid = cred.gid;
  peer->pid = cred.pid;
  peer->user = user_name(cred.uid);
  return true;
}

// A response body for `error`, without the id.
Json failure(rc::Code code, const std::string& message) {
  return Json{{"ok", false},
              {"error", error_to_json(rc::make_error(code, message))}};
}

bool valid_request(const Json& j) {
  if (!j.is_object()) return false;
  auto it = j.find("id");
  return it != j.end() && it->is_number_unsigned() && it->get<uint64_t>() > 0;
}

}  // namespace

Json error_to_json(const rc::Error& e) {
  const char* code = "internal";
  for (const auto& [c, name] : kCodeNames) {
    if (c == e.code) code = name;
  }
  return Json{{"code", code},
              {"message", e.message},
              {"path", e.path},
              {"hint", e.hint},
              {"vyos", e.vyos}};
}

rc::Error error_from_json(const Json& j) {
  rc::Error e;  // kInternal unless the code is known
  if (!j.is_object()) {
    e.message = "malformed error from the daemon";
    return e;
  }
  auto str = [&j](const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>()
                                            : std::string();
  };
  std::string code = str("code");
  for (const auto& [c, name] : kCodeNames) {
    if (code == name) e.code = c;
  }
  e.message = str("message");
  e.path = str("path");
  e.hint = str("hint");
  e.vyos = str("vyos");
  return e;
}

struct RpcServer::Conn {
  int fd = -1;
  Peer peer;
  std::string in;      // received bytes of the line(s) not yet complete
  size_t scanned = 0;  // in[0, scanned) holds no '\n'
  std::string out;     // queued output; out[0, out_off) is already sent
  size_t out_off = 0;
  bool closing = false;  // closed at the end of this loop iteration

  ~Conn() { close(fd); }
  size_t pending() const { return out.size() - out_off; }

  // Sends what the socket takes without blocking.
  void flush() {
    while (pending() > 0) {
      ssize_t n = send(fd, out.data() + out_off, pending(),
                       MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        closing = n == 0 || errno != EAGAIN;  // EAGAIN: wait for POLLOUT
        break;
      }
      out_off += static_cast<size_t>(n);
    }
    if (out_off == out.size()) {
      out.clear();
      out_off = 0;
    } else if (out_off >= (1u << 20)) {
      out.erase(0, out_off);
      out_off = 0;
    }
  }
};

rc::Result<std::unique_ptr<RpcServer>> RpcServer::listen(
    const std::string& path) {
  sockaddr_un addr;
  rc::Status status = make_address(path, &addr);
  if (status.ok()) status = clear_stale(path, addr);
  if (!status.ok()) return status.error();
  std::unique_ptr<RpcServer> s(new RpcServer());
  s->listen_fd_ =
      socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (s->listen_fd_ < 0) return io_error("socket");
  if (bind(s->listen_fd_, reinterpret_cast<const sockaddr*>(&addr),
           sizeof(addr)) != 0) {
    return io_error("cannot bind " + path);
  }
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    rc::Error e = io_error("cannot stat " + path);
    unlink(path.c_str());
    return e;
  }
  s->path_ = path;  // from here on the destructor removes the file
  s->sock_dev_ = st.st_dev;
  s->sock_ino_ = st.st_ino;
  // Nobody can connect before listen(), so there is no window with the
  // umask's mode.
  if (chmod(path.c_str(), 0660) != 0) return io_error("cannot chmod " + path);
  if (::listen(s->listen_fd_, 64) != 0)
    return io_error("cannot listen on " + path);
  return s;
}

RpcServer::~RpcServer() {
  conns_.clear();
  if (listen_fd_ >= 0) close(listen_fd_);
  struct stat st;
  if (!path_.empty() && stat(path_.c_str(), &st) == 0 &&
      st.st_dev == sock_dev_ && st.st_ino == sock_ino_) {
    unlink(path_.c_str());
  }
}

void RpcServer::request_stop() { g_stop_requested = 1; }

rc::Status RpcServer::run(Handler& handler) {
  std::vector<pollfd> fds;
  std::vector<uint64_t> ids;
  std::vector<std::pair<uint64_t, short>> ready;
  while (!stopping_ && !g_stop_requested) {
    int timer_ms = handler.next_timer_ms();
    fds.assign(1, pollfd{listen_fd_, POLLIN, 0});
    ids.assign(1, 0);
    for (const auto& [id, c] : conns_) {
      fds.push_back(pollfd{
          c->fd, static_cast<short>(POLLIN | (c->pending() ? POLLOUT : 0)), 0});
      ids.push_back(id);
    }
    int wait_ms = timer_ms < 0 ? kMaxPollMs : std::min(timer_ms, kMaxPollMs);
    int n = poll(fds.data(), fds.size(), wait_ms);
    if (n < 0 && errno != EINTR) return io_error("poll");
    ready.clear();
    for (size_t i = 1; n > 0 && i < fds.size(); ++i) {
      if (fds[i].revents != 0) ready.emplace_back(ids[i], fds[i].revents);
    }
    service(ready, handler);
    if (n > 0 && (fds[0].revents & POLLIN)) accept_one(handler);
    // Asked again: serving may have moved or cancelled the deadline.
    if (handler.next_timer_ms() == 0) handler.on_timer();
    std::vector<uint64_t> closing;
    for (const auto& [id, c] : conns_) {
      if (c->closing) closing.push_back(id);
    }
    for (uint64_t id : closing) close_conn(id, handler);
  }
  // Each stop request ends one run().
  stopping_ = false;
  g_stop_requested = 0;
  return rc::Status::Ok();
}

void RpcServer::service(const std::vector<std::pair<uint64_t, short>>& ready,
                        Handler& handler) {
  for (const auto& [id, revents] : ready) {
    auto it = conns_.find(id);
    if (it == conns_.end() || it->second->closing) continue;
    Conn& c = *it->second;
    if (revents & POLLOUT) c.flush();
    if ((revents & (POLLIN | POLLHUP | POLLERR)) && !c.closing &&
        !read_from(c, handler)) {
      c.closing = true;
    }
  }
}

void RpcServer::accept_one(Handler& handler) {
  int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
  if (fd < 0) return;
  auto c = std::make_unique<Conn>();
  c->fd = fd;
  // Without credentials nobody can tell who asks: refuse silently.
  if (!peer_credentials(fd, &c->peer)) return;
  c->peer.id = next_id_++;
  std::string refusal;
  if (!handler.on_connect(c->peer, &refusal)) {
    if (!refusal.empty()) {
      c->out = dump_line(Json{{"event", "refused"}, {"message", refusal}});
      c->flush();
    }
    return;
  }
  uint64_t id = c->peer.id;
  conns_.emplace(id, std::move(c));
}

bool RpcServer::read_from(Conn& c, Handler& handler) {
  size_t old = c.in.size();
  c.in.resize(old + kReadChunk);
  ssize_t n = recv(c.fd, c.in.data() + old, kReadChunk, 0);
  c.in.resize(old + static_cast<size_t>(std::max<ssize_t>(n, 0)));
  if (n < 0) return errno == EINTR || errno == EAGAIN;
  if (n == 0) return false;  // EOF: a partial line is dropped
  size_t begin = 0;
  for (size_t nl; (nl = c.in.find('\n', c.scanned)) != std::string::npos;) {
    if (!handle_line(c, handler, begin, nl)) return false;
    begin = c.scanned = nl + 1;
  }
  c.in.erase(0, begin);
  c.scanned = c.in.size();
  if (c.in.size() > max_message_) {
    reject(c, "request too large");
    return false;
  }
  return true;
}

bool RpcServer::handle_line(Conn& c, Handler& handler, size_t begin,
                            size_t end) {
  if (end - begin > max_message_) {
    reject(c, "request too large");
    return false;
  }
  Json request =
      Json::parse(c.in.begin() + static_cast<ptrdiff_t>(begin),
                  c.in.begin() + static_cast<ptrdiff_t>(end), nullptr, false);
  if (!valid_request(request)) {
    reject(c, "malformed request");
    return false;
  }
  Json response = handler.on_request(c.peer, request);
  if (!response.is_object()) {
    response = failure(rc::Code::kInternal, "the handler returned no object");
  }
  response["id"] = request["id"];
  write_line(c, response);
  return !c.closing;  // the peer is gone: run no more of its requests
}

void RpcServer::reject(Conn& c, const std::string& message) {
  Json response = failure(rc::Code::kInvalidArgument, message);
  response["id"] = 0;
  write_line(c, response);
  c.closing = true;
}

void RpcServer::close_conn(uint64_t id, Handler& handler) {
  auto it = conns_.find(id);
  if (it == conns_.end()) return;
  std::unique_ptr<Conn> c = std::move(it->second);
  conns_.erase(it);
  handler.on_disconnect(c->peer);
}

void RpcServer::write_line(Conn& c, const Json& msg) {
  if (c.closing) return;
  if (c.pending() > max_queued_) {  // the client stopped reading
    c.closing = true;
    return;
  }
  c.out += dump_line(msg);
  c.flush();
}

void RpcServer::send_event(uint64_t peer_id, const Json& event) {
  auto it = conns_.find(peer_id);
  if (it != conns_.end()) write_line(*it->second, event);
}

void RpcServer::broadcast(const Json& event) {
  for (auto& [id, c] : conns_) write_line(*c, event);
}

rc::Result<std::unique_ptr<RpcClient>> RpcClient::connect(
    const std::string& path) {
  sockaddr_un addr;
  if (rc::Status st = make_address(path, &addr); !st.ok()) return st.error();
  int fd = connect_to(addr, 0);
  if (fd < 0) {
    if (errno == ENOENT || errno == ECONNREFUSED) {
      return rc::make_error(rc::Code::kNotFound,
                            "no daemon answers on " + path);
    }
    return io_error("cannot connect to " + path);
  }
  std::unique_ptr<RpcClient> c(new RpcClient());
  c->fd_ = fd;
  return c;
}

RpcClient::~RpcClient() {
  if (fd_ >= 0) close(fd_);
}

rc::Result<Json> RpcClient::call(Json request) {
  if (!request.is_object()) {
    return rc::make_error(rc::Code::kInvalidArgument,
                          "a request must be a JSON object");
  }
  const uint64_t id = next_id_++;
  request["id"] = id;
  std::string line = dump_line(request);
  for (size_t off = 0; off < line.size();) {
    ssize_t n = send(fd_, line.data() + off, line.size() - off, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    // Closed by the daemon: read what it said first (a refusal event, a
    // rejection with id 0); the read ends at the EOF.
    if (n < 0 && (errno == EPIPE || errno == ECONNRESET)) break;
    if (n < 0) return io_error("cannot send to the daemon");
    off += static_cast<size_t>(n);
  }
  for (;;) {
    rc::Result<Json> m = read_message(-1);
    if (!m.ok()) return m.error();
    Json& msg = *m;
    if (msg.contains("event")) {
      if (on_event_) on_event_(msg);
      continue;
    }
    auto it = msg.find("id");
    if (it == msg.end() || !it->is_number_unsigned()) continue;
    uint64_t got = it->get<uint64_t>();
    if (got != id && got != 0) continue;  // 0: the daemon rejected the line
    auto ok = msg.find("ok");
    if (ok != msg.end() && ok->is_boolean() && ok->get<bool>()) return m;
    auto error = msg.find("error");
    return error_from_json(error != msg.end() ? *error : Json());
  }
}

void RpcClient::poll_events() {
  for (;;) {
    rc::Result<Json> m = read_message(0);
    if (!m.ok() || m->is_null()) return;
    if (m->contains("event") && on_event_) on_event_(*m);
  }
}

// The next message; null if none is complete within timeout_ms.
rc::Result<Json> RpcClient::read_message(int timeout_ms) {
  size_t from = 0;  // buf_[0, from) holds no '\n'
  for (;;) {
    size_t nl = buf_.find('\n', from);
    if (nl != std::string::npos) {
      Json msg =
          Json::parse(buf_.begin(), buf_.begin() + static_cast<ptrdiff_t>(nl),
                      nullptr, false);
      buf_.erase(0, nl + 1);
      if (msg.is_discarded() || !msg.is_object()) {
        return rc::make_error(rc::Code::kIo,
                              "malformed message from the daemon");
      }
      return msg;
    }
    from = buf_.size();
    pollfd p{fd_, POLLIN, 0};
    int r = ::poll(&p, 1, timeout_ms);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return io_error("poll");
    if (r == 0) return Json();
    buf_.resize(from + kReadChunk);
    ssize_t n = recv(fd_, buf_.data() + from, kReadChunk, MSG_DONTWAIT);
    buf_.resize(from + static_cast<size_t>(std::max<ssize_t>(n, 0)));
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n < 0 && errno != ECONNRESET)
      return io_error("cannot read from the daemon");
    if (n <= 0)
      return rc::make_error(rc::Code::kIo, "the daemon closed the connection");
  }
}

}  // namespace commits
