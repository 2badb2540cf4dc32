// schema::diff: what changed between two versions of a configuration.
//
// The change list is ordered as the tree prints (depth first, natural
// order) and holds one Change per leaf whose values differ, per valueless
// leaf or empty tag value that appeared or disappeared, and per node whose
// comment changed. Subtrees and child chunks shared by both versions are
// skipped by pointer comparison, so a diff after one edit costs O(depth x
// chunk size), not O(configuration). The commit engine orders these changes
// by dependency; `compare` renders them.
//
// Thread-safety: pure function over two trees.
#ifndef ROUTESH_SCHEMA_DIFF_H_
#define ROUTESH_SCHEMA_DIFF_H_

#include <string>
#include <vector>

#include "schema/path.h"
#include "schema/tree.h"

namespace schema {

struct Change {
  enum class Op { kAdd, kDelete, kModify };
  Op op = Op::kModify;
  Path path;  // to the leaf (values are below it) or to the added node
  std::vector<std::string> old_values;
  std::vector<std::string> new_values;
  bool comment = false;  // only the comment changed
  std::string old_comment, new_comment;
};

std::vector<Change> diff(const Node* from, const Node* to);

const char* op_name(Change::Op op);

}  // namespace schema

#endif  // ROUTESH_SCHEMA_DIFF_H_
