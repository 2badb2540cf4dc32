// `show configuration commands` and JSON renderings of a configuration.
//
// Commands: one `set <path> '<value>'` line per leaf value, exactly as VyOS
// prints them (vyos1x-config Renderer.render_commands): path words and tag
// values unquoted, every value in single quotes with `\` and `"` escaped,
// multi-value leaves one line per value in stored order, valueless leaves
// and childless tag values / containers as the bare path, comments as
// `comment <path> '<text>'` after the node's lines. Paths may be printed
// relative to a base path (for `show … | commands` at an edit level).
//
// JSON: containers and tag values are objects, tag nodes objects keyed by
// value, leaves strings, multi-value leaves arrays, valueless leaves {}.
//
// Thread-safety: pure functions.
#ifndef ROUTESH_SCHEMA_COMMANDS_FORMAT_H_
#define ROUTESH_SCHEMA_COMMANDS_FORMAT_H_

#include <string>
#include <string_view>

#include "schema/path.h"
#include "schema/tree.h"

namespace schema {

struct RenderOptions {
  bool hide_secrets = false;  // secret values as '****************'
};

extern const char kSecretMask[];  // "****************"

// The set-commands of the subtree at `node`, whose path from the root is
// `at` (printed in front of each line after `prefix_words` of it are
// dropped: pass at.size() to print paths relative to `node`).
std::string render_commands(const Node* node, const Path& at,
                            size_t prefix_words = 0,
                            const RenderOptions& options = {});

// The whole tree from the root.
inline std::string render_commands(const Node* root,
                                   const RenderOptions& options = {}) {
  return render_commands(root, {}, 0, options);
}

// JSON of the subtree at `node`, pretty-printed with 4-space indentation.
std::string render_json(const Node* node, const RenderOptions& options = {});

// A path word (node name or tag value) is printed bare, as VyOS does,
// unless it could not be read back as one word; then it is quoted like a
// value.
bool command_word_needs_quotes(std::string_view word);

// A value as VyOS's commands renderer quotes it: '…' with \ and " escaped.
std::string quote_command_value(const std::string& value);

}  // namespace schema

#endif  // ROUTESH_SCHEMA_COMMANDS_FORMAT_H_
