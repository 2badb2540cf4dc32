// backend::ipsec render: VyOS `vpn ipsec` -> VICI load-conn / load-shared.
//
// Mapping (sources: ../shared/notes/backends.md §2.4, vyos-1x
// peer.tmpl@11b563651, vyatta-cfg-vpn vpn-config.pl; values on the right
// are VICI keys of load-conn, "child" = the child section):
//
// | VyOS                                      | VICI                                     |
// |-------------------------------------------|------------------------------------------|
// | peer P (address)                          | conn "P", remote_addrs=[P]; any, 0.0.0.0 |
// |                                           | and @id peers -> [%any]                  |
// | peer P local-address A                    | local_addrs=[A] (any -> %any)            |
// | ike-group key-exchange ikev1|ikev2        | version=1|2; unset -> 1: IKEv1 was the   |
// |                                           | VyOS 1.1/1.2 default (keyexchange=ikev1) |
// |                                           | and is what AWS's Vyatta download means  |
// | ike-group proposal n enc E hash H dh D    | proposals=[E-H-<dh name>] per proposal,  |
// |                                           | in proposal order (2 -> modp1024, …)     |
// | ike-group lifetime N (28800)              | rekey_time=Ns (IKEv1: charon re-          |
// |                                           | authenticates at that time)              |
// | ikev2-reauth yes (peer, else group)       | IKEv2 only: reauth_time=Ns, rekey_time=0s|
// | ike-group mode aggressive                 | aggressive=yes                           |
// | ike-group mobike disable                  | mobike=no (else charon's default)        |
// | dead-peer-detection interval I timeout T  | dpd_delay=Is; dpd_timeout=Ts (IKEv1 only:|
// |                                           | IKEv2 uses the retransmission settings)  |
// | dead-peer-detection action A              | child dpd_action: restart->restart,      |
// |                                           | hold->trap, clear->clear                 |
// | ike-group close-action                    | child close_action: hold->trap,          |
// |                                           | restart->start (none, clear: omitted)    |
// | connection-type initiate|respond          | child start_action=start|trap;           |
// |                                           | initiate also keyingtries=0 (forever)    |
// | authentication pre-shared-secret S        | local{auth=psk id=…} remote{auth=psk id=…|
// |                                           | } + load-shared{id=ike-P type=IKE data=S |
// |                                           | owners=[local id, remote id]}            |
// | authentication id / remote-id             | local id (else local-address) / remote   |
// |                                           | id (else the peer address)               |
// | vti bind vtiN                             | child "P-vti": local_ts=remote_ts=       |
// |                                           | [0.0.0.0/0], mark_in=mark_out=0x900000+N |
// |                                           | (= the kernel vtiN's ikey/okey, see      |
// |                                           | vti_mark)                                |
// | tunnel N local|remote prefix, protocol    | child "P-tunnel-N": local_ts/remote_ts=  |
// |                                           | [prefix] or [prefix[proto]]; disabled    |
// |                                           | tunnels are not loaded                   |
// | esp-group (vti/tunnel esp-group, else     | child esp_proposals=[E-H(-dh)], mode,    |
// | default-esp-group) lifetime N (3600)      | rekey_time=Ns (life_time: charon's       |
// |                                           | default, rekey_time + 10%)               |
// | esp-group pfs enable|dh-groupN|disable    | -dh appended to every ESP proposal: the  |
// |                                           | IKE group's first DH group | group N |   |
// |                                           | nothing                                  |
// | esp-group compression enable              | child ipcomp=yes                         |
// | nat-traversal enable|disable              | nothing: charon always detects NAT       |
// |                                           | (RFC 3947) and cannot switch it off      |
// | ipsec-interfaces                          | nothing per connection (verify requires  |
// |                                           | it, as VyOS does)                        |
//
// Not per connection, required of charon's own configuration when VTIs are
// used (packaging and the lab write it): `charon.install_routes = no` —
// with traffic selectors 0.0.0.0/0 charon would otherwise route everything
// into table 220 — and `charon.install_virtual_ip = no`.
#include "backend/ipsec/render.h"

#include <cstdio>
#include <cstdlib>
#include <map>

namespace backend::ipsec {
namespace {

bool is_wildcard_peer(const std::string& peer) {
  return peer == "any" || peer == "0.0.0.0" || (!peer.empty() && peer[0] == '@');
}

std::string version(const IkeGroup* g) {
  if (g != nullptr && g->key_exchange == "ikev2") return "2";
  return "1";
}

std::string local_id(const Peer& p) {
  if (!p.id.empty()) return p.id;
  if (p.local_address.empty() || p.local_address == "any") return "";
  return p.local_address;
}

std::string remote_id(const Peer& p) {
  if (!p.remote_id.empty()) return p.remote_id;
  if (p.name == "any" || p.name == "0.0.0.0") return "%any";
  return p.name;  // an address, an FQDN, or an @id
}

std::vector<std::string> ike_proposals(const IkeGroup& g) {
  std::vector<std::string> out;
  for (const auto& pr : g.proposals) {
    std::string s = pr.encryption + "-" + pr.hash;
    std::string dh = dh_name(pr.dh_group);
    if (!dh.empty()) s += "-" + dh;
    out.push_back(s);
  }
  return out;
}

std::vector<std::string> esp_proposals(const EspGroup& e, const IkeGroup* ike) {
  std::string dh;
  if (e.pfs == "enable") {
    if (ike != nullptr && !ike->proposals.empty()) {
      dh = dh_name(ike->proposals.front().dh_group);
    }
  } else if (e.pfs.rfind("dh-group", 0) == 0) {
    dh = dh_name(e.pfs.substr(8));
  }
  std::vector<std::string> out;
  for (const auto& pr : e.proposals) {
    std::string s = pr.encryption + "-" + pr.hash;
    if (!dh.empty()) s += "-" + dh;
    out.push_back(s);
  }
  return out;
}

std::string hex_mark(uint32_t mark) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%x", mark);
  return buf;
}

// The options every child of the peer shares.
void child_common(const Config& c, const Peer& p, const IkeGroup* ike,
                  const std::string& esp_name, vici::Message* child) {
  const EspGroup* esp = c.esp_group(esp_name);
  if (esp != nullptr) {
    child->set_list("esp_proposals", esp_proposals(*esp, ike));
    child->set("mode", esp->mode);
    child->set("rekey_time", esp->lifetime + "s");
    if (esp->compression == "enable") child->set("ipcomp", "yes");
  }
  child->set("start_action", start_action(p));
  if (ike != nullptr && ike->dpd) {
    const std::string& a = ike->dpd->action;
    child->set("dpd_action", a == "hold" ? "trap" : a);  // restart, clear
  }
  if (ike != nullptr) {
    if (ike->close_action == "hold") child->set("close_action", "trap");
    if (ike->close_action == "restart") child->set("close_action", "start");
  }
}

std::string traffic_selector(const std::string& prefix, const std::string& proto) {
  if (proto.empty() || proto == "all") return prefix;
  return prefix + "[" + proto + "]";
}

}  // namespace

uint32_t vti_mark(const std::string& vti) {
  if (vti.size() < 4 || vti.compare(0, 3, "vti") != 0 || vti.size() > 10) return 0;
  for (size_t i = 3; i < vti.size(); ++i) {
    if (vti[i] < '0' || vti[i] > '9') return 0;
  }
  unsigned long n = std::strtoul(vti.c_str() + 3, nullptr, 10);
  if (n >= 0x100000) return 0;  // marks stay within 0x900000-0x9fffff
  return kMarkBase + static_cast<uint32_t>(n);
}

std::string conn_name(const Peer& peer) { return peer.name; }
std::string secret_id(const Peer& peer) { return "ike-" + peer.name; }
std::string vti_child(const Peer& peer) { return peer.name + "-vti"; }
std::string tunnel_child(const Peer& peer, const std::string& n) {
  return peer.name + "-tunnel-" + n;
}

std::string dh_name(const std::string& group) {
  static const std::map<std::string, std::string> kNames = {
      {"1", "modp768"},       {"2", "modp1024"},      {"5", "modp1536"},
      {"14", "modp2048"},     {"15", "modp3072"},     {"16", "modp4096"},
      {"17", "modp6144"},     {"18", "modp8192"},     {"19", "ecp256"},
      {"20", "ecp384"},       {"21", "ecp521"},       {"22", "modp1024s160"},
      {"23", "modp2048s224"}, {"24", "modp2048s256"}, {"25", "ecp192"},
      {"26", "ecp224"},       {"27", "ecp224bp"},     {"28", "ecp256bp"},
      {"29", "ecp384bp"},     {"30", "ecp512bp"},     {"31", "curve25519"},
      {"32", "curve448"}};
  auto it = kNames.find(group);
  return it == kNames.end() ? "" : it->second;
}

std::string start_action(const Peer& peer) {
  if (peer.connection_type == "initiate") return "start";
  if (peer.connection_type == "respond") return "trap";
  return "none";
}

vici::Message render_conn(const Config& c, const Peer& p) {
  const IkeGroup* ike = c.ike_group(p.ike_group);
  vici::Message conn;
  std::string v = version(ike);
  conn.set("version", v);
  conn.set_list("local_addrs", {p.local_address.empty() || p.local_address == "any"
                                    ? "%any"
                                    : p.local_address});
  conn.set_list("remote_addrs", {is_wildcard_peer(p.name) ? "%any" : p.name});
  if (ike != nullptr) {
    conn.set_list("proposals", ike_proposals(*ike));
    std::string reauth =
        p.ikev2_reauth == "inherit" || p.ikev2_reauth.empty() ? ike->ikev2_reauth
                                                              : p.ikev2_reauth;
    if (v == "2" && reauth == "yes") {
      conn.set("rekey_time", "0s");
      conn.set("reauth_time", ike->lifetime + "s");
    } else {
      conn.set("rekey_time", ike->lifetime + "s");
    }
    if (ike->mode == "aggressive") conn.set("aggressive", "yes");
    if (ike->mobike == "disable") conn.set("mobike", "no");
    if (ike->dpd) {
      conn.set("dpd_delay", ike->dpd->interval + "s");
      if (v == "1") conn.set("dpd_timeout", ike->dpd->timeout + "s");
    }
  }
  if (p.connection_type == "initiate") conn.set("keyingtries", "0");
  vici::Message& local = conn.section("local");
  local.set("auth", "psk");
  if (std::string id = local_id(p); !id.empty()) local.set("id", id);
  vici::Message& remote = conn.section("remote");
  remote.set("auth", "psk");
  remote.set("id", remote_id(p));
  vici::Message& children = conn.section("children");
  if (p.vti) {
    vici::Message child;
    child.set_list("local_ts", {"0.0.0.0/0"});
    child.set_list("remote_ts", {"0.0.0.0/0"});
    std::string mark = hex_mark(vti_mark(p.vti->bind));
    child.set("mark_in", mark);
    child.set("mark_out", mark);
    child_common(c, p, ike,
                 p.vti->esp_group.empty() ? p.default_esp_group : p.vti->esp_group,
                 &child);
    children.set_section(vti_child(p), std::move(child));
  }
  for (const auto& t : p.tunnels) {
    if (t.disable) continue;
    vici::Message child;
    if (!t.local_prefix.empty()) {
      child.set_list("local_ts", {traffic_selector(t.local_prefix, t.protocol)});
    }
    if (!t.remote_prefix.empty()) {
      child.set_list("remote_ts", {traffic_selector(t.remote_prefix, t.protocol)});
    }
    child_common(c, p, ike, t.esp_group.empty() ? p.default_esp_group : t.esp_group,
                 &child);
    children.set_section(tunnel_child(p, t.number), std::move(child));
  }
  vici::Message out;
  out.set_section(conn_name(p), std::move(conn));
  return out;
}

vici::Message render_shared(const Config&, const Peer& p) {
  vici::Message m;
  if (p.auth_mode != "pre-shared-secret" || p.psk.empty()) return m;
  m.set("id", secret_id(p));
  m.set("type", "IKE");
  m.set("data", p.psk);
  std::vector<std::string> owners;
  if (std::string id = local_id(p); !id.empty()) owners.push_back(id);
  owners.push_back(remote_id(p));
  m.set_list("owners", owners);
  return m;
}

}  // namespace backend::ipsec
