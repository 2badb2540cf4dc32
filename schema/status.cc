#include "schema/status.h"

namespace rc {

std::string Error::to_string() const {
  std::string s = "error: " + message;
  if (!path.empty()) s += " [" + path + "]";
  if (!hint.empty()) s += " (" + hint + ")";
  return s;
}

}  // namespace rc
