// Tests for backend/vti/show: VyOS's brief interface table, the detail of
// one VTI and the JSON form, from LinkInfo values (the netlink read itself
// runs against real links in tests/opmode/).
#include "backend/vti/show.h"

#include <doctest/doctest.h>
#include <linux/if.h>

namespace backend::vti {
namespace {

LinkInfo vti0() {
  LinkInfo l;
  l.name = "vti0";
  l.kind = "vti";
  l.mtu = 1436;
  l.flags = IFF_UP | IFF_RUNNING | IFF_LOWER_UP | IFF_NOARP | IFF_POINTOPOINT;
  l.operstate = "UNKNOWN";
  l.alias = "mgmt-dev1";
  l.addresses = {"169.254.12.38/30"};
  l.has_tunnel = true;
  l.local = "10.0.1.30";
  l.remote = "207.171.167.234";
  l.ikey = l.okey = 0x900000;
  l.rx_bytes = 22323;
  l.rx_packets = 260;
  l.tx_bytes = 22221;
  l.tx_packets = 258;
  l.tx_dropped = 3;
  return l;
}

TEST_CASE("vti show: VyOS's brief table") {
  LinkInfo down = vti0();
  down.name = "vti1";
  down.flags = IFF_NOARP | IFF_POINTOPOINT;
  down.operstate = "DOWN";
  down.alias = "";
  down.addresses = {};
  LinkInfo many = vti0();
  many.name = "vti12";
  many.operstate = "LOWERLAYERDOWN";
  many.alias = "two addresses";
  many.addresses = {"169.254.0.1/30", "2001:db8:ffff:ffff:ffff:ffff:ffff:1/128"};
  CHECK(format_brief({vti0(), down, many}) ==
        "Codes: S - State, L - Link, u - Up, D - Down, A - Admin Down\n"
        "Interface        IP Address                        S/L  Description\n"
        "---------        ----------                        ---  -----------\n"
        "vti0             169.254.12.38/30                  u/u  mgmt-dev1\n"
        "vti1             -                                 A/D  \n"
        "vti12            169.254.0.1/30                    u/D  two addresses\n"
        "                                                        \n"
        "                 2001:db8:ffff:ffff:ffff:ffff:ffff:1/128\n");
  CHECK(format_brief({}) ==
        "Codes: S - State, L - Link, u - Up, D - Down, A - Admin Down\n"
        "Interface        IP Address                        S/L  Description\n"
        "---------        ----------                        ---  -----------\n");
}

TEST_CASE("vti show: one VTI in detail, keys as iproute2 prints them") {
  CHECK(format_detail(vti0()) ==
        "vti0: <POINTOPOINT,NOARP,UP,LOWER_UP> mtu 1436 state UNKNOWN\n"
        "    link/ipip 10.0.1.30 peer 207.171.167.234\n"
        "    vti remote 207.171.167.234 local 10.0.1.30 ikey 0.144.0.0 okey 0.144.0.0\n"
        "    inet 169.254.12.38/30\n"
        "    Description: mgmt-dev1\n"
        "\n"
        "    RX:      bytes    packets     errors    dropped\n"
        "            22323        260          0          0\n"
        "    TX:      bytes    packets     errors    dropped\n"
        "            22221        258          0          3\n");
  LinkInfo plain;
  plain.name = "eth0";
  plain.kind = "veth";
  plain.mtu = 1500;
  plain.flags = IFF_UP | IFF_BROADCAST | IFF_MULTICAST;  // up, no carrier
  plain.operstate = "DOWN";
  plain.addresses = {"192.0.2.1/24", "2001:db8::1/64"};
  std::string d = format_detail(plain);
  CHECK(d.rfind("eth0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 state DOWN\n"
                "    inet 192.0.2.1/24\n"
                "    inet6 2001:db8::1/64\n\n",
                0) == 0);
  CHECK(d.find("link/ipip") == std::string::npos);
}

TEST_CASE("vti show: JSON has every field") {
  auto j = links_json({vti0()});
  REQUIRE(j.size() == 1);
  CHECK(j[0].dump() ==
        R"({"name":"vti0","kind":"vti","state":"up","link":"up","operstate":"UNKNOWN",)"
        R"("mtu":1436,"description":"mgmt-dev1","addresses":["169.254.12.38/30"],)"
        R"("local":"10.0.1.30","remote":"207.171.167.234","ikey":9437184,"okey":9437184,)"
        R"("statistics":{"rx_bytes":22323,"rx_packets":260,"rx_errors":0,"rx_dropped":0,)"
        R"("tx_bytes":22221,"tx_packets":258,"tx_errors":0,"tx_dropped":3}})");
}

TEST_CASE("vti show: words it answers and arguments it refuses") {
  VtiOpMode op;
  CHECK(op.handles({"show", "interfaces"}));
  CHECK(op.handles({"show", "interfaces", "vti", "vti0"}));
  CHECK_FALSE(op.handles({"show", "ip", "route"}));
  CHECK_FALSE(op.changes_state({"show", "interfaces", "vti"}));
  auto r = op.run({"show", "interfaces", "ethernet"}, false);
  REQUIRE(!r.ok());
  CHECK(r.error().message == "Invalid command: [show interfaces ethernet]");
  r = op.run({"show", "interfaces", "vti", "vti0/x"}, false);
  REQUIRE(!r.ok());
  CHECK(r.error().message == "show interfaces vti: 'vti0/x' is not an interface name");
  r = op.run({"show", "interfaces", "vti", "vti0", "brief"}, false);
  REQUIRE(!r.ok());
  CHECK(r.error().message == "Invalid command: [show interfaces vti vti0 brief]");
  // This kernel has no VTIs: the table is empty, a named one is missing.
  r = op.run({"show", "interfaces", "vti", "vti4000"}, false);
  REQUIRE(!r.ok());
  CHECK(r.error().message == "show interfaces vti: vti4000 does not exist");
  // Every link: the loopback is always there.
  auto all = read_links("");
  REQUIRE(all.ok());
  bool lo = false;
  for (const auto& l : *all) lo = lo || l.name == "lo";
  CHECK(lo);
}

}  // namespace
}  // namespace backend::vti
