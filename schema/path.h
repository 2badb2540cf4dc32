// schema::Path and resolve(): configuration paths checked against the schema.
//
// A Path is the canonical, resolved form of a configuration path: one
// element per tree node from the root, each with its schema node and role
// (`interfaces` node, `vti` node, `vti0` tag value, `mtu` node). resolve()
// turns the words an operator typed, relative to an edit level, into a Path
// plus an optional leaf value: it follows older spellings (aliases) to their
// canonical place, checks tag keys and values against their types (when
// setting), and reports bad words in VyOS's terms with a suggestion.
//
// Thread-safety: pure functions over immutable data.
#ifndef ROUTESH_SCHEMA_PATH_H_
#define ROUTESH_SCHEMA_PATH_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "schema/schema.h"
#include "schema/status.h"
#include "schema/tree.h"

namespace schema {

struct PathElem {
  PathElem() = default;
  PathElem(std::string w, const SchemaNode* s, Role r)
      : word(std::move(w)), schema(s), role(r) {}
  std::string word;
  const SchemaNode* schema = nullptr;  // for a tag value: the tag's node
  Role role = Role::kNode;
};

using Path = std::vector<PathElem>;

// "interfaces vti vti0 mtu".
std::string path_string(const Path& path);
std::string path_string(const Path& path, const std::string& last);
// The words of a path.
std::vector<std::string> path_words(const Path& path);

enum class ResolveMode {
  kSet,     // keys and values are type-checked; a leaf needs its value
  kDelete,  // words must fit the schema; keys and values are not checked
  kEdit,    // like kDelete, and the path must end at a container or tag value
};

struct Resolved {
  Path path;                         // to the node being set/deleted/shown
  std::optional<std::string> value;  // the leaf value, if one was given
  std::vector<std::string> notes;    // e.g. older spelling migrated
};

// Resolves `words` relative to `base` (a path to the root, a container or a
// tag value). Errors carry the VyOS line ("Configuration path: [a b c] is
// not valid", "Value validation failed") in Error::vyos, routesh's detail in
// message and a suggestion in hint.
rc::Result<Resolved> resolve(const Schema& schema, const Path& base,
                             const std::vector<std::string>& words,
                             ResolveMode mode);

// The schema node a path ends at (root for an empty path).
const SchemaNode* path_schema(const Schema& schema, const Path& path);

// The closest word to `word` among `candidates` by edit distance, or empty
// if none is close (distance > 2, or more than a third of the word).
std::string closest_word(const std::string& word,
                         const std::vector<std::string>& candidates);

}  // namespace schema

#endif  // ROUTESH_SCHEMA_PATH_H_
