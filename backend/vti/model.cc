// backend::vti model (see model.h).
#include "backend/vti/model.h"

#include "backend/ipsec/model.h"
#include "backend/ipsec/render.h"
#include "schema/edit.h"

namespace backend::vti {

std::map<std::string, Link> load(const schema::Node* root) {
  std::map<std::string, Link> out;
  if (root == nullptr) return out;
  const schema::Node* vtis = schema::find_node(root, {"interfaces", "vti"});
  if (vtis == nullptr) return out;
  vtis->children().for_each([&](const schema::Node* n) {
    Link l;
    l.name = std::string(n->name());
    if (const schema::Node* a = n->children().find("address")) {
      a->children().for_each(
          [&](const schema::Node* v) { l.addresses.emplace_back(v->name()); });
    }
    const schema::Node* mtu = n->children().find("mtu");
    if (mtu != nullptr) {
      l.mtu = schema::leaf_value(mtu);
    } else if (const auto* s = n->schema()->child("mtu"); s && s->has_default) {
      l.mtu = s->default_value;
    }
    l.disable = n->children().find("disable") != nullptr;
    l.description = schema::leaf_value(n->children().find("description"));
    out[l.name] = std::move(l);
  });
  // Endpoints from the first peer that binds each VTI (verify reports a
  // VTI bound twice).
  ipsec::Config ipsec = ipsec::load(root);
  for (const auto& p : ipsec.peers) {
    if (!p.vti || p.vti->bind.empty()) continue;
    auto it = out.find(p.vti->bind);
    if (it == out.end() || it->second.bound()) continue;
    it->second.peer = p.name;
    it->second.local = p.local_address;
    it->second.remote = p.name;
    it->second.key = ipsec::vti_mark(p.vti->bind);
  }
  return out;
}

}  // namespace backend::vti
