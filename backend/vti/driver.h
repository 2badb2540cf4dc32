// backend::vti::VtiDriver: `interfaces vti` as kernel VTI devices.
//
// Plans compare the VTIs that running and candidate describe (model.h:
// a VTI exists in the kernel while a peer binds it), so a change to the
// bound peer's local-address re-creates its VTI even though nothing under
// `interfaces vti` changed (the driver watches "ipsec", so the engine
// plans it whenever a peer changed):
//   appears   additions: ensure (undo: delete);
//   differs   additions: ensure with the new state (undo: ensure the old);
//   goes      removals: delete (undo: ensure the old state).
// The engine applies vti additions before the IPsec driver's (the peer's
// `vti bind` refers to the VTI) and removals after them (the peer goes
// first). Steps are kMessage on channel "netlink" (netlink_channel.h).
//
// Thread-safety: as Driver.
#ifndef ROUTESH_BACKEND_VTI_DRIVER_H_
#define ROUTESH_BACKEND_VTI_DRIVER_H_

#include <string>
#include <vector>

#include "backend/driver.h"

namespace backend::vti {

class VtiDriver : public Driver {
 public:
  std::string id() const override { return "vti"; }
  rc::Errors verify(const schema::Node* candidate) const override;
  rc::Result<Plan> plan(const schema::Node* running,
                        const schema::Node* candidate,
                        const std::vector<schema::Change>& changes,
                        Host& host) const override;
  rc::Result<Plan> converge(const schema::Node* running,
                            Host& host) const override;
  std::vector<std::string> watches() const override { return {"ipsec"}; }
};

}  // namespace backend::vti

#endif  // ROUTESH_BACKEND_VTI_DRIVER_H_
