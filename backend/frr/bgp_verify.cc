// protocols bgp: cross-field rules, with VyOS's wording.
#include "backend/frr/bgp.h"
#include "backend/frr/vtysh.h"

namespace backend::frr {
namespace {

rc::Error problem(std::string message, std::string path, std::string hint = {}) {
  return rc::make_error(rc::Code::kValidation, std::move(message),
                        std::move(path), std::move(hint));
}

void check_route_map(const std::string& name, const PolicyConfig& policy,
                     const std::string& path, rc::Errors* out) {
  if (!name.empty() && policy.route_maps.count(name) == 0) {
    out->push_back(problem("Specified route-map \"" + name + "\" does not exist!",
                           path, "set policy route-map " + name + " rule …"));
  }
}

void check_prefix_list(const std::string& name, const PolicyConfig& policy,
                       const std::string& path, rc::Errors* out) {
  if (!name.empty() && policy.prefix_lists.count(name) == 0) {
    out->push_back(problem("Specified prefix-list \"" + name + "\" does not exist!",
                           path, "set policy prefix-list " + name + " rule …"));
  }
}

// Rules shared by neighbors and peer-groups. `what` is "Neighbor" or
// "Peer-group"; `path` ends with the peer's name.
void verify_peer(const std::string& what, const std::string& name,
                 const BgpPeer& p, const PolicyConfig& policy,
                 const std::string& path, rc::Errors* out) {
  std::string whose = what + " \"" + name + "\"";
  if (!p.keepalive.empty() && p.holdtime.empty()) {
    out->push_back(problem("you must set a holdtime interval", path + " timers",
                           "set " + path + " timers holdtime <seconds>"));
  }
  if (p.keepalive.empty() && !p.holdtime.empty()) {
    out->push_back(problem("you must set a keepalive interval", path + " timers",
                           "set " + path + " timers keepalive <seconds>"));
  }
  if (p.password.find(' ') != std::string::npos) {
    out->push_back(problem("Whitespace is not allowed in passwords!",
                           path + " password"));
  } else if (!p.password.empty() && !unsafe_word(p.password).empty()) {
    out->push_back(problem("Password of " + whose + " " + unsafe_word(p.password),
                           path + " password"));
  }
  if (std::string why = unsafe_text(p.description); !why.empty()) {
    out->push_back(problem("Description of " + whose + " " + why,
                           path + " description"));
  }
  std::string af = path + " address-family ipv4-unicast";
  check_route_map(p.af.route_map_import, policy, af + " route-map import", out);
  check_route_map(p.af.route_map_export, policy, af + " route-map export", out);
  check_prefix_list(p.af.prefix_list_import, policy, af + " prefix-list import", out);
  check_prefix_list(p.af.prefix_list_export, policy, af + " prefix-list export", out);
}

}  // namespace

rc::Errors verify_bgp(const BgpConfig& c, const PolicyConfig& policy) {
  rc::Errors out;
  if (!c.present) return out;
  std::string base = "protocols bgp " + c.asn;
  for (const auto& [name, g] : c.peer_groups) {
    if (c.neighbors.count(name) != 0) {
      out.push_back(problem("Peer-group \"" + name + "\" has the name of a neighbor",
                            base + " peer-group " + name));
    }
    verify_peer("Peer-group", name, g, policy, base + " peer-group " + name, &out);
  }
  for (const auto& [name, n] : c.neighbors) {
    std::string path = base + " neighbor " + name;
    const BgpPeer* group = nullptr;
    if (!n.peer_group.empty()) {
      auto it = c.peer_groups.find(n.peer_group);
      if (it == c.peer_groups.end()) {
        out.push_back(problem("Specified peer-group \"" + n.peer_group +
                                  "\" for neighbor \"" + name + "\" does not exist!",
                              path + " peer-group"));
      } else {
        group = &it->second;
      }
    }
    bool group_as = group != nullptr && !group->remote_as.empty();
    if (n.remote_as.empty() && !group_as) {
      out.push_back(problem("Neighbor \"" + name + "\" remote-as must be set!", path,
                            "set " + path + " remote-as <asn|internal|external>"));
    }
    if (!n.remote_as.empty() && group_as) {
      out.push_back(problem("Peer-group member \"" + name +
                                "\" cannot override remote-as of peer-group \"" +
                                n.peer_group + "\"!",
                            path + " remote-as"));
    }
    verify_peer("Neighbor", name, n, policy, path, &out);
  }
  std::string af = base + " address-family ipv4-unicast";
  for (const auto& [prefix, net] : c.networks) {
    check_route_map(net.route_map, policy, af + " network " + prefix + " route-map", &out);
    if (!net.route_map.empty() && net.backdoor) {
      out.push_back(problem("network " + prefix + ": route-map and backdoor "
                            "cannot be used together",
                            af + " network " + prefix));
    }
  }
  if (c.redistribute_connected) {
    check_route_map(c.redistribute_connected->route_map, policy,
                    af + " redistribute connected route-map", &out);
  }
  if (c.redistribute_static) {
    check_route_map(c.redistribute_static->route_map, policy,
                    af + " redistribute static route-map", &out);
  }
  return out;
}

}  // namespace backend::frr
