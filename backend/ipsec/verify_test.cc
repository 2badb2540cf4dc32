// Every message of backend::ipsec::verify, with its path and hint.
#include "backend/ipsec/verify.h"

#include <doctest/doctest.h>

#include "backend/ipsec/driver.h"
#include "backend/ipsec/test_util.h"

namespace backend::ipsec {
namespace {

constexpr const char* kPeer = "vpn ipsec site-to-site peer 198.51.100.10";

rc::Errors check(const std::string& lines, const std::string& base = "") {
  auto root = testing::config(base + lines);
  Config c = load(root.get());
  return verify(c, c.addresses);
}

// "message [path] (hint)" per problem.
std::string texts(const rc::Errors& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) {
    out.push_back(e.message + " [" + e.path + "]" +
                  (e.hint.empty() ? "" : " (" + e.hint + ")"));
  }
  return testing::lines(out);
}

// One AWS peer as the user writes it, valid.
const std::string kBase =
    "set interfaces ethernet eth0 address 10.20.0.30/24\n"
    "set interfaces loopback lo address 10.99.0.1/32\n"
    "set interfaces vti vti0 address 169.254.12.38/30\n"
    "set vpn ipsec ipsec-interfaces interface eth0\n"
    "set vpn ipsec ike-group AWS proposal 1 dh-group 2\n"
    "set vpn ipsec esp-group AWS proposal 1 encryption aes128\n"
    "set vpn ipsec site-to-site peer 198.51.100.10 authentication pre-shared-secret k\n"
    "set vpn ipsec site-to-site peer 198.51.100.10 ike-group AWS\n"
    "set vpn ipsec site-to-site peer 198.51.100.10 local-address 10.20.0.30\n"
    "set vpn ipsec site-to-site peer 198.51.100.10 vti bind vti0\n"
    "set vpn ipsec site-to-site peer 198.51.100.10 vti esp-group AWS\n";

}  // namespace

TEST_CASE("the user's documents verify clean") {
  for (const char* f : {"aws-spoke.set", "azure-ikev2-policy.set"}) {
    CAPTURE(f);
    auto root = testing::config(testing::example(f));
    Config c = load(root.get());
    CHECK(texts(verify(c, c.addresses)).empty());
  }
  CHECK(texts(check("", kBase)).empty());
  CHECK(texts(check("")).empty());  // no vpn ipsec at all
}

TEST_CASE("seeds/000: AWS's download has no local-address") {
  auto root = testing::config(kBase);
  auto edited = testing::config(
      "delete vpn ipsec site-to-site peer 198.51.100.10 local-address\n", root);
  Config c = load(edited.get());
  CHECK(texts(verify(c, c.addresses)) ==
        testing::lines({
            "No local-address specified for peer \"198.51.100.10\" [" +
            std::string(kPeer) + " local-address] (set " + kPeer +
            " local-address <address>; this router's addresses: 10.20.0.30 "
            "(eth0), 10.99.0.1 (lo))"}));
}

TEST_CASE("seeds/001: the public EIP is not an address of this router") {
  auto errors = check(
      "set vpn ipsec site-to-site peer 198.51.100.10 local-address 203.0.113.30\n",
      kBase);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].path == std::string(kPeer) + " local-address");
  CHECK(errors[0].message ==
        "local-address 203.0.113.30 of peer \"198.51.100.10\" is not an "
        "address of this router. A cloud provider's configuration (AWS's "
        "download) gives the public (Elastic) IP, which is NATed to the "
        "router's own interface address: use that address here and keep the "
        "public one as `authentication id`");
  CHECK(errors[0].hint == "it could be: 10.20.0.30 (eth0), 10.99.0.1 (lo)");
  // In live mode the kernel's addresses count too.
  auto root = testing::config(
      kBase + "set vpn ipsec site-to-site peer 198.51.100.10 local-address 192.0.2.7\n");
  IpsecDriver live({[] {
    return std::vector<InterfaceAddress>{{"eth1", "192.0.2.7", "192.0.2.7"}};
  }});
  CHECK(live.verify(root.get()).empty());
  IpsecDriver render;
  CHECK(render.verify(root.get()).size() == 1);
}

TEST_CASE("seeds/002: commit fails without ipsec-interfaces") {
  auto root = testing::config(kBase);
  auto edited = testing::config("delete vpn ipsec ipsec-interfaces\n", root);
  Config c = load(edited.get());
  CHECK(texts(verify(c, c.addresses)) ==
        testing::lines({
            "No IPSEC interfaces specified (commit fails without it, as in "
            "VyOS) [vpn ipsec ipsec-interfaces] (set vpn ipsec ipsec-interfaces "
            "interface <the interface facing the peers, e.g. eth0>)"}));
}

TEST_CASE("VTI binding: missing interface, bound twice, no bind, any, not IPv4") {
  CHECK(texts(check("set vpn ipsec site-to-site peer 198.51.100.10 vti bind vti5\n",
                    kBase)) ==
        testing::lines({"VTI interface vti5 bound by peer \"198.51.100.10\" "
                                 "is not configured [" + std::string(kPeer) +
                                 " vti bind] (defined: vti0)"}));
  auto twice = check(
      "set vpn ipsec site-to-site peer 198.51.100.20 authentication pre-shared-secret k\n"
      "set vpn ipsec site-to-site peer 198.51.100.20 ike-group AWS\n"
      "set vpn ipsec site-to-site peer 198.51.100.20 local-address 10.20.0.30\n"
      "set vpn ipsec site-to-site peer 198.51.100.20 vti bind vti0\n"
      "set vpn ipsec site-to-site peer 198.51.100.20 vti esp-group AWS\n",
      kBase);
  CHECK(texts(twice) ==
        testing::lines({
            "vti0 is bound by peers \"198.51.100.10\", \"198.51.100.20\"; a VTI "
            "carries the tunnel of one peer [" + std::string(kPeer) +
                " vti bind] (bind each peer to its own vtiN)",
            "vti0 is bound by peers \"198.51.100.10\", \"198.51.100.20\"; a VTI "
            "carries the tunnel of one peer [vpn ipsec site-to-site peer "
            "198.51.100.20 vti bind] (bind each peer to its own vtiN)"}));
  auto root = testing::config(kBase);
  auto nobind = testing::config(
      "delete vpn ipsec site-to-site peer 198.51.100.10 vti bind\n", root);
  Config c = load(nobind.get());
  CHECK(texts(verify(c, c.addresses)) ==
        testing::lines({"No VTI interface bound for peer \"198.51.100.10\" [" +
                                 std::string(kPeer) + " vti bind] (set " + kPeer +
                                 " vti bind vtiN)"}));
  CHECK(texts(check("set vpn ipsec site-to-site peer 198.51.100.10 local-address any\n",
                    kBase)) ==
        testing::lines({
            "The local interface must be specified for peer \"198.51.100.10\" "
            "vti: local-address any cannot be used with a VTI [" +
            std::string(kPeer) + " local-address] (a VTI needs a fixed local "
            "address: 10.20.0.30 (eth0), 10.99.0.1 (lo))"}));
  auto fqdn = check(
      "set vpn ipsec site-to-site peer vpn.example.com authentication pre-shared-secret k\n"
      "set vpn ipsec site-to-site peer vpn.example.com ike-group AWS\n"
      "set vpn ipsec site-to-site peer vpn.example.com local-address 10.20.0.30\n"
      "set vpn ipsec site-to-site peer vpn.example.com vti bind vti1\n"
      "set vpn ipsec site-to-site peer vpn.example.com vti esp-group AWS\n"
      "set interfaces vti vti1\n",
      kBase);
  CHECK(texts(fqdn) == testing::lines({
                           "peer \"vpn.example.com\" must be an IPv4 address to bind "
                           "a VTI (the tunnel interface needs the remote endpoint) "
                           "[vpn ipsec site-to-site peer vpn.example.com]"}));
}

TEST_CASE("IKE and ESP groups: missing, undefined, without proposals") {
  auto root = testing::config(kBase);
  auto noike = testing::config(
      "delete vpn ipsec site-to-site peer 198.51.100.10 ike-group\n"
      "delete vpn ipsec site-to-site peer 198.51.100.10 vti esp-group\n",
      root);
  Config c = load(noike.get());
  CHECK(texts(verify(c, c.addresses)) ==
        testing::lines({
            "No IKE group specified for peer \"198.51.100.10\" [" + std::string(kPeer) +
                " ike-group] (defined: AWS)",
            "No ESP group specified for peer \"198.51.100.10\" vti [" +
                std::string(kPeer) + " vti esp-group] (set " + kPeer +
                " vti esp-group <name>, or " + kPeer +
                " default-esp-group <name>; defined: AWS)"}));
  CHECK(texts(check("set vpn ipsec site-to-site peer 198.51.100.10 ike-group NOPE\n"
                    "set vpn ipsec site-to-site peer 198.51.100.10 vti esp-group NOPE\n"
                    "set vpn ipsec site-to-site peer 198.51.100.10 default-esp-group X\n",
                    kBase)) ==
        testing::lines({
            "The IKE group \"NOPE\" specified for peer \"198.51.100.10\" has not "
            "been configured [" + std::string(kPeer) + " ike-group] (defined: AWS)",
            "The ESP group \"X\" specified for peer \"198.51.100.10\" has not been "
            "configured [" + std::string(kPeer) + " default-esp-group] (defined: AWS)",
            "The ESP group \"NOPE\" specified for peer \"198.51.100.10\" vti has "
            "not been configured [" + std::string(kPeer) +
                " vti esp-group] (defined: AWS)"}));
  CHECK(texts(check("set vpn ipsec ike-group EMPTY lifetime 3600\n"
                    "set vpn ipsec esp-group EMPTY lifetime 3600\n",
                    kBase)) ==
        testing::lines({
            "No proposals configured for IKE group \"EMPTY\". At least one "
            "proposal required. [vpn ipsec ike-group EMPTY] (set vpn ipsec "
            "ike-group EMPTY proposal 1 encryption aes128)",
            "No proposals configured for ESP group \"EMPTY\". At least one "
            "proposal required. [vpn ipsec esp-group EMPTY] (set vpn ipsec "
            "esp-group EMPTY proposal 1 encryption aes128)"}));
}

TEST_CASE("peer shape: no tunnel, vti and tunnels, secrets, prefixes, wildcards") {
  auto none = check(
      "set vpn ipsec site-to-site peer 192.0.2.1 authentication pre-shared-secret k\n"
      "set vpn ipsec site-to-site peer 192.0.2.1 ike-group AWS\n"
      "set vpn ipsec site-to-site peer 192.0.2.1 local-address 10.20.0.30\n",
      kBase);
  CHECK(texts(none) ==
        testing::lines({
            "No tunnels configured for peer \"192.0.2.1\". At least one tunnel "
            "required per peer. [vpn ipsec site-to-site peer 192.0.2.1] (set vpn "
            "ipsec site-to-site peer 192.0.2.1 vti bind vtiN, or vpn ipsec "
            "site-to-site peer 192.0.2.1 tunnel 1 local prefix <prefix>)"}));
  auto both = check(
      "set vpn ipsec site-to-site peer 198.51.100.10 tunnel 1 local prefix 10.0.0.0/8\n",
      kBase);
  CHECK(texts(both) ==
        testing::lines({
            "Both vti and tunnel(s) configured for peer \"198.51.100.10\" [" +
                std::string(kPeer) + " vti] (a peer is either route-based (vti) or "
                "policy-based (tunnel N))",
            "No ESP group specified for peer \"198.51.100.10\" tunnel 1 [" +
                std::string(kPeer) + " tunnel 1 esp-group] (set " + kPeer +
                " tunnel 1 esp-group <name>, or " + kPeer +
                " default-esp-group <name>; defined: AWS)"}));
  auto root = testing::config(kBase);
  auto nokey = testing::config(
      "delete vpn ipsec site-to-site peer 198.51.100.10 authentication\n"
      "set vpn ipsec site-to-site peer 192.0.2.2 authentication mode x509\n"
      "set vpn ipsec site-to-site peer 192.0.2.2 ike-group AWS\n"
      "set vpn ipsec site-to-site peer 192.0.2.2 local-address 10.20.0.30\n"
      "set vpn ipsec site-to-site peer 192.0.2.2 default-esp-group AWS\n"
      "set vpn ipsec site-to-site peer 192.0.2.2 tunnel 1 local prefix 10.0.0.0/8\n"
      "set vpn ipsec site-to-site peer 192.0.2.2 tunnel 1 remote prefix 10.0.0.0/8\n"
      "set vpn ipsec site-to-site peer 192.0.2.2 tunnel 2 local prefix 10.0.0.0/8\n"
      "set vpn ipsec site-to-site peer 192.0.2.2 tunnel 2 remote prefix 2001:db8::/32\n",
      root);
  Config c = load(nokey.get());
  CHECK(texts(verify(c, c.addresses)) ==
        testing::lines({
            "authentication mode x509 is not supported yet [vpn ipsec site-to-site "
            "peer 192.0.2.2 authentication mode] (use pre-shared-secret)",
            "local prefix and remote prefix cannot be the same [vpn ipsec "
            "site-to-site peer 192.0.2.2 tunnel 1]",
            "The 'remote prefix' and 'local prefix' protocols do not match [vpn "
            "ipsec site-to-site peer 192.0.2.2 tunnel 2]",
            "No pre-shared-secret specified for peer \"198.51.100.10\" [" +
                std::string(kPeer) + " authentication pre-shared-secret] (set " +
                kPeer + " authentication pre-shared-secret <secret>)"}));
  auto wild = check(
      "set vpn ipsec site-to-site peer @remote authentication pre-shared-secret k\n"
      "set vpn ipsec site-to-site peer @remote ike-group AWS\n"
      "set vpn ipsec site-to-site peer @remote local-address 10.20.0.30\n"
      "set vpn ipsec site-to-site peer @remote default-esp-group AWS\n"
      "set vpn ipsec site-to-site peer @remote tunnel 1 local prefix 10.0.0.0/8\n"
      "set vpn ipsec site-to-site peer 2001:db8::1 authentication pre-shared-secret k\n"
      "set vpn ipsec site-to-site peer 2001:db8::1 ike-group AWS\n"
      "set vpn ipsec site-to-site peer 2001:db8::1 local-address 10.20.0.30\n"
      "set vpn ipsec site-to-site peer 2001:db8::1 default-esp-group AWS\n"
      "set vpn ipsec site-to-site peer 2001:db8::1 tunnel 1\n",
      kBase);
  CHECK(texts(wild) ==
        testing::lines({
            "The 'local-address' and peer protocols do not match [vpn ipsec "
            "site-to-site peer 2001:db8::1 local-address]",
            "peer \"@remote\" has no address to initiate to [vpn ipsec "
            "site-to-site peer @remote connection-type] (set vpn ipsec "
            "site-to-site peer @remote connection-type respond)"}));
}

}  // namespace backend::ipsec
