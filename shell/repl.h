// The interactive shell: GNU readline over a CliSession, as FRR's vtysh.
//
// History, Ctrl-R and emacs keys from readline; bracketed paste off (its
// escape codes break Ansible); prompts exactly as VyOS; Ctrl-C cancels the
// line; EOF or SIGHUP ends the session cleanly (the daemon drops the
// candidate when the connection closes).
//
// Thread-safety: one per process (readline is global).
#ifndef ROUTESH_SHELL_REPL_H_
#define ROUTESH_SHELL_REPL_H_

#include "shell/cli_session.h"

namespace shell {

// Runs until exit or EOF. Returns the exit status.
int run_repl(CliSession& session);

}  // namespace shell

#endif  // ROUTESH_SHELL_REPL_H_
