// GuardedApi: the BackupApi the daemon hands the reconciler for one cycle.
//
// It forwards every call to the real target and adds what the loop needs:
// - once `stopping` is set (SIGTERM), new calls fail at once with the
//   non-retryable code "ShuttingDown", so apply starts no new action (the
//   call in flight finishes; its dependents are skipped) and the cycle ends
//   quickly; the next start converges the rest (CreatorRequestId makes a
//   repeated create safe);
// - every call beats the service's heartbeat (a long cycle is progress);
// - with an observer, every call is reported as one attempt: the in-process
//   local target has no HTTP, so this is how its API calls reach /metrics
//   (status 200 on success, else the error's status).
// - with a write gate (the daemon in high availability), every write
//   (an operation that is not a GET) first takes a permit from the gate and
//   holds it while the call runs; without one it fails at once with the
//   non-retryable code "Fenced" and is not sent.
// Thread-safe when the wrapped api is.

#ifndef BACKUPCTL_DAEMON_GUARDED_API_H_
#define BACKUPCTL_DAEMON_GUARDED_API_H_

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "providers/api_observer.h"
#include "providers/forwarding_api.h"

namespace backupctl {

// Gives a permit to write to the target now, held while it lives, or null
// with *why set when this replica may not write.
using WriteGate = std::function<std::shared_ptr<void>(std::string* why)>;

// True for the operations that change the account (every one that is not a GET).
bool IsWriteOperation(const char* operation);

class GuardedApi : public ForwardingApi {
 public:
  // `stopping`, `heartbeat` and `observer` may be null/empty.
  GuardedApi(BackupApi& inner, const std::atomic<bool>* stopping, std::function<void()> heartbeat,
             ApiObserver* observer, WriteGate gate = {});

 protected:
  std::optional<ApiError> Around(const char* operation, const Call& call) override;

 private:
  const std::atomic<bool>* stopping_;
  std::function<void()> heartbeat_;
  ApiObserver* observer_;
  WriteGate gate_;
};

}  // namespace backupctl

#endif  // BACKUPCTL_DAEMON_GUARDED_API_H_
