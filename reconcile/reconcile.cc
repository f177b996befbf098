#include "reconcile/reconcile.h"

#include "reconcile/render.h"

namespace backupctl {

std::string CheckLiveAccount(const Target& target, const LiveState& live) {
  if (!target.account_id) return "";
  for (const auto& [place, arn] : live.arn_places) {
    const auto& [account, region] = place;
    if (account != *target.account_id) {
      return "target.accountId is " + *target.account_id + " but the credentials reach account " +
             account + " (" + arn +
             "): nothing was planned or changed; check the profile and credentials, or the tree";
    }
    if (target.region && region != *target.region) {
      return "target.region is " + *target.region + " but the account read is in " + region + " (" +
             arn + "): nothing was planned or changed; check --region and AWS_REGION";
    }
  }
  return "";
}

PlanRun PlanAgainst(BackupApi& api, const DesiredState& desired, const ReconcileOptions& options) {
  PlanRun run;
  ReadOptions read;
  read.stack = desired.project.stack;
  read.parallelism = options.read_parallelism;
  read.include_undeclared = options.plan.prune;
  read.cache = options.cache;
  ReadResult live = ReadLive(api, desired, read);
  if (!live.ok()) {
    run.error = "reading live state failed: " + live.error;
    return run;
  }
  run.live = std::move(live.live);
  run.error = CheckLiveAccount(desired.project.target, run.live);
  if (!run.ok()) return run;
  run.result = MakePlan(desired, run.live, options.plan);
  if (!run.result.ok()) run.error = run.result.error;
  return run;
}

SavedApplyRun ApplySaved(BackupApi& api, const SavedPlan& saved, const ReconcileOptions& options) {
  SavedApplyRun run;
  ReconcileOptions replay = options;
  replay.plan = saved.options;
  replay.plan.now = options.plan.now;
  PlanRun now = PlanAgainst(api, saved.desired, replay);
  if (!now.ok()) {
    run.error = now.error;
    return run;
  }
  run.moved = MovedObjects(saved.fingerprints, FingerprintLive(saved.desired, now.live));
  if (!run.moved.empty()) {
    run.error = "the saved plan is stale: live state changed since it was made (";
    for (size_t i = 0; i < run.moved.size(); ++i) run.error += (i ? ", " : "") + run.moved[i];
    run.error += "); nothing was changed: plan again";
    return run;
  }
  if (ComparableActions(PlanToJson(now.result.plan)) != ComparableActions(saved.plan)) {
    run.error =
        "the saved plan no longer matches what live state needs; nothing was changed: "
        "plan again";
    return run;
  }
  run.plan = std::move(now.result.plan);
  run.report = Apply(run.plan, api, options.apply);
  return run;
}

}  // namespace backupctl
