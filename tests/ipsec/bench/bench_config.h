// ipsec_bench configuration: N site-to-site peers, each bound to its VTI.
//
// Modelled on examples/aws-spoke.set (one AWS tunnel): IKE and ESP group
// "AWS" (aes128-sha1-modp1024, DPD restart 15/30 s, lifetimes 28800 and
// 3600 s), `ipsec-interfaces interface eth0`, and per peer i (1-based):
//   peer      198.18.<i/256>.<i%256>  (unreachable: nothing answers)
//   local     the address given (the router's own, eth0)
//   secret    bench-secret-<i>, id = local, remote-id = the peer
//   tunnel    vti<i>, 169.254.<i/64>.<(i%64)*4+1>/30, mtu 1436
// with `connection-type respond` (start_action trap in charon): loading a
// peer installs its trap policies and starts no IKE exchange, so 200
// peers do not mean 200 initiations.
//
// Thread-safety: pure functions.
#ifndef ROUTESH_TESTS_IPSEC_BENCH_BENCH_CONFIG_H_
#define ROUTESH_TESTS_IPSEC_BENCH_BENCH_CONFIG_H_

#include <string>

namespace ipsec_bench {

// The highest peer number the address plan holds.
inline constexpr int kMaxPeers = 16000;

// The i-th peer's address ("198.18.0.1" for i = 1).
// REQUIRES: 1 <= i <= kMaxPeers.
std::string peer_address(int i);

// The groups and settings every peer uses (set-lines).
std::string common_lines();

// Peer i and its VTI (set-lines).
// REQUIRES: 1 <= i <= kMaxPeers; `local` is an IPv4 address of the router.
std::string peer_lines(int i, const std::string& local);

// Peers first..last, each with peer_lines (empty when first > last).
std::string peers_lines(int first, int last, const std::string& local);

}  // namespace ipsec_bench

#endif  // ROUTESH_TESTS_IPSEC_BENCH_BENCH_CONFIG_H_
