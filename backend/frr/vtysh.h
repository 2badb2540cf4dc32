// backend::frr vtysh: the argv of a vtysh batch, values that may reach it,
// and a small runner for reading FRR's state back.
//
// A batch is one vtysh process per daemon per commit:
//   vtysh [--vty_socket DIR] [--config_dir DIR] -c 'configure terminal'
//         -c XFRR_start_configuration -c CMD … -c XFRR_end_configuration
// (argv, never a shell). The markers are what `vtysh -f` sends around a
// file: northbound daemons (staticd, and the prefix-list/route-map code in
// every daemon) commit the pending changes of the batch at the end marker
// as one transaction, and bgpd holds back new sessions until the batch is
// complete. With -c, vtysh stops at the first failing command and exits 1
// (../shared/notes/backends.md §5.3); earlier commands stay applied.
// Measured on FRR 8.4.4 (known gaps, see driver.h):
//   - a northbound validation error in the batch (`ip prefix-list … le 7`
//     under a /8) rejects the daemon's whole pending transaction at the end
//     marker, prints `% Configuration failed.`, and vtysh still exits 0:
//     verify must refuse everything FRR's validation would (it does for
//     ge/le and duplicate entries);
//   - a prefix-list or as-path entry equal to another entry of its list is
//     ignored without a message (exit 0): verify refuses duplicates, and
//     render removes changed entries before re-adding any;
//   - deleting what does not exist succeeds (exit 0), so undo batches are
//     safe to run on a partly applied batch.
//
// Nothing a user types may add a line to FRR's configuration: values are
// schema-checked (no newline, no control character, no quote), and here a
// value placed as one word must also be free of blanks and `!` (FRR's
// comment character), and text placed at the end of a command
// (descriptions, AS-path regexes) free of `!` and control characters.
// batch_argv() refuses any command holding a newline as a last defence.
//
// Thread-safety: pure functions, except run_capture (spawns a process).
#ifndef ROUTESH_BACKEND_FRR_VTYSH_H_
#define ROUTESH_BACKEND_FRR_VTYSH_H_

#include <string>
#include <string_view>
#include <vector>

#include "backend/frr/options.h"
#include "schema/status.h"

namespace backend::frr {

// Why `value` cannot be one word of an FRR command ("" if it can).
std::string unsafe_word(std::string_view value);
// Why `value` cannot end an FRR command as free text ("" if it can).
std::string unsafe_text(std::string_view value);

// The argv of one configuration batch. Errors if a command contains a
// newline or control character (kInternal: verify should have refused it).
rc::Result<std::vector<std::string>> batch_argv(
    const FrrOptions& options, const std::vector<std::string>& commands);

// The commands of a batch argv (the -c arguments between the markers).
std::vector<std::string> batch_commands(const std::vector<std::string>& argv);

// `vtysh … [-d DAEMON] -c COMMAND` for reading (show commands).
std::vector<std::string> show_argv(const FrrOptions& options,
                                   const std::string& daemon,
                                   const std::string& command);

// Runs argv (no shell), returns its stdout; an error with the exit code
// and output if it exits non-zero.
rc::Result<std::string> run_capture(const std::vector<std::string>& argv);

// FRR's running configuration of one daemon, through vtysh.
rc::Result<std::string> read_running_config(const FrrOptions& options,
                                            const std::string& daemon);

}  // namespace backend::frr

#endif  // ROUTESH_BACKEND_FRR_VTYSH_H_
