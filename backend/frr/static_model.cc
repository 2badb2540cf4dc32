// protocols static: the typed model, from the tree and from FRR's text.
#include <sstream>
#include <vector>

#include "backend/frr/static.h"
#include "schema/edit.h"

namespace backend::frr {
namespace {

StaticPath load_path(const schema::Node* n) {
  StaticPath p;
  p.distance = schema::leaf_value(n->children().find("distance"));
  p.disable = n->children().find("disable") != nullptr;
  return p;
}

bool is_ipv4(const std::string& s) {
  int dots = 0;
  for (char c : s) {
    if (c == '.') {
      ++dots;
    } else if (c < '0' || c > '9') {
      return false;
    }
  }
  return dots == 3;
}

bool is_number(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

StaticConfig load_static(const schema::Node* root) {
  StaticConfig c;
  if (root == nullptr) return c;
  const schema::Node* st = schema::find_node(root, {"protocols", "static"});
  if (st == nullptr) return c;
  if (const auto* routes = st->children().find("route")) {
    routes->children().for_each([&](const schema::Node* r) {
      StaticRoute& route = c.routes[std::string(r->name())];
      if (const auto* nhs = r->children().find("next-hop")) {
        nhs->children().for_each([&](const schema::Node* nh) {
          route.next_hops[std::string(nh->name())] = load_path(nh);
        });
      }
      if (const auto* bh = r->children().find("blackhole")) {
        route.blackhole = true;
        route.blackhole_distance =
            schema::leaf_value(bh->children().find("distance"));
      }
    });
  }
  if (const auto* routes = st->children().find("interface-route")) {
    routes->children().for_each([&](const schema::Node* r) {
      auto& ifs = c.interface_routes[std::string(r->name())];
      if (const auto* nhi = r->children().find("next-hop-interface")) {
        nhi->children().for_each([&](const schema::Node* i) {
          ifs[std::string(i->name())] = load_path(i);
        });
      }
    });
  }
  return c;
}

StaticConfig parse_static(const std::string& running_config) {
  StaticConfig c;
  std::istringstream in(running_config);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream ws(line);
    std::vector<std::string> w;
    for (std::string x; ws >> x;) w.push_back(x);
    // ip route P T [D]
    if (w.size() < 4 || w.size() > 5 || w[0] != "ip" || w[1] != "route") {
      continue;
    }
    std::string distance;
    if (w.size() == 5) {
      if (!is_number(w[4])) continue;
      distance = w[4];
    }
    const std::string& prefix = w[2];
    const std::string& target = w[3];
    if (target == "blackhole" || target == "Null0") {
      c.routes[prefix].blackhole = true;
      c.routes[prefix].blackhole_distance = distance;
    } else if (is_ipv4(target)) {
      c.routes[prefix].next_hops[target] = StaticPath{distance, false};
    } else if (target != "reject") {
      c.interface_routes[prefix][target] = StaticPath{distance, false};
    }
  }
  return c;
}

}  // namespace backend::frr
