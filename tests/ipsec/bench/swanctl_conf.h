// ipsec_bench swanctl.conf: the IPsec driver's VICI requests written as
// one swanctl.conf, for `swanctl --load-all` of the same configuration.
//
// Input: the "vici" steps a plan holds ({"command": "load-conn" |
// "load-shared", "body": {...}}, backend/ipsec/driver.h). Output:
//   load-conn {P {k=v, l=[a,b], s{…}}}   connections { <name(P)> { k = v
//                                        l = a, b  s { … } } }, child
//                                        sections renamed as well
//   load-shared {id, type=IKE, data,      secrets { <name(id)> { secret =
//                owners=[x, y]}            "data"  id-1 = x  id-2 = y } }
// swanctl.conf takes a dot in a name as a path separator (routesh names a
// connection after its peer, "198.18.0.1"), so names go through
// swanctl_name(): every character outside [A-Za-z0-9_-] becomes '-' and
// connections and children get VyOS's "peer-" prefix; a secret's section
// starts with "ike" (the prefix that gives its type: "ike-198.18.0.1" ->
// "ike-198-18-0-1"). Values are
// written bare when that is safe and double-quoted (\" and \\ escaped)
// otherwise. Every other command, or a load-shared of another type, is an
// error: the text must load exactly what the driver would.
//
// Thread-safety: pure functions.
#ifndef ROUTESH_TESTS_IPSEC_BENCH_SWANCTL_CONF_H_
#define ROUTESH_TESTS_IPSEC_BENCH_SWANCTL_CONF_H_

#include <string>
#include <vector>

#include "backend/step.h"
#include "schema/status.h"

namespace ipsec_bench {

// A connection's or child's name: "198.18.0.1-vti" -> "peer-198-18-0-1-vti".
std::string swanctl_name(const std::string& vici_name);

// REQUIRES: every step is a "vici" kMessage step.
rc::Result<std::string> swanctl_conf(const std::vector<backend::Step>& steps);

}  // namespace ipsec_bench

#endif  // ROUTESH_TESTS_IPSEC_BENCH_SWANCTL_CONF_H_
