// TreeReconciler's cycle over a tree with targets (tree_reconciler.h).

#include <algorithm>

#include <nlohmann/json.hpp>

#include "daemon/cycle_records.h"
#include "daemon/json_log.h"
#include "daemon/tree_reconciler.h"
#include "reconcile/targets.h"

namespace backupctl {

// What the opened APIs depend on: a change reopens every target.
std::string TreeReconciler::TargetsKey(const LoadResult& tree) {
  nlohmann::json key = {{"project", TargetKey(tree.state.project.target)},
                        {"targets", nlohmann::json::array()}};
  for (const PlacedTarget& p : tree.targets) {
    const TargetSpec& s = p.spec;
    nlohmann::json role = nullptr;
    if (s.assume_role) {
      role = {s.assume_role->role_arn, s.assume_role->external_id.value_or(""),
              s.assume_role->session_name.value_or("")};
    }
    key["targets"].push_back(
        {s.name, s.account_id, s.region, s.endpoint.value_or(""), std::move(role)});
  }
  return key.dump();
}

namespace {

CycleResult Worse(CycleResult a, CycleResult b) {
  auto rank = [](CycleResult r) {
    return r == CycleResult::kFailed ? 2 : r == CycleResult::kPartial ? 1 : 0;
  };
  return rank(b) > rank(a) ? b : a;
}

}  // namespace

TargetApis* TreeReconciler::TargetApisFor(const LoadResult& tree, std::string* error) {
  std::string key = TargetsKey(tree);
  // A target that could not be opened is tried again the next cycle.
  auto incomplete = [](const TargetApis& apis) {
    return std::any_of(apis.targets.begin(), apis.targets.end(),
                       [](const TargetApi& t) { return t.api == nullptr; });
  };
  if (!targets_ || key != targets_key_ || targets_->reopen_each_cycle || incomplete(*targets_)) {
    if (key != targets_key_) target_caches_.clear();  // other accounts: nothing cached applies
    targets_.reset();  // closes local state before it is opened again
    std::optional<TargetApis> made = make_targets_(tree, error);
    if (!made) return nullptr;
    if (made->targets.size() != tree.targets.size()) {
      *error = "opened " + std::to_string(made->targets.size()) + " of " +
               std::to_string(tree.targets.size()) + " targets";
      return nullptr;
    }
    made->errors.resize(made->targets.size());
    targets_ = std::move(made);
    targets_key_ = key;
  }
  return &*targets_;
}

CycleOutcome TreeReconciler::ReconcileTargets(const LoadResult& tree, const CycleRequest& request,
                                              const WriteGate& write_gate, CycleOutcome outcome) {
  std::string error;
  TargetApis* apis = TargetApisFor(tree, &error);
  if (apis == nullptr) return FailedOutcome(std::move(outcome), "targets: " + error);

  // Each target through its own guard (stop, heartbeat, metrics, write gate) and cache.
  const size_t n = tree.targets.size();
  std::vector<std::unique_ptr<GuardedApi>> guarded(n);
  std::vector<BackupApi*> raw(n, nullptr);
  TargetsOptions options;
  options.reconcile = options_.reconcile;
  options.global_in_flight = options_.global_in_flight;
  for (size_t i = 0; i < n; ++i) {
    options.caches.push_back(&target_caches_[tree.targets[i].spec.name]);
    const TargetApi& t = apis->targets[i];
    if (t.api == nullptr) continue;
    guarded[i] = std::make_unique<GuardedApi>(*t.api, request.stopping, request.heartbeat,
                                              t.call_observer, write_gate);
    raw[i] = guarded[i].get();
  }
  TargetsPlan plan = PlanTargets(tree.targets, raw, apis->errors, options);

  std::map<std::string, TargetOutcome> by_target;
  for (const TargetPlan& t : plan.targets) {
    const std::string& name = t.target->spec.name;
    TargetOutcome& mine = by_target[name];
    mine.target = name;
    if (!t.run.ok()) {
      mine.result = CycleResult::kFailed;
      mine.error = t.run.error;
      continue;
    }
    for (const std::string& warning : t.run.result.plan.warnings) {
      LogEvent(spdlog::level::warn, "plan warning",
               {{"cycle_id", request.cycle_id}, {"target", name}, {"warning", warning}});
    }
    std::map<std::string, int> drift = DriftByKind(t.run.result.plan);
    for (const auto& [kind, count] : drift) outcome.drifted[kind] += count;
    mine.live_read = true;
    mine.drifted = TotalDrift(drift);
    outcome.live_read = true;
    mine.error = UnknownsText(t.run.result.plan);
    if (!mine.error.empty()) mine.result = CycleResult::kPartial;
    if (request.observe) {
      for (const Action& a : t.run.result.plan.actions) {
        outcome.actions.push_back(PendingRecord(a, name));
      }
    }
  }
  const bool stopping = request.stopping != nullptr && request.stopping->load();
  if (!request.observe && !stopping && plan.failed() < static_cast<int>(n)) {
    TargetsApply applied = ApplyTargets(plan, options);
    for (size_t i = 0; i < applied.report.outcomes.size(); ++i) {
      outcome.actions.push_back(
          AppliedRecord(applied.report.outcomes[i], applied.merged.actions[i].target));
    }
    for (const auto& [name, report] : applied.by_target) {
      if (report.ok()) continue;
      TargetOutcome& mine = by_target[name];
      mine.result = Worse(mine.result, CycleResult::kPartial);
      mine.error = ApplyReportText(report) + (mine.error.empty() ? "" : "; " + mine.error);
    }
    std::string flushed = apis->flush ? apis->flush() : "";
    if (!flushed.empty())
      return FailedOutcome(std::move(outcome), "the local state could not be written: " + flushed);
  } else if (stopping && !request.observe) {
    return FailedOutcome(std::move(outcome), "shutting down: the plan was not applied");
  }

  // The tree's result: failed when no target planned, partial when any fell short.
  int failed = 0;
  for (const TargetPlan& t : plan.targets) {
    TargetOutcome& mine = by_target[t.target->spec.name];
    if (mine.result == CycleResult::kFailed) ++failed;
    if (mine.result != CycleResult::kSuccess) {
      if (!outcome.error.empty()) outcome.error += "; ";
      outcome.error += "target " + mine.target + ": " + mine.error;
    }
    outcome.targets.push_back(std::move(mine));
  }
  CycleResult tree_result = failed == static_cast<int>(n) ? CycleResult::kFailed
                            : outcome.error.empty()       ? CycleResult::kSuccess
                                                          : CycleResult::kPartial;
  if (outcome.result != CycleResult::kLoadError) outcome.result = tree_result;
  return outcome;
}

}  // namespace backupctl
