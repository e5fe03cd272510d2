// Result<T>: the value of an operation that may fail in an expected way.
//
// Domain and storage code return Result<T> instead of throwing. Exceptions are
// reserved for bugs and are caught once per request by the HTTP layer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace duxing {

// Canonical error codes; api::HttpStatus maps each to one HTTP status.
enum class Code {
  kInvalidArgument,     // 400 / 422: the request is wrong; fix it and retry
  kNotFound,            // 404
  kAlreadyExists,       // 409: a unique key is taken
  kPermissionDenied,    // 403
  kUnauthenticated,     // 401
  kFailedPrecondition,  // 422: the record's state forbids it (workflow, archived)
  kConflict,            // 409: stale version
  kTooLarge,            // 413
  kResourceExhausted,   // 429: throttled
  kInternal,            // 500
};

// The wire name of a code ("invalid_argument", ...).
const char* CodeName(Code code);

// One bad cell or field, for errors that report several at once (imports).
struct ErrorDetail {
  int row = 0;         // 1-based row number in the file, 0 when not a row
  std::string column;  // column header or field name
  std::string reason;  // Chinese, for the UI
};

// An expected failure. `message` is public (Chinese, shown to users);
// `internal` is for the log only and never sent to clients.
struct Error {
  Code code = Code::kInternal;
  std::string message;
  std::string field;     // the request field at fault, if any
  std::string internal;  // log-only detail
  std::vector<ErrorDetail> details;
  int retry_after_seconds = 0;  // for kResourceExhausted
};

inline Error MakeError(Code code, std::string message, std::string field = {}) {
  Error e;
  e.code = code;
  e.message = std::move(message);
  e.field = std::move(field);
  return e;
}

inline Error InternalError(std::string internal) {
  Error e;
  e.code = Code::kInternal;
  e.message = "服务器内部错误";
  e.internal = std::move(internal);
  return e;
}

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const& { return std::get<1>(v_); }
  Error&& error() && { return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)) {}  // NOLINT

  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const& { return *error_; }
  Error&& error() && { return std::move(*error_); }

 private:
  std::optional<Error> error_;
};

using Status = Result<void>;

inline Status Ok() { return {}; }

}  // namespace duxing

// Propagates the error of a Result expression; otherwise evaluates to nothing.
#define DX_RETURN_IF_ERROR(expr)                   \
  do {                                             \
    auto&& dx_status_ = (expr);                    \
    if (!dx_status_.ok()) return std::move(dx_status_).error(); \
  } while (0)

#define DX_CONCAT_INNER_(a, b) a##b
#define DX_CONCAT_(a, b) DX_CONCAT_INNER_(a, b)

// DX_ASSIGN_OR_RETURN(auto x, Expr()); declares x from the value or returns the error.
#define DX_ASSIGN_OR_RETURN(decl, expr) \
  DX_ASSIGN_OR_RETURN_IMPL_(DX_CONCAT_(dx_result_, __LINE__), decl, expr)
#define DX_ASSIGN_OR_RETURN_IMPL_(tmp, decl, expr) \
  auto tmp = (expr);                               \
  if (!tmp.ok()) return std::move(tmp).error();    \
  decl = std::move(tmp).value()
