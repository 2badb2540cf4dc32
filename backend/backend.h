// backend::Backend: the drivers and the Host a daemon commits through.
//
// routeshd builds one at start-up from its options and hands the drivers
// and the host to the commit engine; the Backend owns the host and the
// channels behind it, and outlives the engine.
//   render  every owner is a RenderDriver (set-commands files under
//           render_dir, through a RenderHost that logs processes and
//           channel messages instead of sending them) whose verify is the
//           live driver's: the render backend refuses what the live one
//           would, without root and without daemons;
//   live    `protocols static`, `policy`, `protocols bgp` through FRR
//           (frr/, channel "frr"), `interfaces vti` through netlink in the
//           daemon's own network namespace (vti/, channel "netlink"),
//           `vpn ipsec` through charon's VICI socket (ipsec/, channel
//           "vici", connected on first use); owners without a live driver
//           (`interfaces ethernet|loopback`, `system`) stay rendered files.
//           Nothing is contacted at construction: a daemon that is down
//           fails the commit that needs it, in prepare.
// With `faults`, a FaultHost wraps the host (tests: the `fault` op).
//
// Thread-safety: used by the engine thread only.
#ifndef ROUTESH_BACKEND_BACKEND_H_
#define ROUTESH_BACKEND_BACKEND_H_

#include <memory>
#include <string>
#include <vector>

#include "backend/driver.h"
#include "backend/frr/options.h"
#include "backend/host.h"
#include "schema/schema.h"

namespace backend {

struct BackendOptions {
  std::string kind = "render";   // render | live
  std::string render_dir;        // files of rendered owners
  frr::FrrOptions frr;           // live: how to reach FRR
  std::string vici_socket = "/var/run/charon.vici";  // live: charon
  bool faults = false;           // wrap the host in a FaultHost
};

class Backend {
 public:
  virtual ~Backend() = default;
  // The host every step goes through (the FaultHost when faults is set).
  virtual Host* host() = 0;
  // The FaultHost, or null.
  virtual FaultHost* fault_host() = 0;
  // The drivers, one per owner of `schema`; call once.
  virtual std::vector<std::unique_ptr<Driver>> take_drivers() = 0;
};

// REQUIRES: options.kind is "render" or "live"; render_dir exists.
rc::Result<std::unique_ptr<Backend>> make_backend(const schema::Schema& schema,
                                                  const BackendOptions& options);

}  // namespace backend

#endif  // ROUTESH_BACKEND_BACKEND_H_
