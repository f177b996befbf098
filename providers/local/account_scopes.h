// The two scopes every LocalAccount operation runs in (internal to
// providers/local). ReadScope: re-reads the state file if another process
// replaced it, then holds the lock shared. WriteScope: counts the call, takes
// the state file's flock (sync mode), the lock exclusive, re-reads a changed
// file; Commit() persists (sync) or marks the state dirty (background).
// Check error() before touching the state.

#ifndef BACKUPCTL_PROVIDERS_LOCAL_ACCOUNT_SCOPES_H_
#define BACKUPCTL_PROVIDERS_LOCAL_ACCOUNT_SCOPES_H_

#include <mutex>
#include <optional>
#include <shared_mutex>

#include "providers/local/account.h"
#include "providers/local/state_store.h"

namespace backupctl {

class LocalAccount::ReadScope {
 public:
  explicit ReadScope(LocalAccount& account);
  const std::optional<ApiError>& error() const { return error_; }

 private:
  std::optional<ApiError> error_;
  std::shared_lock<std::shared_mutex> lock_;
};

class LocalAccount::WriteScope {
 public:
  WriteScope(LocalAccount& account, bool count_write = true);
  const std::optional<ApiError>& error() const { return error_; }
  // After a successful mutation. On failure the state is rolled back to the
  // file's and the error is returned.
  std::optional<ApiError> Commit();

 private:
  LocalAccount& account_;
  std::optional<ApiError> error_;
  StateFileLock file_lock_;  // released after lock_ (declared first, destroyed last)
  std::unique_lock<std::shared_mutex> lock_;
};

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_LOCAL_ACCOUNT_SCOPES_H_
