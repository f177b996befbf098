#include "providers/api_error.h"

#include <unordered_map>

namespace backupctl {

const char* ErrorKindName(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kNotFound:
      return "not_found";
    case ErrorKind::kAlreadyExists:
      return "already_exists";
    case ErrorKind::kInvalidParameter:
      return "invalid_parameter";
    case ErrorKind::kMissingParameter:
      return "missing_parameter";
    case ErrorKind::kInvalidRequest:
      return "invalid_request";
    case ErrorKind::kAccessDenied:
      return "access_denied";
    case ErrorKind::kThrottling:
      return "throttling";
    case ErrorKind::kServiceUnavailable:
      return "service_unavailable";
    case ErrorKind::kLimitExceeded:
      return "limit_exceeded";
    case ErrorKind::kDependencyFailure:
      return "dependency_failure";
    case ErrorKind::kTransport:
      return "transport";
    case ErrorKind::kOther:
      return "other";
  }
  return "other";
}

ErrorKind ErrorKindFromCode(const std::string& code, int http_status) {
  static const std::unordered_map<std::string, ErrorKind> kByCode = {
      {"ResourceNotFoundException", ErrorKind::kNotFound},
      {"AlreadyExistsException", ErrorKind::kAlreadyExists},
      {"InvalidParameterValueException", ErrorKind::kInvalidParameter},
      {"ValidationException", ErrorKind::kInvalidParameter},
      {"ValidationError", ErrorKind::kInvalidParameter},
      {"SerializationException", ErrorKind::kInvalidParameter},
      {"MissingParameterValueException", ErrorKind::kMissingParameter},
      {"InvalidRequestException", ErrorKind::kInvalidRequest},
      {"InvalidResourceStateException", ErrorKind::kInvalidRequest},
      {"ConflictException", ErrorKind::kInvalidRequest},
      // A 404 without a resource: a wrong route, never "the resource is gone".
      {"UnknownOperationException", ErrorKind::kInvalidRequest},
      {"AccessDeniedException", ErrorKind::kAccessDenied},
      {"AccessDenied", ErrorKind::kAccessDenied},
      {"UnauthorizedOperation", ErrorKind::kAccessDenied},
      {"NotAuthorized", ErrorKind::kAccessDenied},
      {"InvalidClientTokenId", ErrorKind::kAccessDenied},
      {"UnrecognizedClientException", ErrorKind::kAccessDenied},
      {"InvalidSignatureException", ErrorKind::kAccessDenied},
      {"SignatureDoesNotMatch", ErrorKind::kAccessDenied},
      {"IncompleteSignature", ErrorKind::kAccessDenied},
      {"MissingAuthenticationToken", ErrorKind::kAccessDenied},
      {"ExpiredTokenException", ErrorKind::kAccessDenied},
      {"RequestExpired", ErrorKind::kAccessDenied},
      {"ThrottlingException", ErrorKind::kThrottling},
      {"Throttling", ErrorKind::kThrottling},
      {"TooManyRequestsException", ErrorKind::kThrottling},
      {"RequestLimitExceeded", ErrorKind::kThrottling},
      {"ProvisionedThroughputExceededException", ErrorKind::kThrottling},
      {"SlowDown", ErrorKind::kThrottling},
      {"ServiceUnavailableException", ErrorKind::kServiceUnavailable},
      {"ServiceUnavailable", ErrorKind::kServiceUnavailable},
      {"InternalFailure", ErrorKind::kServiceUnavailable},
      {"InternalServerError", ErrorKind::kServiceUnavailable},
      {"LimitExceededException", ErrorKind::kLimitExceeded},
      {"DependencyFailureException", ErrorKind::kDependencyFailure},
  };
  auto it = kByCode.find(code);
  if (it != kByCode.end()) return it->second;
  if (http_status >= 500) return ErrorKind::kServiceUnavailable;
  if (http_status == 403) return ErrorKind::kAccessDenied;
  if (http_status == 404) return ErrorKind::kNotFound;
  if (http_status == 429) return ErrorKind::kThrottling;
  return ErrorKind::kOther;
}

bool ApiError::Retryable() const {
  switch (kind) {
    case ErrorKind::kThrottling:
    case ErrorKind::kServiceUnavailable:
    case ErrorKind::kTransport:
      return true;
    case ErrorKind::kDependencyFailure:
      return http_status >= 500;
    default:
      return false;
  }
}

std::string ApiError::ToString() const {
  std::string out = code.empty() ? ErrorKindName(kind) : code;
  if (!message.empty()) out += ": " + message;
  if (http_status != 0) out += " (HTTP " + std::to_string(http_status) + ")";
  if (!request_id.empty()) out += " [request " + request_id + "]";
  return out;
}

ApiError MakeError(ErrorKind kind, std::string code, std::string message, int http_status) {
  ApiError e;
  e.kind = kind;
  e.code = std::move(code);
  e.message = std::move(message);
  e.http_status = http_status;
  return e;
}

}  // namespace backupctl
