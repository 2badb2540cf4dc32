// backend::ipsec render: VyOS `vpn ipsec` -> strongSwan VICI messages.
//
// One IPsec peer becomes one `load-conn` message (a connection named after
// the peer, with one child per VTI or policy tunnel) and, for pre-shared
// keys, one `load-shared` message. The mapping is documented as a table at
// the top of render.cc and covered by golden tests (render_test.cc).
//
// Thread-safety: pure functions.
#ifndef ROUTESH_BACKEND_IPSEC_RENDER_H_
#define ROUTESH_BACKEND_IPSEC_RENDER_H_

#include <cstdint>
#include <string>

#include "backend/ipsec/model.h"
#include "backend/vici/vici_message.h"

namespace backend::ipsec {

// The XFRM mark of the CHILD_SA and the key of the kernel VTI for vtiN:
// kMarkBase + N (VyOS 1.3's scheme, vpn_ipsec.py mark_base = 0x900000), so
// vti0 -> 0x900000, vti12 -> 0x90000c. Never 0, stable across commits and
// independent of every other peer. Returns 0 if `vti` is not vtiN or N is
// too large to keep the mark below 0x01000000.
inline constexpr uint32_t kMarkBase = 0x900000;
uint32_t vti_mark(const std::string& vti);

// Names used in charon.
std::string conn_name(const Peer& peer);    // the peer: "198.51.100.10"
std::string secret_id(const Peer& peer);    // "ike-198.51.100.10"
std::string vti_child(const Peer& peer);    // "198.51.100.10-vti"
std::string tunnel_child(const Peer& peer, const std::string& n);  // "…-tunnel-1"

// strongSwan's name of DH group "2" -> "modp1024"; "" if unknown.
std::string dh_name(const std::string& group);

// The child start_action for the peer: start | trap | none.
std::string start_action(const Peer& peer);

// The `load-conn` request: { <conn_name> { … } }.
// REQUIRES: verify(config) found no problem with `peer`.
vici::Message render_conn(const Config& config, const Peer& peer);

// The `load-shared` request: {id, type=IKE, data, owners=[local id, remote
// id]}, or an empty message if the peer has no pre-shared secret.
vici::Message render_shared(const Config& config, const Peer& peer);

}  // namespace backend::ipsec

#endif  // ROUTESH_BACKEND_IPSEC_RENDER_H_
