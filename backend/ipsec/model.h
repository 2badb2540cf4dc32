// backend::ipsec model: a typed view of `vpn ipsec` and of what it needs
// from the rest of the configuration.
//
// load() reads a configuration tree into plain structs, with the schema's
// defaults filled in for leaves that are absent (esp-group lifetime 3600,
// ike-group lifetime 28800, proposal encryption aes128 / hash sha1 / dh-group
// 2, connection-type initiate, …), so that verify and render never touch the
// tree. Optional containers (dead-peer-detection, vti) are std::optional:
// their defaults apply only when the container is configured, as in VyOS.
// Also read: the addresses configured on `interfaces ethernet|loopback|vti`
// (verify checks a peer's local-address against them in render mode) and
// the VTIs configured (`vti bind` targets).
//
// Thread-safety: plain values; load() is a pure function.
#ifndef ROUTESH_BACKEND_IPSEC_MODEL_H_
#define ROUTESH_BACKEND_IPSEC_MODEL_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "schema/tree.h"

namespace backend::ipsec {

struct IkeProposal {
  std::string number;
  std::string encryption;  // default aes128
  std::string hash;        // default sha1
  std::string dh_group;    // default "2"
};

struct Dpd {
  std::string action;    // hold | clear | restart (default hold)
  std::string interval;  // seconds (default 30)
  std::string timeout;   // seconds (default 120)
};

struct IkeGroup {
  std::string name;
  std::string key_exchange;  // ikev1 | ikev2 | "" (unset: IKEv1, see render)
  std::string lifetime;      // default 28800
  std::string ikev2_reauth;  // yes | no (default no)
  std::string close_action;  // none | hold | clear | restart (default none)
  std::string mobike;        // enable | disable | ""
  std::string mode;          // main | aggressive | ""
  std::optional<Dpd> dpd;
  std::vector<IkeProposal> proposals;  // in proposal-number order
};

struct EspProposal {
  std::string number;
  std::string encryption;  // default aes128
  std::string hash;        // default sha1
};

struct EspGroup {
  std::string name;
  std::string compression;  // enable | disable (default disable)
  std::string lifetime;     // default 3600
  std::string mode;         // tunnel | transport (default tunnel)
  std::string pfs;          // enable | dh-groupN | disable (default enable)
  std::vector<EspProposal> proposals;
};

struct Tunnel {
  std::string number;
  bool disable = false;
  std::string esp_group;      // "" = the peer's default-esp-group
  std::string local_prefix;   // "" = unset
  std::string remote_prefix;
  std::string protocol;
};

struct Vti {
  std::string bind;       // "" if the container holds no bind
  std::string esp_group;  // "" = the peer's default-esp-group
};

struct Peer {
  std::string name;  // the tag value: address, FQDN or @id
  std::string auth_mode;  // pre-shared-secret (default) | x509 | rsa
  std::string psk;
  std::string id;
  std::string remote_id;
  std::string connection_type;  // initiate (default) | respond
  std::string default_esp_group;
  std::string description;
  std::string ike_group;
  std::string ikev2_reauth;  // yes | no | inherit (default inherit)
  std::string local_address;  // "" = unset; "any"
  std::optional<Vti> vti;
  std::vector<Tunnel> tunnels;
};

// An address configured on an interface of this router.
struct InterfaceAddress {
  std::string interface;  // "eth0", "lo", "vti0"
  std::string address;    // without the prefix length: "10.20.0.30"
  std::string cidr;       // as configured: "10.20.0.30/24"
};

struct Config {
  bool present = false;  // `vpn ipsec` exists
  std::map<std::string, IkeGroup> ike_groups;
  std::map<std::string, EspGroup> esp_groups;
  std::vector<Peer> peers;  // in configuration (natural) order
  std::vector<std::string> ipsec_interfaces;
  std::string nat_traversal;  // enable | disable | ""

  // From outside `vpn ipsec`.
  std::vector<InterfaceAddress> addresses;  // ethernet, loopback, vti
  std::set<std::string> vtis;               // configured `interfaces vti`

  const Peer* peer(const std::string& name) const;
  const IkeGroup* ike_group(const std::string& name) const;
  const EspGroup* esp_group(const std::string& name) const;
};

// REQUIRES: root is a whole configuration (schema root), or null.
Config load(const schema::Node* root);

// The address part of "10.0.0.1/24" (or the text itself without a slash).
std::string strip_prefix_length(const std::string& cidr);

}  // namespace backend::ipsec

#endif  // ROUTESH_BACKEND_IPSEC_MODEL_H_
