// Output pipes of show commands: `show … | match RE | count`.
//
// split_pipes() separates a command line from its pipes (a `|` outside
// quotes, with or without spaces around it, as Ansible sends
// `show configuration commands| grep interfaces`). apply_pipes() filters
// text through them in order: match/grep RE (lines matching, POSIX ERE
// like `grep -E`), no-match/except RE (lines not matching), count (the
// number of lines), no-more (no pager); commands and json change what the
// show prints and are handled by the show command itself.
//
// Thread-safety: pure functions.
#ifndef ROUTESH_SHELL_PIPE_H_
#define ROUTESH_SHELL_PIPE_H_

#include <string>
#include <vector>

#include "schema/status.h"

namespace shell {

struct Pipe {
  std::string name;  // match, grep, no-match, except, count, no-more, commands, json
  std::string arg;   // the regular expression, unquoted
};

struct PipedLine {
  std::string command;      // the line before the first |
  std::vector<Pipe> pipes;
  bool has(const std::string& name) const;
};

rc::Result<PipedLine> split_pipes(const std::string& line);

// Splits `text` at any of `separators` that stands outside '…' and "…".
std::vector<std::string> split_outside_quotes(const std::string& text,
                                              const std::string& separators);

// Filters `text` through the filtering pipes (commands/json/no-more pass).
rc::Result<std::string> apply_pipes(const std::string& text,
                                    const std::vector<Pipe>& pipes);

}  // namespace shell

#endif  // ROUTESH_SHELL_PIPE_H_
