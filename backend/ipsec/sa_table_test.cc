// Tests for backend/ipsec/sa_table: VICI list-sas / list-conns replies
// printed as VyOS's `show vpn ike sa` and `show vpn ipsec sa` tables
// (golden: the user's own VyOS output in seeds/000), their JSON form, and
// `show vpn ipsec status`. Real charon: tests/opmode/.
#include "backend/ipsec/sa_table.h"

#include <doctest/doctest.h>

#include "backend/ipsec/test_util.h"

namespace backend::ipsec {
namespace {

using vici::Message;
using Words = std::vector<std::string>;

Message from_json(const char* text) { return testing::vici_message(text); }

// A list-sa event of one route-based peer as charon 5.9.8 sends it.
Message list_sa(const std::string& peer, const std::string& established,
                const std::string& out, const std::string& in,
                const std::string& installed) {
  std::string j = R"({")" + peer + R"(": {
      "uniqueid": "7", "version": "1", "state": "ESTABLISHED",
      "local-host": "10.0.1.30", "local-port": "500", "local-id": "10.0.1.30",
      "remote-host": ")" + peer + R"(", "remote-port": "500",
      "remote-id": ")" + peer + R"(", "initiator": "yes",
      "initiator-spi": "8b2ad1c3e9f00a11", "responder-spi": "c0ffee0011223344",
      "encr-alg": "AES_CBC", "encr-keysize": "128", "integ-alg": "HMAC_SHA1_96",
      "prf-alg": "PRF_HMAC_SHA1", "dh-group": "MODP_1024",
      "established": ")" + established + R"(", "rekey-time": "10966",
      "child-sas": {")" + peer + R"(-vti-12": {
        "name": ")" + peer + R"(-vti", "uniqueid": "12", "reqid": "1",
        "state": "INSTALLED", "mode": "TUNNEL", "protocol": "ESP",
        "spi-in": "c1a2b3c4", "spi-out": "d1e2f3a4", "mark-in": "00900000",
        "mark-out": "00900000", "encr-alg": "AES_CBC", "encr-keysize": "128",
        "integ-alg": "HMAC_SHA1_96", "bytes-in": ")" + in + R"(",
        "packets-in": "260", "bytes-out": ")" + out + R"(", "packets-out": "258",
        "rekey-time": "713", "life-time": "1213", "install-time": ")" + installed + R"(",
        "local-ts": ["0.0.0.0/0"], "remote-ts": ["0.0.0.0/0"]}}}})";
  return from_json(j.c_str());
}

// The list-conn event of the same peer: lifetimes as configured.
Message list_conn(const std::string& peer) {
  std::string j = R"({")" + peer + R"(": {
      "local_addrs": ["10.0.1.30"], "remote_addrs": [")" + peer + R"("],
      "version": "IKEv1", "reauth_time": "0", "rekey_time": "28800",
      "unique": "UNIQUE_NO", "dpd_delay": "10",
      "local-1": {"class": "pre-shared key", "id": "10.0.1.30"},
      "remote-1": {"class": "pre-shared key", "id": ")" + peer + R"("},
      "children": {")" + peer + R"(-vti": {
        "mode": "TUNNEL", "rekey_time": "3600", "rekey_bytes": "0",
        "rekey_packets": "0", "dpd_action": "restart", "close_action": "none",
        "local-ts": ["0.0.0.0/0"], "remote-ts": ["0.0.0.0/0"]}}}})";
  return from_json(j.c_str());
}

// The two AWS tunnels of seeds/000 (mgmt-dev1 and mgmt-dev2).
VpnState seed_state() {
  VpnState s;
  for (const char* p : {"207.171.167.234", "207.171.167.235"}) {
    for (auto& c : parse_list_conn(list_conn(p))) s.conns.push_back(c);
  }
  for (auto& sa : parse_list_sa(list_sa("207.171.167.234", "17834", "22221", "22323", "2747"))) {
    s.sas.push_back(sa);
  }
  for (auto& sa : parse_list_sa(list_sa("207.171.167.235", "17145", "4813", "4813", "1177"))) {
    s.sas.push_back(sa);
  }
  s.descriptions = {{"207.171.167.234", "mgmt-dev1"}, {"207.171.167.235", "mgmt-dev2"}};
  return s;
}

// seeds/000: `show vpn ipsec sa` and `show vpn ike sa` on VyOS, verbatim.
const char kSeedIpsecSa[] =
    "Peer ID / IP                            Local ID / IP               \n"
    "------------                            -------------\n"
    "207.171.167.234                         10.0.1.30                              \n"
    "\n"
    "    Description: mgmt-dev1\n"
    "\n"
    "    Tunnel  State  Bytes Out/In   Encrypt  Hash    NAT-T  A-Time  L-Time  Proto\n"
    "    ------  -----  -------------  -------  ----    -----  ------  ------  -----\n"
    "    vti     up     21.7K/21.8K    aes128   sha1    no     2747    3600    all\n"
    "\n"
    " \n"
    "Peer ID / IP                            Local ID / IP               \n"
    "------------                            -------------\n"
    "207.171.167.235                         10.0.1.30                              \n"
    "\n"
    "    Description: mgmt-dev2\n"
    "\n"
    "    Tunnel  State  Bytes Out/In   Encrypt  Hash    NAT-T  A-Time  L-Time  Proto\n"
    "    ------  -----  -------------  -------  ----    -----  ------  ------  -----\n"
    "    vti     up     4.7K/4.7K      aes128   sha1    no     1177    3600    all\n"
    "\n"
    " \n";

const char kSeedIkeSa[] =
    "Peer ID / IP                            Local ID / IP               \n"
    "------------                            -------------\n"
    "207.171.167.234                         10.0.1.30                              \n"
    "\n"
    "    Description: mgmt-dev1\n"
    "\n"
    "    State  Encrypt  Hash    D-H Grp  NAT-T  A-Time  L-Time\n"
    "    -----  -------  ----    -------  -----  ------  ------\n"
    "    up     aes128   sha1    2        no     17834   28800  \n"
    "\n"
    " \n"
    "Peer ID / IP                            Local ID / IP               \n"
    "------------                            -------------\n"
    "207.171.167.235                         10.0.1.30                              \n"
    "\n"
    "    Description: mgmt-dev2\n"
    "\n"
    "    State  Encrypt  Hash    D-H Grp  NAT-T  A-Time  L-Time\n"
    "    -----  -------  ----    -------  -----  ------  ------\n"
    "    up     aes128   sha1    2        no     17145   28800  \n"
    "\n"
    " \n";

TEST_CASE("sa table: list-sas of the seed's two AWS tunnels print as VyOS did") {
  VpnState s = seed_state();
  CHECK(format_ipsec_sa(s) == kSeedIpsecSa);
  CHECK(format_ike_sa(s) == kSeedIkeSa);
}

TEST_CASE("sa table: peers without SAs, policy tunnels, NAT-T and AEAD") {
  VpnState s;
  // A configured respond-only peer with no SA at all, and a policy-based
  // peer with two tunnels, one up behind NAT with AES-GCM, one down.
  s.conns = parse_list_conn(from_json(R"({
      "198.51.100.9": {"local_addrs": ["%any"], "remote_addrs": ["198.51.100.9"],
        "version": "IKEv2", "reauth_time": "0", "rekey_time": "0",
        "children": {"198.51.100.9-vti": {"rekey_time": "1800"}}},
      "203.0.113.5": {"local_addrs": ["192.0.2.10"], "remote_addrs": ["203.0.113.5"],
        "version": "IKEv2", "reauth_time": "3600", "rekey_time": "0",
        "children": {
          "203.0.113.5-tunnel-1": {"rekey_time": "3600",
            "local-ts": ["10.1.0.0/24[tcp]"], "remote-ts": ["10.2.0.0/24[tcp]"]},
          "203.0.113.5-tunnel-2": {"rekey_time": "3600",
            "local-ts": ["10.1.1.0/24"], "remote-ts": ["10.2.1.0/24"]}}}})"));
  s.sas = parse_list_sa(from_json(R"({"203.0.113.5": {
      "uniqueid": "3", "version": "2", "state": "ESTABLISHED",
      "local-host": "192.0.2.10", "local-id": "192.0.2.10",
      "remote-host": "203.0.113.5", "remote-id": "vpn.example.net",
      "nat-remote": "yes", "nat-any": "yes",
      "encr-alg": "AES_GCM_16", "encr-keysize": "256", "prf-alg": "PRF_HMAC_SHA2_384",
      "dh-group": "ECP_384", "established": "95",
      "child-sas": {"203.0.113.5-tunnel-1-4": {
        "name": "203.0.113.5-tunnel-1", "state": "INSTALLED", "encap": "yes",
        "encr-alg": "AES_GCM_16", "encr-keysize": "256",
        "bytes-in": "3221225472", "bytes-out": "1048576", "install-time": "94",
        "local-ts": ["10.1.0.0/24[tcp]"], "remote-ts": ["10.2.0.0/24[tcp]"]}}}})"));
  s.descriptions = {{"203.0.113.5", "branch"}};
  CHECK(format_ipsec_sa(s) ==
        "Peer ID / IP                            Local ID / IP               \n"
        "------------                            -------------\n"
        "198.51.100.9                            0.0.0.0                                \n"
        "\n"
        "    Tunnel  State  Bytes Out/In   Encrypt  Hash    NAT-T  A-Time  L-Time  Proto\n"
        "    ------  -----  -------------  -------  ----    -----  ------  ------  -----\n"
        "    vti     down   n/a            n/a      n/a     n/a    n/a     1800    all\n"
        "\n"
        " \n"
        "Peer ID / IP                            Local ID / IP               \n"
        "------------                            -------------\n"
        "203.0.113.5                             192.0.2.10                             \n"
        "\n"
        "    Description: branch\n"
        "\n"
        "    Tunnel  State  Bytes Out/In   Encrypt  Hash    NAT-T  A-Time  L-Time  Proto\n"
        "    ------  -----  -------------  -------  ----    -----  ------  ------  -----\n"
        "    1       up     1.0M/3.0G      aes256gcm128 n/a     yes    94      3600    tcp\n"
        "    2       down   n/a            n/a      n/a     n/a    n/a     3600    all\n"
        "\n"
        " \n");
  // Only IKE_SAs that exist are listed; the lifetime falls back to the
  // reauthentication time.
  CHECK(format_ike_sa(s) ==
        "Peer ID / IP                            Local ID / IP               \n"
        "------------                            -------------\n"
        "203.0.113.5                             192.0.2.10                             \n"
        "\n"
        "    Description: branch\n"
        "\n"
        "    State  Encrypt  Hash    D-H Grp  NAT-T  A-Time  L-Time\n"
        "    -----  -------  ----    -------  -----  ------  ------\n"
        "    up     aes256gcm128 sha384  20       yes    95      3600   \n"
        "\n"
        " \n");
  auto j = ipsec_sa_json(s);
  REQUIRE(j.size() == 2);
  CHECK(j[0]["peer"] == "198.51.100.9");
  CHECK(j[0]["tunnels"][0]["state"] == "down");
  CHECK(j[0]["tunnels"][0]["lifetime"] == 1800);
  CHECK(j[1]["description"] == "branch");
  CHECK(j[1]["peer_id"] == "vpn.example.net");
  CHECK(j[1]["tunnels"][0]["bytes_in"] == 3221225472u);
  CHECK(j[1]["tunnels"][0]["nat_t"] == true);
  CHECK(j[1]["tunnels"][0]["protocol"] == "tcp");
  CHECK(j[1]["tunnels"][1]["state"] == "down");
  CHECK(j[1]["tunnels"][1]["active_time"].is_null());
  auto k = ike_sa_json(s);
  REQUIRE(k.size() == 1);
  CHECK(k[0]["sas"][0]["version"] == "IKEv2");
  CHECK(k[0]["sas"][0]["dh_group"] == "20");
  CHECK(k[0]["sas"][0]["ike_state"] == "ESTABLISHED");
  // No SA and no connection: nothing to print.
  CHECK(format_ike_sa(VpnState{}) == "");
  CHECK(format_ipsec_sa(VpnState{}) == "");
  CHECK(ike_sa_json(VpnState{}).dump() == "[]");
}

TEST_CASE("sa table: the seed's JSON form carries the same facts") {
  auto j = ipsec_sa_json(seed_state());
  REQUIRE(j.size() == 2);
  CHECK(j[0].dump() ==
        R"({"peer":"207.171.167.234","peer_id":"207.171.167.234","local":"10.0.1.30",)"
        R"("local_id":"10.0.1.30","connection":"207.171.167.234","description":"mgmt-dev1",)"
        R"("tunnels":[{"tunnel":"vti","child":"207.171.167.234-vti","state":"up",)"
        R"("child_state":"INSTALLED","bytes_out":22221,"bytes_in":22323,"packets_out":258,)"
        R"("packets_in":260,"encryption":"aes128","hash":"sha1","nat_t":false,)"
        R"("active_time":2747,"local_ts":["0.0.0.0/0"],"remote_ts":["0.0.0.0/0"],)"
        R"("lifetime":3600,"protocol":"all"}]})");
  auto k = ike_sa_json(seed_state());
  CHECK(k[1]["sas"][0].dump() ==
        R"({"state":"up","ike_state":"ESTABLISHED","version":"IKEv1","encryption":"aes128",)"
        R"("hash":"sha1","dh_group":"2","nat_t":false,"active_time":17145,"lifetime":28800,)"
        R"("rekey_in":10966,"uniqueid":"7"})");
}

TEST_CASE("sa table: status lists PID, active tunnels and IPsec interfaces") {
  VpnStatus s;
  s.pid = 4113;
  s.version = "5.9.8";
  s.active_tunnels = 2;
  s.interfaces = {{"eth0", {"10.0.1.30", "2001:db8::30"}}, {"eth1", {}}};
  CHECK(format_status(s) ==
        "IPSec Process Running PID: 4113\n"
        "\n"
        "2 Active IPsec Tunnels\n"
        "\n"
        "IPsec Interfaces :\n"
        "\teth0\t(10.0.1.30 2001:db8::30)\n"
        "\teth1\t(no address)\n");
  CHECK(status_json(s).dump() ==
        R"({"pid":4113,"version":"5.9.8","active_tunnels":2,"interfaces":[)"
        R"({"interface":"eth0","addresses":["10.0.1.30","2001:db8::30"]},)"
        R"({"interface":"eth1","addresses":[]}]})");
  s.pid = 0;
  CHECK(format_status(s).rfind("IPSec Process Running PID: unknown\n", 0) == 0);
}

}  // namespace
}  // namespace backend::ipsec
