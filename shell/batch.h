// Scripted use: lines from -c, a file or stdin, run as typed interactively.
//
// No line editor, no prompts. The first failing line stops the run: stderr
// names its number, the line and why, and the exit status is 1; the session
// then ends, so nothing uncommitted is applied. Consecutive editing lines in
// configuration mode go to the daemon as one request.
//
// Thread-safety: none needed.
#ifndef ROUTESH_SHELL_BATCH_H_
#define ROUTESH_SHELL_BATCH_H_

#include <iosfwd>
#include <string>
#include <vector>

#include "shell/cli_session.h"

namespace shell {

// Splits `-c 'configure; set …; commit'` at semicolons outside quotes.
std::vector<std::string> split_commands(const std::string& text);

// Runs lines; returns the exit status (0 or 1).
int run_batch(CliSession& session, const std::vector<std::string>& lines,
              std::ostream& err);

}  // namespace shell

#endif  // ROUTESH_SHELL_BATCH_H_
