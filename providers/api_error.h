// ApiError and Outcome<T>: how every BackupApi call reports failure.
//
// An Outcome holds either a value or an ApiError, never both. Callers must
// check ok() before value(). ErrorKind is the category the reconciler acts on;
// `code` keeps the exact AWS error code (e.g. "ThrottlingException").
// Access denied is its own kind and is never folded into not-found.

#ifndef BACKUPCTL_PROVIDERS_API_ERROR_H_
#define BACKUPCTL_PROVIDERS_API_ERROR_H_

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace backupctl {

enum class ErrorKind {
  kNotFound,
  kAlreadyExists,
  kInvalidParameter,
  kMissingParameter,
  kInvalidRequest,
  kAccessDenied,
  kThrottling,
  kServiceUnavailable,
  kLimitExceeded,
  kDependencyFailure,
  kTransport,  // connection refused/reset, timeout, malformed response
  kOther,
};

const char* ErrorKindName(ErrorKind kind);

// Maps an AWS error code ("ResourceNotFoundException", "Throttling", ...) to its kind.
ErrorKind ErrorKindFromCode(const std::string& code, int http_status);

struct ApiError {
  ErrorKind kind = ErrorKind::kOther;
  std::string code;        // AWS error code, e.g. "AlreadyExistsException"
  std::string message;     // human text from the service
  std::string request_id;  // x-amzn-RequestId, when known
  int http_status = 0;     // 0 when no HTTP response was received
  // AlreadyExistsException carries the existing resource's identity.
  std::string arn;
  std::string creator_request_id;

  // Throttling, 5xx and transport failures may be retried; nothing else.
  bool Retryable() const;
  std::string ToString() const;
};

ApiError MakeError(ErrorKind kind, std::string code, std::string message, int http_status = 400);

struct Empty {};

template <typename T>
class Outcome {
 public:
  Outcome(T value) : state_(std::move(value)) {}         // NOLINT: implicit by design
  Outcome(ApiError error) : state_(std::move(error)) {}  // NOLINT

  bool ok() const { return std::holds_alternative<T>(state_); }
  const T& value() const {
    assert(ok());
    return std::get<T>(state_);
  }
  T& value() {
    assert(ok());
    return std::get<T>(state_);
  }
  const ApiError& error() const {
    assert(!ok());
    return std::get<ApiError>(state_);
  }

 private:
  std::variant<T, ApiError> state_;
};

using EmptyOutcome = Outcome<Empty>;

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_API_ERROR_H_
