// backend::make_live_opmodes: the operational-command providers of a live
// routeshd.
//
// One provider per system routesh drives: FRR through vtysh (frr/show.h:
// `show ip …`, `show route-map`, `reset ip bgp …`), charon through VICI
// (ipsec/show.h: `show vpn …`, `reset vpn ipsec-peer`, `restart vpn`) and
// the kernel's links through netlink (vti/show.h: `show interfaces …`).
// routeshd (--backend live) builds them with the options it drives the
// commit with, owns them, and hands plain pointers to the service
// (commits::ServiceOptions::opmodes). Nothing is contacted here: a daemon
// that is down makes the command that needs it fail.
//
// Thread-safety: the providers belong to the daemon's engine thread.
#ifndef ROUTESH_BACKEND_OPMODE_LIVE_H_
#define ROUTESH_BACKEND_OPMODE_LIVE_H_

#include <memory>
#include <string>
#include <vector>

#include "backend/frr/options.h"
#include "backend/opmode.h"

namespace backend {

// `frr`: vtysh and its sockets (frr/options.h); `vici_socket`: charon's
// VICI socket ("/path" or "unix:///path").
std::vector<std::unique_ptr<OpMode>> make_live_opmodes(
    const frr::FrrOptions& frr, const std::string& vici_socket);

}  // namespace backend

#endif  // ROUTESH_BACKEND_OPMODE_LIVE_H_
