#include "schema/diff.h"

#include "schema/natural_order.h"

namespace schema {
namespace {

std::vector<std::string> values_of(const Node* leaf) {
  std::vector<std::string> out;
  leaf->children().for_each(
      [&](const Node* v) { out.emplace_back(v->name()); });
  return out;
}

bool is_leaf_node(const Node* n) {
  return n->role() == Role::kNode && n->schema()->is_leaf();
}

PathElem elem_of(const Node* n) {
  return {std::string(n->name()), n->schema(), n->role()};
}

class Differ {
 public:
  explicit Differ(std::vector<Change>* out) : out_(out) {}

  // Every leaf of a subtree that exists on one side only.
  void one_side(const Node* n, Change::Op op) {
    path_.push_back(elem_of(n));
    if (is_leaf_node(n) || n->children().empty()) {
      Change c;
      c.op = op;
      c.path = path_;
      if (is_leaf_node(n)) {
        (op == Change::Op::kAdd ? c.new_values : c.old_values) = values_of(n);
      }
      if (!n->comment().empty()) {
        (op == Change::Op::kAdd ? c.new_comment : c.old_comment) =
            std::string(n->comment());
      }
      out_->push_back(std::move(c));
    } else {
      if (!n->comment().empty()) comment_change(n, op);
      n->children().for_each([&](const Node* k) { one_side(k, op); });
    }
    path_.pop_back();
  }

  void roots(const Node* a, const Node* b) {
    children(a->children(), b->children());
  }

  void both(const Node* a, const Node* b) {
    if (a == b) return;
    path_.push_back(elem_of(b));
    if (a->comment() != b->comment()) {
      Change c;
      c.op = Change::Op::kModify;
      c.comment = true;
      c.path = path_;
      c.old_comment = std::string(a->comment());
      c.new_comment = std::string(b->comment());
      out_->push_back(std::move(c));
    }
    if (is_leaf_node(b)) {
      std::vector<std::string> va = values_of(a), vb = values_of(b);
      if (va != vb) {
        Change c;
        c.op = Change::Op::kModify;
        c.path = path_;
        c.old_values = std::move(va);
        c.new_values = std::move(vb);
        out_->push_back(std::move(c));
      }
    } else {
      children(a->children(), b->children());
    }
    path_.pop_back();
  }

 private:
  void comment_change(const Node* n, Change::Op op) {
    Change c;
    c.op = Change::Op::kModify;
    c.comment = true;
    c.path = path_;
    (op == Change::Op::kAdd ? c.new_comment : c.old_comment) =
        std::string(n->comment());
    out_->push_back(std::move(c));
  }

  void children(const ChildList& a, const ChildList& b) {
    merge_children(a, b, /*skip_shared=*/true,
                   [&](const Node* x, const Node* y) {
                     if (y == nullptr) {
                       one_side(x, Change::Op::kDelete);
                     } else if (x == nullptr) {
                       one_side(y, Change::Op::kAdd);
                     } else {
                       both(x, y);
                     }
                   });
  }

  std::vector<Change>* out_;
  Path path_;
};

}  // namespace

const char* op_name(Change::Op op) {
  switch (op) {
    case Change::Op::kAdd: return "add";
    case Change::Op::kDelete: return "delete";
    case Change::Op::kModify: return "modify";
  }
  return "?";
}

std::vector<Change> diff(const Node* from, const Node* to) {
  std::vector<Change> out;
  if (from == to) return out;
  Differ(&out).roots(from, to);
  return out;
}

}  // namespace schema
