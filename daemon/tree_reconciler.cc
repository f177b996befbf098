#include "daemon/tree_reconciler.h"

#include <nlohmann/json.hpp>

#include "daemon/cycle_records.h"
#include "daemon/guarded_api.h"
#include "daemon/json_log.h"
#include "desired/loader.h"

namespace backupctl {

namespace {

// The first error, and how many more, e.g. "a.yaml:3:5: error: ... (and 2 more errors)".
std::string LoadErrorText(const LoadResult& loaded) {
  std::string first;
  int errors = 0;
  for (const Diagnostic& d : loaded.diagnostics) {
    if (d.severity != Severity::kError) continue;
    if (errors++ == 0) first = d.ToString();
  }
  if (errors > 1) first += " (and " + std::to_string(errors - 1) + " more errors)";
  return first;
}

}  // namespace

std::string TreeReconciler::TargetKey(const Target& t) {
  nlohmann::json key = {{"type", t.type},
                        {"region", t.region.value_or("")},
                        {"profile", t.profile.value_or("")},
                        {"endpoint", t.endpoint.value_or("")},
                        {"state_file", t.state_file.value_or("")}};
  return key.dump();
}

namespace {

// Parts of the account that could not be read keep the cycle from being a success.
void NoteUnknowns(const ActionPlan& plan, CycleOutcome* outcome) {
  std::string unknowns = UnknownsText(plan);
  if (unknowns.empty() || outcome->result != CycleResult::kSuccess) return;
  outcome->result = CycleResult::kPartial;
  outcome->error = std::move(unknowns);
}

}  // namespace

TreeReconciler::TreeReconciler(TreeReconcilerOptions options, ApiFactory make_api,
                               TargetsApiFactory make_targets)
    : options_(std::move(options)),
      make_api_(std::move(make_api)),
      make_targets_(std::move(make_targets)) {}

size_t TreeReconciler::cached_entries() const {
  size_t n = cache_.size();
  for (const auto& [name, cache] : target_caches_) n += cache.size();
  return n;
}

const LoadResult* TreeReconciler::LoadInForce(CycleOutcome* outcome) {
  LoadResult loaded = LoadTree(options_.dir);
  if (loaded.ok() && !loaded.targets.empty() && !make_targets_) {
    loaded.diagnostics.push_back(
        {Severity::kError, {"backupctl.yaml"}, "this daemon cannot reconcile a tree with targets"});
  }
  if (loaded.ok()) {
    last_good_ = std::move(loaded);
  } else {
    outcome->result = CycleResult::kLoadError;
    outcome->load_error = LoadErrorText(loaded);
    if (!last_good_) outcome->error = "no good tree loaded yet; nothing was done";
  }
  return last_good_ ? &*last_good_ : nullptr;
}

BackupApi* TreeReconciler::ApiFor(const DesiredState& desired, std::string* error) {
  std::string key = TargetKey(desired.project.target);
  if (!target_ || key != target_key_) {
    target_.reset();
    std::optional<TargetApi> made = make_api_(desired, error);
    if (!made) return nullptr;
    target_ = std::move(made);
    target_key_ = key;
    cache_.Retain({}, {});  // another account: nothing cached applies
  }
  return target_->api.get();
}

CycleOutcome TreeReconciler::Reconcile(const CycleRequest& request) {
  CycleOutcome outcome;
  const LoadResult* tree = LoadInForce(&outcome);
  if (tree == nullptr) return outcome;
  const std::string& target_name = options_.target;
  WriteGate write_gate;
  if (options_.gate) {
    const TargetGate& gate = *options_.gate;
    if (gate.set_targets) gate.set_targets({target_name});
    if (!gate.owns(target_name)) {
      outcome.standing_by = true;
      // Another replica reconciles it; this one stands by (and stays ready).
      LogEvent(spdlog::level::info, "target owned by another replica; standing by",
               {{"cycle_id", request.cycle_id}, {"target", target_name}});
      return outcome;
    }
    write_gate = [&gate, target_name](std::string* why) {
      return gate.begin_write(target_name, why);
    };
  }
  if (!tree->targets.empty()) {
    return ReconcileTargets(*tree, request, write_gate, std::move(outcome));
  }
  return ReconcileOne(tree->state, request, write_gate, std::move(outcome));
}

CycleOutcome TreeReconciler::ReconcileOne(const DesiredState& desired, const CycleRequest& request,
                                          const WriteGate& write_gate, CycleOutcome outcome) {
  std::string error;
  BackupApi* api = ApiFor(desired, &error);
  if (api == nullptr) return FailedOutcome(std::move(outcome), "target: " + error);
  GuardedApi guarded(*api, request.stopping, request.heartbeat, target_->call_observer, write_gate);
  ReconcileOptions options = options_.reconcile;
  options.cache = &cache_;
  PlanRun run = PlanAgainst(guarded, desired, options);
  if (!run.ok()) return FailedOutcome(std::move(outcome), run.error);
  for (const std::string& warning : run.result.plan.warnings) {
    LogEvent(spdlog::level::warn, "plan warning",
             {{"cycle_id", request.cycle_id}, {"target", options_.target}, {"warning", warning}});
  }
  outcome.live_read = true;
  outcome.drifted = DriftByKind(run.result.plan);
  if (request.observe) {
    for (const Action& action : run.result.plan.actions) {
      outcome.actions.push_back(PendingRecord(action));
    }
    NoteUnknowns(run.result.plan, &outcome);
    return outcome;
  }
  if (request.stopping != nullptr && request.stopping->load()) {
    return FailedOutcome(std::move(outcome), "shutting down: the plan was not applied");
  }
  ApplyReport report = Apply(run.result.plan, guarded, options.apply);
  for (const ActionOutcome& o : report.outcomes) outcome.actions.push_back(AppliedRecord(o));
  if (!report.ok() && outcome.result == CycleResult::kSuccess) {
    outcome.result = CycleResult::kPartial;
    outcome.error = ApplyReportText(report);
  }
  NoteUnknowns(run.result.plan, &outcome);
  return outcome;
}

}  // namespace backupctl
