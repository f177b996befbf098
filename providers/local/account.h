// LocalAccount: an emulated AWS Backup account (one account id, one region).
//
// Implements every BackupApi operation with the semantics, validation, error
// codes and messages AWS documents (CreatorRequestId idempotency, plan
// versions, vault lock windows, pagination with opaque tokens, ...). It is
// the in-process `local` target and the state behind the emulator server.
// Thread-safe: one shared_mutex, readers share it. Lookups are O(log n) and
// a List page costs O(page): maps are ordered by the paging key and a
// NextToken is a signed key cursor, so inserts between pages never shift or
// repeat items. Every List operation takes MaxResults 1..1000 (default 100).
// With a state file the state survives restarts, written in one of the modes
// account_options.h describes; a corrupt file or one of an unknown version is
// an error, never silently replaced.
// Admin methods (not part of AWS) seed recovery points and service vaults,
// deny operations and move the clock, so tests can reach states AWS reaches
// only with time.

#ifndef BACKUPCTL_PROVIDERS_LOCAL_ACCOUNT_H_
#define BACKUPCTL_PROVIDERS_LOCAL_ACCOUNT_H_

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <shared_mutex>
#include <string>
#include <vector>

#include "providers/backup_api.h"
#include "providers/local/account_options.h"
#include "providers/local/account_state.h"
#include "providers/local/background_flusher.h"

namespace backupctl {

// A copy of the whole account (deleted plans included), for tests.
using AccountSnapshot = AccountState;

class LocalAccount : public BackupApi {
 public:
  // Loads the state file when it exists; a corrupt file is an error, never
  // silently replaced.
  static Outcome<std::unique_ptr<LocalAccount>> Open(const AccountOptions& options);
  explicit LocalAccount(const AccountOptions& options);  // in-memory, empty
  // In memory, holding `state` (as loaded by LocalOrganization); the options'
  // account id and region must be the state's.
  static std::unique_ptr<LocalAccount> FromState(const AccountOptions& options, AccountState state);
  ~LocalAccount() override;
  LocalAccount(const LocalAccount&) = delete;
  LocalAccount& operator=(const LocalAccount&) = delete;

  BACKUPCTL_BACKUP_API_OVERRIDES  // providers/backup_operations.h

  // Admin, for tests and the emulator's admin endpoint.
  // Adds `count` (1..10000) recovery points to the vault; returns their ARNs.
  Outcome<std::vector<std::string>> SeedRecoveryPoints(const std::string& vault, int count);
  // Creates a service-managed vault (e.g. "aws/efs/automatic-backup-vault"),
  // which the name pattern of CreateBackupVault would refuse.
  Outcome<CreateBackupVaultOutput> SeedServiceVault(const std::string& name);
  // Creates a logically air-gapped vault (VaultType LOGICALLY_AIR_GAPPED_BACKUP_VAULT), as
  // CreateLogicallyAirGappedBackupVault would; backupctl itself never makes one.
  Outcome<CreateBackupVaultOutput> SeedAirGappedVault(const std::string& name);
  // Makes `operation` (e.g. "GetBackupVaultAccessPolicy") fail with
  // AccessDeniedException for `resource` (a vault name, plan id or ARN; "" = all).
  void DenyOperation(const std::string& operation, const std::string& resource);
  void ClearDenials();
  // Moves the account's clock forward (vault lock windows are time-based);
  // scheduled backups due by the new time start, and jobs that end settle.
  void AdvanceClock(double seconds);
  // The resource inventory selections match (account_schedule.cc): adds or
  // replaces one resource. The ARN must parse; the type is AWS's name (EBS, ...).
  EmptyOutcome SeedResource(const ResourceRecord& resource);
  // Jobs run with `role_arn` fail (ACCESS_DENIED) while it lacks permissions.
  EmptyOutcome SetRolePermissions(const std::string& role_arn, bool has_permissions);
  // How long jobs stay CREATED and RUNNING (each 0..86400 seconds).
  EmptyOutcome SetJobTiming(const JobTiming& timing);
  double Now() const;
  AccountSnapshot Snapshot() const;
  // Calls to mutating operations (Create/Update/Delete/Put/Tag/Untag), failed
  // ones included: "zero write calls" tests read it.
  uint64_t WriteCount() const { return write_count_.load(); }
  // Writes pending state now (background mode); a no-op without a state file.
  EmptyOutcome Flush();

 private:
  class ReadScope;
  class WriteScope;
  struct FileIdentity {
    uint64_t device = 0, inode = 0, size = 0;
    int64_t mtime_ns = 0, ctime_ns = 0;
    bool operator==(const FileIdentity&) const = default;
  };

  LocalAccount(const AccountOptions& options, AccountState state);

  // All of the following run with mu_ held (shared or exclusive as noted).
  std::optional<ApiError> Denied(const std::string& operation,
                                 const std::vector<std::string>& resources,
                                 const std::string& arn) const;
  double NowLocked() const;
  std::string NewUuid();       // exclusive
  std::string NewVersionId();  // exclusive
  std::string VaultArn(const std::string& name) const;
  std::string PlanArn(const std::string& id) const;
  Outcome<VaultRecord*> FindVault(const std::string& name);
  Outcome<const VaultRecord*> FindVault(const std::string& name) const;
  // The vault `operation` names: denied, no name, or no such vault is an error.
  Outcome<VaultRecord*> FindVaultFor(const std::string& operation, const std::string& name);
  Outcome<PlanRecord*> FindLivePlan(const std::string& id);
  Outcome<const PlanRecord*> FindLivePlan(const std::string& id) const;
  // The live plan `operation` names: denied, no id, or no such plan is an error.
  Outcome<PlanRecord*> FindLivePlanFor(const std::string& operation, const std::string& id);
  std::optional<ApiError> CheckPlanQuota() const;  // LimitExceeded when at the plan quota
  // Get/DeleteBackupSelection's first checks: the denial, both ids given, the plan live.
  std::optional<ApiError> CheckSelectionRequest(const std::string& operation,
                                                const std::string& plan_id,
                                                const std::string& selection_id) const;
  // The tags of the resource `operation` names by ARN: denied, no ARN, a bad
  // or foreign ARN, or no such resource is an error.
  Outcome<Tags*> FindTaggableFor(const std::string& operation, const std::string& arn);
  DescribeBackupVaultOutput DescribeLocked(const VaultRecord& vault) const;
  bool LockIsImmutable(const VaultRecord& vault) const;
  Outcome<CreateBackupVaultOutput> SeedVault(const std::string& name, bool service_managed,
                                             const std::string& vault_type);
  // A vault of this name, not yet stored, when the vault quota allows one more
  // (LimitExceeded otherwise): its ARN, a new KMS key ARN, created now. Exclusive.
  Outcome<VaultRecord> NewVaultLocked(const std::string& name);

  // Jobs (account_jobs.cc, account_schedule.cc). CatchUpJobs takes mu_
  // itself: it starts the scheduled runs due and settles the jobs that
  // ended, when there are any; the rest run with mu_ held exclusive.
  void CatchUpJobs();
  bool JobsDueLocked(double now) const;  // shared is enough
  void RunDueJobsLocked(double now);
  void StartScheduledRunsLocked(double until);
  void SettleBackupJobLocked(JobRecord& job);
  void SettleCopyJobLocked(JobRecord& job);
  JobRecord NewJobLocked(const std::string& vault_name, const std::string& resource_arn,
                         const std::string& iam_role_arn, double creation_date);
  void PruneOldJobsLocked(double now);

  // Persistence (state_store.h does the file format).
  std::optional<ApiError> RefreshIfChanged();  // takes mu_ itself
  std::optional<ApiError> ReloadLocked();      // exclusive
  std::optional<ApiError> PersistLocked();     // exclusive; sync mode
  void MarkDirty();                            // background mode
  std::optional<ApiError> WriteSerialized(const std::string& json);
  std::optional<FileIdentity> StatStateFile() const;

  const AccountOptions options_;
  mutable std::shared_mutex mu_;
  AccountState state_;
  std::mt19937_64 rng_;
  std::optional<FileIdentity> file_identity_;  // of the state file as last read or written

  mutable std::mutex deny_mu_;
  std::map<std::string, std::set<std::string>> denials_;  // operation -> resources

  std::atomic<uint64_t> write_count_{0};

  int lifetime_lock_fd_ = -1;  // background mode: flock held while open
  std::mutex flush_mu_;        // serialises file writes
  BackgroundFlusher flusher_{std::chrono::milliseconds(50)};  // background mode
};

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_LOCAL_ACCOUNT_H_
