// backend::frr::VtyClient: one connection to an FRR daemon's vty socket.
//
// This is the socket vtysh itself talks to (<vty dir>/<daemon>.vty, e.g.
// /run/frr/bgpd.vty; /run/frr/<pathspace>/ for `-N`). The protocol, as
// FRR 8.4 speaks it: the client writes one command followed by a NUL
// byte; the daemon answers with the command's output followed by three NUL
// bytes and one byte holding the command's return code (0 = success; 2 =
// unknown command, 13 = configuration failed, …). A new connection starts
// in view mode: `enable`, then `configure terminal`.
//
// The FRR drivers' batches go through it (vtysh_channel.h): no process per
// commit, passwords never in a process's argv, and every command's own
// return code instead of vtysh's exit status (which is 0 even when a
// northbound transaction was rejected).
//
// Thread-safety: one thread at a time. Owns its socket (closed on
// destruction; moves transfer it).
#ifndef ROUTESH_BACKEND_FRR_VTY_CLIENT_H_
#define ROUTESH_BACKEND_FRR_VTY_CLIENT_H_

#include <string>

#include "schema/status.h"

namespace backend::frr {

class VtyClient {
 public:
  struct Reply {
    int code = 0;        // the daemon's return code; 0 = success
    std::string output;  // what the command printed
  };

  // Connects to `socket_path`. kBackend "cannot connect to …" when the
  // daemon is not running. `timeout_ms` bounds every later reply.
  static rc::Result<VtyClient> connect(const std::string& socket_path,
                                       int timeout_ms = 120000);
  VtyClient(VtyClient&& other) noexcept;
  VtyClient& operator=(VtyClient&& other) noexcept;
  VtyClient(const VtyClient&) = delete;
  VtyClient& operator=(const VtyClient&) = delete;
  ~VtyClient();

  // Runs one command. Errors only for the connection (closed, timeout);
  // a command the daemon refuses is a Reply with code != 0.
  // REQUIRES: `line` holds no NUL and no line break.
  rc::Result<Reply> run(const std::string& line);

 private:
  VtyClient(int fd, std::string path, int timeout_ms)
      : fd_(fd), path_(std::move(path)), timeout_ms_(timeout_ms) {}
  int fd_ = -1;
  std::string path_;
  int timeout_ms_ = 0;
};

// The vty socket of `daemon` under `dir` ("" = FRR's default /run/frr).
std::string vty_socket_path(const std::string& dir, const std::string& daemon);

}  // namespace backend::frr

#endif  // ROUTESH_BACKEND_FRR_VTY_CLIENT_H_
