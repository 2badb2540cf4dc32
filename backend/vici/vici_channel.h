// backend::vici::ViciChannel: executes "vici" kMessage steps on charon.
//
// Drivers (backend/ipsec) plan VICI commands as data; RealHost hands each
// step on channel "vici" to this handler. Payload:
//   {"command": "load-conn", "body": {...}}       one VICI command; the body
//                                                 is a Message in JSON form
//   {"command": ..., "body": ..., "ignore_error": true}
//                                                 charon's refusal is logged,
//                                                 not an error (`terminate`
//                                                 of a peer that has no SA)
//   {"command": "unload-others",                  a composite used by
//    "body": {"conns": [...], "shared": [...]}}   converge: get-conns and
//                                                 get-shared, then unload
//                                                 every connection / shared
//                                                 key not named
// (with nothing to keep and no charon — its socket absent — there is
// nothing to unload: success, so a router without IPsec boots quietly);
// prepare connects if needed and asks charon for its `version` (so a commit
// fails before anything changes when charon is down) and checks that the
// payload converts to a VICI message; execute runs the command. Errors carry
// charon's errmsg.
//
// Thread-safety: as Client (engine thread only).
#ifndef ROUTESH_BACKEND_VICI_VICI_CHANNEL_H_
#define ROUTESH_BACKEND_VICI_VICI_CHANNEL_H_

#include <memory>
#include <string>
#include <vector>

#include "backend/host.h"
#include "backend/step.h"
#include "backend/vici/vici_client.h"

namespace backend::vici {

class ViciChannel {
 public:
  explicit ViciChannel(std::string socket_path)
      : socket_path_(std::move(socket_path)) {}

  rc::Status handle(const Step& step, bool prepare);
  // A ChannelHandler bound to this object (which must outlive it).
  ChannelHandler handler() {
    return [this](const Step& s, bool p) { return handle(s, p); };
  }
  Client& client() { return client_; }
  // What execute did, one line per VICI command (for logs and tests).
  const std::vector<std::string>& log() const { return log_; }

 private:
  rc::Status connect();
  rc::Status unload_others(const Message& keep);

  std::string socket_path_;
  Client client_;
  std::vector<std::string> log_;
};

}  // namespace backend::vici

#endif  // ROUTESH_BACKEND_VICI_VICI_CHANNEL_H_
