// shell::CliSession: one operator's command line, as VyOS runs it.
//
// Runs lines exactly as typed — operational mode (`configure`, `show
// configuration commands`, `show system commit`, `show version`, and the
// live system's `show ip bgp summary`, `show vpn ipsec sa`, `show
// interfaces vti`, `reset ip bgp X`, `restart vpn`, which routeshd runs) and
// configuration mode (`set`, `delete`, `edit`, `commit`, `compare`, …) —
// by asking routeshd, and prints what VyOS prints where scripts and habits
// rely on it (prompts, `[edit …]` banners, `Set failed`, `Commit failed`,
// `Invalid command: [x]`, `No changes between working and active
// configurations.`). Unique prefixes of command words work (`sh` = show,
// `conf` = configure). Output lines end with "\n" only.
//
// The interactive shell (readline) and batches (-c, files, stdin) both
// drive this class; batches send runs of consecutive editing lines to the
// daemon in one request (run_edits) instead of one round trip per line.
//
// Thread-safety: single-threaded.
#ifndef ROUTESH_SHELL_CLI_SESSION_H_
#define ROUTESH_SHELL_CLI_SESSION_H_

#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "commits/rpc.h"
#include "shell/pipe.h"

namespace shell {

struct CliOptions {
  bool json = false;         // every show prints JSON (--json)
  bool interactive = false;  // a person at a terminal
};

class CliSession {
 public:
  CliSession(commits::RpcClient* client, std::ostream& out, std::ostream& err,
             CliOptions options);

  // Greets the daemon (user, host name, role).
  rc::Status start();

  struct LineResult {
    bool ok = true;
    bool exit = false;  // the session ends (exit from operational mode)
  };
  // Runs one line. Errors are printed to err (VyOS wording first).
  LineResult run(const std::string& line);

  // Runs consecutive configuration-mode editing lines in one request.
  // Returns the index of the first failing line (its error printed), or
  // lines.size() if all applied.
  size_t run_edits(const std::vector<std::string>& lines);
  // True if `line` is an editing line that run_edits() may batch.
  bool batchable(const std::string& line) const;

  // "user@host:~$ " or "[edit …]\nuser@host# ".
  std::string prompt() const;
  bool configuring() const { return configuring_; }
  const std::vector<std::string>& level() const { return level_; }
  const std::string& user() const { return user_; }
  const std::string& host() const { return host_; }
  // `set terminal length N` (-1 until set) and `width N` (0 until set).
  int terminal_length() const { return term_length_; }
  int terminal_width() const { return term_width_; }
  // Called when the daemon pushes an event (printed on err).
  void on_event(const commits::Json& event);
  // The daemon connection's fd (readable when an event arrives) and the
  // call that prints what has arrived; for a REPL waiting on a key.
  int event_fd() const { return client_->fd(); }
  void poll_events() { client_->poll_events(); }

  // The command words valid in the current mode (for completion).
  std::vector<std::string> command_words() const;

  // Names that exist under an absolute configuration path (the candidate
  // in configuration mode, else running), for TAB; empty on any error.
  std::vector<std::string> existing_names(const std::vector<std::string>& path,
                                          const std::string& prefix,
                                          size_t limit = 1000);

  // Show output goes through the pager when one is set (the interactive
  // shell sets one) and the line has no `| no-more`. The pager returns
  // false when it did not print the text (it fits the screen).
  using Pager = std::function<bool(const std::string& text)>;
  void set_pager(Pager pager) { pager_ = std::move(pager); }

 private:
  LineResult op_mode(const std::vector<std::string>& words,
                     const PipedLine& piped);
  LineResult config_mode(const std::vector<std::string>& words,
                         const PipedLine& piped, const std::string& line);
  bool show_op(const std::vector<std::string>& words, const PipedLine& piped);
  // An operational command of the live system (`show ip bgp summary`,
  // `show vpn ike sa`, `reset ip bgp X`, `restart vpn`): its words expanded
  // and sent as routeshd's `op` request (JSON with --json or `| json`).
  bool live_op(const std::vector<std::string>& words, const PipedLine& piped);
  bool show_config(const std::vector<std::string>& args, const PipedLine& piped);
  bool compare(const std::vector<std::string>& args, const PipedLine& piped);
  bool commit(const std::vector<std::string>& args, bool confirm_form);
  bool simple(const char* op, commits::Json req = commits::Json::object());
  bool load_file(const std::string& op, const std::vector<std::string>& args);
  bool save(const std::vector<std::string>& args);
  bool edit_line(const std::string& line);

  // Prints text through the pipes.
  void emit(const std::string& text, const PipedLine& piped);
  void print_messages(const commits::Json& r);
  // Prints an error VyOS's way: the VyOS line, routesh's detail, then
  // "<Cmd> failed" (when `failed` is non-empty), each indented, after a
  // blank line.
  void print_error(const rc::Error& e, const std::string& failed);
  // Expands a unique prefix among `words`; prints Invalid/Ambiguous command.
  bool expand(std::string* word, const std::vector<std::string>& words);
  rc::Result<commits::Json> call(commits::Json req);

  commits::RpcClient* client_;
  std::ostream& out_;
  std::ostream& err_;
  CliOptions options_;
  std::string user_ = "user";
  std::string host_ = "routesh";
  std::string version_;
  bool admin_ = false;
  bool configuring_ = false;
  std::vector<std::string> level_;
  int term_length_ = -1;  // -1: not set (the window's height); 0: no paging
  int term_width_ = 0;    // 0: not set (the window's width)
  Pager pager_;
};

}  // namespace shell

#endif  // ROUTESH_SHELL_CLI_SESSION_H_
