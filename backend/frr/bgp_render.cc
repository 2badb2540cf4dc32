// protocols bgp: bgpd commands for a change, per router, peer and network.
#include <set>
#include <vector>

#include "backend/frr/bgp.h"
#include "backend/frr/vtysh.h"

namespace backend::frr {
namespace {

// The lines of one neighbor or peer-group, under `router bgp` (global) and
// under `address-family ipv4 unicast` (af).
struct PeerLines {
  std::vector<Line> global, af;
};

rc::Error refuse(const std::string& what, const std::string& value,
                 const std::string& why) {
  return rc::make_error(rc::Code::kValidation, what + " \"" + value + "\" " + why);
}

// Checks every word of a peer before anything is rendered.
rc::Status check_peer(const std::string& name, const BgpPeer& p) {
  if (std::string why = unsafe_word(name); !why.empty()) return refuse("neighbor", name, why);
  const std::pair<const char*, const std::string*> words[] = {
      {"remote-as", &p.remote_as}, {"peer-group", &p.peer_group},
      {"password", &p.password}, {"update-source", &p.update_source},
      {"ebgp-multihop", &p.ebgp_multihop}, {"keepalive", &p.keepalive},
      {"holdtime", &p.holdtime}, {"connect", &p.connect},
      {"route-map", &p.af.route_map_import}, {"route-map", &p.af.route_map_export},
      {"prefix-list", &p.af.prefix_list_import},
      {"prefix-list", &p.af.prefix_list_export},
      {"maximum-prefix", &p.af.maximum_prefix}};
  for (const auto& [what, v] : words) {
    if (v->empty()) continue;
    if (std::string why = unsafe_word(*v); !why.empty()) {
      // Never echo a password.
      return refuse(what, std::string(what) == "password" ? "…" : *v, why);
    }
  }
  if (std::string why = unsafe_text(p.description); !why.empty()) {
    return refuse("description", p.description, why);
  }
  return rc::Status::Ok();
}

bool is_address(const std::string& name) {
  return name.find('.') != std::string::npos || name.find(':') != std::string::npos;
}

// `explicit_activation`: render `[no] neighbor X activate` (see bgp.h).
PeerLines peer_lines(const std::string& name, const BgpPeer& p, bool group,
                     bool explicit_activation) {
  PeerLines out;
  std::string n = "neighbor " + name + " ";
  auto g = [&](const std::string& key, const std::string& rest) {
    out.global.push_back(make_line(key, n + rest));
  };
  auto g_undo = [&](const std::string& key, const std::string& rest,
                    const std::string& undo) {
    out.global.push_back(make_line(key, n + rest, "no " + n + undo));
  };
  // Creation first: a peer-group, an interface neighbor, the remote-as and
  // the peer-group membership (their undo is never issued: removing them
  // deletes the neighbor in FRR, which bgp_delta does as a whole).
  if (group) g("create", "peer-group");
  if (!group && !is_address(name)) g("create", "interface");
  if (!p.remote_as.empty()) g("remote-as", "remote-as " + p.remote_as);
  if (!p.peer_group.empty()) g("peer-group", "peer-group " + p.peer_group);
  if (p.shutdown) g("shutdown", "shutdown");
  if (!p.description.empty()) {
    g_undo("description", "description " + p.description, "description");
  }
  if (!p.password.empty()) g_undo("password", "password " + p.password, "password");
  if (!p.ebgp_multihop.empty()) {
    g_undo("ebgp-multihop", "ebgp-multihop " + p.ebgp_multihop, "ebgp-multihop");
  }
  if (!p.update_source.empty()) {
    g_undo("update-source", "update-source " + p.update_source, "update-source");
  }
  if (!p.keepalive.empty() && !p.holdtime.empty()) {
    g_undo("timers", "timers " + p.keepalive + " " + p.holdtime, "timers");
  }
  if (!p.connect.empty()) {
    g_undo("timers connect", "timers connect " + p.connect, "timers connect");
  }
  if (p.capability_dynamic) g("capability dynamic", "capability dynamic");
  auto a = [&](const std::string& key, const std::string& rest) {
    out.af.push_back(make_line(key, n + rest));
  };
  if (explicit_activation && p.peer_group.empty()) {
    out.af.push_back(p.ipv4_active ? make_line("activate", n + "activate")
                                   : make_line("activate", "no " + n + "activate"));
  }
  if (p.af.nexthop_self) a("next-hop-self", "next-hop-self");
  if (p.af.soft_reconfiguration_inbound) a("soft", "soft-reconfiguration inbound");
  if (!p.af.maximum_prefix.empty()) {
    out.af.push_back(make_line("maximum-prefix", n + "maximum-prefix " + p.af.maximum_prefix,
                               "no " + n + "maximum-prefix"));
  }
  if (!p.af.prefix_list_import.empty()) a("pl in", "prefix-list " + p.af.prefix_list_import + " in");
  if (!p.af.prefix_list_export.empty()) a("pl out", "prefix-list " + p.af.prefix_list_export + " out");
  if (!p.af.route_map_import.empty()) a("rm in", "route-map " + p.af.route_map_import + " in");
  if (!p.af.route_map_export.empty()) a("rm out", "route-map " + p.af.route_map_export + " out");
  return out;
}

std::vector<Line> router_lines(const BgpConfig& c) {
  std::vector<Line> out;
  if (!c.present) return out;
  if (!c.router_id.empty()) {
    out.push_back(make_line("router-id", "bgp router-id " + c.router_id, "no bgp router-id"));
  }
  if (c.no_ebgp_requires_policy) out.push_back(make_line("erp", "no bgp ebgp-requires-policy"));
  if (c.no_network_import_check) out.push_back(make_line("nic", "no bgp network import-check"));
  if (c.no_ipv4_unicast) out.push_back(make_line("v4", "no bgp default ipv4-unicast"));
  if (c.log_neighbor_changes) out.push_back(make_line("lnc", "bgp log-neighbor-changes"));
  if (c.timers) {
    out.push_back(make_line("timers", "timers bgp " + c.keepalive + " " + c.holdtime,
                            "no timers bgp"));
  }
  return out;
}

std::string redistribute_text(const std::string& type, const BgpRedistribute& r) {
  std::string s = "redistribute " + type;
  if (!r.metric.empty()) s += " metric " + r.metric;
  if (!r.route_map.empty()) s += " route-map " + r.route_map;
  return s;
}

void redistribute_delta(const std::string& type, const std::optional<BgpRedistribute>& a,
                        const std::optional<BgpRedistribute>& b, Delta* out) {
  if (!b) {
    if (a) out->remove("no redistribute " + type);
    return;
  }
  std::string text = redistribute_text(type, *b);
  if (a && redistribute_text(type, *a) == text) return;
  // Re-issuing merges: an attribute that goes away needs a fresh start.
  if (a && ((!a->metric.empty() && b->metric.empty()) ||
            (!a->route_map.empty() && b->route_map.empty()))) {
    out->remove("no redistribute " + type);
  }
  out->add(text);
}

// The peer-groups or neighbors part of the delta. `recreate` holds the
// peers (of this kind) to delete and add again; `deleted` receives the
// delete commands, `global`/`af` the rest.
void peers_delta(const std::map<std::string, BgpPeer, schema::NaturalLess>& from,
                 const std::map<std::string, BgpPeer, schema::NaturalLess>& to,
                 bool group, bool explicit_activation,
                 const std::set<std::string>& recreate, Delta* deleted,
                 Delta* global, Delta* af) {
  for (const auto& [name, a] : from) {
    if (to.count(name) == 0 || recreate.count(name) != 0) {
      deleted->remove("no neighbor " + name + (group ? " peer-group" : ""));
    }
  }
  for (const auto& [name, b] : to) {
    PeerLines lb = peer_lines(name, b, group, explicit_activation);
    auto ia = from.find(name);
    if (ia == from.end() || recreate.count(name) != 0) {
      add_lines(lb.global, global);
      add_lines(lb.af, af);
      continue;
    }
    PeerLines la = peer_lines(name, ia->second, group, explicit_activation);
    diff_lines(la.global, lb.global, global);
    diff_lines(la.af, lb.af, af);
  }
}

}  // namespace

rc::Result<Delta> bgp_delta(const BgpConfig& from, const BgpConfig& to) {
  for (const BgpConfig* c : {&from, &to}) {
    if (!c->present) continue;
    for (const auto* peers : {&c->peer_groups, &c->neighbors}) {
      for (const auto& [name, p] : *peers) {
        if (rc::Status st = check_peer(name, p); !st.ok()) return st.error();
      }
    }
    const std::string* words[] = {&c->asn, &c->router_id, &c->keepalive, &c->holdtime};
    for (const auto* w : words) {
      if (!w->empty() && !unsafe_word(*w).empty()) return refuse("bgp", *w, unsafe_word(*w));
    }
    for (const auto& [prefix, n] : c->networks) {
      if (!unsafe_word(prefix).empty()) return refuse("network", prefix, unsafe_word(prefix));
      if (!n.route_map.empty() && !unsafe_word(n.route_map).empty()) {
        return refuse("route-map", n.route_map, unsafe_word(n.route_map));
      }
    }
    for (const auto& r : {c->redistribute_connected, c->redistribute_static}) {
      if (!r) continue;
      for (const auto* v : {&r->metric, &r->route_map}) {
        if (!v->empty() && !unsafe_word(*v).empty()) return refuse("redistribute", *v, unsafe_word(*v));
      }
    }
  }
  Delta d;
  if (!to.present) {
    if (from.present) d.remove("no router bgp " + from.asn);
    return d;
  }
  BgpConfig base;  // what FRR holds for this router before the delta
  if (from.present && from.asn == to.asn) {
    base = from;
  } else if (from.present) {
    d.remove("no router bgp " + from.asn);
  }
  // Peers FRR would delete on the way: re-created as a whole.
  std::set<std::string> groups_again, neighbors_again;
  for (const auto& [name, b] : to.peer_groups) {
    auto a = base.peer_groups.find(name);
    if (a != base.peer_groups.end() && !a->second.remote_as.empty() && b.remote_as.empty()) {
      groups_again.insert(name);
    }
  }
  for (const auto& [name, b] : to.neighbors) {
    auto a = base.neighbors.find(name);
    if (a == base.neighbors.end()) continue;
    if (a->second.peer_group != b.peer_group || groups_again.count(b.peer_group) != 0 ||
        (!a->second.remote_as.empty() && b.remote_as.empty())) {
      neighbors_again.insert(name);
    }
  }
  Delta global, af4, af6;
  diff_lines(router_lines(base), router_lines(to), &global);
  Delta groups_global, nbr_global, groups_af, nbr_af, nbr_deleted, group_deleted;
  bool explicit_activation = base.no_ipv4_unicast || to.no_ipv4_unicast;
  peers_delta(base.peer_groups, to.peer_groups, true, explicit_activation,
              groups_again, &group_deleted, &groups_global, &groups_af);
  peers_delta(base.neighbors, to.neighbors, false, explicit_activation,
              neighbors_again, &nbr_deleted, &nbr_global, &nbr_af);
  // Neighbors go before their peer-groups; groups come before members.
  for (const Delta* part : {&nbr_deleted, &group_deleted, &groups_global, &nbr_global}) {
    global.append(*part);
  }
  af4.append(groups_af);
  af4.append(nbr_af);
  std::vector<Line> na, nb;
  for (const BgpConfig* side : {static_cast<const BgpConfig*>(&base), &to}) {
    auto& out = side == &base ? na : nb;
    for (const auto& [prefix, n] : side->networks) {
      std::string text = "network " + prefix;
      if (!n.route_map.empty()) text += " route-map " + n.route_map;
      if (n.backdoor) text += " backdoor";
      out.push_back(make_line(prefix, text, "no network " + prefix));
    }
  }
  diff_lines(na, nb, &af4);
  redistribute_delta("connected", base.redistribute_connected, to.redistribute_connected, &af4);
  redistribute_delta("static", base.redistribute_static, to.redistribute_static, &af4);
  na.clear();
  nb.clear();
  for (const auto& p : base.networks6) na.push_back(make_line(p, "network " + p));
  for (const auto& p : to.networks6) nb.push_back(make_line(p, "network " + p));
  diff_lines(na, nb, &af6);
  if (global.empty() && af4.empty() && af6.empty()) return d;
  std::string enter = "router bgp " + to.asn;
  if (base.present) d.context(enter); else d.add(enter);
  d.append(global);
  d.append_in("address-family ipv4 unicast", af4, "exit-address-family");
  d.append_in("address-family ipv6 unicast", af6, "exit-address-family");
  d.context("exit");
  return d;
}

}  // namespace backend::frr
