// backend::ipsec SA info: what charon reports about its SAs and
// connections, and strongSwan's names in VyOS's words.
//
// parse_list_sa() reads one `list-sa` event of VICI's `list-sas` (a section
// per IKE_SA, named after its connection, holding `child-sas`), and
// parse_list_conn() one `list-conn` event of `list-conns` (a section per
// loaded connection with its configured lifetimes and `children`), into
// plain structs: the fields `show vpn ike sa` and `show vpn ipsec sa` need
// (../shared/notes/backends.md §1.2). Unknown keys are ignored; a missing or
// malformed number stays -1.
//
// The *_word functions name algorithms as VyOS's configuration does:
// "AES_CBC" + "128" -> "aes128", "AES_GCM_16" + "256" -> "aes256gcm128",
// "HMAC_SHA2_256_128" -> "sha256", "MODP_1024" -> "2"; bytes_word() is
// vyatta's conv_bytes (22221 -> "21.7K", one decimal, 1024-based).
//
// Thread-safety: plain values and pure functions.
#ifndef ROUTESH_BACKEND_IPSEC_SA_INFO_H_
#define ROUTESH_BACKEND_IPSEC_SA_INFO_H_

#include <cstdint>
#include <string>
#include <vector>

#include "backend/vici/vici_message.h"

namespace backend::ipsec {

// A CHILD_SA as `list-sas` reports it.
struct ChildSaInfo {
  std::string name;  // the child's configuration name ("192.0.2.2-vti")
  std::string uniqueid, state, mode, protocol;
  bool encap = false;  // UDP-encapsulated (NAT-T)
  std::string encr_alg, encr_keysize, integ_alg, dh_group;
  uint64_t bytes_in = 0, bytes_out = 0, packets_in = 0, packets_out = 0;
  int64_t install_time = -1, rekey_time = -1, life_time = -1;  // seconds
  std::vector<std::string> local_ts, remote_ts;
};

// An IKE_SA as `list-sas` reports it.
struct IkeSaInfo {
  std::string conn;  // the connection (the peer's name)
  std::string uniqueid, version, state;
  std::string local_host, local_id, remote_host, remote_id;
  bool nat = false;  // any NAT detected (nat-local, -remote, -fake, -any)
  std::string encr_alg, encr_keysize, integ_alg, prf_alg, dh_group;
  int64_t established = -1, rekey_time = -1, reauth_time = -1;  // seconds
  std::vector<ChildSaInfo> children;
};

// A connection as `list-conns` reports it.
struct ConnInfo {
  std::string name;
  std::vector<std::string> local_addrs, remote_addrs;
  std::string version;
  int64_t rekey_time = -1, reauth_time = -1;  // seconds, configured
  struct Child {
    std::string name, mode;
    int64_t rekey_time = -1;
    std::vector<std::string> local_ts, remote_ts;
  };
  std::vector<Child> children;
};

std::vector<IkeSaInfo> parse_list_sa(const vici::Message& event);
std::vector<ConnInfo> parse_list_conn(const vici::Message& event);

std::string encryption_word(const std::string& alg, const std::string& keysize);
// The integrity algorithm's word, else the PRF's (AEAD ciphers have none).
std::string hash_word(const std::string& integ, const std::string& prf = {});
std::string dh_group_number(const std::string& name);
std::string bytes_word(uint64_t bytes);

// The tunnel a child of `conn` stands for, as VyOS numbers tunnels:
// "P-vti" -> "vti", "P-tunnel-3" -> "3" (ipsec/render.h names children so);
// any other child keeps its name.
std::string tunnel_word(const std::string& conn, const std::string& child);

}  // namespace backend::ipsec

#endif  // ROUTESH_BACKEND_IPSEC_SA_INFO_H_
