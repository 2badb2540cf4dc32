// schema::LineError: an error found at a line of an input text.
#ifndef ROUTESH_SCHEMA_LINE_ERROR_H_
#define ROUTESH_SCHEMA_LINE_ERROR_H_

#include <string>
#include <vector>

#include "schema/status.h"

namespace schema {

struct LineError {
  int line = 0;  // 1-based; 0 when not tied to a line
  rc::Error error;
};

// "FILE:LINE: error: <message> [<path>] (<hint>)".
std::string format_line_error(const std::string& file, const LineError& e);

}  // namespace schema

#endif  // ROUTESH_SCHEMA_LINE_ERROR_H_
