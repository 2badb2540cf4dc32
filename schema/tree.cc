#include "schema/tree.h"

#include <cstring>
#include <new>

#include "schema/natural_order.h"

namespace schema {

// ---------------------------------------------------------------- chunks

struct alignas(8) ChildList::Chunk {
  uint32_t refs;
  uint16_t size;
  uint16_t cap;

  Node** items() { return reinterpret_cast<Node**>(this + 1); }
  Node* const* items() const {
    return reinterpret_cast<Node* const*>(this + 1);
  }

  static Chunk* alloc(uint32_t cap) {
    void* mem = ::operator new(sizeof(Chunk) + cap * sizeof(Node*));
    Chunk* c = static_cast<Chunk*>(mem);
    c->refs = 1;
    c->size = 0;
    c->cap = static_cast<uint16_t>(cap);
    return c;
  }
  static void free_mem(Chunk* c) { ::operator delete(c); }
  // A copy holding new references to the same children.
  Chunk* copy(uint32_t new_cap) const {
    Chunk* c = alloc(new_cap);
    c->size = size;
    for (uint32_t i = 0; i < size; ++i) {
      c->items()[i] = items()[i];
      ++items()[i]->refs_;
    }
    return c;
  }
  static void release(Chunk* c) {
    if (--c->refs != 0) return;
    for (uint32_t i = 0; i < c->size; ++i) NodePtr::adopt(c->items()[i]);
    free_mem(c);
  }
};

struct ChildList::Index {
  uint32_t refs;
  uint32_t size;     // children in all chunks
  uint32_t nchunks;
  uint32_t cap;

  Chunk** chunks() { return reinterpret_cast<Chunk**>(this + 1); }
  Chunk* const* chunks() const {
    return reinterpret_cast<Chunk* const*>(this + 1);
  }

  static Index* alloc(uint32_t cap) {
    void* mem = ::operator new(sizeof(Index) + cap * sizeof(Chunk*));
    Index* x = static_cast<Index*>(mem);
    x->refs = 1;
    x->size = 0;
    x->nchunks = 0;
    x->cap = cap;
    return x;
  }
  static void release(Index* x) {
    if (--x->refs != 0) return;
    for (uint32_t i = 0; i < x->nchunks; ++i) Chunk::release(x->chunks()[i]);
    ::operator delete(x);
  }
};

namespace {

// Index of the first item whose name is not less than `name`.
template <typename Items>
uint32_t lower_bound(const Items& items, uint32_t n, std::string_view name) {
  uint32_t lo = 0, hi = n;
  while (lo < hi) {
    uint32_t mid = (lo + hi) / 2;
    if (natural_compare(items[mid]->name(), name) < 0) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

}  // namespace

ChildList::ChildList(const ChildList& o) : p_(o.p_) {
  if (p_ == 0) return;
  if (is_index()) {
    ++index()->refs;
  } else {
    ++chunk()->refs;
  }
}

ChildList& ChildList::operator=(const ChildList& o) {
  if (this == &o) return *this;
  ChildList copy(o);
  std::swap(p_, copy.p_);
  return *this;
}

ChildList::~ChildList() { clear(); }

void ChildList::clear() {
  if (p_ == 0) return;
  if (is_index()) {
    Index::release(index());
  } else {
    Chunk::release(chunk());
  }
  p_ = 0;
}

size_t ChildList::size() const {
  if (p_ == 0) return 0;
  return is_index() ? index()->size : chunk()->size;
}

uint32_t ChildList::chunk_count() const {
  if (p_ == 0) return 0;
  return is_index() ? index()->nchunks : 1;
}

ChildList::Chunk* ChildList::chunk_at(uint32_t i) const {
  return is_index() ? index()->chunks()[i] : chunk();
}

// The chunk that holds `name` or where it would be inserted (the first
// chunk whose last child is >= name; the last chunk if none), by binary
// search over the chunks. REQUIRES: non-empty and sorted.
uint32_t ChildList::chunk_for(std::string_view name) const {
  if (!is_index()) return 0;
  const Index* x = index();
  uint32_t lo = 0, hi = x->nchunks;
  while (lo < hi) {
    uint32_t mid = (lo + hi) / 2;
    const Chunk* c = x->chunks()[mid];
    if (natural_compare(c->items()[c->size - 1]->name(), name) < 0) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo == x->nchunks ? lo - 1 : lo;
}

// Position of `name`: its chunk and index; false if absent.
bool ChildList::locate(std::string_view name, bool sorted, uint32_t* ci,
                       uint32_t* pos) const {
  uint32_t n = chunk_count();
  if (n == 0) return false;
  if (sorted) {
    *ci = chunk_for(name);
    const Chunk* c = chunk_at(*ci);
    *pos = lower_bound(c->items(), c->size, name);
    return *pos < c->size && c->items()[*pos]->name() == name;
  }
  for (uint32_t i = 0; i < n; ++i) {
    const Chunk* c = chunk_at(i);
    for (uint32_t k = 0; k < c->size; ++k) {
      if (c->items()[k]->name() == name) {
        *ci = i;
        *pos = k;
        return true;
      }
    }
  }
  return false;
}

const Node* ChildList::find(std::string_view name) const {
  uint32_t ci, pos;
  if (!locate(name, true, &ci, &pos)) return nullptr;
  return chunk_at(ci)->items()[pos];
}

const Node* ChildList::find_linear(std::string_view name) const {
  uint32_t ci, pos;
  if (!locate(name, false, &ci, &pos)) return nullptr;
  return chunk_at(ci)->items()[pos];
}

void ChildList::make_index_unique() {
  Index* x = index();
  if (x->refs == 1) return;
  Index* y = Index::alloc(x->cap);
  y->size = x->size;
  y->nchunks = x->nchunks;
  for (uint32_t i = 0; i < x->nchunks; ++i) {
    y->chunks()[i] = x->chunks()[i];
    ++y->chunks()[i]->refs;
  }
  Index::release(x);
  p_ = reinterpret_cast<uintptr_t>(y) | 1u;
}

// Makes chunk i exclusively ours and returns it.
ChildList::Chunk** ChildList::unique_chunk_slot(uint32_t i) {
  Chunk** slot;
  if (is_index()) {
    make_index_unique();
    slot = &index()->chunks()[i];
  } else {
    slot = reinterpret_cast<Chunk**>(&p_);
  }
  if ((*slot)->refs > 1) {
    Chunk* c = (*slot)->copy((*slot)->cap);
    Chunk::release(*slot);
    *slot = c;
  }
  return slot;
}

// Makes the list an index we own, with room for one more chunk.
ChildList::Index* ChildList::index_with_room() {
  if (!is_index()) {
    Index* x = Index::alloc(4);
    x->chunks()[0] = chunk();
    x->nchunks = 1;
    x->size = chunk()->size;
    p_ = reinterpret_cast<uintptr_t>(x) | 1u;
  }
  make_index_unique();
  Index* x = index();
  if (x->nchunks == x->cap) {
    Index* y = Index::alloc(x->cap * 2);
    y->size = x->size;
    y->nchunks = x->nchunks;
    std::memcpy(y->chunks(), x->chunks(), x->nchunks * sizeof(Chunk*));
    ::operator delete(x);
    x = y;
    p_ = reinterpret_cast<uintptr_t>(x) | 1u;
  }
  return x;
}

void ChildList::split_chunk(uint32_t i) {
  Index* x = index_with_room();
  Chunk** slot = unique_chunk_slot(i);
  Chunk* c = *slot;
  uint32_t half = c->size / 2;
  Chunk* right = Chunk::alloc(c->size - half + 1);
  right->size = static_cast<uint16_t>(c->size - half);
  std::memcpy(right->items(), c->items() + half, right->size * sizeof(Node*));
  c->size = static_cast<uint16_t>(half);
  std::memmove(x->chunks() + i + 2, x->chunks() + i + 1,
               (x->nchunks - i - 1) * sizeof(Chunk*));
  x->chunks()[i + 1] = right;
  ++x->nchunks;
}

void ChildList::remove_chunk(uint32_t i) {
  Index* x = index();  // REQUIRES: unique
  Chunk::free_mem(x->chunks()[i]);
  std::memmove(x->chunks() + i, x->chunks() + i + 1,
               (x->nchunks - i - 1) * sizeof(Chunk*));
  --x->nchunks;
  if (x->nchunks == 0) {
    ::operator delete(x);
    p_ = 0;
  }
}

void ChildList::put_sorted(NodePtr child) {
  std::string_view name = child->name();
  if (p_ == 0) {
    Chunk* c = Chunk::alloc(2);
    c->items()[0] = child.release();
    c->size = 1;
    p_ = reinterpret_cast<uintptr_t>(c);
    return;
  }
  uint32_t ci = chunk_for(name);
  Chunk* c = chunk_at(ci);
  uint32_t pos = lower_bound(c->items(), c->size, name);
  bool replace = pos < c->size && c->items()[pos]->name() == name;
  if (!replace && c->size == kChunkMax && pos == c->size &&
      ci + 1 == chunk_count()) {
    append(std::move(child));
    return;
  }
  if (!replace && c->size == kChunkMax) {
    split_chunk(ci);
    put_sorted(std::move(child));
    return;
  }
  Chunk** slot = unique_chunk_slot(ci);
  c = *slot;
  if (replace) {
    NodePtr::adopt(c->items()[pos]);
    c->items()[pos] = child.release();
    return;
  }
  if (c->size == c->cap) {
    uint32_t cap = c->cap * 2 > kChunkMax ? kChunkMax : c->cap * 2;
    Chunk* g = Chunk::alloc(cap);
    g->size = c->size;
    std::memcpy(g->items(), c->items(), c->size * sizeof(Node*));
    Chunk::free_mem(c);
    *slot = g;
    c = g;
  }
  std::memmove(c->items() + pos + 1, c->items() + pos,
               (c->size - pos) * sizeof(Node*));
  c->items()[pos] = child.release();
  ++c->size;
  if (is_index()) ++index()->size;
}

void ChildList::append(NodePtr child) {
  if (p_ == 0) {
    put_sorted(std::move(child));
    return;
  }
  uint32_t last = chunk_count() - 1;
  if (chunk_at(last)->size == kChunkMax) {
    // Start a new chunk rather than split: appends keep chunks full.
    Index* x = index_with_room();
    x->chunks()[x->nchunks++] = Chunk::alloc(8);
    last = x->nchunks - 1;
  }
  Chunk** slot = unique_chunk_slot(last);
  Chunk* c = *slot;
  if (c->size == c->cap) {
    uint32_t cap = c->cap * 2 > kChunkMax ? kChunkMax : c->cap * 2;
    Chunk* g = Chunk::alloc(cap);
    g->size = c->size;
    std::memcpy(g->items(), c->items(), c->size * sizeof(Node*));
    Chunk::free_mem(c);
    *slot = g;
    c = g;
  }
  c->items()[c->size++] = child.release();
  if (is_index()) ++index()->size;
}

bool ChildList::erase(std::string_view name, bool sorted) {
  uint32_t ci, pos;
  if (!locate(name, sorted, &ci, &pos)) return false;
  Chunk** slot = unique_chunk_slot(ci);
  Chunk* u = *slot;
  NodePtr::adopt(u->items()[pos]);
  std::memmove(u->items() + pos, u->items() + pos + 1,
               (u->size - pos - 1) * sizeof(Node*));
  --u->size;
  if (is_index()) {
    --index()->size;
    if (u->size == 0) remove_chunk(ci);
  } else if (u->size == 0) {
    Chunk::free_mem(u);
    p_ = 0;
  }
  return true;
}

Node* ChildList::mutable_child(std::string_view name, bool sorted) {
  uint32_t ci, pos;
  if (!locate(name, sorted, &ci, &pos)) return nullptr;
  Chunk* u = *unique_chunk_slot(ci);
  Node*& slot = u->items()[pos];
  if (slot->refs_ > 1) {
    Node* copy = slot->clone().release();
    NodePtr::adopt(slot);
    slot = copy;
  }
  return slot;
}

ChildList::Cursor::Cursor(const ChildList& list) : list_(&list) {}

bool ChildList::Cursor::at_end() const {
  return chunk_ >= list_->chunk_count();
}

const Node* ChildList::Cursor::node() const {
  return list_->chunk_at(chunk_)->items()[item_];
}

void ChildList::Cursor::next() {
  if (++item_ >= list_->chunk_at(chunk_)->size) {
    ++chunk_;
    item_ = 0;
  }
}

const void* ChildList::Cursor::chunk() const {
  return list_->chunk_at(chunk_);
}

void ChildList::Cursor::skip_chunk() {
  ++chunk_;
  item_ = 0;
}

// ---------------------------------------------------------------- nodes

NodePtr Node::make(const SchemaNode* schema, Role role, std::string_view name,
                   std::string_view comment) {
  size_t bytes = sizeof(Node) + name.size() + comment.size();
  void* mem = ::operator new(bytes);
  Node* n = new (mem) Node();
  n->name_len_ = static_cast<uint16_t>(name.size());
  n->comment_len_ = static_cast<uint16_t>(comment.size());
  n->schema_role_ =
      reinterpret_cast<uintptr_t>(schema) | static_cast<uintptr_t>(role);
  if (!name.empty()) std::memcpy(n->text(), name.data(), name.size());
  if (!comment.empty()) {
    std::memcpy(n->text() + name.size(), comment.data(), comment.size());
  }
  return NodePtr::adopt(n);
}

void Node::destroy(Node* n) {
  n->~Node();
  ::operator delete(n);
}

NodePtr Node::clone() const {
  NodePtr c = make(schema(), role(), name(), comment());
  c->children_ = children_;
  return c;
}

NodePtr Node::with_comment(std::string_view text) const {
  NodePtr c = make(schema(), role(), name(), text);
  c->children_ = children_;
  return c;
}

size_t Node::self_bytes() const {
  return sizeof(Node) + name_len_ + comment_len_;
}

}  // namespace schema
