// config.boot: VyOS's curly-brace configuration file, read and written.
//
// Reading accepts what VyOS 1.2/1.3 write and read: both version footers
// (`/* === vyatta-config-version: … === */` and `// vyos-config-version:
// …`), `/* comments */` attached to the node that follows, `//` line
// comments, bare and double-quoted values, tag nodes written `tag value {`,
// repeated lines for multi-value leaves. Every node is checked against the
// schema as it is read. Subtrees the schema does not model (firewall, nat,
// service, …) are errors naming each path, or, with skip_unsupported, are
// skipped and listed.
//
// Writing produces VyOS 1.3 style: 4 spaces per level, natural order,
// values double-quoted only when empty or containing space or `*{};`,
// comments as `/* text */` above their node, and the 1.3 footer.
// Read → write → read is stable.
//
// Thread-safety: pure functions.
#ifndef ROUTESH_SCHEMA_BOOT_FORMAT_H_
#define ROUTESH_SCHEMA_BOOT_FORMAT_H_

#include <string>
#include <string_view>
#include <vector>

#include "schema/line_error.h"
#include "schema/schema.h"
#include "schema/tree.h"

namespace schema {

struct BootParseOptions {
  bool skip_unsupported = false;
};

struct BootParseResult {
  NodePtr root;                          // what was read (never null)
  std::vector<LineError> errors;         // every problem, in line order
  std::vector<std::string> skipped;      // unsupported paths skipped
  std::vector<std::string> notes;        // e.g. older spellings migrated
};

// Parses config.boot text. Continues after errors so that all are reported;
// nodes in error are left out of root.
BootParseResult parse_boot(const Schema& schema, std::string_view text,
                           const BootParseOptions& options = {});

// True if the text looks like config.boot rather than set-lines (its first
// significant line is not a set/delete/edit command).
bool looks_like_boot(std::string_view text);

struct BootRenderOptions {
  bool footer = true;        // append the VyOS 1.3 version footer
  bool hide_secrets = false; // print secret values as ****************
};

std::string render_boot(const Node* root,
                        const BootRenderOptions& options = {});

}  // namespace schema

#endif  // ROUTESH_SCHEMA_BOOT_FORMAT_H_
