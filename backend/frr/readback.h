// backend::frr readback: checks that FRR holds what a batch committed.
//
// After a batch applied, the channel (vtysh_channel.h) reads FRR's state
// back as JSON — one scoped show command per changed object, planned with
// the batch (vtysh.h Expectation) — and this file judges the replies. It
// catches what FRR accepts without saying so: an entry equal to another
// of its list is dropped silently (the list has one entry fewer than
// committed), a neighbor that did not take its remote-as, a route-map
// whose rules differ. A mismatch fails the action (the engine then runs
// its undo).
//
// Static routes are not read back: zebra shows a static route only once
// its next hop resolves, so absence proves nothing; staticd has no JSON
// view of its own configuration in FRR 8.4.
//
// Thread-safety: pure, except for what `read` does.
#ifndef ROUTESH_BACKEND_FRR_READBACK_H_
#define ROUTESH_BACKEND_FRR_READBACK_H_

#include <functional>
#include <string>
#include <vector>

#include "backend/frr/vtysh.h"
#include "schema/status.h"
#include "schema/tree.h"

namespace backend::frr {

// Reads the text of `show` on `daemon`.
using ShowReader =
    std::function<rc::Result<std::string>(const std::string& daemon, const std::string& show)>;

// Every expectation checked; each distinct (daemon, show) is read once.
// kBackend listing every mismatch when some do not hold.
rc::Status check_expectations(const std::vector<Expectation>& expect,
                              const ShowReader& read);

// Expectations of the policy and bgp owners for the change from -> to
// (trees; null = nothing configured): only objects that differ.
std::vector<Expectation> policy_expectations(const schema::Node* from,
                                             const schema::Node* to);
std::vector<Expectation> bgp_expectations(const schema::Node* from,
                                          const schema::Node* to);

}  // namespace backend::frr

#endif  // ROUTESH_BACKEND_FRR_READBACK_H_
