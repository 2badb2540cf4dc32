// protocols static: staticd commands for a change, per (prefix, target).
#include <vector>

#include "backend/frr/static.h"
#include "backend/frr/vtysh.h"

namespace backend::frr {
namespace {

// `ip route P T [D]`, keyed by (P, T): FRR replaces the distance in place.
void route_line(const std::string& prefix, const std::string& target,
                const std::string& distance, std::vector<Line>* out) {
  std::string text = "ip route " + prefix + " " + target;
  if (!distance.empty()) text += " " + distance;
  out->push_back(make_line(prefix + " " + target, text,
                           "no ip route " + prefix + " " + target));
}

rc::Result<std::vector<Line>> render_lines(const StaticConfig& c) {
  std::vector<Line> lines;
  auto bad = [](const std::string& v) {
    return rc::make_error(rc::Code::kValidation,
                          "static route value \"" + v + "\" " + unsafe_word(v));
  };
  for (const auto& [prefix, route] : c.routes) {
    if (!unsafe_word(prefix).empty()) return bad(prefix);
    for (const auto& [nh, p] : route.next_hops) {
      if (p.disable) continue;
      if (!unsafe_word(nh).empty()) return bad(nh);
      route_line(prefix, nh, p.distance, &lines);
    }
    if (route.blackhole) {
      route_line(prefix, "blackhole", route.blackhole_distance, &lines);
    }
  }
  for (const auto& [prefix, ifs] : c.interface_routes) {
    if (!unsafe_word(prefix).empty()) return bad(prefix);
    for (const auto& [ifname, p] : ifs) {
      if (p.disable) continue;
      if (!unsafe_word(ifname).empty()) return bad(ifname);
      if (ifname == "blackhole" || ifname == "reject" || ifname == "Null0") {
        return rc::make_error(rc::Code::kValidation,
                              "interface \"" + ifname + "\" is an FRR keyword");
      }
      route_line(prefix, ifname, p.distance, &lines);
    }
  }
  return lines;
}

}  // namespace

rc::Result<Delta> static_delta(const StaticConfig& from, const StaticConfig& to) {
  auto a = render_lines(from);
  if (!a.ok()) return a.error();
  auto b = render_lines(to);
  if (!b.ok()) return b.error();
  Delta d;
  diff_lines(*a, *b, &d);
  return d;
}

}  // namespace backend::frr
