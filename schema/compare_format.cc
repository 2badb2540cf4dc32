#include "schema/compare_format.h"

#include <utility>

#include <algorithm>
#include <optional>
#include <string_view>
#include <vector>

#include "schema/boot_writer.h"
#include "schema/natural_order.h"

namespace schema {
namespace {

constexpr std::string_view kAdd = "+";
constexpr std::string_view kDel = "-";
constexpr std::string_view kUpd = ">";
constexpr std::string_view kSame = " ";

bool is_leaf_node(const Node* n) {
  return n->role() == Role::kNode && n->schema()->is_leaf();
}
bool is_tag_node(const Node* n) {
  return n->role() == Role::kNode && n->schema()->kind == Kind::kTag;
}

std::vector<const Node*> values_of(const Node* leaf) {
  std::vector<const Node*> out;
  leaf->children().for_each([&](const Node* v) { out.push_back(v); });
  return out;
}

bool contains(const std::vector<const Node*>& values, std::string_view v) {
  return std::any_of(values.begin(), values.end(),
                     [&](const Node* x) { return x->name() == v; });
}

// Walks the children of `a` and `b` (either may be null: no children) in
// natural order, calling f(old, new) for every name, one side null where it
// exists on the other only. With `skip_shared`, chunks and children the two
// lists share are passed over (they hold no difference).
template <typename F>
void merge_children(const Node* a, const Node* b, bool skip_shared, F&& f) {
  const ChildList none;
  schema::merge_children(a != nullptr ? a->children() : none,
                         b != nullptr ? b->children() : none, skip_shared,
                         std::forward<F>(f));
}

// ---- compare and marked show -------------------------------------------

// Both renderings of two trees in config.boot syntax, as VyOS's
// cnode-algorithm `_show_diff` does them. Context mode (`compare`) prints
// only what differs, each change under an `[edit …]` header naming the
// deepest container or tag value that exists in both, at indentation 0
// below it; full mode (marked `show`) prints every line, nested.
class DiffPrinter {
 public:
  DiffPrinter(bool context, const RenderOptions& options)
      : context_(context), writer_(&out_, options.hide_secrets) {}

  // Old `a` and new `b` at the same path; either may be null, not both.
  void pair(const Node* a, const Node* b, int depth);
  // The children of `a` and `b` (either may be null).
  void children(const Node* a, const Node* b, int depth) {
    merge_children(a, b, context_, [&](const Node* x, const Node* y) {
      pair(x, y, context_ ? 0 : depth);
    });
  }
  std::string& out() { return out_; }

 private:
  // A leaf node (or a value) present on both sides.
  void leaf(const Node* a, const Node* b, int depth);
  // The header of the current context, unless it was the last printed.
  void header();
  // The comment line of a node present on both sides, if it is to be
  // shown: always in full mode, when it changed in context mode.
  bool comment(const Node* a, const Node* b, int depth);

  bool context_;
  std::string out_;
  BootWriter writer_;
  std::vector<std::string> path_;  // words of the current context
  std::optional<std::vector<std::string>> last_header_;
};

void DiffPrinter::header() {
  if (!context_ || last_header_ == path_) return;
  last_header_ = path_;
  out_ += "[edit";
  for (const std::string& w : path_) {
    out_ += ' ';
    append_boot_value(w, &out_);
  }
  out_ += "]\n";
}

bool DiffPrinter::comment(const Node* a, const Node* b, int depth) {
  std::string_view ca = a->comment(), cb = b->comment();
  if (ca.empty() && cb.empty()) return false;
  std::string_view marker = ca.empty()   ? kAdd
                            : cb.empty() ? kDel
                            : ca != cb   ? kUpd
                                         : kSame;
  if (context_ && marker == kSame) return false;
  header();
  writer_.comment(marker, depth, cb.empty() ? ca : cb);
  return true;
}

void DiffPrinter::pair(const Node* a, const Node* b, int depth) {
  if (a == b) {
    if (!context_) writer_.node(b, depth, kSame);
    return;
  }
  if (a == nullptr || b == nullptr) {  // added or removed in full
    header();
    writer_.node(a == nullptr ? b : a, depth, a == nullptr ? kAdd : kDel);
    return;
  }
  if (is_leaf_node(b) || b->role() == Role::kValue) return leaf(a, b, depth);
  if (is_tag_node(b)) {  // not a line of its own, nor a context word
    comment(a, b, depth);
    return children(a, b, depth);
  }
  bool shown = comment(a, b, depth);
  if (context_) {
    // A node printed only for its comment stands for its whole block.
    if (shown) writer_.line(kSame, depth, writer_.head(b) + " { ... }");
    if (b->role() == Role::kTagValue) path_.push_back(b->schema()->name);
    path_.emplace_back(b->name());
    children(a, b, 0);
    path_.resize(path_.size() - (b->role() == Role::kTagValue ? 2 : 1));
    return;
  }
  writer_.line(kSame, depth, writer_.head(b) + " {");
  children(a, b, depth + 1);
  writer_.line(kSame, depth, "}");
}

void DiffPrinter::leaf(const Node* a, const Node* b, int depth) {
  if (b->role() == Role::kValue) {  // a value shown on its own
    writer_.line(a->name() == b->name() ? kSame : kUpd, depth, writer_.head(b));
    return;
  }
  // After a comment line, the node is shown even if unchanged.
  bool shown = comment(a, b, depth);
  bool all = !context_ || shown;
  Kind kind = b->schema()->kind;
  if (kind == Kind::kValueless) {
    if (all) writer_.line(kSame, depth, writer_.head(b));
    return;
  }
  std::vector<const Node*> va = values_of(a), vb = values_of(b);
  if (kind == Kind::kLeaf) {
    if (vb.empty()) return;
    bool same = !va.empty() && va[0]->name() == vb[0]->name();
    if (!same) header();
    if (all || !same) writer_.node(vb[0], depth, same ? kSame : kUpd);
    return;
  }
  // Multi-value (VyOS _cmp_multi_values): removed values first, in their
  // old order; then the new values: added `+`, moved `>`, in place ` `.
  auto line = [&](const Node* v, std::string_view marker) {
    if (!all && marker == kSame) return;
    header();
    writer_.node(v, depth, marker);
  };
  for (const Node* v : va) {
    if (!contains(vb, v->name())) line(v, kDel);
  }
  for (size_t i = 0; i < vb.size(); ++i) {
    std::string_view marker = !contains(va, vb[i]->name()) ? kAdd
                              : i < va.size() && va[i]->name() == vb[i]->name()
                                  ? kSame
                                  : kUpd;
    line(vb[i], marker);
  }
}

// ---- compare commands ----------------------------------------------------


// Collects `delete`, `set` and `comment` lines in tree order; printed in
// that order of kinds, as VyOS's show_cmds_diff does.
class CommandDiff {
 public:
  explicit CommandDiff(const RenderOptions& options) : options_(options) {}

  void pair(const Node* a, const Node* b);
  void children(const Node* a, const Node* b) {
    merge_children(a, b, true,
                   [&](const Node* x, const Node* y) { pair(x, y); });
  }
  std::string text() const { return deletes_ + sets_ + comments_; }

 private:
  // `op` and the current path, then `value` single-quoted.
  void emit(std::string* out, std::string_view op,
            std::optional<std::string_view> value = std::nullopt);
  void emit_value(std::string* out, std::string_view op, const Node* v) {
    bool mask = options_.hide_secrets && v->schema()->secret;
    emit(out, op, mask ? std::string_view(kSecretMask) : v->name());
  }
  // Every set line of a subtree that is new (the node's word pushed).
  void added(const Node* n);
  void comment(std::string_view old_text, std::string_view new_text) {
    if (old_text != new_text) emit(&comments_, "comment", new_text);
  }
  void multi(const Node* a, const Node* b);

  const RenderOptions& options_;
  std::vector<std::string_view> words_;
  std::string deletes_, sets_, comments_;
};

void CommandDiff::emit(std::string* out, std::string_view op,
                       std::optional<std::string_view> value) {
  out->append(op);
  for (std::string_view w : words_) {
    out->push_back(' ');
    out->append(command_word_needs_quotes(w) ? quote_command_value(std::string(w))
                                     : std::string(w));
  }
  if (value) {
    out->push_back(' ');
    out->append(quote_command_value(std::string(*value)));
  }
  out->push_back('\n');
}

void CommandDiff::added(const Node* n) {
  comment({}, n->comment());
  if (is_leaf_node(n)) {
    if (n->schema()->kind == Kind::kValueless) emit(&sets_, "set");
    n->children().for_each(
        [&](const Node* v) { emit_value(&sets_, "set", v); });
  } else if (n->children().empty()) {
    emit(&sets_, "set");  // empty tag value or container
  } else {
    n->children().for_each([&](const Node* c) {
      words_.push_back(c->name());
      added(c);
      words_.pop_back();
    });
  }
}

void CommandDiff::pair(const Node* a, const Node* b) {
  words_.push_back((b != nullptr ? b : a)->name());
  if (b == nullptr) {
    emit(&deletes_, "delete");  // the highest removed node only
  } else if (a == nullptr) {
    added(b);
  } else if (is_leaf_node(b)) {
    Kind kind = b->schema()->kind;
    if (kind == Kind::kMulti) {
      multi(a, b);
    } else if (kind == Kind::kLeaf && !b->children().empty()) {
      const Node* vb = values_of(b)[0];
      if (a->children().find(vb->name()) == nullptr) {
        emit_value(&sets_, "set", vb);
      }
    }
    comment(a->comment(), b->comment());
  } else {
    comment(a->comment(), b->comment());
    children(a, b);
  }
  words_.pop_back();
}

// A changed multi-value leaf: each removed value deleted, each added value
// set, when that gives the new order (set appends); otherwise the leaf is
// deleted and set again value by value, as VyOS does.
void CommandDiff::multi(const Node* a, const Node* b) {
  std::vector<const Node*> va = values_of(a), vb = values_of(b);
  std::vector<const Node*> kept, added_values;
  for (const Node* v : va) {
    if (contains(vb, v->name())) kept.push_back(v);
  }
  for (const Node* v : vb) {
    if (!contains(va, v->name())) added_values.push_back(v);
  }
  std::vector<const Node*> rebuilt = kept;
  rebuilt.insert(rebuilt.end(), added_values.begin(), added_values.end());
  bool in_order = std::equal(
      rebuilt.begin(), rebuilt.end(), vb.begin(), vb.end(),
      [](const Node* x, const Node* y) { return x->name() == y->name(); });
  if (!in_order) {
    emit(&deletes_, "delete");
    added_values = vb;
  } else {
    for (const Node* v : va) {
      if (!contains(vb, v->name())) emit_value(&deletes_, "delete", v);
    }
  }
  for (const Node* v : added_values) emit_value(&sets_, "set", v);
}

}  // namespace

std::string render_compare(const Node* from, const Node* to,
                           const RenderOptions& options) {
  if (from == to) return "";
  DiffPrinter printer(/*context=*/true, options);
  printer.children(from, to, 0);
  return std::move(printer.out());
}

std::string render_compare_commands(const Node* from, const Node* to,
                                    const RenderOptions& options) {
  if (from == to) return "";
  CommandDiff diff(options);
  diff.children(from, to);
  return diff.text();
}

std::string render_marked(const Node* node, const Node* base,
                          const RenderOptions& options) {
  if (node == nullptr && base == nullptr) return "";
  const Node* n = node != nullptr ? node : base;
  DiffPrinter printer(/*context=*/false, options);
  if (is_leaf_node(n) || n->role() == Role::kValue) {
    printer.pair(base, node, 0);  // the node's own line(s)
  } else {
    printer.children(base, node, 0);
  }
  return std::move(printer.out());
}

}  // namespace schema
