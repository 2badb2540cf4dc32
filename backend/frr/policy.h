// backend::frr policy: `policy prefix-list|as-path-list|route-map` as FRR
// sees it (the commands reach every daemon that implements them: zebra,
// staticd and bgpd keep their own copies; vtysh fans them out).
//
//   model   load_policy() from the tree (pure); parse_policy() from FRR's
//           running configuration (converge only);
//   verify  verify_policy(): ge/le sanity, `Specified prefix-list "P" does
//           not exist!`, `Specified as-path-list "A" does not exist!`, a
//           regex for every as-path rule, text FRR could misread;
//   render  policy_delta(), per object:
//             ip prefix-list N seq R permit|deny P [ge X] [le Y]
//             ip prefix-list N description TEXT
//             bgp as-path access-list N seq R permit|deny REGEX
//             route-map N permit|deny R
//              description TEXT / match ip address prefix-list X /
//              match as-path A / set as-path prepend … /
//              set local-preference V / set metric V
//             exit
//           Measured on FRR 8.4.4: re-issuing a prefix-list or as-path
//           `seq R` replaces the entry, `route-map N deny R` changes the
//           action of an existing entry in place, `no ip prefix-list N seq R`
//           and `no route-map N permit R` remove whatever the entry holds.
//           A list or map deleted as a whole is removed with one command.
//           VyOS descriptions of a prefix-list rule, an as-path-list or a
//           route-map (as a whole) have no FRR counterpart; they stay in
//           routesh's configuration only.
//
// Thread-safety: plain values and pure functions.
#ifndef ROUTESH_BACKEND_FRR_POLICY_H_
#define ROUTESH_BACKEND_FRR_POLICY_H_

#include <map>
#include <string>

#include "backend/frr/lines.h"
#include "schema/natural_order.h"
#include "schema/status.h"
#include "schema/tree.h"

namespace backend::frr {

struct PrefixRule {
  std::string action;  // permit | deny
  std::string prefix;
  std::string ge, le;  // "" = unset
};

struct PrefixList {
  std::string description;
  std::map<std::string, PrefixRule, schema::NaturalLess> rules;
};

struct AsPathRule {
  std::string action;
  std::string regex;
};

struct AsPathList {
  std::map<std::string, AsPathRule, schema::NaturalLess> rules;
};

struct RouteMapRule {
  std::string action;
  std::string description;
  std::string match_prefix_list;
  std::string match_as_path;
  std::string set_as_path_prepend;
  std::string set_local_preference;
  std::string set_metric;
};

struct RouteMap {
  std::map<std::string, RouteMapRule, schema::NaturalLess> rules;
};

struct PolicyConfig {
  std::map<std::string, PrefixList, schema::NaturalLess> prefix_lists;
  std::map<std::string, AsPathList, schema::NaturalLess> as_path_lists;
  std::map<std::string, RouteMap, schema::NaturalLess> route_maps;
};

// REQUIRES: root is a whole configuration, or null.
PolicyConfig load_policy(const schema::Node* root);
// The prefix-list, as-path access-list and route-map parts of FRR's
// running configuration, in the shapes this driver writes.
PolicyConfig parse_policy(const std::string& running_config);

rc::Errors verify_policy(const PolicyConfig& config);

rc::Result<Delta> policy_delta(const PolicyConfig& from, const PolicyConfig& to);

}  // namespace backend::frr

#endif  // ROUTESH_BACKEND_FRR_POLICY_H_
