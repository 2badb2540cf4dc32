#include "schema/boot_format.h"

#include <algorithm>
#include <optional>
#include <set>

#include "schema/edit.h"
#include "schema/path.h"

namespace schema {
namespace {

constexpr size_t kMaxComment = 1024;
constexpr char kMask[] = "****************";
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
  bool quoted = false;
};

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

std::string trim(std::string_view s) {
  size_t b = 0;
  size_t e = s.size();
  while (b < e && (is_blank(s[b]) || s[b] == '\n')) ++b;
  while (e > b && (is_blank(s[e - 1]) || s[e - 1] == '\n')) --e;
  return std::string(s.substr(b, e - b));
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
  size_t i = 0;
  const size_t n = text.size();
  auto count_lines = [&](size_t from, size_t to) {
    line += static_cast<int>(std::count(text.begin() + from, text.begin() + to,
                                        '\n'));
  };
  while (i < n) {
    char c = text[i];
    if (c == '\n') {
      out.push_back({Tok::kNewline, "", line, false});
      ++line;
      ++i;
    } else if (is_blank(c)) {
      ++i;
    } else if (c == '{' || c == '}') {
      out.push_back({c == '{' ? Tok::kLBrace : Tok::kRBrace, "", line, false});
      ++i;
    } else if (c == '/' && i + 1 < n && text[i + 1] == '*') {
      size_t end = text.find("*/", i + 2);
      if (end == std::string_view::npos) {
        errors->push_back({line, syntax_error("unterminated comment",
                                              "close it with '*/'")});
        break;
      }
      out.push_back({Tok::kComment, trim(text.substr(i + 2, end - i - 2)),
                     line, false});
      count_lines(i, end);
      i = end + 2;
    } else if (c == '/' && i + 1 < n && text[i + 1] == '/') {
      while (i < n && text[i] != '\n') ++i;
    } else if (c == '"') {
      Token t{Tok::kWord, "", line, true};
      size_t j = i + 1;
      while (j < n && text[j] != '"') {
        if (text[j] == '\\' && j + 1 < n &&
            (text[j + 1] == '"' || text[j + 1] == '\\')) {
          ++j;
        }
        t.text.push_back(text[j]);
        ++j;
      }
      if (j >= n) {
        errors->push_back({line, syntax_error("unterminated quoted string",
                                              "close it with '\"'")});
        break;
      }
      count_lines(i, j);
      out.push_back(std::move(t));
      i = j + 1;
    } else {
      size_t j = i;
      while (j < n && !is_blank(text[j]) && text[j] != '\n' && text[j] != '{') {
        ++j;
      }
      out.push_back({Tok::kWord, std::string(text.substr(i, j - i)), line,
                     false});
      i = j;
    }
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
  void statement(const Path& base, const std::vector<Token>& comments);
  // Skips a block whose `{` was read. Returns the number of words in it.
  int skip_block(int open_line);
  // Skips the rest of a statement: to the end of the line, or over a block.
  void skip_rest();
  void unsupported(int line, const std::string& path);
  void attach_comments(const Path& path, const std::vector<Token>& comments,
                       bool tag_was_new);

  const Schema& schema_;
  std::vector<Token> tokens_;
  const BootParseOptions& options_;
  BootParseResult* result_;
  size_t pos_ = 0;
  bool eof_reported_ = false;  // one "expected '}'" for all open blocks
  std::set<std::string> unsupported_seen_;
  std::set<std::string> notes_seen_;
};

int BootParser::parse_block(const Path& base, int open_line) {
  int statements = 0;
  std::vector<Token> comments;
  while (true) {
    const Token& t = peek();
    switch (t.kind) {
      case Tok::kEnd:
        if (open_line > 0 && !eof_reported_) {
          eof_reported_ = true;
          rc::Error e = syntax_error(
              "expected '}'",
              "the block opened at line " + std::to_string(open_line) +
                  " is not closed");
          e.path = path_string(base);
          error(t.line, std::move(e));
        }
        return statements;  // trailing comments: the version footer
      case Tok::kRBrace:
        next();
        if (open_line > 0) return statements;
        error(t.line, syntax_error("unexpected '}'",
                                   "no block is open at this point"));
        break;
      case Tok::kNewline:
        next();
        break;
      case Tok::kComment:
        comments.push_back(next());
        break;
      case Tok::kLBrace: {
        int line = next().line;
        error(line, syntax_error("unexpected '{'", "a block needs a name"));
        skip_block(line);
        comments.clear();
        ++statements;
        break;
      }
      case Tok::kWord:
        statement(base, comments);
        comments.clear();
        ++statements;
        break;
    }
  }
}

int BootParser::skip_block(int open_line) {
  int depth = 1;
  int words = 0;
  while (true) {
    const Token& t = next();
    switch (t.kind) {
      case Tok::kLBrace:
        ++depth;
        ++words;
        break;
      case Tok::kRBrace:
        if (--depth == 0) return words;
        break;
      case Tok::kWord:
        ++words;
        break;
      case Tok::kEnd:
        if (!eof_reported_) {
          eof_reported_ = true;
          error(t.line, syntax_error("expected '}'",
                                     "the block opened at line " +
                                         std::to_string(open_line) +
                                         " is not closed"));
        }
        return words;
      default:
        break;
    }
  }
}

void BootParser::skip_rest() {
  while (true) {
    const Token& t = peek();
    if (t.kind == Tok::kNewline || t.kind == Tok::kEnd ||
        t.kind == Tok::kRBrace) {
      return;
    }
    next();
    if (t.kind == Tok::kLBrace) {
      skip_block(t.line);
      return;
    }
  }
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
  const Token name = next();
  std::optional<Token> value;
  if (peek().kind == Tok::kWord) value = next();
  if (peek().kind == Tok::kWord) {
    const Token& extra = peek();
    error(extra.line, syntax_error("unexpected '" + extra.text + "'",
                                   "a line holds a name and at most one value"));
    skip_rest();
    return;
  }
  bool block = peek().kind == Tok::kLBrace;
  if (block) next();
  auto skip_body = [&] {
    if (block) skip_block(name.line);
  };

  std::vector<std::string> words{name.text};
  if (value) words.push_back(value->text);
  if (!name.quoted && name.text.size() > 1 && name.text[0] == '!') {
    words[0].erase(0, 1);
    std::string path = path_string(base);
    for (const auto& w : words) path += (path.empty() ? "" : " ") + w;
    error(name.line, rc::make_error(rc::Code::kInvalidArgument,
                                    "deactivated nodes are not supported",
                                    path, "remove the '!' or the node"));
    skip_body();
    return;
  }
  const SchemaNode* at = path_schema(schema_, base);
  if (at->child(name.text) == nullptr) {
    unsupported(name.line, path_string(base, name.text));
    skip_body();
    return;
  }
  auto r = resolve(schema_, base, words, ResolveMode::kSet);
  if (!r.ok()) {
    error(name.line, r.error());
    skip_body();
    return;
  }
  for (const auto& note : r->notes) {
    if (notes_seen_.insert(note).second) result_->notes.push_back(note);
  }
  const PathElem& end = r->path.back();
  bool tag_was_new =
      end.role == Role::kTagValue &&
      find_node(result_->root.get(),
                Path(r->path.begin(), r->path.end() - 1)) == nullptr;
  bool leaf = end.role == Role::kNode && end.schema->is_leaf();
  if (block && leaf) {
    int inside = skip_block(name.line);
    if (end.schema->kind != Kind::kValueless || inside > 0) {
      rc::Error e = rc::make_error(rc::Code::kInvalidArgument,
                                   end.word + " is a leaf: it takes no block",
                                   path_string(r->path),
                                   value ? "write '" + end.word + " " +
                                               value->text + "' on one line"
                                         : "");
      error(name.line, std::move(e));
      return;
    }
    block = false;  // `valueless {}`: older spelling of `valueless`
  }
  // Tag values exist even when empty (`loopback lo {}`), and so does what
  // a line names without a block; a container with a block is created by
  // its children, or here when the block is empty.
  bool create_now = !block || end.role == Role::kTagValue;
  if (create_now) {
    auto out = set_path(result_->root, *r);
    if (!out.ok()) {
      error(name.line, out.error());
      skip_body();
      return;
    }
  }
  if (block) {
    int held = parse_block(r->path, name.line);
    if (held == 0 && !create_now) {
      auto out = set_path(result_->root, *r);
      if (!out.ok()) error(name.line, out.error());
    }
  }
  attach_comments(r->path, comments, tag_was_new);
}

void BootParser::attach_comments(const Path& path,
                                 const std::vector<Token>& comments,
                                 bool tag_was_new) {
  if (comments.empty()) return;
  auto apply = [&](const Path& p, const Token& c) {
    if (c.text.size() > kMaxComment) {
      rc::Error e = syntax_error("comment longer than " +
                                 std::to_string(kMaxComment) + " characters");
      e.path = path_string(p);
      error(c.line, std::move(e));
      return;
    }
    if (find_node(result_->root.get(), p) == nullptr) return;
    rc::Status st = set_comment(result_->root, p, c.text);
    if (!st.ok()) error(c.line, st.error());
  };
  // Two comments before the first value of a tag: the first is the tag's
  // own (render_boot writes them so).
  if (tag_was_new && comments.size() >= 2) {
    apply(Path(path.begin(), path.end() - 1), comments.front());
  }
  apply(path, comments.back());
}

// ---- Renderer --------------------------------------------------------------

bool needs_quotes(std::string_view v) {
  if (v.empty() || v.starts_with("//") || v.starts_with("/*")) return true;
  for (unsigned char c : v) {
    if (c == ' ' || c == '*' || c == '{' || c == '}' || c == ';' ||
        c == '"' || c < 0x20 || c == 0x7f) {
      return true;
    }
  }
  return false;
}

// A value or tag value as config.boot writes it. Inside quotes a backslash
// is doubled only where the reader would otherwise take it as an escape.
void append_value(std::string_view v, std::string* out) {
  if (!needs_quotes(v)) {
    out->append(v);
    return;
  }
  out->push_back('"');
  for (size_t i = 0; i < v.size(); ++i) {
    char c = v[i];
    if (c == '"') {
      out->append("\\\"");
    } else if (c == '\\' &&
               (i + 1 == v.size() || v[i + 1] == '\\' || v[i + 1] == '"')) {
      out->append("\\\\");
    } else {
      out->push_back(c);
    }
  }
  out->push_back('"');
}

class BootWriter {
 public:
  explicit BootWriter(const BootRenderOptions& options) : options_(options) {}
  void children(const Node* n, int depth);
  std::string& out() { return out_; }

 private:
  void indent(int depth) { out_.append(static_cast<size_t>(depth) * 4, ' '); }
  void comment(std::string_view text, int depth) {
    if (text.empty()) return;
    indent(depth);
    out_ += "/* ";
    out_.append(text);
    out_ += " */\n";
  }
  // `head {` children `}`.
  void block(const Node* n, std::string_view head, int depth) {
    indent(depth);
    out_.append(head);
    out_ += " {\n";
    children(n, depth + 1);
    indent(depth);
    out_ += "}\n";
  }

  const BootRenderOptions& options_;
  std::string out_;
};

void BootWriter::children(const Node* n, int depth) {
  n->children().for_each([&](const Node* c) {
    const SchemaNode* s = c->schema();
    switch (s->kind) {
      case Kind::kContainer:
        comment(c->comment(), depth);
        block(c, c->name(), depth);
        break;
      case Kind::kTag: {
        bool first = true;
        c->children().for_each([&](const Node* v) {
          if (first) comment(c->comment(), depth);
          first = false;
          comment(v->comment(), depth);
          std::string head(c->name());
          head += ' ';
          append_value(v->name(), &head);
          block(v, head, depth);
        });
        break;
      }
      case Kind::kLeaf:
      case Kind::kMulti: {
        if (c->children().empty()) break;
        comment(c->comment(), depth);
        bool mask = options_.hide_secrets && s->secret;
        c->children().for_each([&](const Node* v) {
          indent(depth);
          out_.append(c->name());
          out_ += ' ';
          append_value(mask ? std::string_view(kMask) : v->name(), &out_);
          out_ += '\n';
        });
        break;
      }
      case Kind::kValueless:
        comment(c->comment(), depth);
        indent(depth);
        out_.append(c->name());
        out_ += '\n';
        break;
      case Kind::kAlias:
        break;
    }
  });
}

const char* const kSetCommands[] = {
    "set",  "delete",  "edit",   "top",  "up",   "comment",  "configure",
    "exit", "commit",  "save",   "run",  "load", "rollback", "compare",
    "show", "discard", "commit-confirm", "confirm", "merge"};

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
  std::stable_sort(result.errors.begin(), result.errors.end(),
                   [](const LineError& a, const LineError& b) {
                     return a.line < b.line;
                   });
  return result;
}

bool looks_like_boot(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    size_t b = 0;
    while (b < line.size() && is_blank(line[b])) ++b;
    line.remove_prefix(b);
    if (line.empty() || line[0] == '#') continue;
    size_t e = 0;
    while (e < line.size() && !is_blank(line[e])) ++e;
    std::string_view first = line.substr(0, e);
    for (const char* cmd : kSetCommands) {
      if (first == cmd) return false;
    }
    return true;
  }
  return true;
}

std::string render_boot(const Node* root, const BootRenderOptions& options) {
  BootWriter writer(options);
  if (root != nullptr) writer.children(root, 0);
  std::string out = std::move(writer.out());
  if (options.footer) {
    if (!out.empty()) out += '\n';
    out += kFooter;
  }
  return out;
}

}  // namespace schema
