// The routeshd RPC: JSON messages over a unix stream socket.
//
// Framing: one JSON object per line (compact JSON never contains a raw
// newline), at most kMaxMessage bytes. A client sends requests
//   {"id": 7, "op": "set", ...}
// and receives, in order, one response per request
//   {"id": 7, "ok": true, ...}  or  {"id": 7, "ok": false, "error": {...}}
// interleaved with events the daemon pushes at any time
//   {"event": "running-changed", "message": "..."}.
// A malformed or oversized line gets an error response with id 0 and the
// connection is closed; it never crashes or hangs the daemon.
//
// RpcServer runs in the daemon's single engine thread: poll() over the
// listening socket and every connection, a timer callback for deadlines
// (commit-confirm), requests handled one at a time to completion. Each
// connection is identified by SO_PEERCRED (uid, gid, pid) when accepted. The
// socket is created with mode 0660 (owner and group only).
//
// RpcClient is the shell's side: blocking request/response with events
// delivered to a callback while waiting.
//
// Thread-safety: each object belongs to one thread.
#ifndef ROUTESH_COMMITS_RPC_H_
#define ROUTESH_COMMITS_RPC_H_

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "schema/status.h"

namespace commits {

using Json = nlohmann::json;

constexpr size_t kMaxMessage = 256u << 20;  // 256 MiB: a 100k-line batch fits

// Error <-> JSON ({"code", "message", "path", "hint", "vyos"}).
Json error_to_json(const rc::Error& e);
rc::Error error_from_json(const Json& j);

struct Peer {
  uint64_t id = 0;   // connection id, unique for the daemon's lifetime
  uid_t uid = 0;
  gid_t gid = 0;
  pid_t pid = 0;
  std::string user;  // login name of uid ("uid N" if unknown)
};

class RpcServer {
 public:
  class Handler {
   public:
    virtual ~Handler() = default;
    // Returns false to refuse the connection (it is closed at once, after
    // sending `refusal` as an error event if non-empty).
    virtual bool on_connect(const Peer& peer, std::string* refusal) = 0;
    // Returns the response body; "id" is added by the server.
    virtual Json on_request(const Peer& peer, const Json& request) = 0;
    virtual void on_disconnect(const Peer& peer) = 0;
    // Called when the timeout returned by next_timer_ms() expires.
    virtual void on_timer() = 0;
    // Milliseconds until on_timer() is due; -1: no timer.
    virtual int next_timer_ms() = 0;
  };

  // Creates the socket at `path` (an existing stale socket file is
  // replaced; a live daemon answering on it is an error: kConflict).
  static rc::Result<std::unique_ptr<RpcServer>> listen(const std::string& path);
  ~RpcServer();

  // Serves until stop() is called (from a handler) or SIGTERM/SIGINT
  // arrive (the caller installs handlers that call request_stop()).
  rc::Status run(Handler& handler);
  void stop() { stopping_ = true; }
  // Async-signal-safe stop request.
  static void request_stop();

  // Sends an event to one connection or all; silently drops it if the peer
  // is gone.
  void send_event(uint64_t peer_id, const Json& event);
  void broadcast(const Json& event);

 private:
  struct Conn;
  friend struct RpcServerTestPeer;  // rpc_test.cc: smaller limits
  RpcServer() = default;
  void accept_one(Handler& handler);
  bool read_from(Conn& c, Handler& handler);   // false: close
  bool handle_line(Conn& c, Handler& handler, size_t begin, size_t end);
  void reject(Conn& c, const std::string& message);
  // Serves connections poll() found ready: (connection id, revents).
  void service(const std::vector<std::pair<uint64_t, short>>& ready,
               Handler& handler);
  void close_conn(uint64_t id, Handler& handler);
  void write_line(Conn& c, const Json& msg);

  int listen_fd_ = -1;
  std::string path_;
  dev_t sock_dev_ = 0;  // the socket file bound at path_: removed on
  ino_t sock_ino_ = 0;  // destruction only if it is still ours
  bool stopping_ = false;
  uint64_t next_id_ = 1;
  size_t max_message_ = kMaxMessage;
  size_t max_queued_ = 64u << 20;  // unsent output before a client is closed
  std::map<uint64_t, std::unique_ptr<Conn>> conns_;
};

class RpcClient {
 public:
  // Connects to the daemon's socket. kNotFound if nobody answers.
  static rc::Result<std::unique_ptr<RpcClient>> connect(const std::string& path);
  ~RpcClient();

  // Sends a request and waits for its response; events that arrive
  // meanwhile go to the event callback. A response with ok=false becomes
  // the Error it carries; a lost connection is kIo.
  rc::Result<Json> call(Json request);

  // Events arriving while waiting in call() or in poll_events().
  void on_event(std::function<void(const Json&)> cb) { on_event_ = std::move(cb); }
  // Reads and dispatches events that are already waiting (non-blocking).
  void poll_events();
  int fd() const { return fd_; }

 private:
  RpcClient() = default;
  rc::Result<Json> read_message(int timeout_ms);

  int fd_ = -1;
  uint64_t next_id_ = 1;
  std::string buf_;
  std::function<void(const Json&)> on_event_;
};

}  // namespace commits

#endif  // ROUTESH_COMMITS_RPC_H_
