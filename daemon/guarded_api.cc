#include "daemon/guarded_api.h"

#include <chrono>
#include <cstring>

namespace backupctl {

bool IsWriteOperation(const char* operation) {
#define BACKUPCTL_IS_WRITE(Name, Out, In, method, ...) \
  if (std::strcmp(operation, #Name) == 0) return std::strcmp(method, "GET") != 0;
  BACKUPCTL_OPERATIONS(BACKUPCTL_IS_WRITE)
#undef BACKUPCTL_IS_WRITE
  return true;  // unknown: treat as a write, the safe side
}

GuardedApi::GuardedApi(BackupApi& inner, const std::atomic<bool>* stopping,
                       std::function<void()> heartbeat, ApiObserver* observer, WriteGate gate)
    : ForwardingApi(inner),
      stopping_(stopping),
      heartbeat_(std::move(heartbeat)),
      observer_(observer),
      gate_(std::move(gate)) {}

std::optional<ApiError> GuardedApi::Around(const char* operation, const Call& call) {
  if (stopping_ != nullptr && stopping_->load()) {
    // Not retryable (kOther), so apply gives up on this action at once.
    return MakeError(ErrorKind::kOther, "ShuttingDown",
                     std::string("backupctl is shutting down; ") + operation + " not sent", 0);
  }
  if (heartbeat_) heartbeat_();
  std::shared_ptr<void> permit;
  if (gate_ && IsWriteOperation(operation)) {
    std::string why;
    permit = gate_(&why);
    if (!permit) {
      return MakeError(ErrorKind::kOther, "Fenced", why + "; " + operation + " not sent", 0);
    }
  }
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
