#include "schema/boot_format.h"

#include <algorithm>
#include <set>
#include <utility>

#include "schema/boot_writer.h"
#include "schema/edit.h"
#include "schema/path.h"

namespace schema {
namespace {

constexpr size_t kMaxComment = 1024;
constexpr char kUnsupportedHint[] =
    "routesh does not model this subtree; --skip-unsupported converts the rest";
constexpr char kFooter[] =
    "// Warning: Do not remove the following line.\n"
    "// vyos-config-version: "
    "\"bgp@1:interfaces@22:ipsec@5:ntp@1:policy@1:quagga@8:system@21\"\n"
    "// Release version: 1.3-compatible routesh\n";

// ---- Lexer -----------------------------------------------------------------

enum class Tok { kWord, kLBrace, kRBrace, kNewline, kComment, kEnd };

struct Token {
  Tok kind = Tok::kEnd;
  std::string text;
  int line = 0;
  bool flag = false;  // a word: was quoted; a comment: was made one line
};

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

// A comment's text, trimmed, with each line break or other control
// character (set-lines cannot carry them) made one space; sets *folded then.
std::string comment_text(std::string_view s, bool* folded) {
  std::string out;
  bool after_fold = false;
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) {
      while (!out.empty() && out.back() == ' ') out.pop_back();
      after_fold = !out.empty();
    } else if (!(c == ' ' && (after_fold || out.empty()))) {
      if (after_fold) {
        out += ' ';
        *folded = true;
      }
      after_fold = false;
      out += static_cast<char>(c);
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

rc::Error syntax_error(std::string message, std::string hint = {}) {
  return rc::make_error(rc::Code::kInvalidArgument, std::move(message), "",
                        std::move(hint));
}

// Splits config.boot text into tokens; always ends with a kEnd token. An
// unterminated string or comment is an error and ends the input there.
std::vector<Token> lex(std::string_view text, std::vector<LineError>* errors) {
  std::vector<Token> out;
  int line = 1;
  const size_t n = text.size();
  for (size_t i = 0; i < n;) {
    char c = text[i];
    size_t end = i + 1;  // where the next token starts
    if (c == '\n') {
      out.push_back({Tok::kNewline, "", line, false});
    } else if (c == '{' || c == '}') {
      out.push_back({c == '{' ? Tok::kLBrace : Tok::kRBrace, "", line, false});
    } else if (c == '/' && i + 1 < n && text[i + 1] == '*') {
      size_t close = text.find("*/", i + 2);
      if (close == std::string_view::npos) {
        errors->push_back(
            {line, syntax_error("unterminated comment", "close it with '*/'")});
        break;
      }
      Token t{Tok::kComment, "", line, false};
      t.text = comment_text(text.substr(i + 2, close - i - 2), &t.flag);
      out.push_back(std::move(t));
      end = close + 2;
    } else if (c == '/' && i + 1 < n && text[i + 1] == '/') {
      end = std::min(text.find('\n', i), n);
    } else if (c == '"') {
      Token t{Tok::kWord, "", line, true};
      for (end = i + 1; end < n && text[end] != '"'; ++end) {
        if (text[end] == '\\' && end + 1 < n &&
            (text[end + 1] == '"' || text[end + 1] == '\\')) {
          ++end;
        }
        t.text.push_back(text[end]);
      }
      if (end >= n) {
        errors->push_back({line, syntax_error("unterminated quoted string",
                                              "close it with '\"'")});
        break;
      }
      out.push_back(std::move(t));
      ++end;
    } else if (!is_blank(c)) {
      while (end < n && !is_blank(text[end]) && text[end] != '\n' &&
             text[end] != '{') {
        ++end;
      }
      out.push_back(
          {Tok::kWord, std::string(text.substr(i, end - i)), line, false});
    }
    line += static_cast<int>(
        std::count(text.begin() + i, text.begin() + end, '\n'));
    i = end;
  }
  out.push_back({Tok::kEnd, "", line, false});
  return out;
}

// ---- Parser ----------------------------------------------------------------

class BootParser {
 public:
  BootParser(const Schema& schema, std::vector<Token> tokens,
             const BootParseOptions& options, BootParseResult* result)
      : schema_(schema),
        tokens_(std::move(tokens)),
        options_(options),
        result_(result) {}

  // Reads statements until the `}` closing a block opened at `open_line`
  // (0: the top level, read to the end). Returns how many statements the
  // block held.
  int parse_block(const Path& base, int open_line);

 private:
  const Token& peek() const { return tokens_[pos_]; }
  const Token& next() {
    const Token& t = tokens_[pos_];
    if (t.kind != Tok::kEnd) ++pos_;
    return t;
  }
  void error(int line, rc::Error e) {
    result_->errors.push_back({line, std::move(e)});
  }
  // The input ended inside a block: said once, for the innermost.
  void unclosed(int open_line, const std::string& path) {
    if (std::exchange(eof_reported_, true)) return;
    rc::Error e = syntax_error("expected '}'", "the block opened at line " +
                                                   std::to_string(open_line) +
                                                   " is not closed");
    e.path = path;
    error(peek().line, std::move(e));
  }
  void note(const std::string& text) {
    if (notes_seen_.insert(text).second) result_->notes.push_back(text);
  }
  void statement(const Path& base, const std::vector<Token>& comments);
  // Skips a block whose `{` was read. Returns the number of words in it.
  int skip_block(int open_line);
  void unsupported(int line, const std::string& path);
  void attach_comments(const Path& path, const std::vector<Token>& comments,
                       bool tag_was_new);

  const Schema& schema_;
  std::vector<Token> tokens_;
  const BootParseOptions& options_;
  BootParseResult* result_;
  size_t pos_ = 0;
  bool eof_reported_ = false;
  std::set<std::string> unsupported_seen_;
  std::set<std::string> notes_seen_;
};

int BootParser::parse_block(const Path& base, int open_line) {
  int statements = 0;
  std::vector<Token> comments;
  while (true) {
    const Token& t = next();
    if (t.kind == Tok::kEnd) {
      if (open_line > 0) unclosed(open_line, path_string(base));
      return statements;  // comments left over: the version footer
    }
    if (t.kind == Tok::kRBrace) {
      if (open_line > 0) return statements;
      error(t.line, syntax_error("unexpected '}'", "no block is open here"));
    } else if (t.kind == Tok::kComment) {
      comments.push_back(t);
    } else if (t.kind == Tok::kLBrace) {
      error(t.line, syntax_error("unexpected '{'", "a block needs a name"));
      skip_block(t.line);
      comments.clear();
      ++statements;
    } else if (t.kind == Tok::kWord) {
      --pos_;
      statement(base, comments);
      comments.clear();
      ++statements;
    }
  }
}

int BootParser::skip_block(int open_line) {
  int depth = 1;
  int words = 0;
  while (depth > 0) {
    const Token& t = next();
    if (t.kind == Tok::kEnd) {
      unclosed(open_line, "");
      break;
    }
    if (t.kind == Tok::kLBrace) ++depth;
    if (t.kind == Tok::kRBrace) --depth;
    if (t.kind == Tok::kWord || t.kind == Tok::kLBrace) ++words;
  }
  return words;
}

void BootParser::unsupported(int line, const std::string& path) {
  if (!unsupported_seen_.insert(path).second) return;
  if (options_.skip_unsupported) {
    result_->skipped.push_back(path);
    return;
  }
  error(line, rc::make_error(rc::Code::kInvalidArgument,
                             "unsupported configuration node", path,
                             kUnsupportedHint));
}

void BootParser::statement(const Path& base,
                           const std::vector<Token>& comments) {
  const Token& name = next();
  const Token* value = peek().kind == Tok::kWord ? &next() : nullptr;
  if (peek().kind == Tok::kWord) {
    const Token& extra = next();
    error(extra.line,
          syntax_error("unexpected '" + extra.text + "'",
                       "a line holds a name and at most one value"));
    // Skip the rest of the line, or the block that ends it.
    while (peek().kind == Tok::kWord || peek().kind == Tok::kComment) next();
    if (peek().kind == Tok::kLBrace) skip_block(next().line);
    return;
  }
  bool block = peek().kind == Tok::kLBrace;
  if (block) next();
  auto fail = [&](rc::Error e) {
    error(name.line, std::move(e));
    if (block) skip_block(name.line);
  };

  std::vector<std::string> words{name.text};
  if (value != nullptr) words.push_back(value->text);
  if (!name.flag && name.text.size() > 1 && name.text[0] == '!') {
    words[0].erase(0, 1);
    std::string path = path_string(base);
    for (const auto& w : words) path += (path.empty() ? "" : " ") + w;
    return fail(rc::make_error(rc::Code::kInvalidArgument,
                               "deactivated nodes are not supported", path,
                               "remove the '!' or the node"));
  }
  if (path_schema(schema_, base)->child(name.text) == nullptr) {
    unsupported(name.line, path_string(base, name.text));
    if (block) skip_block(name.line);
    return;
  }
  auto r = resolve(schema_, base, words, ResolveMode::kSet);
  if (!r.ok()) return fail(r.error());
  for (const auto& n : r->notes) note(n);
  const PathElem& end = r->path.back();
  bool tag_was_new =
      end.role == Role::kTagValue &&
      find_node(result_->root.get(),
                Path(r->path.begin(), r->path.end() - 1)) == nullptr;
  if (block && end.role == Role::kNode && end.schema->is_leaf()) {
    block = false;
    int inside = skip_block(name.line);
    if (end.schema->kind != Kind::kValueless || inside > 0) {
      return fail(rc::make_error(
          rc::Code::kInvalidArgument,
          end.word + " is a leaf: it takes no block", path_string(r->path),
          value ? "write '" + end.word + " " + value->text + "' on one line"
                : ""));
    }
    // `valueless {}`: an older way to write `valueless`.
  }
  // Tag values exist even when empty (`loopback lo {}`), and so does what
  // a line names without a block; a container with a block is created by
  // its children, or here when the block is empty.
  bool create_now = !block || end.role == Role::kTagValue;
  if (create_now) {
    auto out = set_path(result_->root, *r);
    if (!out.ok()) return fail(out.error());
  }
  if (block && parse_block(r->path, name.line) == 0 && !create_now) {
    auto out = set_path(result_->root, *r);
    if (!out.ok()) error(name.line, out.error());
  }
  attach_comments(r->path, comments, tag_was_new);
}

void BootParser::attach_comments(const Path& path,
                                 const std::vector<Token>& comments,
                                 bool tag_was_new) {
  auto apply = [&](const Path& p, const Token& c) {
    if (c.text.size() > kMaxComment) {
      rc::Error e = syntax_error("comment longer than " +
                                 std::to_string(kMaxComment) + " characters");
      e.path = path_string(p);
      return error(c.line, std::move(e));
    }
    if (find_node(result_->root.get(), p) == nullptr) return;
    if (c.flag) {
      note("line " + std::to_string(c.line) + ": comment joined into one line");
    }
    rc::Status st = set_comment(result_->root, p, c.text);
    if (!st.ok()) error(c.line, st.error());
  };
  if (comments.empty()) return;
  // Two comments before the first value of a tag: the first is the tag's
  // own (render_boot writes them so).
  if (tag_was_new && comments.size() >= 2) {
    apply(Path(path.begin(), path.end() - 1), comments.front());
  }
  apply(path, comments.back());
}

// First words of set-lines documents (configuration-mode commands).
constexpr std::string_view kSetCommands[] = {
    "set",     "delete",         "edit",     "top",     "up",
    "comment", "configure",      "exit",     "commit",  "save",
    "run",     "load",           "rollback", "compare", "show",
    "discard", "commit-confirm", "confirm",  "merge"};

}  // namespace

BootParseResult parse_boot(const Schema& schema, std::string_view text,
                           const BootParseOptions& options) {
  BootParseResult result;
  result.root = empty_tree(schema);
  std::vector<LineError> lex_errors;
  std::vector<Token> tokens = lex(text, &lex_errors);
  result.errors = std::move(lex_errors);  // first among those of a line
  BootParser parser(schema, std::move(tokens), options, &result);
  parser.parse_block({}, 0);
  std::stable_sort(
      result.errors.begin(), result.errors.end(),
      [](const LineError& a, const LineError& b) { return a.line < b.line; });
  return result;
}

bool looks_like_boot(std::string_view text) {
  constexpr std::string_view kBlanks = " \t\r\v\f";
  for (size_t pos = 0; pos < text.size();) {
    size_t nl = std::min(text.find('\n', pos), text.size());
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    size_t b = line.find_first_not_of(kBlanks);
    if (b == std::string_view::npos || line[b] == '#') continue;
    std::string_view first = line.substr(b, line.find_first_of(kBlanks, b) - b);
    return std::find(std::begin(kSetCommands), std::end(kSetCommands), first) ==
           std::end(kSetCommands);
  }
  return true;
}

std::string render_boot(const Node* root, const BootRenderOptions& options) {
  std::string out;
  if (root != nullptr) {
    BootWriter(&out, options.hide_secrets).children(root, 0, "");
  }
  if (options.footer) {
    if (!out.empty()) out += '\n';
    out += kFooter;
  }
  return out;
}

}  // namespace schema
