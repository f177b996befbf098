// Field-level differences between a desired and a live resource, both
// already normalised (normalize.h). A change reads as a reviewer expects:
// `rule daily: deleteAfterDays 35 -> 90`, `backupVaultTags.team: "a" -> "b"`,
// `backupVaultEvents: +BACKUP_JOB_COMPLETED -RESTORE_JOB_STARTED`. Paths use
// the field names of the documents (fields.h). Values are rendered as
// compact JSON ("(none)" for absent); set-valued fields list what is added
// and removed instead. A whole document (an access policy, a rule or copy
// action added or removed) is a `document` change: before and after are the
// documents as written, keys sorted, which the renderers show one field per
// line with the changed lines marked.

#ifndef BACKUPCTL_RECONCILE_DIFF_H_
#define BACKUPCTL_RECONCILE_DIFF_H_

#include <string>
#include <string_view>
#include <vector>

#include "desired/model.h"

namespace backupctl {

struct FieldChange {
  std::string path;    // "rule daily: deleteAfterDays", "backupPlanTags.team", "backupVaultEvents"
  std::string before;  // rendered live value; "(none)" when absent
  std::string after;   // rendered desired value; "(none)" when absent
  std::vector<std::string> added;    // set-valued fields only
  std::vector<std::string> removed;  // set-valued fields only
  bool document = false;             // before / after are JSON documents (or "(none)")
  std::string ToString() const;
};

using Changes = std::vector<FieldChange>;

// The path of one tag of a vault or a plan: "backupVaultTags.team", "backupPlanTags.team".
std::string TagPath(Kind kind, std::string_view key);
// Tags: the declared keys against the live ones (ownership tag excluded by normalisation).
Changes DiffTags(Kind kind, const TagMap& desired, const TagMap& live);
// Vault attributes other than tags and lock: encryption key (only when declared).
Changes DiffVaultKey(const Vault& desired, const Vault& live);
Changes DiffLock(const std::optional<VaultLock>& desired, const std::optional<VaultLock>& live);
// Vault Lock mode: compliance when ChangeableForDays is declared (live: when
// the lock has a LockDate), governance otherwise. Governance is the default,
// so a new lock shows its mode only when it is compliance.
enum class LockMode { kGovernance, kCompliance };
Changes DiffLockMode(LockMode desired, std::optional<LockMode> live);
Changes DiffNotifications(const VaultNotifications& desired, const VaultNotifications& live);
// Access policies as written (not normalised), either absent: compared as
// IAM compares them (normalize.h) in the account's `partition`. Neither may be
// PolicyTooDeep (the planner blocks those first); if one is, it shows as a
// marker and is never walked.
Changes DiffPolicy(const VaultAccessPolicy* desired, const VaultAccessPolicy* live,
                   std::string_view partition = "aws");
// Rules matched by name, copy actions by destination, settings by resource type.
Changes DiffBackupPlanDocument(const BackupPlanSpec& desired, const BackupPlanSpec& live);
Changes DiffSelection(const Selection& desired, const Selection& live);

}  // namespace backupctl

#endif  // BACKUPCTL_RECONCILE_DIFF_H_
