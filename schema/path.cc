#include "schema/path.h"

#include <algorithm>

namespace schema {

std::string path_string(const Path& path) {
  std::string s;
  for (const auto& e : path) {
    if (!s.empty()) s += ' ';
    s += e.word;
  }
  return s;
}

std::string path_string(const Path& path, const std::string& last) {
  std::string s = path_string(path);
  if (!s.empty()) s += ' ';
  return s + last;
}

std::vector<std::string> path_words(const Path& path) {
  std::vector<std::string> out;
  out.reserve(path.size());
  for (const auto& e : path) out.push_back(e.word);
  return out;
}

const SchemaNode* path_schema(const Schema& schema, const Path& path) {
  return path.empty() ? schema.root() : path.back().schema;
}

namespace {

size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t prev = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cur = row[j];
      size_t sub = prev + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, sub});
      prev = cur;
    }
  }
  return row[b.size()];
}

std::string join_words(const std::vector<std::string>& words) {
  std::string s;
  for (const auto& w : words) {
    if (!s.empty()) s += ' ';
    s += w;
  }
  return s;
}

std::vector<std::string> child_names(const SchemaNode* n) {
  std::vector<std::string> out;
  for (const auto& [name, c] : n->children) out.push_back(name);
  return out;
}

rc::Error path_error(const std::vector<std::string>& typed, size_t bad,
                     const SchemaNode* at, const std::string& detail) {
  std::vector<std::string> upto(typed.begin(), typed.begin() + bad + 1);
  rc::Error e = rc::make_error(rc::Code::kInvalidArgument, detail,
                               join_words(upto));
  e.vyos = "Configuration path: [" + join_words(upto) + "] is not valid";
  if (at != nullptr && at->has_children()) {
    std::string best = closest_word(typed[bad], child_names(at));
    if (!best.empty()) {
      e.hint = "did you mean '" + best + "'?";
    } else if (!at->children.empty() && at->children.size() <= 12) {
      std::string list;
      for (const auto& [name, c] : at->children) {
        if (c->kind == Kind::kAlias) continue;
        list += (list.empty() ? "" : ", ") + name;
      }
      e.hint = "valid here: " + list;
    }
  }
  return e;
}

rc::Error value_error(const std::vector<std::string>& typed, size_t at_word,
                      const SchemaNode* n, const rc::Error& why,
                      const std::string& value) {
  (void)value;
  std::vector<std::string> upto(typed.begin(), typed.begin() + at_word);
  rc::Error e = rc::make_error(rc::Code::kInvalidArgument,
                               n->name + ": " + why.message, join_words(upto),
                               why.hint);
  if (e.hint.empty() && why.message.find("out of range") == std::string::npos) {
    e.hint = "expected " + n->type.expected();
  }
  // VyOS prints the node's constraint message, then this line.
  e.vyos = n->error.empty() ? "Value validation failed"
                            : n->error + "\nValue validation failed";
  return e;
}

}  // namespace

std::string closest_word(const std::string& word,
                         const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_d = SIZE_MAX;
  for (const auto& c : candidates) {
    size_t d = edit_distance(word, c);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  size_t limit = std::max<size_t>(1, std::min<size_t>(2, word.size() / 3));
  if (best_d == 0 || best_d > limit) return "";
  return best;
}

rc::Result<Resolved> resolve(const Schema& schema, const Path& base,
                             const std::vector<std::string>& words,
                             ResolveMode mode) {
  Resolved r;
  r.path = base;
  const SchemaNode* at = path_schema(schema, base);
  // Words as typed, from the root, for messages.
  std::vector<std::string> typed = path_words(base);
  std::vector<std::string> queue(words.rbegin(), words.rend());
  bool expect_key = false;
  while (!queue.empty()) {
    std::string w = std::move(queue.back());
    queue.pop_back();
    typed.push_back(w);
    size_t wi = typed.size() - 1;
    if (expect_key) {
      expect_key = false;
      if (mode == ResolveMode::kSet) {
        rc::Status st = check_storable(w, 1024);
        if (st.ok()) st = at->type.check(w);
        if (!st.ok()) return value_error(typed, wi, at, st.error(), w);
      } else if (!check_storable(w, 1024).ok()) {
        return path_error(typed, wi, nullptr, "not a valid key");
      }
      r.path.push_back({w, at, Role::kTagValue});
      continue;
    }
    if (at->is_leaf()) {
      if (at->kind == Kind::kValueless || !queue.empty() || r.value) {
        rc::Error e = path_error(typed, wi, nullptr,
                                 at->kind == Kind::kValueless
                                     ? at->name + " takes no value"
                                     : "unexpected word after the value");
        return e;
      }
      if (mode == ResolveMode::kSet) {
        rc::Status st = check_storable(w);
        if (st.ok()) st = at->type.check(w);
        if (!st.ok()) return value_error(typed, wi, at, st.error(), w);
      }
      r.value = w;
      continue;
    }
    const SchemaNode* c = at->child(w);
    if (c == nullptr) {
      return path_error(typed, wi, at, "'" + w + "' is not valid here");
    }
    if (c->kind == Kind::kAlias) {
      r.notes.push_back(c->note.empty()
                            ? "'" + w + "' is an older spelling of '" +
                                  join_words(c->alias_target) + "'"
                            : c->note);
      typed.pop_back();
      for (auto it = c->alias_target.rbegin(); it != c->alias_target.rend();
           ++it) {
        queue.push_back(*it);
      }
      continue;
    }
    r.path.push_back({w, c, Role::kNode});
    at = c;
    if (c->kind == Kind::kTag) expect_key = true;
  }
  if (mode == ResolveMode::kSet && (at->kind == Kind::kLeaf ||
                                    at->kind == Kind::kMulti) &&
      !r.value) {
    rc::Error e = rc::make_error(rc::Code::kInvalidArgument,
                                 at->name + " needs a value",
                                 path_string(r.path),
                                 "expected " + at->type.expected());
    e.vyos = "Configuration path: [" + path_string(r.path) +
             "] requires a value";
    return e;
  }
  if (mode == ResolveMode::kSet && expect_key) {
    rc::Error e = rc::make_error(rc::Code::kInvalidArgument,
                                 at->name + " needs a name",
                                 path_string(r.path),
                                 "expected " + at->type.expected());
    e.vyos = "Configuration path: [" + path_string(r.path) +
             "] requires a value";
    return e;
  }
  if (mode == ResolveMode::kEdit &&
      (at->is_leaf() || (at->kind == Kind::kTag && expect_key))) {
    rc::Error e = rc::make_error(
        rc::Code::kInvalidArgument,
        "edit needs a container or a tag value", path_string(r.path));
    e.vyos = "The \"edit\" command cannot be issued at the specified level";
    return e;
  }
  return r;
}

}  // namespace schema
