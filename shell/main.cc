// routesh: the router configuration shell.
//
//   routesh [--state-dir DIR] [--json]                interactive (a terminal)
//   routesh [--state-dir DIR] -c 'configure; set …; commit'
//   routesh [--state-dir DIR] FILE                    lines of FILE
//   routesh [--state-dir DIR] < FILE                  lines of stdin
//   routesh --check FILE…                             offline validation
//   routesh --print commands|boot|json FILE           offline conversion
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "shell/batch.h"
#include "shell/cli_session.h"
#include "shell/daemon_link.h"
#include "shell/offline.h"
#include "shell/repl.h"

namespace {

std::vector<std::string> read_lines(std::istream& in) {
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"routesh: VyOS-style router configuration shell"};
  bool check = false;
  std::string print_format;
  std::string command;
  std::vector<std::string> files;
  shell::OfflineOptions offline;
  shell::DaemonOptions daemon;
  daemon.state_dir = shell::default_state_dir();
  shell::CliOptions cli;
  app.add_flag("--check", check, "Validate config.boot or set-line files offline");
  app.add_option("--print", print_format, "Convert a file to commands, boot or json");
  app.add_flag("--skip-unsupported", offline.skip_unsupported,
               "Skip subtrees routesh does not model, listing them");
  app.add_flag("-q,--quiet", offline.quiet, "Print errors only");
  app.add_option("--state-dir", daemon.state_dir,
                 "State directory of the router (default $ROUTESH_STATE_DIR "
                 "or /var/lib/routesh)");
  app.add_option("-c", command, "Run these ;-separated lines and exit");
  app.add_flag("--json", cli.json, "Every show command prints JSON");
  app.add_option("files", files, "Configuration files (--check, --print) or a "
                                 "file of lines to run");
  CLI11_PARSE(app, argc, argv);
  if (check) {
    if (files.empty()) {
      std::cerr << "routesh: --check needs at least one file\n";
      return 2;
    }
    return shell::run_check(files, offline, std::cout, std::cerr);
  }
  if (!print_format.empty()) {
    if (files.size() != 1) {
      std::cerr << "routesh: --print needs exactly one file\n";
      return 2;
    }
    return shell::run_print(print_format, files[0], offline, std::cout,
                            std::cerr);
  }

  auto client = shell::connect_daemon(daemon);
  if (!client.ok()) {
    std::cerr << "routesh: " << client.error().to_string() << "\n";
    return 1;
  }
  bool interactive = command.empty() && files.empty() && ::isatty(0);
  cli.interactive = interactive;
  shell::CliSession session(client->get(), std::cout,
                            interactive ? std::cout : std::cerr, cli);
  rc::Status st = session.start();
  if (!st.ok()) {
    std::cerr << "routesh: " << st.error().to_string() << "\n";
    return 1;
  }
  if (interactive) return shell::run_repl(session);
  std::vector<std::string> lines;
  if (!command.empty()) {
    lines = shell::split_commands(command);
  } else if (!files.empty()) {
    std::ifstream in(files[0]);
    if (!in) {
      std::cerr << "routesh: cannot read " << files[0] << "\n";
      return 1;
    }
    lines = read_lines(in);
  } else {
    lines = read_lines(std::cin);
  }
  int status = shell::run_batch(session, lines, std::cerr);
  std::cout << std::flush;
  return status;
}
