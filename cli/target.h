// What `plan` and `apply` share: opening the target account a tree points
// at, and the reconcile flags.
//
// OpenTarget turns the tree's Project.target plus the CLI's TargetFlags into
// a BackupApi. `local`: LocalAccount::Open on the state file (--state, else
// the tree's target.stateFile relative to the tree, else
// <tree>/.backupctl/state.json), with synchronous crash-safe writes. `aws`:
// AwsBackupClient with the default credential chain; region and endpoint
// from flags, else the environment (AWS_REGION / AWS_DEFAULT_REGION / the
// profile; AWS_ENDPOINT_URL_BACKUP / AWS_ENDPOINT_URL), else the tree; a
// tree that declares target.accountId and target.region is refused any
// other region, before any call. (The live account itself is checked
// against target.accountId once read: CheckLiveAccount, reconcile.h.)

#ifndef BACKUPCTL_CLI_TARGET_H_
#define BACKUPCTL_CLI_TARGET_H_

#include <memory>
#include <string>

#include "cli/cli.h"
#include "desired/model.h"
#include "providers/api_observer.h"
#include "providers/backup_api.h"
#include "reconcile/reconcile.h"

namespace backupctl {

struct OpenedTarget {
  std::unique_ptr<BackupApi> api;
  std::string description;  // "local (state .../state.json)", "aws us-east-1 (https://...)"
};

// kReadOnly (plan): the local target creates nothing (no directory, state
// file or lock; an absent state file reads as an empty account) and refuses
// writes.
enum class TargetAccess { kReadWrite, kReadOnly };

// The endpoint of an AWS client: --endpoint, else the target's own (a tree
// with targets), else none when the environment names one (the client reads
// it), else target.endpoint in backupctl.yaml.
std::optional<std::string> EndpointFor(const TargetFlags& flags,
                                       const std::optional<std::string>& target_endpoint,
                                       const Project& project);

// `observer` (optional; aws only, the local target has no HTTP) is told about
// every HTTP attempt: the daemon's API metrics.
Outcome<OpenedTarget> OpenTarget(const std::string& tree_dir, const Project& project,
                                 const TargetFlags& flags, ApiObserver* observer = nullptr,
                                 TargetAccess access = TargetAccess::kReadWrite);

// Flags of `plan` and `apply`.
struct ReconcileFlags {
  std::string output = "text";  // text | json | markdown
  bool prune = false;
  bool adopt = false;
  int max_deletes = 10;
  bool force_deletes = false;
  int parallelism = 0;          // 0: 32 reads and 8 writes in flight (per target, with targets)
  int global_parallelism = 64;  // trees with targets: API calls in flight across them all
  double consistency_retry_seconds = 60;
  TargetFlags target;
};
void AddReconcileFlags(CLI::App* cmd, ReconcileFlags* flags);
ReconcileOptions ToReconcileOptions(const ReconcileFlags& flags);

// A plan made while parts of the account could not be read is incomplete:
// says so on stderr (how many, and the first) and returns true. `plan` and
// `apply` then exit 1, never "no changes", as the daemon counts it partial.
bool ReportIncomplete(const ActionPlan& plan);

// Colour only on a terminal, and never with NO_COLOR set.
bool StdoutWantsColor();
// Logs to stderr at the CLI's level (stdout is for plans and reports).
void ConfigureCliLogging(const CommandContext& ctx);

}  // namespace backupctl

#endif  // BACKUPCTL_CLI_TARGET_H_
