// Tests for backend/ipsec/show (VpnOpMode): the words it answers, which
// change state, and its refusals before charon is asked — or when charon
// cannot be reached. Against real charons: tests/opmode/.
#include "backend/ipsec/show.h"

#include <doctest/doctest.h>

namespace backend::ipsec {
namespace {

using Words = std::vector<std::string>;

TEST_CASE("vpn show: words, permissions and a charon that is not there") {
  VpnOpMode op("/nonexistent/charon.vici");
  CHECK(op.handles({"show", "vpn", "ike", "sa"}));
  CHECK(op.handles({"reset", "vpn", "ipsec-peer", "192.0.2.2"}));
  CHECK(op.handles({"restart", "vpn"}));
  CHECK_FALSE(op.handles({"show", "vpnx"}));
  CHECK_FALSE(op.handles({"show", "ip", "bgp"}));
  CHECK(op.changes_state({"restart", "vpn"}));
  CHECK(op.changes_state({"reset", "vpn", "ipsec-peer", "x"}));
  CHECK_FALSE(op.changes_state({"show", "vpn", "ipsec", "sa"}));

  auto message = [&](const Words& w) {
    auto r = op.run(w, false);
    REQUIRE(!r.ok());
    return r.error().message + (r.error().hint.empty() ? "" : " (" + r.error().hint + ")");
  };
  CHECK(message({"show", "vpn"}) == "Incomplete command: [show vpn] (ike or ipsec)");
  CHECK(message({"show", "vpn", "ike"}) == "Incomplete command: [show vpn ike] (sa)");
  CHECK(message({"show", "vpn", "ike", "sas"}) == "Invalid command: [show vpn ike sas]");
  CHECK(message({"show", "vpn", "ipsec", "sa", "x"}) == "Invalid command: [show vpn ipsec sa x]");
  CHECK(message({"show", "vpn", "l2tp"}) == "Invalid command: [show vpn l2tp]");
  CHECK(message({"restart", "vpn", "now"}) == "Invalid command: [restart vpn now]");
  CHECK(message({"reset", "vpn", "ipsec-peer"}) ==
        "Incomplete command: [reset vpn ipsec-peer] (a peer (address, host name or @id))");
  CHECK(message({"reset", "vpn", "ipsec-peer", "a;b"}) ==
        "reset vpn ipsec-peer: 'a;b' is not a peer name (expected an address, a host "
        "name or an @id)");
  std::string down = message({"show", "vpn", "ipsec", "sa"});
  CHECK(down.rfind("% strongSwan (charon) is not reachable at /nonexistent/charon.vici: "
                   "cannot connect to charon",
                   0) == 0);
  CHECK(message({"restart", "vpn"}).find("is not reachable") != std::string::npos);
  CHECK(message({"reset", "vpn", "ipsec-peer", "192.0.2.2"}).find("is not reachable") !=
        std::string::npos);
}


}  // namespace
}  // namespace backend::ipsec
