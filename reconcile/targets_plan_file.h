// Saved plans of a tree with targets: `plan --out FILE` writes the
// format_version 2 plan (render_targets.h) and, for every target, what
// applying it later needs: the target (account, region, labels, role,
// endpoint), its desired inputs (with the tree's project) and the
// fingerprints of the live objects its plan was made from (plan_file.h);
// plus the plan options and the tree. The file carries a checksum as a version 1 plan file does.
//
// Applying re-plans every target. Nothing is applied on any target if one
// cannot be read, if any fingerprint moved, or if any target's actions
// differ: the plan was reviewed as a whole, so it runs as a whole or not at all.

#ifndef BACKUPCTL_RECONCILE_TARGETS_PLAN_FILE_H_
#define BACKUPCTL_RECONCILE_TARGETS_PLAN_FILE_H_

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reconcile/plan_file.h"
#include "reconcile/render_targets.h"
#include "reconcile/targets.h"

namespace backupctl {

struct SavedTargetsPlan {
  Project project;
  std::vector<PlacedTarget> targets;       // in backupctl.yaml's order
  std::vector<Fingerprints> fingerprints;  // parallel to targets
  PlanOptions options;
  nlohmann::json plan;  // the file as saved
};

// Every target must have planned (a plan with a failed target is not saved).
nlohmann::json SavedTargetsPlanToJson(const TargetsPlan& plan,
                                      const std::vector<std::string>& descriptions,
                                      const std::string& tree);

// The version 2 plan in a file ReadPlanFile accepted; false with `error`
// ("the plan file is corrupt ...") when members are missing or malformed.
bool ParseSavedTargetsPlan(const std::string& path, nlohmann::json file, SavedTargetsPlan* out,
                           std::string* error);

// "" when `now` (PlanTargets of saved.targets, with saved.options) is what
// was saved; else why the saved plan is refused, naming the targets.
std::string CheckSavedTargets(const SavedTargetsPlan& saved, const TargetsPlan& now);

}  // namespace backupctl

#endif  // BACKUPCTL_RECONCILE_TARGETS_PLAN_FILE_H_
