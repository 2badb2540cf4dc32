// backend::ipsec verify: the cross-field rules of `vpn ipsec`.
//
// Every problem is reported (not only the first), each with the path it is
// about and, where one exists, what would be valid. Wording follows VyOS
// (vyatta-cfg-vpn's vpn-config.pl: `No local-address specified for peer
// "X"`, `No IKE group specified for peer "X"`, `The ESP group "E"
// specified for peer "X" vti has not been configured`, …) plus the
// gotchas of the user's documents:
//   - seeds/000: AWS's download has no local-address;
//   - seeds/001: AWS's download puts the public Elastic IP in
//     local-address, which the router does not own (it is NATed to the
//     interface's private address): say so and name the addresses it could
//     be;
//   - seeds/002: VyOS refuses to commit without `ipsec-interfaces`.
// `local_addresses` are the addresses this router owns: in render mode the
// configured `interfaces ethernet|loopback|vti … address`, in live mode
// those plus the kernel's (the driver supplies them).
//
// Some rules overlap the schema's own reference checks (`vti bind` to a
// missing interface, a VTI bound twice, an undefined group): the messages
// here say what the IPsec peer needs, in VyOS's words.
//
// Thread-safety: pure function.
#ifndef ROUTESH_BACKEND_IPSEC_VERIFY_H_
#define ROUTESH_BACKEND_IPSEC_VERIFY_H_

#include <vector>

#include "backend/ipsec/model.h"
#include "schema/status.h"

namespace backend::ipsec {

rc::Errors verify(const Config& config,
                  const std::vector<InterfaceAddress>& local_addresses);

}  // namespace backend::ipsec

#endif  // ROUTESH_BACKEND_IPSEC_VERIFY_H_
