// The interactive shell: GNU readline over a CliSession, as FRR's vtysh.
//
// History (~/.routesh_history when writable; lines that set secrets stay
// out of the file), Ctrl-R and emacs keys come from readline; bracketed
// paste is off (its escape codes break Ansible). `?` prints the possible
// completions at the cursor with their help and redraws the line — but
// inside a quoted value it is an ordinary character. TAB completes command
// words, schema keywords, existing tag values and enum words; an
// ambiguous TAB lists the candidates with their help (shell/completion.h).
// Prompts are exactly CliSession::prompt(): the `[edit …]` banner is
// printed on its own line before readline draws the prompt line. Ctrl-C
// abandons the line; EOF (Ctrl-D), SIGHUP and SIGTERM end the session
// cleanly (the daemon drops the candidate when the connection closes).
// `set terminal width N` sets readline's width; show output longer than a
// page goes through the pager (shell/pager.h).
//
// Thread-safety: one per process (readline and signal handlers are global).
#ifndef ROUTESH_SHELL_REPL_H_
#define ROUTESH_SHELL_REPL_H_

#include "shell/cli_session.h"

namespace shell {

// Runs until exit, EOF or hang-up. Returns the exit status.
int run_repl(CliSession& session);

}  // namespace shell

#endif  // ROUTESH_SHELL_REPL_H_
