// backend::vti model: the kernel VTI each `interfaces vti vtiN` stands for.
//
// A VTI is an IPv4 tunnel device whose endpoints and keys come from the
// IPsec peer bound to it (`vpn ipsec site-to-site peer P vti bind vtiN`):
// local = the peer's local-address, remote = P, ikey = okey = the mark of
// the peer's CHILD_SA (ipsec::vti_mark: 0x900000 + N). A VTI that no peer
// binds has no endpoints; the kernel cannot hold it next to its fallback
// device ip_vti0 (same 0.0.0.0/0.0.0.0 endpoints: EEXIST), so it does not
// exist in the kernel until a peer binds it (and is deleted when its peer
// goes).
//
// Thread-safety: plain values; load() is pure.
#ifndef ROUTESH_BACKEND_VTI_MODEL_H_
#define ROUTESH_BACKEND_VTI_MODEL_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "schema/tree.h"

namespace backend::vti {

struct Link {
  std::string name;                    // "vti0"
  std::vector<std::string> addresses;  // "169.254.12.38/30", as configured
  std::string mtu;                     // schema default 1500
  bool disable = false;
  std::string description;
  // From the bound peer; empty when unbound.
  std::string peer;
  std::string local;
  std::string remote;
  uint32_t key = 0;
  bool bound() const { return !peer.empty(); }
};

// Every `interfaces vti` entry of `root` (null: none), by name.
std::map<std::string, Link> load(const schema::Node* root);

}  // namespace backend::vti

#endif  // ROUTESH_BACKEND_VTI_MODEL_H_
