// Set-lines: configuration as the commands an operator types.
//
// tokenize() splits a line the way VyOS's shell does: bare words,
// 'single-quoted' and "double-quoted" values, the typographic quotes web
// pages print (‘x', ’x’, “x”: accepted, with a note), backslash escapes,
// `#` comments. SetLineRunner applies lines to a tree as configuration mode
// would: set, delete, edit / up / top with relative paths, comment.
// parse_set_lines() runs a whole document and collects every error with its
// line number.
//
// Thread-safety: SetLineRunner is single-threaded; the rest are pure.
#ifndef ROUTESH_SCHEMA_SET_LINES_H_
#define ROUTESH_SCHEMA_SET_LINES_H_

#include <string>
#include <string_view>
#include <vector>

#include "schema/edit.h"
#include "schema/line_error.h"
#include "schema/path.h"
#include "schema/schema.h"

namespace schema {

struct Tokens {
  std::vector<std::string> words;
  std::vector<std::string> notes;  // e.g. typographic quotes read as quotes
};

// Splits a line into words. Returns an error for an unterminated quote.
rc::Result<Tokens> tokenize(std::string_view line);

// Applies configuration-mode lines to a tree.
class SetLineRunner {
 public:
  SetLineRunner(const Schema& schema, NodePtr root);

  // Runs one tokenized line: set / delete / edit / up / top / comment /
  // copy / rename (`copy rule 10 to rule 20`, relative to the level).
  // Session commands that make no sense in a document (configure, commit,
  // save, exit, compare, run …) are ignored with a note. Deleting what does
  // not exist is a note, as in VyOS, not an error.
  // Returns an error (with Error::vyos set where VyOS has a wording) and
  // leaves the tree unchanged when the line fails.
  rc::Status run(const std::vector<std::string>& words,
                 std::vector<std::string>* notes);

  const NodePtr& root() const { return root_; }
  NodePtr& mutable_root() { return root_; }
  const Path& level() const { return level_; }
  void set_level(Path level) { level_ = std::move(level); }

 private:
  rc::Status run_edit(const std::vector<std::string>& args);
  rc::Status run_comment(const std::vector<std::string>& args);
  rc::Status run_copy(const std::vector<std::string>& args, bool rename);

  const Schema& schema_;
  NodePtr root_;
  Path level_;
};

struct SetLinesResult {
  NodePtr root;
  std::vector<LineError> errors;
  std::vector<std::string> notes;  // "line N: …"
};

// Runs a document of set-lines on `start` (an empty tree if null).
SetLinesResult parse_set_lines(const Schema& schema, std::string_view text,
                               NodePtr start = {});

// Reads a file as config.boot or set-lines (detected by content).
struct LoadedConfig {
  NodePtr root;
  std::vector<LineError> errors;
  std::vector<std::string> notes;
  std::vector<std::string> skipped;  // unsupported subtrees skipped
};
LoadedConfig load_config_text(const Schema& schema, std::string_view text,
                              bool skip_unsupported);

}  // namespace schema

#endif  // ROUTESH_SCHEMA_SET_LINES_H_
