// ApiObserver: a hook told about every HTTP attempt a client makes, so the
// daemon can count API requests by operation and status, and throttles,
// without the client knowing about metrics. Implementations must be
// thread-safe; they are called from the requesting thread.

#ifndef BACKUPCTL_PROVIDERS_API_OBSERVER_H_
#define BACKUPCTL_PROVIDERS_API_OBSERVER_H_

#include <string>

namespace backupctl {

struct ApiCallRecord {
  std::string operation;   // "ListBackupVaults", ...
  int http_status = 0;     // 0 when no response arrived (transport error)
  std::string error_code;  // empty on success
  double seconds = 0;      // latency of this attempt
  int attempt = 1;         // 1 for the first try
};

class ApiObserver {
 public:
  virtual ~ApiObserver() = default;
  virtual void OnApiCall(const ApiCallRecord& record) = 0;
};

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_API_OBSERVER_H_
