// Saved plans: `plan --out FILE` writes the plan (the JSON schema of
// docs/plan-json.md) plus what is needed to apply it later: the desired
// inputs, the plan options, and a fingerprint of every live object the plan
// was made from (normalised content plus identity: ARN, BackupPlanId and
// VersionId, SelectionIds). Applying a saved plan re-reads the same world,
// recomputes the fingerprints, and refuses — changing nothing — if any moved.

#ifndef BACKUPCTL_RECONCILE_PLAN_FILE_H_
#define BACKUPCTL_RECONCILE_PLAN_FILE_H_

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "desired/model.h"
#include "reconcile/live.h"
#include "reconcile/plan.h"

namespace backupctl {

using Fingerprints = std::map<std::string, std::string>;  // "vault:prod" -> sha256 hex

// One entry per declared resource and per live resource in the stack's world;
// absent resources fingerprint as "absent", unreadable parts as "unknown".
Fingerprints FingerprintLive(const DesiredState& desired, const LiveState& live);

// Keys whose fingerprint differs (or exists on one side only), sorted.
std::vector<std::string> MovedObjects(const Fingerprints& saved, const Fingerprints& now);

struct SavedPlan {
  DesiredState desired;
  PlanOptions options;
  Fingerprints fingerprints;
  nlohmann::json plan;  // the rendered plan as saved (PlanToJson)
};

nlohmann::json SavedPlanToJson(const ActionPlan& plan, const DesiredState& desired,
                               const Fingerprints& fingerprints);

// Reads a saved plan; false with `error` set when the file is unreadable or not a plan.
bool LoadSavedPlan(const std::string& path, SavedPlan* out, std::string* error);

// True when `path` looks like a saved plan (a regular file holding a JSON object
// with format_version and fingerprints) rather than a tree directory.
bool IsSavedPlanFile(const std::string& path);

}  // namespace backupctl

#endif  // BACKUPCTL_RECONCILE_PLAN_FILE_H_
