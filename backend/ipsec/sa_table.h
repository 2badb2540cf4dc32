// backend::ipsec SA tables: VyOS's `show vpn ike sa`, `show vpn ipsec sa`
// and `show vpn ipsec status`, from what charon reports (sa_info.h).
//
// The layout is VyOS's (seeds/000, vyatta's op-mode scripts), one block per
// peer:
//   Peer ID / IP                            Local ID / IP
//   ------------                            -------------
//   207.171.167.234                         10.0.1.30
//
//       Description: mgmt-dev1
//
//       Tunnel  State  Bytes Out/In   Encrypt  Hash    NAT-T  A-Time  L-Time  Proto
//       ------  -----  -------------  -------  ----    -----  ------  ------  -----
//       vti     up     21.7K/21.8K    aes128   sha1    no     2747    3600    all
// (columns are printf's "%-Ns ", so the lines carry VyOS's trailing
// blanks; a block ends with "\n \n"). `show vpn ike sa` lists the IKE_SAs
// that exist; `show vpn ipsec sa` every loaded connection, its configured
// tunnels that have no CHILD_SA shown `down`. Peers and local addresses are
// the SA's (else the configuration's; %any and @ids print as 0.0.0.0),
// lifetimes the configured ones (list-conns), A-Time the SA's age. The
// JSON forms carry the same facts with numbers as numbers.
//
// Thread-safety: plain values and pure functions.
#ifndef ROUTESH_BACKEND_IPSEC_SA_TABLE_H_
#define ROUTESH_BACKEND_IPSEC_SA_TABLE_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "backend/ipsec/sa_info.h"

namespace backend::ipsec {

// Everything the SA tables show.
struct VpnState {
  std::vector<IkeSaInfo> sas;    // list-sas order
  std::vector<ConnInfo> conns;   // list-conns order (load order)
  std::map<std::string, std::string> descriptions;  // conn name -> text

  const ConnInfo* conn(const std::string& name) const;
};

// Text ends with "\n" unless empty (nothing to show).
std::string format_ike_sa(const VpnState& state);
std::string format_ipsec_sa(const VpnState& state);
nlohmann::ordered_json ike_sa_json(const VpnState& state);
nlohmann::ordered_json ipsec_sa_json(const VpnState& state);

// `show vpn ipsec status`: charon's PID (0: unknown), the number of
// installed CHILD_SAs, and each IPsec interface with its addresses.
struct VpnStatus {
  int pid = 0;
  std::string version;  // "5.9.8"
  int active_tunnels = 0;
  std::vector<std::pair<std::string, std::vector<std::string>>> interfaces;
};
std::string format_status(const VpnStatus& status);
nlohmann::ordered_json status_json(const VpnStatus& status);

}  // namespace backend::ipsec

#endif  // ROUTESH_BACKEND_IPSEC_SA_TABLE_H_
