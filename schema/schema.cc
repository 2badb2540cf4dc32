#include "schema/schema.h"

#include <cstdio>
#include <cstdlib>
#include <set>

#include <nlohmann/json.hpp>

#include "schema/builtin_definitions.h"

namespace schema {

using nlohmann::json;

const char* kind_name(Kind kind) {
  switch (kind) {
    case Kind::kContainer: return "container";
    case Kind::kTag: return "tag";
    case Kind::kLeaf: return "leaf";
    case Kind::kMulti: return "multi";
    case Kind::kValueless: return "valueless";
    case Kind::kAlias: return "alias";
  }
  return "?";
}

std::string SchemaNode::schema_path() const {
  if (parent == nullptr) return "";
  std::string p = parent->schema_path();
  return p.empty() ? name : p + " " + name;
}

SchemaNode* Schema::new_node() {
  nodes_.emplace_back();
  return &nodes_.back();
}

// Builds SchemaNodes from the JSON of one definition file.
class SchemaLoader {
 public:
  SchemaLoader(Schema* schema, std::string file)
      : schema_(schema), file_(std::move(file)) {}

  rc::Status load(const std::string& text) {
    json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded() || !doc.is_object()) {
      return fail("", "is not a JSON object");
    }
    SchemaNode* at = schema_->root_;
    if (doc.contains("mount")) {
      for (const auto& w : doc["mount"]) {
        if (!w.is_string()) return fail("", "mount must list names");
        const std::string name = w.get<std::string>();
        auto it = at->children.find(name);
        if (it == at->children.end()) {
          SchemaNode* c = schema_->new_node();
          c->name = name;
          c->kind = Kind::kContainer;
          c->parent = at;
          c->help = container_help(name);
          at->children[name] = c;
          at = c;
        } else {
          at = const_cast<SchemaNode*>(it->second);
        }
      }
    }
    if (!doc.contains("nodes") || !doc["nodes"].is_object()) {
      return fail("", "has no \"nodes\" object");
    }
    for (const auto& [name, def] : doc["nodes"].items()) {
      if (at->children.count(name) != 0) {
        return fail(name, "is defined twice");
      }
      rc::Status s = add(at, name, def);
      if (!s) return s;
    }
    return rc::Status::Ok();
  }

 private:
  static std::string container_help(const std::string& name) {
    if (name == "interfaces") return "Network interfaces";
    if (name == "protocols") return "Routing protocols";
    if (name == "vpn") return "Virtual Private Network (VPN)";
    if (name == "policy") return "Routing policy";
    if (name == "system") return "System parameters";
    return "";
  }

  rc::Status fail(const std::string& node, const std::string& what) {
    return rc::make_error(rc::Code::kInternal,
                          "schema definition " + file_ + ": " +
                              (node.empty() ? "" : "node " + node + " ") + what);
  }

  static std::vector<std::string> strings(const json& j) {
    std::vector<std::string> out;
    if (j.is_string()) {
      out.push_back(j.get<std::string>());
    } else if (j.is_array()) {
      for (const auto& e : j) {
        if (e.is_string()) out.push_back(e.get<std::string>());
      }
    }
    return out;
  }

  static std::vector<std::string> words(const std::string& s) {
    std::vector<std::string> out;
    size_t i = 0;
    while (i < s.size()) {
      while (i < s.size() && s[i] == ' ') ++i;
      size_t j = i;
      while (j < s.size() && s[j] != ' ') ++j;
      if (j > i) out.push_back(s.substr(i, j - i));
      i = j;
    }
    return out;
  }

  rc::Status add(SchemaNode* parent, const std::string& name, const json& def) {
    const std::string where = parent->schema_path().empty()
                                  ? name
                                  : parent->schema_path() + " " + name;
    if (!def.is_object()) return fail(where, "is not an object");
    SchemaNode* n = schema_->new_node();
    n->name = name;
    n->parent = parent;
    n->owner = parent->owner;
    n->priority = parent->priority;
    const std::string kind = def.value("kind", "");
    if (kind == "container") n->kind = Kind::kContainer;
    else if (kind == "tag") n->kind = Kind::kTag;
    else if (kind == "leaf") n->kind = Kind::kLeaf;
    else if (kind == "multi") n->kind = Kind::kMulti;
    else if (kind == "valueless") n->kind = Kind::kValueless;
    else if (kind == "alias") n->kind = Kind::kAlias;
    else return fail(where, "has unknown kind \"" + kind + "\"");
    n->help = def.value("help", "");
    if (def.contains("valueHelp")) {
      for (const auto& vh : def["valueHelp"]) {
        n->value_help.push_back(
            {vh.value("format", ""), vh.value("description", "")});
      }
    }
    if (n->kind == Kind::kTag || n->kind == Kind::kLeaf ||
        n->kind == Kind::kMulti) {
      std::vector<std::string> specs =
          def.contains("type") ? strings(def["type"])
                               : std::vector<std::string>{"text"};
      auto t = ValueType::parse(specs);
      if (!t.ok()) return fail(where, t.error().message);
      n->type = std::move(t).value();
    }
    if (def.contains("default")) {
      n->default_value = def["default"].is_string()
                             ? def["default"].get<std::string>()
                             : def["default"].dump();
      n->has_default = true;
    }
    if (def.contains("completion")) n->completion = strings(def["completion"]);
    if (def.contains("ref")) n->ref = words(def.value("ref", ""));
    if (def.contains("owner")) n->owner = def.value("owner", "");
    if (def.contains("priority")) n->priority = def.value("priority", 0);
    n->mandatory = def.value("mandatory", false);
    n->mandatory_message = def.value("mandatoryMessage", "");
    n->secret = def.value("secret", false);
    n->unique = def.value("unique", false);
    n->max_values = def.value("maxValues", 0);
    n->error = def.value("error", "");
    if (n->kind == Kind::kAlias) {
      n->alias_target = words(def.value("target", ""));
      n->note = def.value("note", "");
      if (n->alias_target.empty()) return fail(where, "alias without target");
    }
    parent->children[name] = n;
    if (def.contains("children")) {
      if (!n->has_children()) return fail(where, "is a leaf but has children");
      for (const auto& [cname, cdef] : def["children"].items()) {
        rc::Status s = add(n, cname, cdef);
        if (!s) return s;
      }
    }
    return rc::Status::Ok();
  }

  Schema* schema_;
  std::string file_;
};

namespace {

// Follows an alias target from the alias's parent; returns nullptr if the
// target does not exist.
const SchemaNode* resolve_alias_target(const SchemaNode* alias) {
  const SchemaNode* at = alias->parent;
  for (const auto& w : alias->alias_target) {
    at = at->child(w);
    if (at == nullptr) return nullptr;
  }
  return at;
}

rc::Status check_aliases(const SchemaNode* n) {
  for (const auto& [name, c] : n->children) {
    if (c->kind == Kind::kAlias) {
      if (resolve_alias_target(c) == nullptr) {
        return rc::make_error(rc::Code::kInternal,
                              "schema alias " + c->schema_path() +
                                  " points to a missing node");
      }
    } else {
      rc::Status s = check_aliases(c);
      if (!s) return s;
    }
  }
  return rc::Status::Ok();
}

}  // namespace

rc::Result<std::unique_ptr<Schema>> Schema::load(
    const std::vector<Definition>& definitions) {
  std::unique_ptr<Schema> s(new Schema());
  s->root_ = s->new_node();
  s->root_->kind = Kind::kContainer;
  s->root_->help = "Configuration";
  for (const auto& [file, text] : definitions) {
    SchemaLoader loader(s.get(), file);
    rc::Status st = loader.load(text);
    if (!st) return st.error();
  }
  rc::Status st = check_aliases(s->root_);
  if (!st) return st.error();
  return s;
}

const Schema& Schema::builtin() {
  static const Schema* instance = [] {
    auto r = load(builtin_definitions());
    if (!r.ok()) {
      std::fprintf(stderr, "routesh: %s\n", r.error().message.c_str());
      std::abort();
    }
    return std::move(r).value().release();
  }();
  return *instance;
}

const SchemaNode* Schema::find(const std::vector<std::string>& words) const {
  const SchemaNode* at = root_;
  bool expect_key = false;
  for (const auto& w : words) {
    if (expect_key) {
      expect_key = false;
      continue;
    }
    if (!at->has_children()) return nullptr;
    const SchemaNode* c = at->child(w);
    if (c == nullptr) return nullptr;
    if (c->kind == Kind::kAlias) c = resolve_alias_target(c);
    at = c;
    if (at->kind == Kind::kTag) expect_key = true;
  }
  return at;
}

std::vector<std::string> Schema::owners() const {
  std::set<std::string> out;
  for (const auto& n : nodes_) {
    if (!n.owner.empty()) out.insert(n.owner);
  }
  return {out.begin(), out.end()};
}

}  // namespace schema
