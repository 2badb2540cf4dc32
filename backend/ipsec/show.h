// backend::ipsec::VpnOpMode: VyOS's VPN operational commands, from charon.
//
//   show vpn ike sa           one block per peer: its IKE_SAs
//   show vpn ipsec sa         one block per peer: its tunnels (CHILD_SAs)
//   show vpn ipsec status     charon's PID, active tunnels, IPsec interfaces
//   reset vpn ipsec-peer P    (changes state) terminate P's IKE_SAs, then
//                             initiate each of P's tunnels again
//   restart vpn               (changes state) the same for every loaded
//                             peer: all are terminated, those configured to
//                             initiate are initiated; charon itself keeps
//                             running (nothing is restarted but the SAs)
//
// State comes from charon over VICI (backend/vici/): `list-conns` (what is
// loaded: peers without an SA still get a block; lifetimes as configured)
// and `list-sas` (the SAs), read into sa_info.h's structs and printed by
// sa_table.h in VyOS's layout or as JSON. `terminate` (forced: charon does
// not wait for the peer's answer) and `initiate` (waiting up to the
// initiate timeout per tunnel, so that the output says whether it came up)
// reset. The running configuration (set_running) adds each peer's
// description, the `ipsec-interfaces` whose kernel addresses the status
// lists, and `connection-type` (who initiates after `restart vpn`).
//
// Arguments are checked first ("Invalid command: [show vpn ike sas]", a peer
// name of address/host-name/@id characters); a peer that charon has not
// loaded is kNotFound naming the loaded ones; charon not answering is
// "% strongSwan (charon) is not reachable at SOCKET: …" (kIo/kBackend).
//
// Thread-safety: one thread at a time (one VICI connection, kept open and
// re-established after a failure).
#ifndef ROUTESH_BACKEND_IPSEC_SHOW_H_
#define ROUTESH_BACKEND_IPSEC_SHOW_H_

#include <string>
#include <vector>

#include "backend/ipsec/model.h"
#include "backend/ipsec/sa_table.h"
#include "backend/opmode.h"
#include "backend/vici/vici_client.h"

namespace backend::ipsec {

class VpnOpMode : public OpMode {
 public:
  explicit VpnOpMode(std::string vici_socket = vici::kDefaultSocket)
      : socket_(std::move(vici_socket)) {}

  bool handles(const std::vector<std::string>& words) const override;
  bool changes_state(const std::vector<std::string>& words) const override;
  rc::Result<std::string> run(const std::vector<std::string>& words,
                              bool json) override;
  void set_running(schema::NodePtr running) override;

  // How long `initiate` waits for each tunnel (ms; default 10 s).
  void set_initiate_timeout_ms(int ms) { initiate_timeout_ms_ = ms; }

 private:
  rc::Result<VpnState> read_state();
  rc::Result<VpnStatus> read_status();
  rc::Result<std::string> reset_peers(const std::vector<std::string>& peers,
                                      bool only_initiators, bool json);
  rc::Status connect();

  std::string socket_;
  vici::Client client_;
  Config config_;  // from the running configuration
  int initiate_timeout_ms_ = 10000;
};

}  // namespace backend::ipsec

#endif  // ROUTESH_BACKEND_IPSEC_SHOW_H_
