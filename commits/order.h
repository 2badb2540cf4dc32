// commits::order_drivers: the order in which drivers apply a commit.
//
// The changed configuration objects (an IPsec peer, a VTI, a route-map, a
// BGP neighbor: the path down to the object's tag value under its owner)
// form a dependency graph, built with Boost.Graph: an object that refers to
// another (`vti bind vti0` -> `interfaces vti vti0`, `route-map import IN` ->
// `policy route-map IN`, `match ip address prefix-list OUT` -> `policy
// prefix-list OUT`) comes after it when created and before it when deleted;
// owners' schema priorities order the rest. Drivers apply their additions in
// the resulting order and their removals in reverse. A cycle, between objects
// or between the drivers that own them, is an error naming it.
//
// Thread-safety: pure function.
#ifndef ROUTESH_COMMITS_ORDER_H_
#define ROUTESH_COMMITS_ORDER_H_

#include <map>
#include <string>
#include <vector>

#include "schema/diff.h"
#include "schema/schema.h"
#include "schema/status.h"
#include "schema/tree.h"

namespace commits {

// The object a change belongs to, e.g. "vpn ipsec site-to-site peer X".
std::string object_of(const schema::Path& path);

struct DriverOrder {
  std::vector<std::string> drivers;  // additions in this order
  // The dependency edges found between changed objects ("a -> b": a first).
  std::vector<std::pair<std::string, std::string>> edges;
};

// REQUIRES: `changes` = diff(running, candidate).
rc::Result<DriverOrder> order_drivers(const schema::Schema& schema,
                                      const schema::Node* running,
                                      const schema::Node* candidate,
                                      const std::vector<schema::Change>& changes);

}  // namespace commits

#endif  // ROUTESH_COMMITS_ORDER_H_
