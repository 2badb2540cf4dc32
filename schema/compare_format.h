// `compare` and `show` with change markers: a candidate against running.
//
// render_compare() prints the differences between two configurations as
// VyOS 1.2/1.3 (and Junos) do: for each changed region a context header
// `[edit a b c]`, then the changed lines in config.boot syntax with 4 spaces
// per level, prefixed `+` (added), `-` (removed) or `>` (a single value
// changed: the new value only); whole added or removed subtrees are printed
// in full. Equal trees print "" (the caller says "No changes between …").
//
// render_compare_commands() prints the same difference as replayable
// commands: every `delete <path>` first (deepest removed node only), then
// `set <path> '<value>'` for what is added or changed, in tree order.
//
// render_marked() prints a configuration (a subtree: `node` at `path`) in
// config.boot syntax with a one-column marker against `base`: `+` added,
// `-` deleted (printed from base), `>` changed value, space otherwise — the
// config-mode `show`.
//
// Thread-safety: pure functions.
#ifndef ROUTESH_SCHEMA_COMPARE_FORMAT_H_
#define ROUTESH_SCHEMA_COMPARE_FORMAT_H_

#include <string>

#include "schema/commands_format.h"
#include "schema/path.h"
#include "schema/tree.h"

namespace schema {

std::string render_compare(const Node* from, const Node* to,
                           const RenderOptions& options = {});

std::string render_compare_commands(const Node* from, const Node* to,
                                    const RenderOptions& options = {});

// `node` and `base` are the same path (`path`) in two trees; either may be
// null (absent there). Lines are relative to `path`.
std::string render_marked(const Node* node, const Node* base,
                          const RenderOptions& options = {});

}  // namespace schema

#endif  // ROUTESH_SCHEMA_COMPARE_FORMAT_H_
