// LocalAccount: an emulated AWS Backup account (one account id, one region).
//
// Implements every BackupApi operation with the semantics, validation, error
// codes and messages AWS documents (CreatorRequestId idempotency, plan
// versions, vault lock windows, pagination with opaque tokens, ...). It is
// the in-process `local` target and the state behind the emulator server.
// Thread-safe. With a state file, every mutation is persisted atomically
// (temporary file, fsync, rename) and the state survives restarts.
// Admin methods (not part of AWS) seed recovery points, deny operations and
// move the clock, so tests can reach states AWS reaches only with time.

#ifndef BACKUPCTL_PROVIDERS_LOCAL_ACCOUNT_H_
#define BACKUPCTL_PROVIDERS_LOCAL_ACCOUNT_H_

#include <functional>
#include <memory>
#include <string>

#include "providers/backup_api.h"

namespace backupctl {

struct AccountOptions {
  std::string account_id = "123456789012";
  std::string region = "us-east-1";
  std::string state_file;  // empty: in memory only
};

class LocalAccount : public BackupApi {
 public:
  // Loads the state file when it exists; a corrupt file is an error, never
  // silently replaced.
  static Outcome<std::unique_ptr<LocalAccount>> Open(const AccountOptions& options);
  explicit LocalAccount(const AccountOptions& options);  // in-memory, empty
  ~LocalAccount() override;

  // ... every BackupApi method (see backup_api.h) ...

  // Admin, for tests and the emulator's admin endpoint.
  // Adds `count` recovery points to the vault; returns their ARNs.
  Outcome<std::vector<std::string>> SeedRecoveryPoints(const std::string& vault, int count);
  // Makes `operation` (e.g. "GetBackupVaultAccessPolicy") fail with
  // AccessDeniedException for `resource` (a vault name or plan id; "" = all).
  void DenyOperation(const std::string& operation, const std::string& resource);
  void ClearDenials();
  // Moves the account's clock forward (vault lock windows are time-based).
  void AdvanceClock(double seconds);
  double Now() const;
};

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_LOCAL_ACCOUNT_H_
