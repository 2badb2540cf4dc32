// Golden VICI messages for the user's documents (examples/*.set): the
// VyOS -> strongSwan mapping of render.cc, message by message.
#include "backend/ipsec/render.h"

#include <doctest/doctest.h>

#include "backend/ipsec/test_util.h"

namespace backend::ipsec {
namespace {

Config example(const char* name) {
  auto root = testing::config(testing::example(name));
  return load(root.get());
}

// An AWS tunnel (seeds/001 as examples/aws-spoke.set): IKEv1 (no
// key-exchange: the VyOS 1.1 default), DH group 2 as PFS, DPD 15/30
// restart, the VTI's mark, the public EIP as local id.
std::string aws_conn(const std::string& peer, const std::string& mark) {
  return peer + " {\n"
         "  version = 1\n"
         "  local_addrs = [10.20.0.30]\n"
         "  remote_addrs = [" + peer + "]\n"
         "  proposals = [aes128-sha1-modp1024]\n"
         "  rekey_time = 28800s\n"
         "  dpd_delay = 15s\n"
         "  dpd_timeout = 30s\n"
         "  keyingtries = 0\n"
         "  local {\n"
         "    auth = psk\n"
         "    id = 203.0.113.30\n"
         "  }\n"
         "  remote {\n"
         "    auth = psk\n"
         "    id = " + peer + "\n"
         "  }\n"
         "  children {\n"
         "    " + peer + "-vti {\n"
         "      local_ts = [0.0.0.0/0]\n"
         "      remote_ts = [0.0.0.0/0]\n"
         "      mark_in = " + mark + "\n"
         "      mark_out = " + mark + "\n"
         "      esp_proposals = [aes128-sha1-modp1024]\n"
         "      mode = tunnel\n"
         "      rekey_time = 3600s\n"
         "      start_action = start\n"
         "      dpd_action = restart\n"
         "    }\n"
         "  }\n"
         "}\n";
}

}  // namespace

TEST_CASE("aws-spoke.set: two IKEv1 route-based peers on vti0 and vti1") {
  Config c = example("aws-spoke.set");
  REQUIRE(c.peers.size() == 2);
  CHECK(render_conn(c, c.peers[0]).debug_string() ==
        aws_conn("198.51.100.10", "0x900000"));
  CHECK(render_conn(c, c.peers[1]).debug_string() ==
        aws_conn("198.51.100.20", "0x900001"));
  CHECK(render_shared(c, c.peers[0]).debug_string() ==
        "id = ike-198.51.100.10\n"
        "type = IKE\n"
        "data = Xk3pR7vQ2mW9\n"
        "owners = [203.0.113.30, 198.51.100.10]\n");
  CHECK(render_shared(c, c.peers[1]).get("data") == "Lq8sT4nB6yH1");
}

TEST_CASE("azure-ikev2-policy.set: IKEv2, policy-based tunnel 1, pfs dh-group2") {
  Config c = example("azure-ikev2-policy.set");
  REQUIRE(c.peers.size() == 1);
  CHECK(render_conn(c, c.peers[0]).debug_string() ==
        "203.0.113.5 {\n"
        "  version = 2\n"
        "  local_addrs = [10.1.0.212]\n"
        "  remote_addrs = [203.0.113.5]\n"
        "  proposals = [aes256-sha1-modp1024]\n"
        "  rekey_time = 28800s\n"
        "  dpd_delay = 15s\n"
        "  keyingtries = 0\n"
        "  local {\n"
        "    auth = psk\n"
        "    id = 10.1.0.212\n"
        "  }\n"
        "  remote {\n"
        "    auth = psk\n"
        "    id = 203.0.113.5\n"
        "  }\n"
        "  children {\n"
        "    203.0.113.5-tunnel-1 {\n"
        "      local_ts = [10.1.0.0/24]\n"
        "      remote_ts = [10.2.0.0/24]\n"
        "      esp_proposals = [aes256-sha1-modp1024]\n"
        "      mode = tunnel\n"
        "      rekey_time = 27000s\n"
        "      start_action = start\n"
        "      dpd_action = restart\n"
        "    }\n"
        "  }\n"
        "}\n");
  CHECK(render_shared(c, c.peers[0]).debug_string() ==
        "id = ike-203.0.113.5\n"
        "type = IKE\n"
        "data = 12345\n"
        "owners = [10.1.0.212, 203.0.113.5]\n");
}

TEST_CASE("the rest of the mapping table") {
  auto root = testing::config(
      "set interfaces ethernet eth0 address 192.0.2.1/24\n"
      "set vpn ipsec ipsec-interfaces interface eth0\n"
      "set vpn ipsec ike-group G key-exchange ikev2\n"
      "set vpn ipsec ike-group G ikev2-reauth yes\n"
      "set vpn ipsec ike-group G lifetime 3600\n"
      "set vpn ipsec ike-group G mobike disable\n"
      "set vpn ipsec ike-group G close-action hold\n"
      "set vpn ipsec ike-group G dead-peer-detection action hold\n"
      "set vpn ipsec ike-group G proposal 1 encryption aes256\n"
      "set vpn ipsec ike-group G proposal 1 hash sha256\n"
      "set vpn ipsec ike-group G proposal 1 dh-group 14\n"
      "set vpn ipsec ike-group G proposal 2 dh-group 19\n"
      "set vpn ipsec esp-group E pfs enable\n"
      "set vpn ipsec esp-group E compression enable\n"
      "set vpn ipsec esp-group E mode transport\n"
      "set vpn ipsec esp-group E proposal 1 encryption aes256gcm128\n"
      "set vpn ipsec esp-group E proposal 2\n"
      "set vpn ipsec esp-group N pfs disable\n"
      "set vpn ipsec esp-group N proposal 1\n"
      "set vpn ipsec site-to-site peer 192.0.2.9 authentication pre-shared-secret s\n"
      "set vpn ipsec site-to-site peer 192.0.2.9 connection-type respond\n"
      "set vpn ipsec site-to-site peer 192.0.2.9 ike-group G\n"
      "set vpn ipsec site-to-site peer 192.0.2.9 default-esp-group E\n"
      "set vpn ipsec site-to-site peer 192.0.2.9 local-address any\n"
      "set vpn ipsec site-to-site peer 192.0.2.9 tunnel 1 local prefix 10.0.0.0/8\n"
      "set vpn ipsec site-to-site peer 192.0.2.9 tunnel 1 remote prefix 10.9.0.0/16\n"
      "set vpn ipsec site-to-site peer 192.0.2.9 tunnel 1 protocol gre\n"
      "set vpn ipsec site-to-site peer 192.0.2.9 tunnel 2 esp-group N\n"
      "set vpn ipsec site-to-site peer 192.0.2.9 tunnel 3 disable\n");
  Config c = load(root.get());
  REQUIRE(c.peers.size() == 1);
  CHECK(render_conn(c, c.peers[0]).debug_string() ==
        "192.0.2.9 {\n"
        "  version = 2\n"
        "  local_addrs = [%any]\n"
        "  remote_addrs = [192.0.2.9]\n"
        "  proposals = [aes256-sha256-modp2048, aes128-sha1-ecp256]\n"
        "  rekey_time = 0s\n"
        "  reauth_time = 3600s\n"
        "  mobike = no\n"
        "  dpd_delay = 30s\n"
        "  local {\n"
        "    auth = psk\n"
        "  }\n"
        "  remote {\n"
        "    auth = psk\n"
        "    id = 192.0.2.9\n"
        "  }\n"
        "  children {\n"
        "    192.0.2.9-tunnel-1 {\n"
        "      local_ts = [10.0.0.0/8[gre]]\n"
        "      remote_ts = [10.9.0.0/16[gre]]\n"
        "      esp_proposals = [aes256gcm128-sha1-modp2048, aes128-sha1-modp2048]\n"
        "      mode = transport\n"
        "      rekey_time = 3600s\n"
        "      ipcomp = yes\n"
        "      start_action = trap\n"
        "      dpd_action = trap\n"
        "      close_action = trap\n"
        "    }\n"
        "    192.0.2.9-tunnel-2 {\n"
        "      esp_proposals = [aes128-sha1]\n"
        "      mode = tunnel\n"
        "      rekey_time = 3600s\n"
        "      start_action = trap\n"
        "      dpd_action = trap\n"
        "      close_action = trap\n"
        "    }\n"
        "  }\n"
        "}\n");
  // No id and local-address any: the key belongs to the remote id only.
  CHECK(*render_shared(c, c.peers[0]).list("owners") ==
        std::vector<std::string>{"192.0.2.9"});
}

TEST_CASE("VTI marks are 0x900000 + N, stable and bounded") {
  CHECK(vti_mark("vti0") == 0x900000);
  CHECK(vti_mark("vti12") == 0x90000c);
  CHECK(vti_mark("vti1048575") == 0x9fffff);
  CHECK(vti_mark("vti1048576") == 0);
  CHECK(vti_mark("vti") == 0);
  CHECK(vti_mark("eth0") == 0);
  CHECK(vti_mark("vti1x") == 0);
  CHECK(dh_name("2") == "modp1024");
  CHECK(dh_name("31") == "curve25519");
  CHECK(dh_name("3").empty());
}

}  // namespace backend::ipsec
