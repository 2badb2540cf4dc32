// backend::frr static: `protocols static` as FRR staticd sees it.
//
//   model   load_static(): the routes of the tree (pure); parse_static():
//           the same from FRR's running configuration (converge only);
//   verify  verify_static(): `Must add either a next-hop or blackhole or
//           interface for route X`, values FRR could misread;
//   render  static_delta(): the staticd commands that turn one model into
//           another, one keyed line per (prefix, next hop | interface |
//           blackhole):
//             ip route P NEXTHOP [DISTANCE]      (next-hop, not disabled)
//             ip route P blackhole [DISTANCE]
//             ip route P IFNAME [DISTANCE]       (interface-route)
//           Measured on FRR 8.4.4: re-issuing a route with another
//           distance replaces it, and `no ip route P T` removes it whatever
//           its distance.
//
// Thread-safety: plain values and pure functions.
#ifndef ROUTESH_BACKEND_FRR_STATIC_H_
#define ROUTESH_BACKEND_FRR_STATIC_H_

#include <map>
#include <string>

#include "backend/frr/lines.h"
#include "schema/natural_order.h"
#include "schema/status.h"
#include "schema/tree.h"

namespace backend::frr {

struct StaticPath {
  std::string distance;  // "" = FRR's default (1)
  bool disable = false;
};

struct StaticRoute {
  std::map<std::string, StaticPath, schema::NaturalLess> next_hops;
  bool blackhole = false;
  std::string blackhole_distance;
};

struct StaticConfig {
  std::map<std::string, StaticRoute, schema::NaturalLess> routes;
  // interface-route P next-hop-interface I
  std::map<std::string, std::map<std::string, StaticPath, schema::NaturalLess>,
           schema::NaturalLess>
      interface_routes;
};

// REQUIRES: root is a whole configuration, or null (nothing configured).
StaticConfig load_static(const schema::Node* root);
// The `ip route` lines of FRR's running configuration that have the shapes
// this driver writes; other lines are not ours and are ignored.
StaticConfig parse_static(const std::string& running_config);

rc::Errors verify_static(const StaticConfig& config);

// The commands that turn `from` into `to`. Errors if a value cannot be
// placed in a command (verify reports those first).
rc::Result<Delta> static_delta(const StaticConfig& from, const StaticConfig& to);

}  // namespace backend::frr

#endif  // ROUTESH_BACKEND_FRR_STATIC_H_
