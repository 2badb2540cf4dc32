// schema::Node, NodePtr, ChildList: the configuration tree.
//
// A configuration is a tree of words, as VyOS keeps it: `protocols` ->
// `static` -> `route` -> `10.0.0.0/8` -> `next-hop` -> `192.0.2.1`. Every
// node points at its SchemaNode and has a role: an interior or leaf *node*
// (a schema word), a *tag value* (the key of a tag instance), or a *value*
// (a leaf's value; a multi-value leaf has several, in the order they were
// set; all other children sort in natural order).
//
// Nodes are immutable once shared and reference counted, so that candidate
// and running configurations are two versions of one tree sharing every
// unchanged subtree: a candidate is a copy of the root pointer, an edit
// copies only the nodes on its path (and, for wide nodes, one chunk of at
// most kChunkMax child pointers plus the chunk index), and a diff skips
// shared subtrees and chunks by pointer comparison. A node whose count is
// one is owned by a single tree being edited and is changed in place.
//
// Thread-safety: reference counts are not atomic. A tree and everything
// sharing nodes with it belong to one thread (the daemon's engine thread).
#ifndef ROUTESH_SCHEMA_TREE_H_
#define ROUTESH_SCHEMA_TREE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "schema/schema_node.h"

namespace schema {

enum class Role : uint8_t { kNode = 0, kTagValue = 1, kValue = 2 };

class Node;

// Owning reference to a Node.
class NodePtr {
 public:
  NodePtr() = default;
  NodePtr(const NodePtr& o);
  NodePtr(NodePtr&& o) noexcept : p_(o.p_) { o.p_ = nullptr; }
  NodePtr& operator=(const NodePtr& o);
  NodePtr& operator=(NodePtr&& o) noexcept;
  ~NodePtr();

  // Adopts a reference already counted for the caller.
  // A new reference to an existing node.
  static NodePtr share(const Node* n);
  static NodePtr adopt(Node* n) {
    NodePtr p;
    p.p_ = n;
    return p;
  }
  Node* get() const { return p_; }
  Node* operator->() const { return p_; }
  Node& operator*() const { return *p_; }
  explicit operator bool() const { return p_ != nullptr; }
  bool operator==(const NodePtr& o) const { return p_ == o.p_; }
  bool unique() const;
  // Gives up ownership without releasing.
  Node* release() {
    Node* n = p_;
    p_ = nullptr;
    return n;
  }

 private:
  Node* p_ = nullptr;
};

// The children of a node: a small array, or an index of shared chunks.
class ChildList {
 public:
  static constexpr uint32_t kChunkMax = 64;

  ChildList() = default;
  ChildList(const ChildList& o);
  ChildList& operator=(const ChildList& o);
  ~ChildList();

  size_t size() const;
  bool empty() const { return p_ == 0; }
  bool same_as(const ChildList& o) const { return p_ == o.p_; }

  // Natural-order lookup. Returns nullptr if absent.
  const Node* find(std::string_view name) const;
  // Insertion-order lookup (values of multi-value leaves).
  const Node* find_linear(std::string_view name) const;

  // Inserts `child`, or replaces the child of the same name, in natural
  // order. Copies shared chunks first (copy on write).
  void put_sorted(NodePtr child);
  // Appends `child` (insertion order). REQUIRES: no child of that name.
  void append(NodePtr child);
  // Removes the child named `name`. Returns false if there is none.
  bool erase(std::string_view name, bool sorted);
  // The child named `name`, made exclusively ours for editing in place:
  // a shared chunk is copied, a shared child is cloned into its slot.
  // Returns nullptr if there is none.
  Node* mutable_child(std::string_view name, bool sorted);
  void clear();

  // Visits children in order.
  template <typename F>
  void for_each(F&& f) const {
    for (Cursor c(*this); !c.at_end(); c.next()) f(c.node());
  }

  // A position in a ChildList; used by iteration and by diff, which skips
  // whole chunks shared by two lists.
  class Cursor {
   public:
    explicit Cursor(const ChildList& list);
    bool at_end() const;
    const Node* node() const;
    void next();
    // True at the first child of a chunk; chunk() identifies the chunk.
    bool at_chunk_start() const { return item_ == 0; }
    const void* chunk() const;
    void skip_chunk();

   private:
    const ChildList* list_;
    uint32_t chunk_ = 0;
    uint32_t item_ = 0;
  };

 private:
  struct Chunk;
  struct Index;
  friend class Cursor;
  bool is_index() const { return (p_ & 1u) != 0; }
  Chunk* chunk() const { return reinterpret_cast<Chunk*>(p_); }
  Index* index() const { return reinterpret_cast<Index*>(p_ & ~uintptr_t{1}); }
  uint32_t chunk_count() const;
  uint32_t chunk_for(std::string_view name) const;
  bool locate(std::string_view name, bool sorted, uint32_t* ci,
              uint32_t* pos) const;
  Chunk* chunk_at(uint32_t i) const;
  Chunk** unique_chunk_slot(uint32_t i);  // copy on write
  void make_index_unique();
  Index* index_with_room();
  void split_chunk(uint32_t i);
  void remove_chunk(uint32_t i);

  uintptr_t p_ = 0;  // 0: empty; low bit 0: Chunk*; low bit 1: Index*
};

class Node {
 public:
  // A new node with no children and a reference count of one.
  static NodePtr make(const SchemaNode* schema, Role role,
                      std::string_view name, std::string_view comment = {});

  std::string_view name() const { return {text(), name_len_}; }
  std::string_view comment() const {
    return {text() + name_len_, comment_len_};
  }
  const SchemaNode* schema() const {
    return reinterpret_cast<const SchemaNode*>(schema_role_ & ~uintptr_t{3});
  }
  Role role() const { return static_cast<Role>(schema_role_ & 3u); }
  const ChildList& children() const { return children_; }
  // REQUIRES: this node is not shared (the caller holds the only reference).
  ChildList& mutable_children() { return children_; }
  bool is_shared() const { return refs_ > 1; }

  // A node with the same name, schema and (shared) children.
  NodePtr clone() const;
  // The same node with another comment (empty: none).
  NodePtr with_comment(std::string_view comment) const;

  // True if this node's values are kept in insertion order.
  bool ordered_by_insertion() const {
    return role() == Role::kNode && schema()->kind == Kind::kMulti;
  }

  // Approximate heap bytes of this node alone (for the benchmark).
  size_t self_bytes() const;

 private:
  friend class NodePtr;
  friend class ChildList;
  Node() = default;
  static void destroy(Node* n);

  uint32_t refs_ = 1;
  uint16_t name_len_ = 0;
  uint16_t comment_len_ = 0;
  uintptr_t schema_role_ = 0;
  ChildList children_;
  // The name, then the comment, are allocated right after the Node.
  char* text() { return reinterpret_cast<char*>(this + 1); }
  const char* text() const { return reinterpret_cast<const char*>(this + 1); }
};

inline NodePtr::NodePtr(const NodePtr& o) : p_(o.p_) {
  if (p_ != nullptr) ++p_->refs_;
}
inline NodePtr& NodePtr::operator=(const NodePtr& o) {
  if (o.p_ != nullptr) ++o.p_->refs_;
  Node* old = p_;
  p_ = o.p_;
  if (old != nullptr && --old->refs_ == 0) Node::destroy(old);
  return *this;
}
inline NodePtr& NodePtr::operator=(NodePtr&& o) noexcept {
  if (this != &o) {
    Node* old = p_;
    p_ = o.p_;
    o.p_ = nullptr;
    if (old != nullptr && --old->refs_ == 0) Node::destroy(old);
  }
  return *this;
}
inline NodePtr::~NodePtr() {
  if (p_ != nullptr && --p_->refs_ == 0) Node::destroy(p_);
}
inline NodePtr NodePtr::share(const Node* n) {
  Node* m = const_cast<Node*>(n);
  if (m != nullptr) ++m->refs_;
  return adopt(m);
}
inline bool NodePtr::unique() const { return p_ != nullptr && p_->refs_ == 1; }

// Walks two child lists side by side in natural order, calling f(a, b) with
// the children of the same name (either null where one side has none). With
// skip_shared, chunks and children shared by both lists are passed over:
// they hold no difference, and skipping them keeps a diff after one edit
// O(chunk size) per level. REQUIRES: both lists sorted (not multi values).
template <typename F>
void merge_children(const ChildList& la, const ChildList& lb, bool skip_shared,
                    F&& f);

}  // namespace schema

#include "schema/natural_order.h"

namespace schema {

template <typename F>
void merge_children(const ChildList& la, const ChildList& lb, bool skip_shared,
                    F&& f) {
  if (skip_shared && la.same_as(lb)) return;
  ChildList::Cursor ca(la), cb(lb);
  while (!ca.at_end() || !cb.at_end()) {
    if (skip_shared && !ca.at_end() && !cb.at_end() && ca.at_chunk_start() &&
        cb.at_chunk_start() && ca.chunk() == cb.chunk()) {
      ca.skip_chunk();
      cb.skip_chunk();
      continue;
    }
    int cmp = ca.at_end() ? 1
              : cb.at_end()
                  ? -1
                  : natural_compare(ca.node()->name(), cb.node()->name());
    const Node* x = cmp <= 0 ? ca.node() : nullptr;
    const Node* y = cmp >= 0 ? cb.node() : nullptr;
    if (x != nullptr) ca.next();
    if (y != nullptr) cb.next();
    if (!skip_shared || x != y) f(x, y);
  }
}

}  // namespace schema

#endif  // ROUTESH_SCHEMA_TREE_H_
