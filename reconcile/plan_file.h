// Saved plans: `plan --out FILE` writes the plan (the JSON schema of
// docs/plan-json.md) plus what is needed to apply it later: the desired
// inputs, the plan options, and a fingerprint of every live object the plan
// was made from (normalised content plus identity: ARN, BackupPlanId and
// VersionId, SelectionIds). Applying a saved plan re-reads the same world,
// recomputes the fingerprints, and refuses — changing nothing — if any moved.
//
// The file carries a checksum over all the rest of it, so a file cut short,
// emptied or edited anywhere (desired, actions, stack, target, ...) is
// refused as corrupt rather than applied. It guards against accidents, not
// an attacker: whoever can write the file can recompute it.

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

// `tree`: the tree's absolute path, recorded for the local target's default
// state file; "" leaves it out. The result carries its "checksum".
nlohmann::json SavedPlanToJson(const ActionPlan& plan, const DesiredState& desired,
                               const Fingerprints& fingerprints, const std::string& tree = "");

// "sha256:<hex>" of the canonical JSON (sorted keys, no whitespace) of
// `file` without its "checksum" member.
std::string PlanChecksum(nlohmann::json file);

// Reads a plan file and checks its checksum; false with `error` set when the
// file cannot be read (only a regular file is), or "the plan file is
// corrupt": not JSON, empty, no object, a checksum missing or not matching.
bool ReadPlanFile(const std::string& path, nlohmann::json* file, std::string* error);

// The version 1 plan in a file ReadPlanFile accepted; "the plan file is
// corrupt" when members are missing. LoadSavedPlan: both steps.
bool ParseSavedPlan(const std::string& path, nlohmann::json file, SavedPlan* out,
                    std::string* error);
bool LoadSavedPlan(const std::string& path, SavedPlan* out, std::string* error);

// The plan options a saved plan records (PlanToJson's "options"); throws
// nlohmann::json::exception when malformed.
PlanOptions PlanOptionsFromJson(const nlohmann::json& options);

// A plan's actions (PlanToJson) without what moves with the clock alone: a
// saved plan's are compared with a fresh one's this way.
nlohmann::json ComparableActions(const nlohmann::json& plan);

// "<path>: the plan file is corrupt (<why>); nothing was changed: ...".
std::string CorruptPlanFile(const std::string& path, const std::string& why);

// What `apply PATH` takes for a saved plan: anything that exists and is not a
// directory (a tree). A damaged plan file then reads as a corrupt plan, not
// as a tree that is not a directory.
bool IsSavedPlanFile(const std::string& path);

}  // namespace backupctl

#endif  // BACKUPCTL_RECONCILE_PLAN_FILE_H_
