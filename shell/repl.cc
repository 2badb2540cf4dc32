#include "shell/repl.h"

#include <readline/history.h>
#include <readline/readline.h>
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

namespace shell {
namespace {

volatile sig_atomic_t g_hangup = 0;

void on_hangup(int) { g_hangup = 1; }

}  // namespace

int run_repl(CliSession& session) {
  rl_readline_name = "routesh";
  rl_initialize();
  rl_variable_bind("enable-bracketed-paste", "off");
  ::signal(SIGHUP, on_hangup);
  ::signal(SIGPIPE, SIG_IGN);
  while (!g_hangup) {
    std::string p = session.prompt();
    // The banner line goes out before readline draws the prompt line.
    size_t nl = p.rfind('\n');
    if (nl != std::string::npos) {
      std::cout << p.substr(0, nl + 1) << std::flush;
      p = p.substr(nl + 1);
    }
    char* raw = readline(p.c_str());
    if (raw == nullptr) {  // EOF
      std::cout << "\n";
      break;
    }
    std::string line(raw);
    std::free(raw);
    if (!line.empty()) add_history(line.c_str());
    CliSession::LineResult r = session.run(line);
    std::cout << std::flush;
    if (r.exit) break;
  }
  return 0;
}

}  // namespace shell
