// backend::vti render: the "netlink" channel payloads for a VTI.
//
//   {"op": "ensure", "name": "vti0", "kind": "vti",
//    "local": "10.20.0.30", "remote": "198.51.100.10",
//    "ikey": 9437184, "okey": 9437184,        (host order; sent as htonl)
//    "mtu": 1436, "up": true, "alias": "…",
//    "addresses": ["169.254.12.38/30"],
//    "sysctl": {"disable_policy": "1", "rp_filter": "2"}}
//        makes the kernel's vti0 exactly this: created if absent, re-created
//        if its kind, endpoints or keys differ, otherwise changed in place
//        (MTU, alias, addresses added/removed, up/down, sysctls under
//        /proc/sys/net/ipv4/conf/vti0/). Idempotent, so it is also the undo
//        of any change to an existing VTI.
//   {"op": "delete", "name": "vti0"}           absent afterwards (missing is
//                                              fine)
//   {"op": "delete-others", "kind": "vti", "keep": ["vti0", …]}
//        converge: deletes every link of that kind not kept (the kernel's
//        fallback ip_vti0 is never touched).
// Sysctls as in seeds/003 and the strongSwan route-based VPN guide:
// disable_policy=1 (no policy check on packets decrypted into the VTI) and
// rp_filter=2 (loose: replies may come back over another tunnel).
//
// Thread-safety: pure functions.
#ifndef ROUTESH_BACKEND_VTI_RENDER_H_
#define ROUTESH_BACKEND_VTI_RENDER_H_

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "backend/step.h"
#include "backend/vti/model.h"

namespace backend::vti {

// REQUIRES: link.bound().
nlohmann::json ensure_payload(const Link& link);
nlohmann::json delete_payload(const std::string& name);
nlohmann::json delete_others_payload(const std::vector<std::string>& keep);

inline Step netlink_step(nlohmann::json payload) {
  return Step::message("netlink", std::move(payload));
}

}  // namespace backend::vti

#endif  // ROUTESH_BACKEND_VTI_RENDER_H_
