// routesh: the router configuration shell.
//
// Until the daemon and the interactive shell land, this binary offers the
// offline commands (check and convert configuration files).
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "shell/offline.h"

int main(int argc, char** argv) {
  CLI::App app{"routesh: VyOS-style router configuration shell"};
  bool check = false;
  std::string print_format;
  std::vector<std::string> files;
  shell::OfflineOptions options;
  app.add_flag("--check", check,
               "Validate config.boot or set-line files offline");
  app.add_option("--print", print_format,
                 "Convert a file to commands, boot or json");
  app.add_flag("--skip-unsupported", options.skip_unsupported,
               "Skip subtrees routesh does not model, listing them");
  app.add_flag("-q,--quiet", options.quiet, "Print errors only");
  app.add_option("files", files, "Configuration files");
  CLI11_PARSE(app, argc, argv);
  if (check) {
    if (files.empty()) {
      std::cerr << "routesh: --check needs at least one file\n";
      return 2;
    }
    return shell::run_check(files, options, std::cout, std::cerr);
  }
  if (!print_format.empty()) {
    if (files.size() != 1) {
      std::cerr << "routesh: --print needs exactly one file\n";
      return 2;
    }
    return shell::run_print(print_format, files[0], options, std::cout,
                            std::cerr);
  }
  std::cerr << app.help();
  return 2;
}
