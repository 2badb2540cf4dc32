#include "schema/commands_format.h"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>
#include <vector>

namespace schema {

const char kSecretMask[] = "****************";

bool command_word_needs_quotes(std::string_view w) {
  if (w.empty() || w[0] == '#') return true;
  for (unsigned char c : w) {
    if (c == ' ' || c == '\'' || c == '"' || c == '\\' || c < 0x20 ||
        c == 0x7f) {
      return true;
    }
  }
  return false;
}

namespace {


bool is_root(const Node* n) {
  return n->role() == Role::kNode && n->schema()->parent == nullptr;
}

class CommandWriter {
 public:
  CommandWriter(std::vector<std::string> words, size_t prefix,
                const RenderOptions& options)
      : words_(std::move(words)), prefix_(prefix), options_(options) {}

  // Writes the lines of `n`, whose path words are words_.
  void walk(const Node* n);
  std::string& out() { return out_; }

 private:
  void line(bool comment, const std::optional<std::string>& value);
  void walk_children(const Node* n) {
    n->children().for_each([&](const Node* c) {
      words_.emplace_back(c->name());
      walk(c);
      words_.pop_back();
    });
  }

  std::vector<std::string> words_;
  size_t prefix_;
  const RenderOptions& options_;
  std::string out_;
};

void CommandWriter::line(bool comment,
                         const std::optional<std::string>& value) {
  // Nothing left to name after the prefix: no line (a comment always
  // needs a path, a set needs a path or a value).
  if (words_.size() <= prefix_ && (comment || !value)) return;
  out_ += comment ? "comment" : "set";
  for (size_t i = prefix_; i < words_.size(); ++i) {
    out_ += ' ';
    out_ += command_word_needs_quotes(words_[i]) ? quote_command_value(words_[i])
                                         : words_[i];
  }
  if (value) {
    out_ += ' ';
    out_ += quote_command_value(*value);
  }
  out_ += '\n';
}

void CommandWriter::walk(const Node* n) {
  const SchemaNode* s = n->schema();
  bool mask = options_.hide_secrets && s->secret;
  if (n->role() == Role::kValue) {
    line(false, mask ? kSecretMask : std::string(n->name()));
    return;
  }
  if (n->role() == Role::kTagValue || is_root(n) ||
      s->kind == Kind::kContainer || s->kind == Kind::kTag) {
    if (n->children().empty()) {
      if (!is_root(n)) line(false, std::nullopt);
    } else {
      walk_children(n);
    }
  } else if (s->kind == Kind::kLeaf || s->kind == Kind::kMulti) {
    n->children().for_each([&](const Node* v) {
      line(false, mask ? kSecretMask : std::string(v->name()));
    });
  } else if (s->kind == Kind::kValueless) {
    line(false, std::nullopt);
  }
  if (!n->comment().empty()) line(true, std::string(n->comment()));
}

using Json = nlohmann::ordered_json;  // keeps the tree's natural order

Json to_json(const Node* n, const RenderOptions& options) {
  const SchemaNode* s = n->schema();
  bool mask = options.hide_secrets && s->secret;
  auto value = [&](const Node* v) -> Json {
    return mask ? std::string(kSecretMask) : std::string(v->name());
  };
  if (n->role() == Role::kValue) return value(n);
  if (n->role() == Role::kNode && !is_root(n)) {
    switch (s->kind) {
      case Kind::kLeaf: {
        Json j = "";
        n->children().for_each([&](const Node* v) { j = value(v); });
        return j;
      }
      case Kind::kMulti: {
        Json j = Json::array();
        n->children().for_each([&](const Node* v) { j.push_back(value(v)); });
        return j;
      }
      case Kind::kValueless:
        return Json::object();
      default:
        break;
    }
  }
  // Containers, tag nodes (keyed by value), tag values and the root.
  Json j = Json::object();
  n->children().for_each(
      [&](const Node* c) { j[std::string(c->name())] = to_json(c, options); });
  return j;
}

}  // namespace

std::string quote_command_value(const std::string& value) {
  std::string out = "'";
  for (unsigned char c : value) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof(buf), "\\x%02x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '\'';
  return out;
}

std::string render_commands(const Node* node, const Path& at,
                            size_t prefix_words, const RenderOptions& options) {
  if (node == nullptr) return "";
  CommandWriter writer(path_words(at), prefix_words, options);
  writer.walk(node);
  return std::move(writer.out());
}

std::string render_json(const Node* node, const RenderOptions& options) {
  if (node == nullptr) return "{}";
  return to_json(node, options)
      .dump(4, ' ', false, Json::error_handler_t::replace);
}

}  // namespace schema
