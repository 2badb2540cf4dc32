// VyOS's refusals of an operational command, for every OpMode provider.
#include "backend/opmode.h"

namespace backend {
namespace {

std::string first_words(const std::vector<std::string>& w, size_t n) {
  std::string s;
  for (size_t i = 0; i < n && i < w.size(); ++i) s += (i ? " " : "") + w[i];
  return s;
}

}  // namespace

rc::Error invalid_command(const std::vector<std::string>& words, size_t bad) {
  rc::Error e = rc::make_error(rc::Code::kInvalidArgument,
                               "Invalid command: [" + first_words(words, bad + 1) + "]");
  e.vyos = e.message;
  return e;
}

rc::Error incomplete_command(const std::vector<std::string>& words,
                             const std::string& expected) {
  rc::Error e = rc::make_error(rc::Code::kInvalidArgument,
                               "Incomplete command: [" + first_words(words, words.size()) + "]",
                               "", expected);
  e.vyos = e.message;
  return e;
}

}  // namespace backend
