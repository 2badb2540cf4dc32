// Fuzzes the config.boot reader: any input is errors or a tree that renders
// and re-reads to the same text; never a crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "schema/boot_format.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const schema::Schema& s = schema::Schema::builtin();
  std::string_view text(reinterpret_cast<const char*>(data), size);
  schema::BootParseOptions opt;
  opt.skip_unsupported = (size % 2) == 0;
  schema::BootParseResult r = schema::parse_boot(s, text, opt);
  std::string out = schema::render_boot(r.root.get());
  schema::BootParseResult again = schema::parse_boot(s, out);
  if (!again.errors.empty() || schema::render_boot(again.root.get()) != out) {
    std::abort();  // rendered config.boot must re-read to the same text
  }
  return 0;
}
