// set / delete on a configuration tree, with VyOS 1.3 semantics.
//
// Edits take the root by reference and replace it with the edited version;
// nodes shared with other versions (the running configuration, history) are
// copied on the way down, never changed. `set` on a leaf replaces its value,
// on a multi-value leaf appends; setting what exists succeeds. `delete` of a
// missing path fails with VyOS's "Nothing to delete" message; deleting the
// last child of a container or tag node removes the emptied parent too
// (tag values stay: `loopback lo {}` means something). A deleted leaf that
// has a default is back at its default.
//
// Thread-safety: none; the tree belongs to the caller's thread.
#ifndef ROUTESH_SCHEMA_EDIT_H_
#define ROUTESH_SCHEMA_EDIT_H_

#include <initializer_list>
#include <string>
#include <vector>

#include "schema/path.h"
#include "schema/status.h"
#include "schema/tree.h"

namespace schema {

struct EditOutcome {
  bool changed = false;  // false: the path already existed as set
};

// An empty configuration for `schema`.
NodePtr empty_tree(const Schema& schema);

// REQUIRES: r was resolved with ResolveMode::kSet.
rc::Result<EditOutcome> set_path(NodePtr& root, const Resolved& r);

// Deletes r.path (or only r.value of a multi-value leaf, or the leaf's
// value if it matches). Returns kNotFound with "Nothing to delete (the
// specified node does not exist)" / "(the specified value does not exist)".
rc::Result<EditOutcome> delete_path(NodePtr& root, const Resolved& r);

// Sets or clears the comment on the node at path. Returns kNotFound if the
// node does not exist.
rc::Status set_comment(NodePtr& root, const Path& path,
                       const std::string& comment);

// Copies the tag value at `from` to `to` (same tag node, `to` absent):
// the copy shares the source's children. Errors as VyOS: "Configuration
// "rule 10" does not exist", "… already exists", "Cannot copy from …".
rc::Status copy_node(NodePtr& root, const Path& from, const Path& to);

// The node at path, or nullptr.
const Node* find_node(const Node* root, const Path& path);
const Node* find_node(const Node* root, const std::vector<std::string>& words);
// find_node(root, {"interfaces", "vti"}): words written in place.
inline const Node* find_node(const Node* root,
                             std::initializer_list<const char*> words) {
  return find_node(root, std::vector<std::string>(words.begin(), words.end()));
}

// The value of a leaf node (its first value), or the schema default, or "".
std::string leaf_value(const Node* leaf);

}  // namespace schema

#endif  // ROUTESH_SCHEMA_EDIT_H_
