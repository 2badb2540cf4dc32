// rc::Error and rc::Result: the one error value of routesh.
//
// An Error names what went wrong (message), where (the configuration path,
// when there is one) and what to do about it (hint: the allowed range, the
// closest valid word). Every layer returns errors as values; no exception
// crosses a folder boundary. Result<T> holds either a T or an Error and must
// not be ignored.
//
// Thread-safety: plain values; const methods may be called concurrently.
#ifndef ROUTESH_SCHEMA_STATUS_H_
#define ROUTESH_SCHEMA_STATUS_H_

#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace rc {

enum class Code {
  kInvalidArgument,  // bad input: a path, a value, a command
  kValidation,       // a whole-configuration rule is broken
  kNotFound,         // the thing named does not exist
  kConflict,         // locked, stale, or edited concurrently
  kBackend,          // an external program or the kernel refused
  kIo,               // a file or socket failed
  kInternal,         // a bug
};

struct Error {
  Code code = Code::kInternal;
  std::string message;  // what is wrong, e.g. "mtu: 99999 is out of range 68-9000"
  std::string path;     // configuration path, space separated; may be empty
  std::string hint;     // what would be valid; may be empty
  std::string vyos;     // VyOS's own wording, printed first where scripts
                        // and habits rely on it ("Configuration path: [x]
                        // is not valid", "Value validation failed")

  // "error: <message> [<path>]" plus "(<hint>)" when present.
  std::string to_string() const;
};

inline Error make_error(Code code, std::string message, std::string path = {},
                        std::string hint = {}) {
  return Error{code, std::move(message), std::move(path), std::move(hint), {}};
}

// A list of errors: validation reports every problem, not only the first.
using Errors = std::vector<Error>;

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}          // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}      // NOLINT
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  // REQUIRES: ok()
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }
  // REQUIRES: !ok()
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

// Result<void>: success or an Error.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT
  static Status Ok() { return Status(); }
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  // REQUIRES: !ok()
  const Error& error() const { return error_; }

 private:
  Error error_;
  bool ok_ = true;
};

}  // namespace rc

#endif  // ROUTESH_SCHEMA_STATUS_H_
