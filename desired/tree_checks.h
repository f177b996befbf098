// Checks that need the whole tree: duplicate names across files, references
// between documents (targetBackupVaultName, a selection's plan, the vault of
// notifications and policies) and the retention of rules and copy actions
// against the lock of the vault they land in.

#ifndef BACKUPCTL_DESIRED_TREE_CHECKS_H_
#define BACKUPCTL_DESIRED_TREE_CHECKS_H_

#include <vector>

#include "desired/decode.h"
#include "desired/loader.h"

namespace backupctl {

// `check_references` is false when a file could not be parsed: its documents
// are missing, and "unknown vault" errors would only be noise.
void CheckTree(const DesiredState& state, const TreeIndex& index, bool check_references,
               std::vector<Diagnostic>* out);

// Why a job with `use`'s retention fails in a vault with `lock`; "" if it does not.
std::string RetentionProblem(const RetentionUse& use, const VaultLock& lock);

}  // namespace backupctl

#endif  // BACKUPCTL_DESIRED_TREE_CHECKS_H_
