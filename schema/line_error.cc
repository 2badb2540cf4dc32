#include "schema/line_error.h"

namespace schema {

std::string format_line_error(const std::string& file, const LineError& e) {
  std::string s = file;
  if (e.line > 0) s += ":" + std::to_string(e.line);
  return s + ": " + e.error.to_string();
}

}  // namespace schema
