// schema::SchemaNode: one node of the configuration schema.
//
// The schema is a tree of SchemaNodes built once from the JSON definitions
// (schema/definitions/) and never changed afterwards; configuration trees
// point into it. A node is a container, a tag (keyed instances: `route
// 10.0.0.0/8`), a leaf (one value), a multi-value leaf, a valueless leaf, or
// an alias (an older spelling that stands for another path).
//
// Thread-safety: immutable after Schema construction.
#ifndef ROUTESH_SCHEMA_SCHEMA_NODE_H_
#define ROUTESH_SCHEMA_SCHEMA_NODE_H_

#include <map>
#include <string>
#include <vector>

#include "schema/value_type.h"

namespace schema {

enum class Kind { kContainer, kTag, kLeaf, kMulti, kValueless, kAlias };

struct ValueHelp {
  std::string format;       // "u32:68-9000", "ipv4net", "txt", or a literal word
  std::string description;  // what it means
};

class SchemaNode {
 public:
  Kind kind = Kind::kContainer;
  std::string name;
  std::string help;
  std::vector<ValueHelp> value_help;
  ValueType type;                      // tag keys and leaf values
  std::string default_value;           // empty: none
  bool has_default = false;
  std::vector<std::string> completion;  // extra words for TAB
  std::vector<std::string> ref;         // referenced path; "*" = same tag value
  std::string owner;                    // driver id (inherited)
  int priority = 0;                     // commit order (inherited)
  bool mandatory = false;
  std::string mandatory_message;
  bool secret = false;
  bool unique = false;                  // value unique among all instances
  int max_values = 0;                   // 0: unlimited
  std::string error;                    // replaces "expected ..." text
  std::vector<std::string> alias_target;  // kAlias: path relative to parent
  std::string note;                        // kAlias: what is said when used
  const SchemaNode* parent = nullptr;
  std::map<std::string, const SchemaNode*> children;  // by name

  bool is_leaf() const {
    return kind == Kind::kLeaf || kind == Kind::kMulti ||
           kind == Kind::kValueless;
  }
  // Children are interior nodes that hold other nodes (containers and
  // tag values).
  bool has_children() const {
    return kind == Kind::kContainer || kind == Kind::kTag;
  }
  const SchemaNode* child(const std::string& n) const {
    auto it = children.find(n);
    return it == children.end() ? nullptr : it->second;
  }
  // Path of names from the root, tag values omitted ("protocols static route").
  std::string schema_path() const;
};

const char* kind_name(Kind kind);

}  // namespace schema

#endif  // ROUTESH_SCHEMA_SCHEMA_NODE_H_
