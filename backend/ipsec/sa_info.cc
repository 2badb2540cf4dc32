// strongSwan's SA and connection reports, and VyOS's words for them (see
// sa_info.h).
#include "backend/ipsec/sa_info.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <map>

namespace backend::ipsec {
namespace {

using Words = std::vector<std::string>;
using vici::Message;

int64_t number(const Message& m, const char* key) {
  const std::string* v = m.value(key);
  if (v == nullptr || v->empty()) return -1;
  char* end = nullptr;
  long long n = std::strtoll(v->c_str(), &end, 10);
  return end != nullptr && *end == '\0' && n >= 0 ? n : -1;
}

uint64_t counter(const Message& m, const char* key) {
  int64_t n = number(m, key);
  return n < 0 ? 0 : static_cast<uint64_t>(n);
}

std::string text(const Message& m, const char* key) {
  const std::string* v = m.value(key);
  return v == nullptr ? std::string() : *v;
}

bool yes(const Message& m, const char* key) { return text(m, key) == "yes"; }

Words list(const Message& m, const char* key) {
  const Words* l = m.list(key);
  return l == nullptr ? Words{} : *l;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace

std::string encryption_word(const std::string& alg, const std::string& keysize) {
  if (alg.empty()) return "n/a";
  std::string a = lower(alg);
  if (a == "3des_cbc") return "3des";
  if (a == "chacha20_poly1305") return "chacha20poly1305";
  // aes_cbc 128 -> aes128, aes_gcm_16 256 -> aes256gcm128, aes_ctr -> aes128ctr
  size_t us = a.find('_');
  std::string base = a.substr(0, us);
  std::string mode = us == std::string::npos ? "" : a.substr(us + 1);
  std::string out = base + keysize;
  if (mode == "cbc" || mode.empty()) return out;
  size_t icv = mode.find('_');
  if (icv != std::string::npos) {
    int bytes = std::atoi(mode.c_str() + icv + 1);
    return out + mode.substr(0, icv) + std::to_string(bytes * 8);
  }
  return out + mode;
}

std::string hash_word(const std::string& integ, const std::string& prf) {
  static const std::map<std::string, std::string> kIntegrity = {
      {"HMAC_MD5_96", "md5"},          {"HMAC_SHA1_96", "sha1"},
      {"HMAC_SHA2_256_128", "sha256"}, {"HMAC_SHA2_256_96", "sha256_96"},
      {"HMAC_SHA2_384_192", "sha384"}, {"HMAC_SHA2_512_256", "sha512"},
      {"AES_XCBC_96", "aesxcbc"},      {"AES_CMAC_96", "aescmac"},
      {"PRF_HMAC_MD5", "md5"},         {"PRF_HMAC_SHA1", "sha1"},
      {"PRF_HMAC_SHA2_256", "sha256"}, {"PRF_HMAC_SHA2_384", "sha384"},
      {"PRF_HMAC_SHA2_512", "sha512"}, {"PRF_AES128_XCBC", "aesxcbc"},
      {"PRF_AES128_CMAC", "aescmac"}};
  const std::string& name = integ.empty() ? prf : integ;
  if (name.empty()) return "n/a";
  auto it = kIntegrity.find(name);
  if (it != kIntegrity.end()) return it->second;
  return lower(name);
}

std::string dh_group_number(const std::string& name) {
  static const std::map<std::string, std::string> kGroups = {
      {"MODP_768", "1"},        {"MODP_1024", "2"},       {"MODP_1536", "5"},
      {"MODP_2048", "14"},      {"MODP_3072", "15"},      {"MODP_4096", "16"},
      {"MODP_6144", "17"},      {"MODP_8192", "18"},      {"ECP_256", "19"},
      {"ECP_384", "20"},        {"ECP_521", "21"},        {"MODP_1024_160", "22"},
      {"MODP_2048_224", "23"},  {"MODP_2048_256", "24"},  {"ECP_192", "25"},
      {"ECP_224", "26"},        {"ECP_224_BP", "27"},     {"ECP_256_BP", "28"},
      {"ECP_384_BP", "29"},     {"ECP_512_BP", "30"},     {"CURVE_25519", "31"},
      {"CURVE_448", "32"}};
  if (name.empty()) return "n/a";
  auto it = kGroups.find(name);
  return it == kGroups.end() ? name : it->second;
}

std::string bytes_word(uint64_t bytes) {
  double v = static_cast<double>(bytes);
  const char* suffix = "";
  if (bytes >= (uint64_t{1} << 30)) {
    v /= double(uint64_t{1} << 30);
    suffix = "G";
  } else if (bytes >= (uint64_t{1} << 20)) {
    v /= double(uint64_t{1} << 20);
    suffix = "M";
  } else if (bytes >= 1024) {
    v /= 1024;
    suffix = "K";
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f%s", v, suffix);
  return buf;
}

std::vector<IkeSaInfo> parse_list_sa(const Message& event) {
  std::vector<IkeSaInfo> out;
  for (const auto& e : event.entries()) {
    if (e.kind != Message::Kind::kSection) continue;
    const Message& m = e.section;
    IkeSaInfo sa;
    sa.conn = e.name;
    sa.uniqueid = text(m, "uniqueid");
    sa.version = text(m, "version");
    sa.state = text(m, "state");
    sa.local_host = text(m, "local-host");
    sa.local_id = text(m, "local-id");
    sa.remote_host = text(m, "remote-host");
    sa.remote_id = text(m, "remote-id");
    sa.nat = yes(m, "nat-local") || yes(m, "nat-remote") || yes(m, "nat-fake") ||
             yes(m, "nat-any");
    sa.encr_alg = text(m, "encr-alg");
    sa.encr_keysize = text(m, "encr-keysize");
    sa.integ_alg = text(m, "integ-alg");
    sa.prf_alg = text(m, "prf-alg");
    sa.dh_group = text(m, "dh-group");
    sa.established = number(m, "established");
    sa.rekey_time = number(m, "rekey-time");
    sa.reauth_time = number(m, "reauth-time");
    if (const Message* children = m.find_section("child-sas")) {
      for (const auto& ce : children->entries()) {
        if (ce.kind != Message::Kind::kSection) continue;
        const Message& c = ce.section;
        ChildSaInfo ch;
        ch.name = text(c, "name");
        if (ch.name.empty()) ch.name = ce.name;
        ch.uniqueid = text(c, "uniqueid");
        ch.state = text(c, "state");
        ch.mode = text(c, "mode");
        ch.protocol = text(c, "protocol");
        ch.encap = yes(c, "encap");
        ch.encr_alg = text(c, "encr-alg");
        ch.encr_keysize = text(c, "encr-keysize");
        ch.integ_alg = text(c, "integ-alg");
        ch.dh_group = text(c, "dh-group");
        ch.bytes_in = counter(c, "bytes-in");
        ch.bytes_out = counter(c, "bytes-out");
        ch.packets_in = counter(c, "packets-in");
        ch.packets_out = counter(c, "packets-out");
        ch.install_time = number(c, "install-time");
        ch.rekey_time = number(c, "rekey-time");
        ch.life_time = number(c, "life-time");
        ch.local_ts = list(c, "local-ts");
        ch.remote_ts = list(c, "remote-ts");
        sa.children.push_back(std::move(ch));
      }
    }
    out.push_back(std::move(sa));
  }
  return out;
}

std::vector<ConnInfo> parse_list_conn(const Message& event) {
  std::vector<ConnInfo> out;
  for (const auto& e : event.entries()) {
    if (e.kind != Message::Kind::kSection) continue;
    const Message& m = e.section;
    ConnInfo c;
    c.name = e.name;
    c.local_addrs = list(m, "local_addrs");
    c.remote_addrs = list(m, "remote_addrs");
    c.version = text(m, "version");
    c.rekey_time = number(m, "rekey_time");
    c.reauth_time = number(m, "reauth_time");
    if (const Message* children = m.find_section("children")) {
      for (const auto& ce : children->entries()) {
        if (ce.kind != Message::Kind::kSection) continue;
        ConnInfo::Child ch;
        ch.name = ce.name;
        ch.mode = text(ce.section, "mode");
        ch.rekey_time = number(ce.section, "rekey_time");
        ch.local_ts = list(ce.section, "local-ts");
        ch.remote_ts = list(ce.section, "remote-ts");
        c.children.push_back(std::move(ch));
      }
    }
    out.push_back(std::move(c));
  }
  return out;
}

// "P-vti" -> "vti", "P-tunnel-3" -> "3", anything else as it is.
std::string tunnel_word(const std::string& conn, const std::string& child) {
  if (child == conn + "-vti") return "vti";
  std::string t = conn + "-tunnel-";
  if (child.compare(0, t.size(), t) == 0 && child.size() > t.size()) {
    return child.substr(t.size());
  }
  return child;
}

}  // namespace backend::ipsec
