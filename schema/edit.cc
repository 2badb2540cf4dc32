#include "schema/edit.h"

#include <algorithm>

namespace schema {
namespace {

bool sorted_children(const Node* n) { return !n->ordered_by_insertion(); }

// The root made exclusively ours.
Node* own_root(NodePtr& root) {
  if (root->is_shared()) root = root->clone();
  return root.get();
}

// Creates or descends along path[i..] under `node` (exclusively owned).
void set_rec(Node* node, const Resolved& r, size_t i, bool* changed) {
  if (i == r.path.size()) {
    if (!r.value) return;
    const SchemaNode* s = node->schema();
    ChildList& kids = node->mutable_children();
    if (s->kind == Kind::kMulti) {
      if (kids.find_linear(*r.value) == nullptr) {
        kids.append(Node::make(s, Role::kValue, *r.value));
        *changed = true;
      }
    } else if (kids.size() != 1 || kids.find(*r.value) == nullptr) {
      kids.clear();
      kids.put_sorted(Node::make(s, Role::kValue, *r.value));
      *changed = true;
    }
    return;
  }
  const PathElem& e = r.path[i];
  Node* child = node->mutable_children().mutable_child(e.word, true);
  if (child == nullptr) {
    NodePtr fresh = Node::make(e.schema, e.role, e.word);
    set_rec(fresh.get(), r, i + 1, changed);
    node->mutable_children().put_sorted(std::move(fresh));
    *changed = true;
    return;
  }
  set_rec(child, r, i + 1, changed);
}

// A node that disappears when its last child goes: containers, the name
// level of tag nodes and leaves whose values are gone.
bool drops_when_empty(const Node* n) {
  if (n->role() != Role::kNode) return false;
  Kind k = n->schema()->kind;
  return k == Kind::kContainer || k == Kind::kTag || k == Kind::kLeaf ||
         k == Kind::kMulti;
}

void delete_rec(Node* node, const Resolved& r, size_t i) {
  const PathElem& e = r.path[i];
  if (i + 1 == r.path.size()) {
    if (r.value) {
      Node* leaf = node->mutable_children().mutable_child(e.word, true);
      leaf->mutable_children().erase(*r.value, sorted_children(leaf));
      if (!leaf->children().empty()) return;
    }
    node->mutable_children().erase(e.word, true);
    return;
  }
  Node* child = node->mutable_children().mutable_child(e.word, true);
  delete_rec(child, r, i + 1);
  if (child->children().empty() && drops_when_empty(child)) {
    node->mutable_children().erase(e.word, true);
  }
}

rc::Error nothing_to_delete(const Resolved& r, bool value) {
  rc::Error e = rc::make_error(
      rc::Code::kNotFound,
      value ? "Nothing to delete (the specified value does not exist)"
            : "Nothing to delete (the specified node does not exist)",
      path_string(r.path));
  e.vyos = e.message;
  return e;
}

}  // namespace

NodePtr empty_tree(const Schema& schema) {
  return Node::make(schema.root(), Role::kNode, "");
}

const Node* find_node(const Node* root, const Path& path) {
  const Node* at = root;
  for (const auto& e : path) {
    at = at->children().find(e.word);
    if (at == nullptr) return nullptr;
  }
  return at;
}

const Node* find_node(const Node* root, const std::vector<std::string>& words) {
  const Node* at = root;
  for (const auto& w : words) {
    at = at->children().find(w);
    if (at == nullptr) return nullptr;
  }
  return at;
}

std::string leaf_value(const Node* leaf) {
  if (leaf == nullptr) return "";
  std::string v;
  leaf->children().for_each([&](const Node* c) {
    if (v.empty()) v = std::string(c->name());
  });
  if (v.empty() && leaf->schema()->has_default) v = leaf->schema()->default_value;
  return v;
}

rc::Result<EditOutcome> set_path(NodePtr& root, const Resolved& r) {
  EditOutcome out;
  if (r.path.empty()) return out;
  // Nothing to do if it already exists exactly: keep the tree shared.
  const Node* existing = find_node(root.get(), r.path);
  if (existing != nullptr) {
    if (!r.value) return out;
    bool multi = existing->schema()->kind == Kind::kMulti;
    const Node* v = multi ? existing->children().find_linear(*r.value)
                          : existing->children().find(*r.value);
    if (v != nullptr && (multi || existing->children().size() == 1)) {
      return out;
    }
  }
  set_rec(own_root(root), r, 0, &out.changed);
  return out;
}

rc::Result<EditOutcome> delete_path(NodePtr& root, const Resolved& r) {
  EditOutcome out;
  if (r.path.empty()) {
    if (root->children().empty()) return nothing_to_delete(r, false);
    root = root->clone();
    root->mutable_children().clear();
    out.changed = true;
    return out;
  }
  const Node* target = find_node(root.get(), r.path);
  if (target == nullptr) return nothing_to_delete(r, false);
  if (r.value) {
    const Node* v = target->ordered_by_insertion()
                        ? target->children().find_linear(*r.value)
                        : target->children().find(*r.value);
    if (v == nullptr) return nothing_to_delete(r, true);
  }
  delete_rec(own_root(root), r, 0);
  out.changed = true;
  return out;
}

rc::Status copy_node(NodePtr& root, const Path& from, const Path& to) {
  auto last2 = [](const Path& p) {
    return p.size() < 2 ? std::string() : p[p.size() - 2].word + " " + p.back().word;
  };
  if (from.empty() || to.empty() || from.back().role != Role::kTagValue ||
      to.back().role != Role::kTagValue || from.size() != to.size() ||
      !std::equal(from.begin(), from.end() - 1, to.begin(),
                  [](const PathElem& a, const PathElem& b) {
                    return a.word == b.word;
                  })) {
    rc::Error e = rc::make_error(rc::Code::kInvalidArgument,
                                 "Cannot copy from \"" + last2(from) +
                                     "\" to \"" + last2(to) + "\"",
                                 path_string(from),
                                 "copy and rename work on values of one tag "
                                 "node: copy rule 10 to rule 20");
    e.vyos = e.message;
    return e;
  }
  const Node* src = find_node(root.get(), from);
  if (src == nullptr) {
    rc::Error e = rc::make_error(
        rc::Code::kNotFound,
        "Configuration \"" + last2(from) + "\" does not exist", path_string(from));
    e.vyos = e.message;
    return e;
  }
  if (find_node(root.get(), to) != nullptr) {
    rc::Error e = rc::make_error(
        rc::Code::kConflict,
        "Configuration \"" + last2(to) + "\" already exists", path_string(to));
    e.vyos = e.message;
    return e;
  }
  NodePtr copy = Node::make(src->schema(), Role::kTagValue, to.back().word,
                            src->comment());
  copy->mutable_children() = src->children();
  Node* at = own_root(root);
  for (size_t i = 0; i + 1 < to.size(); ++i) {
    at = at->mutable_children().mutable_child(to[i].word, true);
  }
  at->mutable_children().put_sorted(std::move(copy));
  return rc::Status::Ok();
}

rc::Status set_comment(NodePtr& root, const Path& path,
                       const std::string& comment) {
  if (find_node(root.get(), path) == nullptr) {
    return rc::make_error(rc::Code::kNotFound,
                          "The specified config node does not exist",
                          path_string(path));
  }
  Node* at = own_root(root);
  for (size_t i = 0; i + 1 < path.size(); ++i) {
    at = at->mutable_children().mutable_child(path[i].word, true);
  }
  if (path.empty()) return rc::Status::Ok();
  const Node* target = at->children().find(path.back().word);
  at->mutable_children().put_sorted(target->with_comment(comment));
  return rc::Status::Ok();
}

}  // namespace schema
