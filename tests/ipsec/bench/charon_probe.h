// ipsec_bench charon probes: what a charon holds, asked over its VICI
// socket, so that the benchmark fails instead of timing a load that did
// not happen.
//   counts()   how many connections (get-conns) and shared keys
//              (get-shared) the charon holds;
//   listing()  one connection as charon describes it (list-conns), with
//              its children renamed child-1, child-2, … in order, so that
//              a connection loaded by routesh ("198.18.0.1") and the same
//              one loaded from swanctl.conf ("peer-198-18-0-1") compare
//              equal when charon holds the same configuration for both.
// Each call opens its own connection and closes it.
//
// Thread-safety: pure functions of charon's state.
#ifndef ROUTESH_TESTS_IPSEC_BENCH_CHARON_PROBE_H_
#define ROUTESH_TESTS_IPSEC_BENCH_CHARON_PROBE_H_

#include <string>

#include "backend/vici/vici_message.h"
#include "schema/status.h"

namespace ipsec_bench {

struct CharonCounts {
  size_t conns = 0;
  size_t shared = 0;
};

// REQUIRES: socket is a charon's VICI socket ("/path" or "unix:///path").
rc::Result<CharonCounts> counts(const std::string& socket);

// Errors: kNotFound when charon holds no connection named `name`.
rc::Result<backend::vici::Message> listing(const std::string& socket,
                                           const std::string& name);

}  // namespace ipsec_bench

#endif  // ROUTESH_TESTS_IPSEC_BENCH_CHARON_PROBE_H_
