// backend::frr::attach_vtysh_channel: runs the FRR drivers' batches.
//
// The FRR drivers plan kMessage steps on channel "frr" (vtysh.h
// batch_step) with payload
//   {"daemons": ["bgpd"], "commands": ["router bgp 65001", …]}
// and RealHost hands them to the handler attached here:
//   prepare  connects to every daemon named (a daemon that is down fails
//            the commit before anything changes: vtysh -f would silently
//            drop its commands and exit 0), then has vtysh check the
//            commands without applying them (`vtysh -C -f /proc/self/fd/0`,
//            its own parser; no daemon is touched);
//   execute  per daemon, over its vty socket (vty_client.h): enable,
//            configure terminal, XFRR_start_configuration, the commands,
//            XFRR_end_configuration, end — one transaction per daemon per
//            commit (northbound daemons commit the batch at the end
//            marker). It stops at the first command the daemon refuses,
//            still closing the transaction, and fails; a `% ` line in the
//            end marker's reply (`% Configuration failed.`: the daemon
//            rejected the transaction, which vtysh reports with exit 0) is
//            a failure too. Then the batch's expectations are read back
//            as JSON over the same connections (readback.h); a mismatch
//            fails. The engine then runs the batch's undo (the action is
//            `partial`), an undo batch (Batch::undo): it goes on past
//            refusals and skips those of `no …` commands (FRR refuses to
//            remove some things that are absent).
//
// Thread-safety: the handler is used by the engine thread only.
#ifndef ROUTESH_BACKEND_FRR_VTYSH_CHANNEL_H_
#define ROUTESH_BACKEND_FRR_VTYSH_CHANNEL_H_

#include <string>

#include "backend/frr/options.h"
#include "backend/host.h"

namespace backend::frr {

// Registers channel "frr" on `host`.
void attach_vtysh_channel(RealHost* host, const FrrOptions& options);

// The handler itself (tests call it directly).
rc::Status run_batch(const FrrOptions& options, const Step& step, bool prepare);

}  // namespace backend::frr

#endif  // ROUTESH_BACKEND_FRR_VTYSH_CHANNEL_H_
