// backend::ipsec model: reading `vpn ipsec` into typed structs (see model.h).
#include "backend/ipsec/model.h"

#include "schema/edit.h"

namespace backend::ipsec {
namespace {

using schema::Node;

const Node* child(const Node* n, const char* name) {
  return n == nullptr ? nullptr : n->children().find(name);
}

// The leaf's value, else the schema default, else "".
std::string leaf(const Node* parent, const char* name) {
  if (parent == nullptr) return "";
  if (const Node* n = parent->children().find(name)) return schema::leaf_value(n);
  const schema::SchemaNode* s = parent->schema()->child(name);
  return s != nullptr && s->has_default ? s->default_value : "";
}

std::vector<std::string> values(const Node* leaf_node) {
  std::vector<std::string> out;
  if (leaf_node == nullptr) return out;
  leaf_node->children().for_each(
      [&](const Node* v) { out.emplace_back(v->name()); });
  return out;
}

// Calls f(name, node) for every tag value under parent's `tag`.
template <typename F>
void for_each_tag(const Node* parent, const char* tag, F&& f) {
  const Node* t = child(parent, tag);
  if (t == nullptr) return;
  t->children().for_each([&](const Node* v) { f(std::string(v->name()), v); });
}

IkeGroup load_ike_group(const std::string& name, const Node* n) {
  IkeGroup g;
  g.name = name;
  g.key_exchange = leaf(n, "key-exchange");
  g.lifetime = leaf(n, "lifetime");
  g.ikev2_reauth = leaf(n, "ikev2-reauth");
  g.close_action = leaf(n, "close-action");
  g.mobike = leaf(n, "mobike");
  g.mode = leaf(n, "mode");
  if (const Node* d = child(n, "dead-peer-detection")) {
    g.dpd = Dpd{leaf(d, "action"), leaf(d, "interval"), leaf(d, "timeout")};
  }
  for_each_tag(n, "proposal", [&](const std::string& num, const Node* p) {
    g.proposals.push_back(
        {num, leaf(p, "encryption"), leaf(p, "hash"), leaf(p, "dh-group")});
  });
  return g;
}

EspGroup load_esp_group(const std::string& name, const Node* n) {
  EspGroup g;
  g.name = name;
  g.compression = leaf(n, "compression");
  g.lifetime = leaf(n, "lifetime");
  g.mode = leaf(n, "mode");
  g.pfs = leaf(n, "pfs");
  for_each_tag(n, "proposal", [&](const std::string& num, const Node* p) {
    g.proposals.push_back({num, leaf(p, "encryption"), leaf(p, "hash")});
  });
  return g;
}

Peer load_peer(const std::string& name, const Node* n) {
  Peer p;
  p.name = name;
  const Node* auth = child(n, "authentication");
  // An absent container still has its defaults (mode pre-shared-secret).
  if (auth != nullptr) {
    p.auth_mode = leaf(auth, "mode");
    p.psk = leaf(auth, "pre-shared-secret");
    p.id = leaf(auth, "id");
    p.remote_id = leaf(auth, "remote-id");
  } else {
    const schema::SchemaNode* s = n->schema()->child("authentication");
    const schema::SchemaNode* m = s != nullptr ? s->child("mode") : nullptr;
    p.auth_mode = m != nullptr ? m->default_value : "";
  }
  p.connection_type = leaf(n, "connection-type");
  p.default_esp_group = leaf(n, "default-esp-group");
  p.description = leaf(n, "description");
  p.ike_group = leaf(n, "ike-group");
  p.ikev2_reauth = leaf(n, "ikev2-reauth");
  p.local_address = leaf(n, "local-address");
  if (const Node* v = child(n, "vti")) {
    p.vti = Vti{leaf(v, "bind"), leaf(v, "esp-group")};
  }
  for_each_tag(n, "tunnel", [&](const std::string& num, const Node* t) {
    Tunnel tu;
    tu.number = num;
    tu.disable = child(t, "disable") != nullptr;
    tu.esp_group = leaf(t, "esp-group");
    tu.local_prefix = leaf(child(t, "local"), "prefix");
    tu.remote_prefix = leaf(child(t, "remote"), "prefix");
    tu.protocol = leaf(t, "protocol");
    p.tunnels.push_back(std::move(tu));
  });
  return p;
}

void load_addresses(const Node* root, Config* c) {
  const Node* ifs = child(root, "interfaces");
  for (const char* kind : {"ethernet", "loopback", "vti"}) {
    for_each_tag(ifs, kind, [&](const std::string& name, const Node* n) {
      if (std::string(kind) == "vti") c->vtis.insert(name);
      for (const auto& a : values(child(n, "address"))) {
        if (a == "dhcp" || a == "dhcpv6") continue;
        c->addresses.push_back({name, strip_prefix_length(a), a});
      }
    });
  }
}

}  // namespace

std::string strip_prefix_length(const std::string& cidr) {
  size_t slash = cidr.find('/');
  return slash == std::string::npos ? cidr : cidr.substr(0, slash);
}

const Peer* Config::peer(const std::string& name) const {
  for (const auto& p : peers) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

const IkeGroup* Config::ike_group(const std::string& name) const {
  auto it = ike_groups.find(name);
  return it == ike_groups.end() ? nullptr : &it->second;
}

const EspGroup* Config::esp_group(const std::string& name) const {
  auto it = esp_groups.find(name);
  return it == esp_groups.end() ? nullptr : &it->second;
}

Config load(const schema::Node* root) {
  Config c;
  if (root == nullptr) return c;
  load_addresses(root, &c);
  const Node* ipsec = child(child(root, "vpn"), "ipsec");
  if (ipsec == nullptr) return c;
  c.present = true;
  for_each_tag(ipsec, "ike-group", [&](const std::string& name, const Node* n) {
    c.ike_groups[name] = load_ike_group(name, n);
  });
  for_each_tag(ipsec, "esp-group", [&](const std::string& name, const Node* n) {
    c.esp_groups[name] = load_esp_group(name, n);
  });
  for_each_tag(child(ipsec, "site-to-site"), "peer",
               [&](const std::string& name, const Node* n) {
                 c.peers.push_back(load_peer(name, n));
               });
  c.ipsec_interfaces = values(child(child(ipsec, "ipsec-interfaces"), "interface"));
  c.nat_traversal = leaf(ipsec, "nat-traversal");
  return c;
}

}  // namespace backend::ipsec
