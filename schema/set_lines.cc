#include "schema/set_lines.h"

#include "schema/boot_format.h"

namespace schema {
namespace {

// UTF-8 encodings of the typographic quotes web pages print.
constexpr std::string_view kTypographic[] = {"\xE2\x80\x98", "\xE2\x80\x99",
                                             "\xE2\x80\x9C", "\xE2\x80\x9D"};

// Length of a typographic quote at s[i], or 0.
size_t typographic_at(std::string_view s, size_t i) {
  if (static_cast<unsigned char>(s[i]) != 0xE2) return 0;
  for (auto q : kTypographic) {
    if (s.substr(i, q.size()) == q) return q.size();
  }
  return 0;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

const char* const kSessionCommands[] = {
    "configure", "commit", "commit-confirm", "confirm", "save", "exit",
    "compare", "run", "discard", "load", "merge", "rollback", "show"};

}  // namespace

rc::Result<Tokens> tokenize(std::string_view line) {
  Tokens t;
  size_t i = 0;
  bool noted = false;
  while (i < line.size()) {
    while (i < line.size() && is_space(line[i])) ++i;
    if (i >= line.size()) break;
    if (line[i] == '#') break;  // comment to end of line
    std::string word;
    bool any = false;
    while (i < line.size() && !is_space(line[i])) {
      char c = line[i];
      size_t tq = typographic_at(line, i);
      if (c == '\'' || c == '"' || tq > 0) {
        // A quoted segment; typographic quotes close on any quote.
        bool typo = tq > 0;
        size_t start = i + (typo ? tq : 1);
        size_t j = start;
        bool closed = false;
        while (j < line.size()) {
          size_t q2 = typographic_at(line, j);
          if (typo && (line[j] == '\'' || line[j] == '"' || q2 > 0)) {
            word.append(line.substr(start, j - start));
            i = j + (q2 > 0 ? q2 : 1);
            closed = true;
            break;
          }
          if (!typo && line[j] == c) {
            word.append(line.substr(start, j - start));
            i = j + 1;
            closed = true;
            break;
          }
          // Backslash escapes: any character in "…"; only \\ and \" in '…',
          // so that `show configuration commands` output (which escapes
          // both) pastes back unchanged.
          if (!typo && line[j] == '\\' && j + 1 < line.size() &&
              (c == '"' || line[j + 1] == '\\' || line[j + 1] == '"')) {
            word.append(line.substr(start, j - start));
            word.push_back(line[j + 1]);
            j += 2;
            start = j;
            continue;
          }
          ++j;
        }
        if (!closed) {
          return rc::make_error(rc::Code::kInvalidArgument,
                                "unterminated quote", "",
                                "close the quote that starts at column " +
                                    std::to_string(i + 1));
        }
        if (typo && !noted) {
          t.notes.push_back(
              "typographic quotes read as plain quotes (as pasted from a web "
              "page)");
          noted = true;
        }
        any = true;
        continue;
      }
      if (c == '\\' && i + 1 < line.size()) {
        word.push_back(line[i + 1]);
        i += 2;
        any = true;
        continue;
      }
      word.push_back(c);
      any = true;
      ++i;
    }
    if (any) t.words.push_back(std::move(word));
  }
  return t;
}

SetLineRunner::SetLineRunner(const Schema& schema, NodePtr root)
    : schema_(schema), root_(root ? std::move(root) : empty_tree(schema)) {}

rc::Status SetLineRunner::run(const std::vector<std::string>& words,
                              std::vector<std::string>* notes) {
  if (words.empty()) return rc::Status::Ok();
  const std::string& cmd = words[0];
  std::vector<std::string> args(words.begin() + 1, words.end());
  if (cmd == "set" || cmd == "delete") {
    bool set = cmd == "set";
    if (args.empty() && set) {
      rc::Error e = rc::make_error(rc::Code::kInvalidArgument,
                                   "set needs a configuration path");
      e.vyos = "Configuration path: [] is not valid";
      return e;
    }
    auto r = resolve(schema_, level_, args,
                     set ? ResolveMode::kSet : ResolveMode::kDelete);
    if (!r.ok()) return r.error();
    for (auto& n : r->notes) notes->push_back(n);
    if (set) {
      auto out = set_path(root_, *r);
      if (!out.ok()) return out.error();
    } else {
      auto out = delete_path(root_, *r);
      if (!out.ok()) {
        if (out.error().code != rc::Code::kNotFound) return out.error();
        notes->push_back(out.error().message + " [" + out.error().path + "]");
      }
    }
    return rc::Status::Ok();
  }
  if (cmd == "edit") return run_edit(args);
  if (cmd == "top") {
    level_.clear();
    return rc::Status::Ok();
  }
  if (cmd == "up") {
    if (level_.empty()) return rc::Status::Ok();
    bool tag_value = level_.back().role == Role::kTagValue;
    level_.pop_back();
    if (tag_value && !level_.empty()) level_.pop_back();
    return rc::Status::Ok();
  }
  if (cmd == "comment") return run_comment(args);
  if (cmd == "copy" || cmd == "rename") return run_copy(args, cmd == "rename");
  for (const char* s : kSessionCommands) {
    if (cmd == s) {
      notes->push_back("'" + cmd + "' ignored: not a configuration line");
      return rc::Status::Ok();
    }
  }
  rc::Error e = rc::make_error(rc::Code::kInvalidArgument,
                               "'" + cmd + "' is not a configuration command",
                               "",
                               "expected set, delete, edit, up, top, comment, "
                               "copy or rename");
  e.vyos = "Invalid command: [" + cmd + "]";
  return e;
}

rc::Status SetLineRunner::run_edit(const std::vector<std::string>& args) {
  auto r = resolve(schema_, level_, args, ResolveMode::kEdit);
  if (!r.ok()) return r.error();
  // edit creates what it names (VyOS: an implicit set).
  if (find_node(root_.get(), r->path) == nullptr) {
    auto s = resolve(schema_, level_, args, ResolveMode::kSet);
    if (!s.ok()) return s.error();
    auto out = set_path(root_, *s);
    if (!out.ok()) return out.error();
  }
  level_ = r->path;
  return rc::Status::Ok();
}

rc::Status SetLineRunner::run_copy(const std::vector<std::string>& args,
                                   bool rename) {
  // <tag> <value> to <tag> <new value>
  if (args.size() != 5 || args[2] != "to") {
    rc::Error e = rc::make_error(
        rc::Code::kInvalidArgument,
        std::string("Invalid ") + (rename ? "rename" : "copy") + " command",
        "", std::string(rename ? "rename" : "copy") + " rule 10 to rule 20");
    e.vyos = e.message;
    return e;
  }
  auto from = resolve(schema_, level_, {args[0], args[1]}, ResolveMode::kDelete);
  if (!from.ok()) return from.error();
  auto to = resolve(schema_, level_, {args[3], args[4]}, ResolveMode::kSet);
  if (!to.ok()) return to.error();
  NodePtr before = root_;
  rc::Status st = copy_node(root_, from->path, to->path);
  if (!st.ok() || !rename) return st;
  auto out = delete_path(root_, *from);
  if (!out.ok()) {
    root_ = before;
    return out.error();
  }
  return rc::Status::Ok();
}

rc::Status SetLineRunner::run_comment(const std::vector<std::string>& args) {
  if (args.size() < 2) {
    return rc::make_error(rc::Code::kInvalidArgument,
                          "comment needs a path and a text", "",
                          "comment <path> \"text\"");
  }
  std::vector<std::string> path(args.begin(), args.end() - 1);
  auto r = resolve(schema_, level_, path, ResolveMode::kDelete);
  if (!r.ok()) return r.error();
  if (r->value) {
    rc::Error e = rc::make_error(rc::Code::kInvalidArgument,
                                 "Cannot comment on config values",
                                 path_string(r->path));
    e.vyos = e.message;
    return e;
  }
  const std::string& text = args.back();
  rc::Status st = check_storable(text, 1024);
  if (!st.ok()) return st;
  if (text.find("*/") != std::string::npos) {
    return rc::make_error(rc::Code::kInvalidArgument,
                          "Cannot use the '*/' sequence in a comment",
                          path_string(r->path));
  }
  return set_comment(root_, r->path, text);
}

SetLinesResult parse_set_lines(const Schema& schema, std::string_view text,
                               NodePtr start) {
  SetLinesResult res;
  SetLineRunner runner(schema, std::move(start));
  int line_no = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    auto tokens = tokenize(line);
    std::vector<std::string> notes;
    if (!tokens.ok()) {
      res.errors.push_back({line_no, tokens.error()});
      continue;
    }
    notes = tokens->notes;
    rc::Status st = runner.run(tokens->words, &notes);
    if (!st.ok()) res.errors.push_back({line_no, st.error()});
    for (auto& n : notes) {
      res.notes.push_back("line " + std::to_string(line_no) + ": " + n);
    }
    if (nl == text.size()) break;
  }
  res.root = runner.root();
  return res;
}

LoadedConfig load_config_text(const Schema& schema, std::string_view text,
                              bool skip_unsupported) {
  LoadedConfig out;
  if (looks_like_boot(text)) {
    BootParseOptions opt;
    opt.skip_unsupported = skip_unsupported;
    BootParseResult r = parse_boot(schema, text, opt);
    out.root = std::move(r.root);
    out.errors = std::move(r.errors);
    out.notes = std::move(r.notes);
    out.skipped = std::move(r.skipped);
  } else {
    SetLinesResult r = parse_set_lines(schema, text);
    out.root = std::move(r.root);
    out.errors = std::move(r.errors);
    out.notes = std::move(r.notes);
  }
  return out;
}

}  // namespace schema
