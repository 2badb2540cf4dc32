// backend::frr::FrrOpMode: FRR's operational commands, through vtysh.
//
//   show ip route [A.B.C.D | A.B.C.D/M | bgp | connected | kernel | static]
//   show ip bgp [A.B.C.D | A.B.C.D/M]
//   show ip bgp summary
//   show ip bgp neighbors [ADDRESS [advertised-routes | received-routes]]
//   show ip prefix-list [NAME]
//   show route-map [NAME]
//   reset ip bgp ADDRESS|all [soft [in | out]]     (changes state)
//
// Each is one `vtysh [--vty_socket DIR] [--config_dir DIR] -c COMMAND`
// (vtysh.h show_argv, run without a shell): the show commands are FRR's own
// words, and `reset ip bgp X` is `clear ip bgp X` (`all` is `*`). The text
// is FRR's, unchanged. With `json` the command gets FRR's ` json` suffix and
// the output must parse: vtysh prints one document per daemon that answers
// (`show ip prefix-list json` is {"ZEBRA": …} then {"BGP": …}), which are
// merged into one object; the result is re-printed with 4-space indents,
// FRR's key order kept. `reset` prints nothing as FRR does; its JSON form
// names what was reset.
//
// Arguments are checked before vtysh runs (frr_command()): an address with
// inet_pton, a prefix length in range, a prefix-list or route-map name in
// VyOS's character set; words that are not part of the grammar are refused
// as VyOS refuses them ("Invalid command: [show ip bgp foo]").
//
// When vtysh cannot reach the daemons ("Exiting: failed to connect to any
// daemons.", "bgpd is not running") or cannot be started, run() fails with
// kBackend "% FRR is not reachable: …" and vtysh's words.
//
// Thread-safety: one thread at a time (run() spawns vtysh and waits).
#ifndef ROUTESH_BACKEND_FRR_SHOW_H_
#define ROUTESH_BACKEND_FRR_SHOW_H_

#include <string>
#include <vector>

#include "backend/frr/options.h"
#include "backend/opmode.h"
#include "schema/status.h"

namespace backend::frr {

// A checked FRR command.
struct FrrCommand {
  std::string command;         // "show ip bgp neighbors 169.254.0.2", no json
  bool changes_state = false;  // clear …
};

// True for the words FrrOpMode answers: `show ip …`, `show route-map …`,
// `reset ip …`.
bool frr_handles(const std::vector<std::string>& words);

// The FRR command for `words`, or kInvalidArgument naming the bad word and
// what was expected. Pure.
// REQUIRES: frr_handles(words).
rc::Result<FrrCommand> frr_command(const std::vector<std::string>& words);

// One JSON document from vtysh's output (several concatenated documents,
// one per daemon, are merged when all are objects), printed with 4-space
// indents; kBackend when the output is not JSON.
rc::Result<std::string> merge_json_documents(const std::string& output);

class FrrOpMode : public OpMode {
 public:
  explicit FrrOpMode(FrrOptions options) : options_(std::move(options)) {}

  bool handles(const std::vector<std::string>& words) const override;
  bool changes_state(const std::vector<std::string>& words) const override;
  rc::Result<std::string> run(const std::vector<std::string>& words,
                              bool json) override;

  // The vtysh argv run() would run. Pure.
  rc::Result<std::vector<std::string>> argv(
      const std::vector<std::string>& words, bool json) const;

 private:
  FrrOptions options_;
};

}  // namespace backend::frr

#endif  // ROUTESH_BACKEND_FRR_SHOW_H_
