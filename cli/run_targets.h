// `plan` and `apply` on a tree with targets: open every target, plan them in
// parallel, print the plans grouped by target, and (apply) run them as one
// graph. A target that cannot be opened, read or planned is reported and
// skipped; the others go on, and the exit code is 1. A saved plan runs on
// every target or on none.

#ifndef BACKUPCTL_CLI_RUN_TARGETS_H_
#define BACKUPCTL_CLI_RUN_TARGETS_H_

#include <string>

#include <nlohmann/json.hpp>

#include "cli/target.h"
#include "desired/loader.h"

namespace backupctl {

// Exit codes as `plan` (0, 1, or 2 with detailed_exitcode and changes) and
// `apply` (0 or 1). With `out`, the plan is saved there
// (reconcile/targets_plan_file.h), only when every target planned.
int PlanTreeWithTargets(const LoadResult& tree, const std::string& dir, const ReconcileFlags& flags,
                        bool detailed_exitcode, const std::string& out = "");
int ApplyTreeWithTargets(const LoadResult& tree, const std::string& dir,
                         const ReconcileFlags& flags);
// `apply FILE` of a saved plan of format_version 2 (ReadPlanFile accepted it).
int ApplySavedTargetsFile(const std::string& path, nlohmann::json file,
                          const ReconcileFlags& flags);

}  // namespace backupctl

#endif  // BACKUPCTL_CLI_RUN_TARGETS_H_
