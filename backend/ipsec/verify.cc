// backend::ipsec verify: cross-field rules of `vpn ipsec` (see verify.h).
#include "backend/ipsec/verify.h"

#include <arpa/inet.h>

#include <map>
#include <unordered_set>

namespace backend::ipsec {
namespace {

constexpr const char* kIpsec = "vpn ipsec";

// 4, 6, or 0 when `text` is not an address ("10.0.0.1", "10.0.0.0/8").
int family(const std::string& text) {
  std::string a = strip_prefix_length(text);
  unsigned char buf[16];
  if (inet_pton(AF_INET, a.c_str(), buf) == 1) return 4;
  if (inet_pton(AF_INET6, a.c_str(), buf) == 1) return 6;
  return 0;
}

bool is_wildcard_peer(const std::string& peer) {
  return peer == "any" || peer == "0.0.0.0" || (!peer.empty() && peer[0] == '@');
}

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

std::string join(const std::vector<std::string>& words) {
  std::string s;
  for (const auto& w : words) s += (s.empty() ? "" : ", ") + w;
  return s;
}

template <typename Map>
std::string defined(const Map& groups, const std::string& what) {
  std::vector<std::string> names;
  for (const auto& [name, g] : groups) names.push_back(name);
  if (names.empty()) {
    return "no " + what + " is configured: set vpn ipsec " + what +
           " <name> proposal 1 …";
  }
  return "defined: " + join(names);
}

class Verifier {
 public:
  Verifier(const Config& c, const std::vector<InterfaceAddress>& addrs)
      : c_(c), addrs_(addrs) {
    for (const auto& a : addrs_) own_.insert(a.address);  // one lookup per peer
  }

  rc::Errors run() {
    if (!c_.present) return {};
    if (c_.ipsec_interfaces.empty()) {
      add("No IPSEC interfaces specified (commit fails without it, as in VyOS)",
          std::string(kIpsec) + " ipsec-interfaces",
          "set vpn ipsec ipsec-interfaces interface <the interface facing the "
          "peers, e.g. eth0>");
    }
    for (const auto& [name, g] : c_.ike_groups) {
      if (g.proposals.empty()) {
        add("No proposals configured for IKE group " + quoted(name) +
                ". At least one proposal required.",
            std::string(kIpsec) + " ike-group " + name,
            "set vpn ipsec ike-group " + name + " proposal 1 encryption aes128");
      }
    }
    for (const auto& [name, g] : c_.esp_groups) {
      if (g.proposals.empty()) {
        add("No proposals configured for ESP group " + quoted(name) +
                ". At least one proposal required.",
            std::string(kIpsec) + " esp-group " + name,
            "set vpn ipsec esp-group " + name + " proposal 1 encryption aes128");
      }
    }
    std::map<std::string, std::vector<const Peer*>> binders;
    for (const auto& p : c_.peers) {
      peer(p);
      if (p.vti && !p.vti->bind.empty()) binders[p.vti->bind].push_back(&p);
    }
    for (const auto& [vti, peers] : binders) {
      if (peers.size() < 2) continue;
      std::vector<std::string> names;
      for (const Peer* p : peers) names.push_back(quoted(p->name));
      for (const Peer* p : peers) {
        add(vti + " is bound by peers " + join(names) +
                "; a VTI carries the tunnel of one peer",
            path(*p) + " vti bind", "bind each peer to its own vtiN");
      }
    }
    return std::move(out_);
  }

 private:
  void add(std::string message, std::string path, std::string hint = {}) {
    out_.push_back(rc::make_error(rc::Code::kValidation, std::move(message),
                                  std::move(path), std::move(hint)));
  }
  static std::string path(const Peer& p) {
    return std::string(kIpsec) + " site-to-site peer " + p.name;
  }

  // "10.20.0.30 (eth0), 10.20.1.1 (lo)": candidate local addresses of the
  // given family (tunnel interfaces excluded).
  std::string candidates(int fam) const {
    std::vector<std::string> out;
    for (const auto& a : addrs_) {
      if (a.interface.rfind("vti", 0) == 0) continue;
      if (fam != 0 && family(a.address) != fam) continue;
      out.push_back(a.address + " (" + a.interface + ")");
    }
    return join(out);
  }

  void peer(const Peer& p) {
    const std::string at = path(p);
    // IKE group.
    if (p.ike_group.empty()) {
      add("No IKE group specified for peer " + quoted(p.name), at + " ike-group",
          defined(c_.ike_groups, "ike-group"));
    } else if (c_.ike_group(p.ike_group) == nullptr) {
      add("The IKE group " + quoted(p.ike_group) + " specified for peer " +
              quoted(p.name) + " has not been configured",
          at + " ike-group", defined(c_.ike_groups, "ike-group"));
    }
    // Authentication.
    if (p.auth_mode == "pre-shared-secret") {
      if (p.psk.empty()) {
        add("No pre-shared-secret specified for peer " + quoted(p.name),
            at + " authentication pre-shared-secret",
            "set " + at + " authentication pre-shared-secret <secret>");
      }
    } else {
      add("authentication mode " + p.auth_mode + " is not supported yet",
          at + " authentication mode", "use pre-shared-secret");
    }
    local_address(p, at);
    // Tunnels.
    bool has_vti = p.vti.has_value();
    if (!has_vti && p.tunnels.empty()) {
      add("No tunnels configured for peer " + quoted(p.name) +
              ". At least one tunnel required per peer.",
          at, "set " + at + " vti bind vtiN, or " + at +
                  " tunnel 1 local prefix <prefix>");
    }
    if (has_vti && !p.tunnels.empty()) {
      add("Both vti and tunnel(s) configured for peer " + quoted(p.name), at + " vti",
          "a peer is either route-based (vti) or policy-based (tunnel N)");
    }
    if (!p.default_esp_group.empty() && c_.esp_group(p.default_esp_group) == nullptr) {
      add("The ESP group " + quoted(p.default_esp_group) + " specified for peer " +
              quoted(p.name) + " has not been configured",
          at + " default-esp-group", defined(c_.esp_groups, "esp-group"));
    }
    if (has_vti) vti(p, at);
    for (const auto& t : p.tunnels) {
      if (t.disable) continue;
      const std::string where = "tunnel " + t.number;
      esp_group(p, t.esp_group, where, at + " " + where + " esp-group");
      if (!t.local_prefix.empty() && !t.remote_prefix.empty()) {
        if (family(t.local_prefix) != family(t.remote_prefix)) {
          add("The 'remote prefix' and 'local prefix' protocols do not match",
              at + " " + where);
        } else if (t.local_prefix == t.remote_prefix) {
          add("local prefix and remote prefix cannot be the same", at + " " + where);
        }
      }
    }
    if (is_wildcard_peer(p.name) && p.connection_type == "initiate") {
      add("peer " + quoted(p.name) + " has no address to initiate to",
          at + " connection-type", "set " + at + " connection-type respond");
    }
  }

  void local_address(const Peer& p, const std::string& at) {
    const std::string& la = p.local_address;
    if (la.empty()) {
      std::string could = candidates(family(p.name));
      add("No local-address specified for peer " + quoted(p.name), at + " local-address",
          "set " + at + " local-address <address>" +
              (could.empty() ? std::string("; no interface address is configured")
                             : "; this router's addresses: " + could));
      return;
    }
    if (la == "any") {
      if (p.vti) {
        add("The local interface must be specified for peer " + quoted(p.name) +
                " vti: local-address any cannot be used with a VTI",
            at + " local-address",
            "a VTI needs a fixed local address: " + candidates(4));
      }
      return;
    }
    int peer_family = family(p.name);
    if (peer_family != 0 && family(la) != peer_family) {
      add("The 'local-address' and peer protocols do not match", at + " local-address");
    }
    if (own_.count(la)) return;
    std::string could = candidates(family(la));
    add("local-address " + la + " of peer " + quoted(p.name) +
            " is not an address of this router. A cloud provider's "
            "configuration (AWS's download) gives the public (Elastic) IP, "
            "which is NATed to the router's own interface address: use that "
            "address here and keep the public one as `authentication id`",
        at + " local-address",
        could.empty() ? "no interface address is configured"
                      : "it could be: " + could);
  }

  void vti(const Peer& p, const std::string& at) {
    if (p.vti->bind.empty()) {
      add("No VTI interface bound for peer " + quoted(p.name), at + " vti bind",
          "set " + at + " vti bind vtiN");
    } else if (!c_.vtis.count(p.vti->bind)) {
      std::vector<std::string> have(c_.vtis.begin(), c_.vtis.end());
      add("VTI interface " + p.vti->bind + " bound by peer " + quoted(p.name) +
              " is not configured",
          at + " vti bind",
          have.empty() ? "create it: set interfaces vti " + p.vti->bind +
                             " address <a.b.c.d/30>"
                       : "defined: " + join(have));
    }
    if (family(p.name) != 4) {
      add("peer " + quoted(p.name) +
              " must be an IPv4 address to bind a VTI (the tunnel interface "
              "needs the remote endpoint)",
          at);
    }
    esp_group(p, p.vti->esp_group, "vti", at + " vti esp-group");
  }

  // The ESP group of a vti or tunnel: its own, else the peer's default.
  void esp_group(const Peer& p, const std::string& own, const std::string& where,
                 const std::string& own_path) {
    if (own.empty()) {
      if (p.default_esp_group.empty()) {
        add("No ESP group specified for peer " + quoted(p.name) + " " + where,
            own_path, "set " + own_path + " <name>, or " + path(p) +
                          " default-esp-group <name>; " +
                          defined(c_.esp_groups, "esp-group"));
      }
      return;  // an undefined default is reported once, above
    }
    if (c_.esp_group(own) == nullptr) {
      add("The ESP group " + quoted(own) + " specified for peer " + quoted(p.name) +
              " " + where + " has not been configured",
          own_path, defined(c_.esp_groups, "esp-group"));
    }
  }

  const Config& c_;
  const std::vector<InterfaceAddress>& addrs_;
  std::unordered_set<std::string> own_;
  rc::Errors out_;
};

}  // namespace

rc::Errors verify(const Config& config,
                  const std::vector<InterfaceAddress>& local_addresses) {
  return Verifier(config, local_addresses).run();
}

}  // namespace backend::ipsec
