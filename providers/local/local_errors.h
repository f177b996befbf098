// The AWS Backup errors the emulated account returns, with the codes and
// HTTP statuses the service uses (400 for client errors; AccessDenied 403).

#ifndef BACKUPCTL_PROVIDERS_LOCAL_LOCAL_ERRORS_H_
#define BACKUPCTL_PROVIDERS_LOCAL_LOCAL_ERRORS_H_

#include <string>
#include <utility>

#include "providers/api_error.h"

namespace backupctl {

inline ApiError NotFoundError(std::string message) {
  return MakeError(ErrorKind::kNotFound, "ResourceNotFoundException", std::move(message));
}
inline ApiError InvalidParameterError(std::string message) {
  return MakeError(ErrorKind::kInvalidParameter, "InvalidParameterValueException",
                   std::move(message));
}
inline ApiError MissingParameterError(std::string message) {
  return MakeError(ErrorKind::kMissingParameter, "MissingParameterValueException",
                   std::move(message));
}
inline ApiError InvalidRequestError(std::string message) {
  return MakeError(ErrorKind::kInvalidRequest, "InvalidRequestException", std::move(message));
}
inline ApiError AlreadyExistsError(std::string message, std::string arn,
                                   std::string creator_request_id) {
  ApiError e = MakeError(ErrorKind::kAlreadyExists, "AlreadyExistsException", std::move(message));
  e.arn = std::move(arn);
  e.creator_request_id = std::move(creator_request_id);
  return e;
}
inline ApiError AccessDeniedError(std::string message) {
  return MakeError(ErrorKind::kAccessDenied, "AccessDeniedException", std::move(message), 403);
}
inline ApiError LimitExceededError(std::string message) {
  return MakeError(ErrorKind::kLimitExceeded, "LimitExceededException", std::move(message));
}
// The local state file could not be read, written or locked.
inline ApiError StateFileError(std::string message) {
  return MakeError(ErrorKind::kServiceUnavailable, "ServiceUnavailableException",
                   "local account state: " + std::move(message), 500);
}

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_LOCAL_LOCAL_ERRORS_H_
