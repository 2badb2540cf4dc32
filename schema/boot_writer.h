// schema::BootWriter: config.boot lines, shared by render_boot() and the
// `compare` / marked `show` renderers.
//
// Every line is a marker column (empty for config.boot, `+`, `-`, `>` or a
// space for the diff renderers), 4 spaces per level, then the text: a
// container or tag value block (`name {` … `}`, `tag value {` … `}`), a leaf
// line per value (`name value`), a valueless leaf (`name`), a comment
// (`/* text */`) above its node. Values and tag values are bare or
// double-quoted as config.boot wants them (append_boot_value()).
//
// Thread-safety: a BootWriter belongs to one thread; it appends to a string
// it does not own.
#ifndef ROUTESH_SCHEMA_BOOT_WRITER_H_
#define ROUTESH_SCHEMA_BOOT_WRITER_H_

#include <string>
#include <string_view>

#include "schema/tree.h"

namespace schema {

// Appends a value or tag value as config.boot writes it: bare, or in double
// quotes when empty, starting with `//` or `/*`, or holding a space, `*`,
// `{`, `}`, `;`, `"` or a control character.
void append_boot_value(std::string_view v, std::string* out);

class BootWriter {
 public:
  BootWriter(std::string* out, bool hide_secrets)
      : out_(out), hide_secrets_(hide_secrets) {}

  // `marker`, 4 spaces per level of `depth`, `text`, newline.
  void line(std::string_view marker, int depth, std::string_view text);
  // `/* text */` as a line; nothing if `text` is empty.
  void comment(std::string_view marker, int depth, std::string_view text);
  // The words of a node's line: a node's name, `tag value` for a tag value,
  // `leaf value` for a leaf's value (masked if secret and hiding secrets).
  std::string head(const Node* n) const;
  // `n` in full, every line marked: a container or tag value as a block, a
  // tag node as the blocks of its values, a leaf as its value lines, a
  // value as its leaf line. Comments go above their node.
  void node(const Node* n, int depth, std::string_view marker);
  // node() for each child of `n`.
  void children(const Node* n, int depth, std::string_view marker);

 private:
  std::string* out_;
  bool hide_secrets_;
};

}  // namespace schema

#endif  // ROUTESH_SCHEMA_BOOT_WRITER_H_
