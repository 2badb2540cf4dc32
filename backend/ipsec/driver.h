// backend::ipsec::IpsecDriver: `vpn ipsec` through charon's VICI socket.
//
// Plans are per peer and computed from running and candidate alone: each
// peer is rendered on both sides (render.h) and only peers whose messages
// differ get actions, so a change to one peer — or to a group used by some
// peers — reloads those peers only; every other tunnel stays up.
//   new peer       additions: load-shared (undo unload-shared), then
//                  load-conn (undo unload-conn);
//   changed peer   additions: load-shared / load-conn of the new version,
//                  whichever changed (undo: the same command with the
//                  previous version; charon replaces by name);
//   removed peer   removals: unload-conn (undo load-conn of the old
//                  version), terminate of its IKE_SA when the start action
//                  was not `start` (charon keeps the SAs of trap/none
//                  connections on unload; notes §1.4; charon's "no matching
//                  SAs" is ignored), unload-shared (undo load-shared).
// Steps are kMessage on channel "vici" with payload {command, body[,
// ignore_error]} (vici/vici_channel.h runs them). converge() plans
// `unload-others` (everything charon holds that running does not name) and
// a load of every peer of running.
//
// Thread-safety: as Driver.
#ifndef ROUTESH_BACKEND_IPSEC_DRIVER_H_
#define ROUTESH_BACKEND_IPSEC_DRIVER_H_

#include <functional>
#include <string>
#include <vector>

#include "backend/driver.h"
#include "backend/ipsec/model.h"
#include "backend/vici/vici_message.h"

namespace backend::ipsec {

struct DriverOptions {
  // Addresses the router owns besides the configured ones: in live mode
  // the kernel's (kernel_addresses); empty in render mode.
  std::function<std::vector<InterfaceAddress>()> system_addresses;
};

class IpsecDriver : public Driver {
 public:
  explicit IpsecDriver(DriverOptions options = {}) : options_(std::move(options)) {}
  std::string id() const override { return "ipsec"; }
  rc::Errors verify(const schema::Node* candidate) const override;
  rc::Result<Plan> plan(const schema::Node* running,
                        const schema::Node* candidate,
                        const std::vector<schema::Change>& changes,
                        Host& host) const override;
  rc::Result<Plan> converge(const schema::Node* running,
                            Host& host) const override;

 private:
  DriverOptions options_;
};

// The IPv4/IPv6 addresses of the kernel's interfaces (getifaddrs).
std::vector<InterfaceAddress> kernel_addresses();

// A "vici" step: {"command": command, "body": body[, "ignore_error": true]}.
Step vici_step(const std::string& command, const vici::Message& body,
               bool ignore_error = false);

}  // namespace backend::ipsec

#endif  // ROUTESH_BACKEND_IPSEC_DRIVER_H_
