// How a LocalAccount is opened: its identity, its quotas and where and how
// its state is kept.
//
// Without a state file the account lives in memory. With one, three modes:
//  - sync_writes (the in-process `local` target): each mutation takes an
//    exclusive flock on `<file>.lock`, re-reads the file if another process
//    replaced it, applies the change and writes the file atomically
//    (`<file>.tmp.<pid>`, fsync, rename, fsync dir) before it returns. Reads
//    re-read the file when it changed. So two processes (two concurrent
//    `backupctl apply`) see one account, like two clients of AWS.
//  - background (the emulator server, large estates): the process holds the
//    flock for its lifetime (a second opener gets an error) and a flusher
//    thread writes dirty state within ~50 ms, and on Flush()/destruction.
//  - read_only (`plan`): reads the file as sync_writes does, but takes no
//    lock and creates nothing: an absent file is an empty account in memory,
//    and every write is refused.

#ifndef BACKUPCTL_PROVIDERS_LOCAL_ACCOUNT_OPTIONS_H_
#define BACKUPCTL_PROVIDERS_LOCAL_ACCOUNT_OPTIONS_H_

#include <functional>
#include <string>

namespace backupctl {

// AWS Backup's resource quotas; a create past one fails with
// LimitExceededException. The defaults are the service's (vaults and plans
// per Region are adjustable; assignments per plan are not); 0 means none.
struct AccountQuotas {
  int vaults = 300;
  int plans = 300;  // not counting deleted plans
  int selections_per_plan = 100;
};

struct AccountOptions {
  std::string account_id = "123456789012";
  std::string region = "us-east-1";
  std::string state_file;   // empty: in memory only
  bool sync_writes = true;  // see above
  bool read_only = false;   // see above; implies sync_writes
  AccountQuotas quotas;
  // Whether this account is its organisation's management account, the only
  // one UpdateGlobalSettings accepts (others get InvalidRequestException, as
  // from AWS). A standalone account is its own; LocalOrganization makes its
  // default account the management account and every other account a member.
  bool management_account = true;
  // In memory only (no state_file): called, with the account's lock held,
  // after each committed change. LocalOrganization persists its accounts so.
  std::function<void()> on_change;
};

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_LOCAL_ACCOUNT_OPTIONS_H_
