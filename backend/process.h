// backend::run_process: runs a program (never through a shell) and
// collects what it prints.
//
// The one place routesh spawns processes: RealHost's kRun steps, vtysh's
// dry run and read-back, and FRR's show commands all go through it. argv[0]
// is searched in PATH; `input` is written to the child's stdin (then
// closed); stdout and stderr are collected together, in order.
//
// Thread-safety: reentrant (no shared state); blocks until the child exits.
#ifndef ROUTESH_BACKEND_PROCESS_H_
#define ROUTESH_BACKEND_PROCESS_H_

#include <string>
#include <vector>

#include "schema/status.h"

namespace backend {

struct ProcessResult {
  int exit_code = 0;   // -1 when killed by a signal
  std::string output;  // stdout and stderr
  bool ok() const { return exit_code == 0; }
};

// Errors only when the program cannot be started, or runs longer than
// `timeout_ms` (it is then killed: a hung helper must not hold the
// daemon's engine thread; 0 = no limit) — kBackend naming it; a non-zero
// exit is a result, for the caller to judge.
// REQUIRES: !argv.empty().
rc::Result<ProcessResult> run_process(const std::vector<std::string>& argv,
                                      const std::string& input = {},
                                      int timeout_ms = 60000);

// run_process for callers that want the output of a successful run: a
// non-zero exit is the error process_error() describes.
rc::Result<std::string> run_checked(const std::vector<std::string>& argv,
                                    const std::string& input = {});

// The error for a result that is not ok(): "<argv0> failed (exit N): output".
rc::Error process_error(const std::vector<std::string>& argv,
                        const ProcessResult& result);

}  // namespace backend

#endif  // ROUTESH_BACKEND_PROCESS_H_
