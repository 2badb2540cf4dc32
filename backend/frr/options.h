// backend::frr::FrrOptions: how the FRR drivers reach FRR.
//
// The drivers never talk to FRR themselves: their plans are argv steps that
// run `vtysh` (through a Host). These options name the vtysh binary and the
// directory holding the daemons' vty sockets, so that several FRR instances
// (one per network namespace, started with `-N <pathspace>`) can live on one
// machine: `--vty_socket /run/frr/<pathspace>`. Empty means FRR's default
// (/run/frr).
//
// read_running, when set, returns FRR's running configuration of one daemon
// ("staticd", "bgpd", "zebra"); converge() uses it (and only converge: plans
// are computed from the configuration trees) to remove what a crashed
// commit left behind. Unset (render mode, unit tests), converge() emits the
// whole desired configuration, which FRR accepts idempotently.
//
// Thread-safety: plain values.
#ifndef ROUTESH_BACKEND_FRR_OPTIONS_H_
#define ROUTESH_BACKEND_FRR_OPTIONS_H_

#include <functional>
#include <string>

#include "schema/status.h"

namespace backend::frr {

struct FrrOptions {
  std::string vtysh = "vtysh";  // the binary (PATH is searched)
  std::string vty_socket;       // --vty_socket DIR; empty: FRR's default
  std::string config_dir;       // --config_dir DIR (vtysh.conf); empty: default
  std::function<rc::Result<std::string>(const std::string& daemon)>
      read_running;
};

}  // namespace backend::frr

#endif  // ROUTESH_BACKEND_FRR_OPTIONS_H_
