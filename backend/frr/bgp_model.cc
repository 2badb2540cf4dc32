// protocols bgp: the typed model, from the tree and from FRR's text.
#include <map>
#include <sstream>
#include <vector>

#include "backend/frr/bgp.h"
#include "backend/frr/words.h"
#include "schema/edit.h"

namespace backend::frr {
namespace {

std::string leaf(const schema::Node* n, std::initializer_list<const char*> words) {
  return schema::leaf_value(schema::find_node(n, words));
}

bool has(const schema::Node* n, std::initializer_list<const char*> words) {
  return schema::find_node(n, words) != nullptr;
}

BgpPeer load_peer(const schema::Node* n) {
  BgpPeer p;
  p.remote_as = leaf(n, {"remote-as"});
  p.peer_group = leaf(n, {"peer-group"});
  // FRR keeps free text as words joined by one blank: so does the model,
  // or converge would see a difference that is not there.
  p.description = join_from(words_of(leaf(n, {"description"})), 0);
  p.password = leaf(n, {"password"});
  p.update_source = leaf(n, {"update-source"});
  p.ebgp_multihop = leaf(n, {"ebgp-multihop"});
  // Present leaves only: a timer that is not set is "" (verify pairs them).
  if (const auto* t = n->children().find("timers")) {
    if (t->children().find("keepalive")) p.keepalive = leaf(t, {"keepalive"});
    if (t->children().find("holdtime")) p.holdtime = leaf(t, {"holdtime"});
    p.connect = leaf(t, {"connect"});
  }
  p.shutdown = has(n, {"shutdown"});
  p.ipv4_active = has(n, {"address-family", "ipv4-unicast"});  // see load_bgp
  p.capability_dynamic = has(n, {"capability", "dynamic"});
  const schema::Node* af = schema::find_node(n, {"address-family", "ipv4-unicast"});
  if (af != nullptr) {
    p.af.route_map_import = leaf(af, {"route-map", "import"});
    p.af.route_map_export = leaf(af, {"route-map", "export"});
    p.af.prefix_list_import = leaf(af, {"prefix-list", "import"});
    p.af.prefix_list_export = leaf(af, {"prefix-list", "export"});
    p.af.maximum_prefix = leaf(af, {"maximum-prefix"});
    p.af.soft_reconfiguration_inbound = has(af, {"soft-reconfiguration", "inbound"});
    p.af.nexthop_self = has(af, {"nexthop-self"});
  }
  return p;
}

std::optional<BgpRedistribute> load_redistribute(const schema::Node* af,
                                                 const char* type) {
  const schema::Node* r = schema::find_node(af, {"redistribute", type});
  if (r == nullptr) return std::nullopt;
  return BgpRedistribute{leaf(r, {"metric"}), leaf(r, {"route-map"})};
}

// `neighbor X …` under `router bgp`.
void parse_peer_line(BgpConfig* c, const std::vector<std::string>& w) {
  const std::string& name = w[1];
  if (w.size() == 3 && w[2] == "peer-group") {
    c->peer_groups[name];
    return;
  }
  auto it = c->peer_groups.find(name);
  BgpPeer& p = it != c->peer_groups.end() ? it->second : c->neighbors[name];
  std::string what = w[2];
  size_t at = 3;
  if (what == "interface") {  // `neighbor eth0 interface [remote-as N]`
    if (w.size() < 5) return;
    what = w[3];
    at = 4;
  }
  std::string value = at < w.size() ? w[at] : "";
  if (what == "remote-as") p.remote_as = value;
  else if (what == "peer-group") p.peer_group = value;
  else if (what == "description") p.description = join_from(w, at);
  else if (what == "password") p.password = value;
  else if (what == "update-source") p.update_source = value;
  else if (what == "ebgp-multihop") p.ebgp_multihop = value;
  else if (what == "shutdown") p.shutdown = true;
  else if (what == "capability" && value == "dynamic") p.capability_dynamic = true;
  else if (what == "timers" && value == "connect" && w.size() > at + 1) p.connect = w[at + 1];
  else if (what == "timers" && w.size() == at + 2) {
    p.keepalive = w[at];
    p.holdtime = w[at + 1];
  }
}

// `neighbor X …`, `network …`, `redistribute …` under the IPv4 family.
// `[no] neighbor X activate` goes to `activation`.
void parse_af_line(BgpConfig* c, const std::vector<std::string>& w,
                   std::map<std::string, bool>* activation) {
  if (w.size() == 4 && w[0] == "no" && w[1] == "neighbor" && w[3] == "activate") {
    (*activation)[w[2]] = false;
    return;
  }
  if (w[0] == "network" && w.size() >= 2) {
    BgpNetwork& n = c->networks[w[1]];
    for (size_t i = 2; i < w.size(); ++i) {
      if (w[i] == "backdoor") n.backdoor = true;
      if (w[i] == "route-map" && i + 1 < w.size()) n.route_map = w[++i];
    }
    return;
  }
  if (w[0] == "redistribute" && w.size() >= 2 &&
      (w[1] == "connected" || w[1] == "static")) {
    BgpRedistribute r;
    for (size_t i = 2; i + 1 < w.size(); i += 2) {
      if (w[i] == "metric") r.metric = w[i + 1];
      if (w[i] == "route-map") r.route_map = w[i + 1];
    }
    (w[1] == "connected" ? c->redistribute_connected : c->redistribute_static) = r;
    return;
  }
  if (w[0] != "neighbor" || w.size() < 3) return;
  auto it = c->peer_groups.find(w[1]);
  BgpPeerAf& af = (it != c->peer_groups.end() ? it->second : c->neighbors[w[1]]).af;
  const std::string& what = w[2];
  if (what == "activate") (*activation)[w[1]] = true;
  else if (what == "next-hop-self") af.nexthop_self = true;
  else if (what == "soft-reconfiguration") af.soft_reconfiguration_inbound = true;
  else if (what == "maximum-prefix" && w.size() == 4) af.maximum_prefix = w[3];
  else if ((what == "route-map" || what == "prefix-list") && w.size() == 5) {
    bool in = w[4] == "in";
    if (what == "route-map") (in ? af.route_map_import : af.route_map_export) = w[3];
    else (in ? af.prefix_list_import : af.prefix_list_export) = w[3];
  }
}

}  // namespace

BgpConfig load_bgp(const schema::Node* root) {
  BgpConfig c;
  if (root == nullptr) return c;
  const schema::Node* bgp = schema::find_node(root, {"protocols", "bgp"});
  const schema::Node* asn = nullptr;
  if (bgp != nullptr) bgp->children().for_each([&](const schema::Node* n) {
    if (asn == nullptr) asn = n;
  });
  if (asn == nullptr) return c;
  c.present = true;
  c.asn = std::string(asn->name());
  c.router_id = leaf(asn, {"parameters", "router-id"});
  c.no_ipv4_unicast = has(asn, {"parameters", "default", "no-ipv4-unicast"});
  c.log_neighbor_changes = has(asn, {"parameters", "log-neighbor-changes"});
  if (const auto* t = asn->children().find("timers")) {
    c.timers = true;
    c.keepalive = leaf(t, {"keepalive"});
    c.holdtime = leaf(t, {"holdtime"});
    if (c.keepalive.empty()) c.keepalive = "60";   // the schema's defaults
    if (c.holdtime.empty()) c.holdtime = "180";
  }
  for (const char* kind : {"peer-group", "neighbor"}) {
    auto& peers = std::string(kind) == "neighbor" ? c.neighbors : c.peer_groups;
    if (const auto* tag = asn->children().find(kind)) {
      tag->children().for_each([&](const schema::Node* n) {
        peers[std::string(n->name())] = load_peer(n);
      });
    }
  }
  for (auto& [name, g] : c.peer_groups) g.ipv4_active = g.ipv4_active || !c.no_ipv4_unicast;
  for (auto& [name, n] : c.neighbors) {
    auto g = c.peer_groups.find(n.peer_group);
    n.ipv4_active = n.ipv4_active || !c.no_ipv4_unicast ||
                    (g != c.peer_groups.end() && g->second.ipv4_active);
  }
  if (const auto* af = schema::find_node(asn, {"address-family", "ipv4-unicast"})) {
    if (const auto* nets = af->children().find("network")) {
      nets->children().for_each([&](const schema::Node* n) {
        c.networks[std::string(n->name())] =
            BgpNetwork{leaf(n, {"route-map"}), has(n, {"backdoor"})};
      });
    }
    c.redistribute_connected = load_redistribute(af, "connected");
    c.redistribute_static = load_redistribute(af, "static");
  }
  if (const auto* nets = schema::find_node(asn, {"address-family", "ipv6-unicast", "network"})) {
    nets->children().for_each([&](const schema::Node* n) {
      c.networks6.insert(std::string(n->name()));
    });
  }
  return c;
}

BgpConfig parse_bgp(const std::string& running_config) {
  BgpConfig c;
  c.no_ebgp_requires_policy = false;
  c.no_network_import_check = false;
  std::istringstream in(running_config);
  std::string line;
  enum { kOutside, kRouter, kAf4, kAf6, kOtherAf } where = kOutside;
  std::map<std::string, bool> activation;  // explicit `[no] … activate`
  while (std::getline(in, line)) {
    std::vector<std::string> w = words_of(line);
    if (w.empty() || w[0] == "!") continue;
    std::string text = join_from(w, 0);
    if (where == kOutside) {
      // The default instance only (`router bgp N vrf V` is not ours).
      if (w.size() == 3 && w[0] == "router" && w[1] == "bgp" && !c.present) {
        c.present = true;
        c.asn = w[2];
        where = kRouter;
      }
      continue;
    }
    if (where != kRouter) {
      if (text == "exit-address-family") where = kRouter;
      else if (where == kAf4) parse_af_line(&c, w, &activation);
      else if (where == kAf6 && w[0] == "network" && w.size() == 2) c.networks6.insert(w[1]);
      continue;
    }
    if (text == "exit") where = kOutside;
    else if (text == "address-family ipv4 unicast") where = kAf4;
    else if (text == "address-family ipv6 unicast") where = kAf6;
    else if (w[0] == "address-family") where = kOtherAf;
    else if (w.size() == 3 && text.rfind("bgp router-id ", 0) == 0) c.router_id = w[2];
    else if (text == "no bgp ebgp-requires-policy") c.no_ebgp_requires_policy = true;
    else if (text == "no bgp network import-check") c.no_network_import_check = true;
    else if (text == "no bgp default ipv4-unicast") c.no_ipv4_unicast = true;
    else if (text == "bgp log-neighbor-changes") c.log_neighbor_changes = true;
    else if (w.size() == 4 && w[0] == "timers" && w[1] == "bgp") {
      c.timers = true;
      c.keepalive = w[2];
      c.holdtime = w[3];
    } else if (w[0] == "neighbor" && w.size() >= 3) {
      parse_peer_line(&c, w);
    }
  }
  for (auto* peers : {&c.peer_groups, &c.neighbors}) {
    for (auto& [name, p] : *peers) {
      auto it = activation.find(name);
      p.ipv4_active = it != activation.end() ? it->second : !c.no_ipv4_unicast;
    }
  }
  return c;
}

}  // namespace backend::frr
