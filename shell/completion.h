// shell completion: what `?` and TAB offer at the cursor, VyOS style.
//
// A Completion is the answer to "what may come next here?" for the text of
// a line up to the cursor: the partial word being typed (its prefix) and the
// Candidates that fit — command words, schema keywords with their help,
// existing tag values, enum words, and value hints such as
// `<u32:68-9000>  Maximum Transmission Unit in byte` that describe a value
// without being insertable. `<Enter>` is offered where the line is already
// a complete command.
//
// The operational-mode grammar also names the commands that routeshd's
// live providers run (`show ip bgp summary`, `show vpn ike sa`, `reset ip
// bgp X soft in`, `restart vpn`): expand_op_words() resolves unique
// prefixes of their words before the shell sends them.
//
// complete() is pure: it reads the schema, the session's mode and edit
// level, and asks an ExistingNames callback for names that exist in the
// configuration (the REPL asks routeshd's `complete` request; tests pass a
// fake). Keywords never need a round trip. format_completions() renders
// the `Possible completions:` block `?` prints.
//
// Thread-safety: pure functions (the callback is called synchronously).
#ifndef ROUTESH_SHELL_COMPLETION_H_
#define ROUTESH_SHELL_COMPLETION_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "schema/schema.h"
#include "schema/status.h"

namespace shell {

// Names that exist under an absolute configuration path (tag values, leaf
// values), starting with `prefix`.
using ExistingNames = std::function<std::vector<std::string>(
    const std::vector<std::string>& path, const std::string& prefix)>;

struct CompletionContext {
  const schema::Schema* schema = nullptr;
  bool configuring = false;           // configuration mode
  std::vector<std::string> level;     // the edit level (config mode)
  std::vector<std::string> commands;  // command words of the mode
  ExistingNames existing;             // may be empty: no existing names
};

struct Candidate {
  std::string word;   // what TAB inserts; empty for a hint or <Enter>
  std::string label;  // what `?` shows: the word, `<u32:68-9000>`, `<Enter>`
  std::string help;   // may be empty
};

struct Completion {
  std::string prefix;                 // the partial word at the cursor
  std::vector<Candidate> candidates;  // matching the prefix, display order
  std::string error;                  // e.g. "Invalid command: [frob]"

  // The insertable words (TAB), in display order.
  std::vector<std::string> words() const;
};

// The candidates for `line` (the text before the cursor).
Completion complete(const CompletionContext& ctx, std::string_view line);

// The `?` block: "Possible completions:\n" then one "  label  help" line
// per candidate (help aligned at column 16, or on the next line when the
// label is long), or "\n  <error>\n\n" when the words before the cursor are
// not valid. Empty when there is nothing to say.
std::string format_completions(const Completion& c);

// The words of an operational-mode command with unique prefixes of the
// command grammar expanded (`sh ip bgp sum` -> `show ip bgp summary`);
// arguments (addresses, names) stay as typed. An error in VyOS's words
// ("Invalid command: [show ip frob]", "Ambiguous command: [show i]") when a
// word is neither a command word nor an argument.
rc::Result<std::vector<std::string>> expand_op_words(
    const std::vector<std::string>& words);

// True if the cursor (the end of `line`) is inside a quoted value, where
// `?` is an ordinary character.
bool in_quotes(std::string_view line);

// True if `line` (in configuration mode at `level`) sets or shows a value
// the schema marks secret (such lines stay out of the history file).
bool mentions_secret(const schema::Schema& schema,
                     const std::vector<std::string>& level,
                     std::string_view line);

}  // namespace shell

#endif  // ROUTESH_SHELL_COMPLETION_H_
