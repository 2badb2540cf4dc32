// Tests for backend/opmode_live: every operational command of the live
// backend has exactly one provider, and only reset/restart change state.
#include "backend/opmode_live.h"

#include <doctest/doctest.h>

namespace backend {
namespace {

using Words = std::vector<std::string>;

TEST_CASE("live op modes: one provider per command") {
  auto ops = make_live_opmodes({}, "/nonexistent/charon.vici");
  REQUIRE(ops.size() == 3);
  const Words commands[] = {
      {"show", "ip", "route"},
      {"show", "ip", "bgp", "summary"},
      {"show", "ip", "bgp", "neighbors", "192.0.2.1", "received-routes"},
      {"show", "ip", "prefix-list"},
      {"show", "route-map"},
      {"reset", "ip", "bgp", "192.0.2.1", "soft", "in"},
      {"show", "vpn", "ike", "sa"},
      {"show", "vpn", "ipsec", "sa"},
      {"show", "vpn", "ipsec", "status"},
      {"reset", "vpn", "ipsec-peer", "192.0.2.1"},
      {"restart", "vpn"},
      {"show", "interfaces", "vti"},
      {"show", "interfaces", "vti", "vti0"},
  };
  for (const auto& w : commands) {
    CAPTURE(w.size());
    CAPTURE(w[1]);
    int n = 0;
    bool changes = false;
    for (const auto& op : ops) {
      if (!op->handles(w)) continue;
      ++n;
      changes = op->changes_state(w);
    }
    CHECK(n == 1);
    CHECK(changes == (w[0] == "reset" || w[0] == "restart"));
  }
  for (const Words& w : {Words{"show", "configuration"}, Words{"show", "version"},
                         Words{"configure"}, Words{"show", "system", "commit"}}) {
    for (const auto& op : ops) CHECK_FALSE(op->handles(w));
  }
}

}  // namespace
}  // namespace backend
