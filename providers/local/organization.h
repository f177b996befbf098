// LocalOrganization: many emulated AWS Backup accounts, one per (account id,
// region), as the emulator serves them. Each is a LocalAccount kept in
// memory; they share nothing (the same vault name in two accounts or two
// regions is two vaults), and their ARNs carry their own account and region.
//
// An account springs into being, empty, the first time it is asked for, as
// an AWS account has every region from the start; at most `max_accounts`
// (account, region) pairs exist. The default pair (options.account's id and
// region) always exists. The clock is one for all: AdvanceClock moves every
// account's, and an account made later starts at the organisation's time.
// The default account is the organisation's management account (the only
// one UpdateGlobalSettings accepts); every other account id is a member.
//
// With a state file (organization_store.h: the single-account file while one
// pair exists, a version 3 list of them past that), the organisation holds the
// file's flock for its lifetime (a second opener gets an error), loads every
// account at Open, and a flusher thread writes the whole file within ~50 ms
// of a change, and on Flush() and destruction. A single-account file must hold the
// default pair, as LocalAccount requires. Thread-safe.

#ifndef BACKUPCTL_PROVIDERS_LOCAL_ORGANIZATION_H_
#define BACKUPCTL_PROVIDERS_LOCAL_ORGANIZATION_H_

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "providers/local/account.h"
#include "providers/local/background_flusher.h"

namespace backupctl {

struct AccountKey {
  std::string account_id;
  std::string region;
  auto operator<=>(const AccountKey&) const = default;
};

struct OrganizationOptions {
  // The default account: its id and region; quotas apply to every account;
  // state_file is the whole organisation's (empty: in memory).
  AccountOptions account;
  size_t max_accounts = 1000;  // (account, region) pairs
};

class LocalOrganization {
 public:
  static Outcome<std::unique_ptr<LocalOrganization>> Open(const OrganizationOptions& options);
  ~LocalOrganization();  // flushes (errors are logged)
  LocalOrganization(const LocalOrganization&) = delete;
  LocalOrganization& operator=(const LocalOrganization&) = delete;

  const AccountKey& default_key() const { return default_key_; }
  LocalAccount& Default() { return *default_; }
  // The account, made empty on first use; LimitExceededException past max_accounts.
  Outcome<LocalAccount*> Get(const AccountKey& key);
  // Nullptr when it was never made.
  LocalAccount* Find(const AccountKey& key) const;
  std::vector<AccountKey> Keys() const;

  void AdvanceClock(double seconds);  // every account's clock
  // Every account's state, ordered by (account id, region).
  std::vector<AccountState> Snapshot() const;
  // Writes pending state now; a no-op without a state file.
  EmptyOutcome Flush();

 private:
  explicit LocalOrganization(const OrganizationOptions& options);
  AccountOptions OptionsFor(const AccountKey& key);
  LocalAccount* AddLocked(const AccountKey& key, AccountState state);  // mu_ exclusive
  void MarkDirty();

  const OrganizationOptions options_;
  const AccountKey default_key_;
  mutable std::shared_mutex mu_;
  std::map<AccountKey, std::unique_ptr<LocalAccount>> accounts_;
  LocalAccount* default_ = nullptr;
  double clock_offset_seconds_ = 0;  // mu_

  int lifetime_lock_fd_ = -1;
  std::mutex flush_mu_;                                       // serialises file writes
  BackgroundFlusher flusher_{std::chrono::milliseconds(50)};  // background mode
};

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_LOCAL_ORGANIZATION_H_
