// backend::frr vtysh: FRR batches as steps, values that may reach FRR,
// and vtysh for reading FRR's state back.
//
// A batch is one Step per owner per commit: kMessage on channel "frr" with
// payload {"daemons": [...], "commands": [...]}; vtysh_channel.h runs it
// as one transaction per daemon over the daemon's vty socket, between the
// markers `vtysh -f` sends around a file (XFRR_start_configuration …
// XFRR_end_configuration): northbound daemons (staticd, and the
// prefix-list/route-map code in every daemon) commit the pending changes
// of the batch at the end marker as one transaction, and bgpd holds back
// new sessions until the batch is complete.
// Measured on FRR 8.4.4 (../shared/notes/backends.md §5.3):
//   - a northbound validation error in the batch (`ip prefix-list … le 7`
//     under a /8) rejects the daemon's whole pending transaction at the end
//     marker and prints `% Configuration failed.` — with return code 0,
//     and vtysh exits 0: the channel reads the text; verify also refuses
//     everything FRR's validation would (ge/le, duplicate entries);
//   - `vtysh -f` with a daemon down drops that daemon's commands and exits
//     0: the channel connects to every daemon in prepare;
//   - a prefix-list or as-path entry equal to another entry of its list is
//     ignored without a message: verify refuses duplicates, and render
//     removes changed entries before re-adding any;
//   - deleting what does not exist succeeds for some commands (`no ip
//     route`) and is refused for others (`no network P`: "% Can't find
//     static route specified"; `no router bgp N`; `no neighbor X …` once X
//     is gone): undo batches (Batch::undo) skip those refusals;
//   - staticd knows neither prefix-lists nor route-maps: policy batches go
//     to bgpd, their only user here.
//
// Nothing a user types may add a line to FRR's configuration: values are
// schema-checked (no newline, no control character, no quote), and here a
// value placed as one word must also be free of blanks and `!` (FRR's
// comment character), and text placed at the end of a command
// (descriptions, AS-path regexes) free of `!` and control characters.
// batch_step() refuses any command holding a newline as a last defence.
//
// Thread-safety: pure functions, except read_running_config (spawns
// vtysh through backend/process.h).
#ifndef ROUTESH_BACKEND_FRR_VTYSH_H_
#define ROUTESH_BACKEND_FRR_VTYSH_H_

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "backend/frr/options.h"
#include "backend/step.h"
#include "schema/status.h"

namespace backend::frr {

// Why `value` cannot be one word of an FRR command ("" if it can).
std::string unsafe_word(std::string_view value);
// Why `value` cannot end an FRR command as free text ("" if it can).
std::string unsafe_text(std::string_view value);

// What FRR must hold once a batch is applied, read back as JSON (a show
// command scoped to one object, so the cost follows the change, not the
// configuration's size). At `keys` in the reply of `show` on `daemon`:
//   absent                  nothing;
//   field empty, equals     the value (null: anything, but present);
//   field set               an array whose elements' `field` values are
//                           exactly `equals` (an array), in order.
// A reply that is not JSON (`% BGP instance not found`) reads as {}.
struct Expectation {
  std::string daemon;
  std::string show;               // e.g. "show bgp neighbors 192.0.2.2 json"
  std::vector<std::string> keys;  // e.g. {"192.0.2.2", "remoteAs"}
  bool absent = false;
  std::string field;
  nlohmann::json equals;
  std::string what;  // for messages: "neighbor 192.0.2.2 remote-as"
};

// One batch, as planned.
struct Batch {
  std::vector<std::string> daemons;   // in the order they are configured
  std::vector<std::string> commands;  // configuration-mode commands
  std::vector<Expectation> expect;    // checked after the batch applied
  // An undo batch, run on whatever part of its action applied: FRR's
  // refusal of a `no …` (what it removes is absent: `% Can't find BGP
  // instance`) is expected and skipped, and other refusals do not stop the
  // batch (they are reported at its end).
  bool undo = false;
};

// The step of a batch. Errors if a command is empty or contains a line
// break or control character (kInternal: verify should have refused it).
rc::Result<Step> batch_step(const Batch& batch);
// The batch a step carries (kInternal if it is not one).
rc::Result<Batch> batch_of(const Step& step);

// `vtysh … [-d DAEMON] -c COMMAND` for reading (show commands).
std::vector<std::string> show_argv(const FrrOptions& options,
                                   const std::string& daemon,
                                   const std::string& command);

// `vtysh … -C -f /proc/self/fd/0`: vtysh's own check of commands given on
// stdin, without applying them (no daemon is contacted). stdin by its
// /proc name: /dev/stdin is missing on a bare /dev.
std::vector<std::string> dry_run_argv(const FrrOptions& options);

// FRR's running configuration of one daemon, through vtysh.
rc::Result<std::string> read_running_config(const FrrOptions& options,
                                            const std::string& daemon);

}  // namespace backend::frr

#endif  // ROUTESH_BACKEND_FRR_VTYSH_H_
