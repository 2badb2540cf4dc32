// ipsec_bench configuration (see bench_config.h).
#include "tests/ipsec/bench/bench_config.h"

namespace ipsec_bench {
namespace {

std::string dotted(int a, int b, int c, int d) {
  return std::to_string(a) + "." + std::to_string(b) + "." + std::to_string(c) +
         "." + std::to_string(d);
}

}  // namespace

std::string peer_address(int i) { return dotted(198, 18, i / 256, i % 256); }

std::string common_lines() {
  const std::string ike = "set vpn ipsec ike-group AWS ";
  const std::string esp = "set vpn ipsec esp-group AWS ";
  return ike + "lifetime '28800'\n" +                         //
         ike + "proposal 1 dh-group '2'\n" +                  //
         ike + "proposal 1 encryption 'aes128'\n" +           //
         ike + "proposal 1 hash 'sha1'\n" +                   //
         ike + "dead-peer-detection action 'restart'\n" +     //
         ike + "dead-peer-detection interval '15'\n" +        //
         ike + "dead-peer-detection timeout '30'\n" +         //
         esp + "compression 'disable'\n" +                    //
         esp + "lifetime '3600'\n" +                          //
         esp + "mode 'tunnel'\n" +                            //
         esp + "pfs 'enable'\n" +                             //
         esp + "proposal 1 encryption 'aes128'\n" +           //
         esp + "proposal 1 hash 'sha1'\n" +                   //
         "set vpn ipsec ipsec-interfaces interface 'eth0'\n"  //
         "set vpn ipsec nat-traversal 'enable'\n";
}

std::string peer_lines(int i, const std::string& local) {
  const std::string n = std::to_string(i);
  const std::string peer = peer_address(i);
  const std::string vti = "set interfaces vti vti" + n + " ";
  const std::string p = "set vpn ipsec site-to-site peer " + peer + " ";
  return vti + "address '" + dotted(169, 254, i / 64, (i % 64) * 4 + 1) + "/30'\n" +
         vti + "description 'bench tunnel " + n + "'\n" +            //
         vti + "mtu '1436'\n" +                                      //
         p + "authentication mode 'pre-shared-secret'\n" +           //
         p + "authentication pre-shared-secret 'bench-secret-" + n + "'\n" +
         p + "authentication id '" + local + "'\n" +                 //
         p + "authentication remote-id '" + peer + "'\n" +           //
         p + "connection-type 'respond'\n" +                         //
         p + "description 'bench peer " + n + "'\n" +                //
         p + "ike-group 'AWS'\n" +                                   //
         p + "local-address '" + local + "'\n" +                     //
         p + "vti bind 'vti" + n + "'\n" +                           //
         p + "vti esp-group 'AWS'\n";
}

std::string peers_lines(int first, int last, const std::string& local) {
  std::string out;
  for (int i = first; i <= last; ++i) out += peer_lines(i, local);
  return out;
}

}  // namespace ipsec_bench
