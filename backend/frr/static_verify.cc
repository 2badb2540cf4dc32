// protocols static: cross-field rules, with VyOS's wording.
#include "backend/frr/static.h"
#include "backend/frr/vtysh.h"

namespace backend::frr {
namespace {

void check_word(const std::string& what, const std::string& value,
                const std::string& path, rc::Errors* out) {
  std::string why = unsafe_word(value);
  if (!why.empty()) {
    out->push_back(rc::make_error(rc::Code::kValidation,
                                  what + " \"" + value + "\" " + why, path));
  }
}

}  // namespace

rc::Errors verify_static(const StaticConfig& config) {
  rc::Errors out;
  for (const auto& [prefix, route] : config.routes) {
    std::string path = "protocols static route " + prefix;
    if (route.next_hops.empty() && !route.blackhole) {
      out.push_back(rc::make_error(
          rc::Code::kValidation,
          "Must add either a next-hop or blackhole or interface for route " +
              prefix,
          path, "set " + path + " next-hop <address>"));
    }
    check_word("Route", prefix, path, &out);
    for (const auto& [nh, p] : route.next_hops) {
      check_word("Next-hop", nh, path + " next-hop " + nh, &out);
    }
  }
  for (const auto& [prefix, ifs] : config.interface_routes) {
    std::string path = "protocols static interface-route " + prefix;
    if (ifs.empty()) {
      out.push_back(rc::make_error(
          rc::Code::kValidation,
          "Must add either a next-hop or blackhole or interface for route " +
              prefix,
          path, "set " + path + " next-hop-interface <interface>"));
    }
    check_word("Route", prefix, path, &out);
    for (const auto& [ifname, p] : ifs) {
      std::string at = path + " next-hop-interface " + ifname;
      check_word("Interface", ifname, at, &out);
      if (ifname == "blackhole" || ifname == "reject" || ifname == "Null0") {
        out.push_back(rc::make_error(
            rc::Code::kValidation,
            "Interface \"" + ifname + "\" is a keyword of FRR's ip route command",
            at, "set protocols static route " + prefix + " blackhole"));
      }
    }
  }
  return out;
}

}  // namespace backend::frr
