// Result<T>: a value or an engine error. Engine failures are returned, never thrown
// across module boundaries (std::expected is C++23; this is the small subset we need).
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace writ {

// What kind of failure; the CLI maps these to exit statuses (input errors exit 2).
enum class ErrorCode {
  kInvalidInput,   // the user's case, request or arguments are wrong
  kInvalidPolicy,  // a policy did not load or check
  kNotFound,       // a named policy, file or catalog does not exist
  kNoVersion,      // no version of the policy is in force on the date asked
  kConflict,       // two applicable exceptions disagree (a policy defect found at run time)
  kLimit,          // a size, depth or iteration budget was exceeded
  kIo,             // the file system or a store failed
  kInternal,       // a bug in Writ
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::string pointer;  // JSON pointer of the offending input field, when there is one
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

// For operations that return nothing on success.
struct Ok {};

inline Error make_error(ErrorCode code, std::string message, std::string pointer = {}) {
  return Error{code, std::move(message), std::move(pointer)};
}

}  // namespace writ
