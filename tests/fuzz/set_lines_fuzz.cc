// Fuzzes the set-line tokenizer and runner: any input is an error or a
// valid tree whose commands re-parse to the same tree; never a crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "schema/commands_format.h"
#include "schema/set_lines.h"
#include "schema/validate.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const schema::Schema& s = schema::Schema::builtin();
  std::string_view text(reinterpret_cast<const char*>(data), size);
  schema::SetLinesResult r = schema::parse_set_lines(s, text);
  (void)schema::validate(s, r.root.get());
  std::string cmds = schema::render_commands(r.root.get());
  schema::SetLinesResult again = schema::parse_set_lines(s, cmds);
  if (!again.errors.empty() ||
      schema::render_commands(again.root.get()) != cmds) {
    std::abort();  // rendered commands must re-parse to the same tree
  }
  return 0;
}
