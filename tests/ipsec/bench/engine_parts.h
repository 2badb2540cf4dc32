// ipsec_bench engine parts: the pure work of one commit, timed piece by
// piece, to show which piece grows with the number of peers.
//
// For a running tree and a candidate (one more peer), each part is run on
// its own, `runs` times, and its median kept:
//   schema_validate  schema::validate of the candidate (whole tree);
//   kernel_addresses ipsec::kernel_addresses() (getifaddrs: every address
//                    of the namespace; the live IPsec verify calls it);
//   ipsec_verify     IpsecDriver::verify as the live backend builds it
//                    (model load of the whole tree + kernel_addresses);
//   vti_verify       VtiDriver::verify (loads both models);
//   ipsec_plan       IpsecDriver::plan(running, candidate);
//   vti_plan         VtiDriver::plan(running, candidate);
//   diff             schema::diff(running, candidate).
// Separate driver instances are used (the engine owns its own), built as
// backend/backend.cc builds the live ones. Nothing is sent anywhere.
//
// Thread-safety: single-threaded.
#ifndef ROUTESH_TESTS_IPSEC_BENCH_ENGINE_PARTS_H_
#define ROUTESH_TESTS_IPSEC_BENCH_ENGINE_PARTS_H_

#include "backend/host.h"
#include "schema/status.h"
#include "schema/tree.h"

namespace ipsec_bench {

struct EngineParts {
  double schema_validate = 0, kernel_addresses = 0, ipsec_verify = 0,
         vti_verify = 0, ipsec_plan = 0, vti_plan = 0, diff = 0;
};

// REQUIRES: runs >= 1. Errors: a driver's plan error.
rc::Result<EngineParts> time_engine_parts(const schema::Node* running,
                                          const schema::Node* candidate,
                                          backend::Host& host, int runs);

}  // namespace ipsec_bench

#endif  // ROUTESH_TESTS_IPSEC_BENCH_ENGINE_PARTS_H_
