#include "schema/validate.h"

#include <map>
#include <set>
#include <string>
#include <vector>

#include "schema/edit.h"

namespace schema {
namespace {

class Validator {
 public:
  Validator(const Node* root, rc::Errors* out) : root_(root), out_(out) {}

  void run() {
    walk(root_);
    for (const auto& [schema, seen] : unique_) {
      for (const auto& [value, paths] : seen) {
        if (paths.size() < 2) continue;
        for (const auto& p : paths) {
          out_->push_back(rc::make_error(
              rc::Code::kValidation,
              schema->name + " " + value + " is used more than once",
              p, "also at: " + other_paths(paths, p)));
        }
      }
    }
  }

 private:
  static std::string other_paths(const std::vector<std::string>& all,
                                 const std::string& self) {
    std::string s;
    for (const auto& p : all) {
      if (p == self) continue;
      s += (s.empty() ? "" : "; ") + p;
    }
    return s;
  }

  std::string here() const {
    std::string s;
    for (const auto& w : words_) {
      if (!s.empty()) s += ' ';
      s += w;
    }
    return s;
  }

  void walk(const Node* n) {
    const SchemaNode* s = n->schema();
    bool interior = (n->role() == Role::kNode && s->kind == Kind::kContainer) ||
                    n->role() == Role::kTagValue || n == root_;
    if (interior) check_mandatory(n);
    if (n->role() == Role::kNode && s->kind == Kind::kTag && s->max_values > 0 &&
        n->children().size() > static_cast<size_t>(s->max_values)) {
      out_->push_back(rc::make_error(
          rc::Code::kValidation,
          "only " + std::to_string(s->max_values) + " " + s->name +
              (s->max_values == 1 ? " instance is" : " instances are") +
              " allowed, " + std::to_string(n->children().size()) +
              " are configured",
          here()));
    }
    if (n->role() == Role::kNode && s->is_leaf()) {
      n->children().for_each([&](const Node* v) { check_value(s, v); });
      return;
    }
    n->children().for_each([&](const Node* c) {
      words_.emplace_back(c->name());
      walk(c);
      words_.pop_back();
    });
  }

  void check_mandatory(const Node* n) {
    const SchemaNode* s = n->schema();
    for (const auto& [name, c] : s->children) {
      if (!c->mandatory || n->children().find(name) != nullptr) continue;
      std::string msg = c->mandatory_message.empty()
                            ? name + " must be set"
                            : c->mandatory_message;
      out_->push_back(rc::make_error(
          rc::Code::kValidation, msg, here(),
          c->is_leaf() && c->kind != Kind::kValueless
              ? "set " + name + " (" + c->type.expected() + ")"
              : ""));
    }
  }

  void check_value(const SchemaNode* s, const Node* v) {
    std::string value(v->name());
    if (s->unique) unique_[s][value].push_back(here());
    if (s->ref.empty()) return;
    // Resolve the referenced path: "*" takes the tag value at the same
    // position of this node's own path.
    std::vector<std::string> ref;
    for (size_t i = 0; i < s->ref.size(); ++i) {
      if (s->ref[i] == "*") {
        if (i >= words_.size()) return;
        ref.push_back(words_[i]);
      } else {
        ref.push_back(s->ref[i]);
      }
    }
    const Node* holder = find_node(root_, ref);
    if (holder != nullptr && holder->children().find(value) != nullptr) return;
    std::string refs;
    for (const auto& w : ref) refs += (refs.empty() ? "" : " ") + w;
    std::string defined;
    int n = 0;
    if (holder != nullptr) {
      holder->children().for_each([&](const Node* c) {
        if (n++ < 6) defined += (defined.empty() ? "" : ", ") + std::string(c->name());
      });
    }
    out_->push_back(rc::make_error(
        rc::Code::kValidation,
        s->name + ": " + refs + " " + value + " does not exist", here(),
        defined.empty() ? "define it with: set " + refs + " " + value + " …"
                        : "defined: " + defined));
  }

  const Node* root_;
  rc::Errors* out_;
  std::vector<std::string> words_;
  std::map<const SchemaNode*, std::map<std::string, std::vector<std::string>>>
      unique_;
};

}  // namespace

rc::Errors validate(const Schema& schema, const Node* root) {
  (void)schema;
  rc::Errors out;
  Validator(root, &out).run();
  return out;
}

}  // namespace schema
