// backend::frr bgp: `protocols bgp ASN` as FRR bgpd sees it.
//
//   model   load_bgp() from the tree (pure; VyOS 1.1 spellings such as
//           `neighbor X route-map import R` were already stored under
//           `address-family ipv4-unicast` by the schema); parse_bgp() from
//           FRR's running configuration (converge only);
//   verify  verify_bgp(): `Neighbor "X" remote-as must be set!` (unless its
//           peer-group has one), `Peer-group member "X" cannot override
//           remote-as of peer-group "G"!`, `Specified route-map "R" does not
//           exist!`, `Specified prefix-list "P" does not exist!`, timers
//           pairs (`you must set a keepalive interval` / `… holdtime …`),
//           `Whitespace is not allowed in passwords!`, text FRR could
//           misread;
//   render  bgp_delta(): per object — the router's own lines, each
//           peer-group, each neighbor (its lines under `router bgp` and
//           under `address-family ipv4 unicast`), each network and
//           redistribution. A change to one neighbor emits only that
//           neighbor's lines (no `clear bgp`, nothing for other neighbors).
//           Measured on FRR 8.4.4: `no neighbor X remote-as N` deletes the
//           neighbor, and `no neighbor X peer-group G` deletes a member that
//           has no remote-as of its own, so a neighbor whose peer-group
//           changes or whose own remote-as goes away is re-created
//           (`no neighbor X`, then all its lines), as is a peer-group whose
//           remote-as goes away (with its members). A changed ASN re-creates
//           the router. `redistribute T …` re-issued merges with the old
//           attributes: dropping one is `no redistribute T` first.
//           `no bgp default ipv4-unicast` only applies to neighbors created
//           after it, so while it is set on either side of a delta every
//           peer that is not a peer-group member gets an explicit
//           `[no] neighbor X activate`.
//           Always rendered, as VyOS does: `no bgp ebgp-requires-policy`,
//           `no bgp network import-check`.
//
// Thread-safety: plain values and pure functions.
#ifndef ROUTESH_BACKEND_FRR_BGP_H_
#define ROUTESH_BACKEND_FRR_BGP_H_

#include <map>
#include <optional>
#include <set>
#include <string>

#include "backend/frr/lines.h"
#include "backend/frr/policy.h"
#include "schema/natural_order.h"
#include "schema/status.h"
#include "schema/tree.h"

namespace backend::frr {

// A neighbor's or peer-group's `address-family ipv4-unicast`.
struct BgpPeerAf {
  std::string route_map_import, route_map_export;
  std::string prefix_list_import, prefix_list_export;
  std::string maximum_prefix;
  bool soft_reconfiguration_inbound = false;
  bool nexthop_self = false;
};

// A neighbor or a peer-group.
struct BgpPeer {
  std::string remote_as;
  std::string peer_group;  // neighbors only
  std::string description;
  std::string password;
  std::string update_source;
  std::string ebgp_multihop;
  std::string keepalive, holdtime, connect;  // `timers …`; "" = unset
  bool shutdown = false;
  bool capability_dynamic = false;
  // Activated for IPv4 unicast: always, unless `parameters default
  // no-ipv4-unicast`, then only with an `address-family ipv4-unicast` node
  // (its own or its peer-group's), as in VyOS.
  bool ipv4_active = true;
  BgpPeerAf af;
};

struct BgpNetwork {
  std::string route_map;
  bool backdoor = false;
};

struct BgpRedistribute {
  std::string metric;
  std::string route_map;
};

struct BgpConfig {
  bool present = false;
  std::string asn;
  std::string router_id;
  bool no_ebgp_requires_policy = true;  // VyOS always renders these two
  bool no_network_import_check = true;
  bool no_ipv4_unicast = false;  // parameters default no-ipv4-unicast
  bool log_neighbor_changes = false;
  bool timers = false;  // `timers` container present
  std::string keepalive, holdtime;
  std::map<std::string, BgpPeer, schema::NaturalLess> peer_groups;
  std::map<std::string, BgpPeer, schema::NaturalLess> neighbors;
  std::map<std::string, BgpNetwork, schema::NaturalLess> networks;
  std::set<std::string, schema::NaturalLess> networks6;
  std::optional<BgpRedistribute> redistribute_connected;
  std::optional<BgpRedistribute> redistribute_static;
};

// REQUIRES: root is a whole configuration, or null.
BgpConfig load_bgp(const schema::Node* root);
// The `router bgp` block of FRR's running configuration.
BgpConfig parse_bgp(const std::string& running_config);

// `policy` resolves route-map and prefix-list references.
rc::Errors verify_bgp(const BgpConfig& config, const PolicyConfig& policy);

rc::Result<Delta> bgp_delta(const BgpConfig& from, const BgpConfig& to);

}  // namespace backend::frr

#endif  // ROUTESH_BACKEND_FRR_BGP_H_
