// schema::ValueType: the type of a configuration value, checked in-process.
//
// A ValueType is parsed once from a definition's "type" field (a string such
// as "u32:68-9000" or a list of them, meaning "any of these"; the vocabulary
// is in schema/definitions/README.md) and then checks values without
// spawning anything. Checking is pure and fast: it runs for every `set`.
//
// Thread-safety: immutable after parse; check() may run concurrently.
#ifndef ROUTESH_SCHEMA_VALUE_TYPE_H_
#define ROUTESH_SCHEMA_VALUE_TYPE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "schema/status.h"

namespace schema {

class ValueType {
 public:
  // One alternative of a type: "ipv4-address", "u32:1-255", "enum:a|b", ...
  struct Alternative;

  ValueType();
  ~ValueType();
  ValueType(ValueType&&) noexcept;
  ValueType& operator=(ValueType&&) noexcept;
  ValueType(const ValueType&) = delete;
  ValueType& operator=(const ValueType&) = delete;

  // Parses type specs; several specs mean "any of these".
  // Returns an error naming the spec if one is not in the vocabulary.
  static rc::Result<ValueType> parse(const std::vector<std::string>& specs);

  // Checks a value against the type.
  // Returns OK, or an error whose message reads "<value> is not <expected>"
  // or "<value> is out of range A-B" (no path: the caller adds it) and whose
  // hint says what is valid, e.g. "did you mean 10.0.0.0/8?" for a prefix
  // with host bits set.
  rc::Status check(std::string_view value) const;

  // What the type accepts, in words: "an IPv4 address", "a number in 68-9000",
  // "one of: permit, deny".
  std::string expected() const;

  // The words of enum alternatives, in definition order (for completion).
  std::vector<std::string> enum_words() const;

  // True if the type is a plain number range (values compare numerically).
  bool is_numeric() const;

 private:
  std::vector<std::unique_ptr<Alternative>> alternatives_;
};

// Checks that a value can be stored at all: no control characters (including
// newline, tab and NUL), no quote characters (VyOS refuses ' and " in
// values), at most `max_len` bytes, valid UTF-8.
// Returns OK or an error whose message says which character was refused.
rc::Status check_storable(std::string_view value, size_t max_len = 4096);

}  // namespace schema

#endif  // ROUTESH_SCHEMA_VALUE_TYPE_H_
