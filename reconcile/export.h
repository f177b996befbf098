// Export: a live account as a backupctl tree, to adopt an existing estate.
//
// BuildExport turns a LiveState read with ReadOptions::read_everything into
// the files of a tree that `validate` reads clean and that `plan --adopt`
// matches with nothing but the adoption of ownership (the backupctl:stack tag):
//   backupctl.yaml       the project: stack, target, externalVaults
//   vaults/<vault>.yaml  the BackupVault, its BackupVaultNotifications and
//                        BackupVaultAccessPolicy
//   plans/<plan>.yaml    the BackupPlan (its latest version) and its selections
// Each document opens with a comment naming where it came from (ARN, plan
// version id, selection id). Policies are YAML mappings. backupctl.yaml's
// target.accountId and target.region are those of the ARNs read (when the
// account holds any); a rule's copy to a vault in the export is then written
// as destinationVault {name}, with the ARN in a comment, and a copy to another
// vault of the account lists it in externalVaults. Copies elsewhere stay ARNs.
//
// What is left out: service-managed names (aws/..., orgs/...: validate
// refuses them; with include_managed each is read and named in a note), and
// with `owner` whatever that stack does not own
// (LiveVault/LiveBackupPlan::owned, as ReadLive decided for ReadOptions::stack ==
// owner). Vaults that rules target and the export does not declare are
// listed in externalVaults. Nothing is dropped silently: every live value a
// tree cannot declare (a deprecated notification event, a logically
// air-gapped vault, a plan's ScanSettings, a lock's date, two plans of one
// name) is a note naming its resource.

#ifndef BACKUPCTL_RECONCILE_EXPORT_H_
#define BACKUPCTL_RECONCILE_EXPORT_H_

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "desired/model.h"
#include "reconcile/live.h"

namespace backupctl {

struct ExportOptions {
  std::string stack;                 // the stack the tree declares (backupctl.yaml)
  std::optional<std::string> owner;  // only what this stack owns
  bool include_managed = false;
  Target target;  // written to backupctl.yaml, with the account and region of the ARNs read
};

struct ExportFile {
  std::string path;  // relative to the tree, '/'-separated
  std::string text;
};

struct ExportCounts {
  int vaults = 0, notifications = 0, policies = 0, plans = 0, selections = 0;
};

struct ExportResult {
  std::vector<ExportFile> files;   // backupctl.yaml first, then by path
  std::vector<std::string> notes;  // "BackupPlan daily: ..."
  ExportCounts counts;
  std::string error;  // non-empty: nothing usable was built
  bool ok() const { return error.empty(); }
};

ExportResult BuildExport(const LiveState& live, const ExportOptions& options);

// A file name for a resource name: safe on every file system, never hidden,
// unique among `taken` (compared without case), which it joins.
std::string ExportFileName(const std::string& name, std::set<std::string>* taken);

}  // namespace backupctl

#endif  // BACKUPCTL_RECONCILE_EXPORT_H_
