#include "daemon/guarded_api.h"

#include <chrono>

namespace backupctl {

GuardedApi::GuardedApi(BackupApi& inner, const std::atomic<bool>* stopping,
                       std::function<void()> heartbeat, ApiObserver* observer)
    : ForwardingApi(inner),
      stopping_(stopping),
      heartbeat_(std::move(heartbeat)),
      observer_(observer) {}

std::optional<ApiError> GuardedApi::Around(const char* operation, const Call& call) {
  if (stopping_ != nullptr && stopping_->load()) {
    // Not retryable (kOther), so apply gives up on this action at once.
    return MakeError(ErrorKind::kOther, "ShuttingDown",
                     std::string("backupctl is shutting down; ") + operation + " not sent", 0);
  }
  if (heartbeat_) heartbeat_();
  auto start = std::chrono::steady_clock::now();
  const ApiError* error = call();
  if (observer_ != nullptr) {
    ApiCallRecord record;
    record.operation = operation;
    record.http_status = error == nullptr ? 200 : error->http_status;
    if (error != nullptr) record.error_code = error->code;
    record.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    observer_->OnApiCall(record);
  }
  return std::nullopt;
}

}  // namespace backupctl
