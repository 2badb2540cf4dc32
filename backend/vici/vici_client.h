// backend::vici::Client: a VICI client for charon's control socket.
//
// One connection, one command in flight (VICI requests carry no id; see
// ../shared/notes/backends.md §1.1). call() sends CMD_REQUEST and reads
// until CMD_RESPONSE, ignoring events; stream() registers for an event,
// sends the command, hands every event of that name to a callback until
// the response, then unregisters — how `list-sas`, `list-conns`,
// `initiate` and `terminate` report. A response carrying `success=no`
// becomes an rc::Error (kBackend) holding charon's `errmsg`
// ("charon: load-conn failed: invalid value for: proposals, config
// discarded"); an unknown command or event is an error naming it. A socket
// failure or a timeout closes the connection (its byte stream can no longer
// be trusted) and is kIo; the next call reconnects to the same path.
// Nothing throws.
//
// Thread-safety: one thread at a time per Client.
#ifndef ROUTESH_BACKEND_VICI_VICI_CLIENT_H_
#define ROUTESH_BACKEND_VICI_VICI_CLIENT_H_

#include <functional>
#include <string>

#include "backend/vici/vici_message.h"
#include "schema/status.h"

namespace backend::vici {

// charon's default socket.
inline constexpr const char* kDefaultSocket = "/var/run/charon.vici";

class Client {
 public:
  Client() = default;
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Connects to a unix socket: "/path" or "unix:///path". A previous
  // connection is closed first.
  rc::Status connect(const std::string& path);
  bool connected() const { return fd_ >= 0; }
  void close();
  const std::string& path() const { return path_; }

  // Per read/write wait, in milliseconds (default 30 s). `initiate` with a
  // timeout of its own needs a longer one here.
  void set_timeout_ms(int ms) { timeout_ms_ = ms; }

  // Runs one command. Returns the response message; success=no is an error.
  rc::Result<Message> call(const std::string& command,
                           const Message& request = {});

  // Runs a streaming command: every `event` packet before the response is
  // passed to `on_event`. Returns the response (success=no is an error).
  using EventCallback = std::function<void(const Message&)>;
  rc::Result<Message> stream(const std::string& command,
                             const Message& request, const std::string& event,
                             const EventCallback& on_event);

  // success=no in `response` -> error naming the command and errmsg.
  static rc::Status check(const std::string& command, const Message& response);

 private:
  rc::Status ensure_connected();
  rc::Status send(const Packet& packet);
  rc::Result<Packet> receive();
  rc::Status write_all(const char* data, size_t size);
  rc::Status read_exact(char* data, size_t size);
  rc::Error io_failure(const std::string& what, int err);

  int fd_ = -1;
  std::string path_;
  int timeout_ms_ = 30000;
};

}  // namespace backend::vici

#endif  // ROUTESH_BACKEND_VICI_VICI_CLIENT_H_
