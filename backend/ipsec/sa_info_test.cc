// Tests for backend/ipsec/sa_info: VICI `list-sa` and `list-conn` events
// read into their fields, and strongSwan's algorithm names in VyOS's words.
#include "backend/ipsec/sa_info.h"

#include <doctest/doctest.h>

#include "backend/ipsec/test_util.h"

#include <nlohmann/json.hpp>

namespace backend::ipsec {
namespace {

using vici::Message;
using Words = std::vector<std::string>;

Message from_json(const char* text) { return testing::vici_message(text); }

TEST_CASE("sa info: list-sa and list-conn events parse into their fields") {
  auto sas = parse_list_sa(from_json(R"({"192.0.2.2": {
      "uniqueid": "7", "version": "2", "state": "ESTABLISHED",
      "local-host": "192.0.2.1", "local-id": "192.0.2.1",
      "remote-host": "192.0.2.2", "remote-id": "@west", "nat-fake": "yes",
      "encr-alg": "AES_CBC", "encr-keysize": "128", "integ-alg": "HMAC_SHA1_96",
      "prf-alg": "PRF_HMAC_SHA1", "dh-group": "MODP_2048",
      "established": "40", "rekey-time": "10966",
      "child-sas": {"192.0.2.2-vti-12": {
        "name": "192.0.2.2-vti", "uniqueid": "12", "state": "INSTALLED",
        "mode": "TUNNEL", "protocol": "ESP", "encap": "yes",
        "bytes-in": "0", "bytes-out": "1024", "packets-out": "8",
        "install-time": "39", "rekey-time": "713", "life-time": "1213",
        "local-ts": ["0.0.0.0/0"], "remote-ts": ["0.0.0.0/0"]}}}})"));
  REQUIRE(sas.size() == 1);
  const IkeSaInfo& sa = sas[0];
  CHECK(sa.conn == "192.0.2.2");
  CHECK(sa.state == "ESTABLISHED");
  CHECK(sa.version == "2");
  CHECK(sa.local_host == "192.0.2.1");
  CHECK(sa.remote_id == "@west");
  CHECK(sa.nat);
  CHECK(sa.dh_group == "MODP_2048");
  CHECK(sa.established == 40);
  CHECK(sa.rekey_time == 10966);
  CHECK(sa.reauth_time == -1);
  REQUIRE(sa.children.size() == 1);
  const ChildSaInfo& c = sa.children[0];
  CHECK(c.name == "192.0.2.2-vti");
  CHECK(c.encap);
  CHECK(c.bytes_out == 1024);
  CHECK(c.packets_out == 8);
  CHECK(c.install_time == 39);
  CHECK(c.life_time == 1213);
  CHECK(c.local_ts == Words{"0.0.0.0/0"});

  auto conns = parse_list_conn(from_json(R"({"192.0.2.2": {
      "local_addrs": ["192.0.2.1"], "remote_addrs": ["192.0.2.2"],
      "version": "IKEv2", "reauth_time": "0", "rekey_time": "28800",
      "local-1": {"class": "pre-shared key", "id": "192.0.2.1"},
      "children": {"192.0.2.2-vti": {"mode": "TUNNEL", "rekey_time": "3600",
        "local-ts": ["0.0.0.0/0"], "remote-ts": ["0.0.0.0/0"]}}}})"));
  REQUIRE(conns.size() == 1);
  CHECK(conns[0].rekey_time == 28800);
  CHECK(conns[0].reauth_time == 0);
  CHECK(conns[0].remote_addrs == Words{"192.0.2.2"});
  REQUIRE(conns[0].children.size() == 1);
  CHECK(conns[0].children[0].name == "192.0.2.2-vti");
  CHECK(conns[0].children[0].rekey_time == 3600);
  CHECK(conns[0].children[0].remote_ts == Words{"0.0.0.0/0"});

  // Garbage numbers stay unknown; a child without a name keeps its key;
  // values beside the sections are not SAs.
  auto odd = parse_list_sa(from_json(R"({"x": {"established": "soon",
      "rekey-time": "-5", "child-sas": {"c": {}}}, "stray": "value"})"));
  REQUIRE(odd.size() == 1);
  CHECK(odd[0].established == -1);
  CHECK(odd[0].rekey_time == -1);
  REQUIRE(odd[0].children.size() == 1);
  CHECK(odd[0].children[0].name == "c");
}

TEST_CASE("sa info: strongSwan's names in VyOS's words") {
  CHECK(encryption_word("AES_CBC", "128") == "aes128");
  CHECK(encryption_word("AES_CBC", "256") == "aes256");
  CHECK(encryption_word("AES_GCM_16", "128") == "aes128gcm128");
  CHECK(encryption_word("AES_GCM_8", "256") == "aes256gcm64");
  CHECK(encryption_word("AES_CTR", "128") == "aes128ctr");
  CHECK(encryption_word("3DES_CBC", "") == "3des");
  CHECK(encryption_word("CHACHA20_POLY1305", "256") == "chacha20poly1305");
  CHECK(encryption_word("", "") == "n/a");
  CHECK(hash_word("HMAC_SHA2_256_128") == "sha256");
  CHECK(hash_word("HMAC_SHA2_512_256", "PRF_HMAC_SHA1") == "sha512");
  CHECK(hash_word("", "PRF_HMAC_SHA2_256") == "sha256");
  CHECK(hash_word("", "") == "n/a");
  CHECK(hash_word("HMAC_SHA3_FUTURE") == "hmac_sha3_future");
  CHECK(dh_group_number("MODP_2048") == "14");
  CHECK(dh_group_number("CURVE_25519") == "31");
  CHECK(dh_group_number("") == "n/a");
  CHECK(dh_group_number("NEW_GROUP") == "NEW_GROUP");
  CHECK(bytes_word(0) == "0.0");
  CHECK(bytes_word(1023) == "1023.0");
  CHECK(bytes_word(1024) == "1.0K");
  CHECK(bytes_word(22221) == "21.7K");
  CHECK(bytes_word(5 * 1048576 + 524288) == "5.5M");
  CHECK(bytes_word(uint64_t{3} << 40) == "3072.0G");
}

TEST_CASE("sa info: children named by the IPsec driver are VyOS's tunnels") {
  CHECK(tunnel_word("192.0.2.2", "192.0.2.2-vti") == "vti");
  CHECK(tunnel_word("192.0.2.2", "192.0.2.2-tunnel-3") == "3");
  CHECK(tunnel_word("192.0.2.2", "192.0.2.2-tunnel-") == "192.0.2.2-tunnel-");
  CHECK(tunnel_word("192.0.2.2", "other-vti") == "other-vti");
}

}  // namespace
}  // namespace backend::ipsec
