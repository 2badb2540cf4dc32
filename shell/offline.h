// Offline commands: check and convert configuration files without a daemon.
//
// `routesh --check FILE…` validates config.boot or set-line files exactly as
// a commit would (schema, types, mandatory nodes, references) and prints
// every error as FILE:LINE: error: … [path] (hint). `routesh --print
// commands|boot|json FILE` converts between the formats. Operators run these
// in their own pipelines before deploying a configuration.
//
// Thread-safety: none needed; one call per process.
#ifndef ROUTESH_SHELL_OFFLINE_H_
#define ROUTESH_SHELL_OFFLINE_H_

#include <iosfwd>
#include <string>
#include <vector>

namespace shell {

struct OfflineOptions {
  bool skip_unsupported = false;  // convert the rest of a config.boot
  bool quiet = false;             // no notes, only errors
};

// Returns the process exit status: 0 if every file is valid, 1 otherwise.
int run_check(const std::vector<std::string>& files,
              const OfflineOptions& options, std::ostream& out,
              std::ostream& err);

// format: "commands", "boot" or "json". Returns the exit status.
int run_print(const std::string& format, const std::string& file,
              const OfflineOptions& options, std::ostream& out,
              std::ostream& err);

}  // namespace shell

#endif  // ROUTESH_SHELL_OFFLINE_H_
