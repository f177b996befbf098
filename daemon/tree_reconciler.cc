#include "daemon/tree_reconciler.h"

#include <nlohmann/json.hpp>

#include "daemon/guarded_api.h"
#include "daemon/json_log.h"
#include "desired/loader.h"

namespace backupctl {

namespace {

bool IsChange(ActionType type) {
  return type == ActionType::kCreate || type == ActionType::kUpdate ||
         type == ActionType::kReplace || type == ActionType::kDelete;
}

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

std::string TargetKey(const Target& t) {
  nlohmann::json key = {{"type", t.type},
                        {"region", t.region.value_or("")},
                        {"profile", t.profile.value_or("")},
                        {"endpoint", t.endpoint.value_or("")},
                        {"state_file", t.state_file.value_or("")}};
  return key.dump();
}

ActionRecord Pending(const Action& action) {
  return {ActionTypeName(action.type),
          KindName(action.kind),
          action.name,
          "pending",
          action.reason,
          ""};
}

ActionRecord Applied(const ActionOutcome& outcome) {
  return {ActionTypeName(outcome.type),
          KindName(outcome.kind),
          outcome.name,
          OutcomeStatusName(outcome.status),
          outcome.status == OutcomeStatus::kDone ? "" : outcome.detail,
          ""};
}

// Parts of the account that could not be read keep the cycle from being a success.
void NoteUnknowns(const ActionPlan& plan, CycleOutcome* outcome) {
  if (plan.unknowns.empty() || outcome->result != CycleResult::kSuccess) return;
  const Unknown& first = plan.unknowns[0];
  outcome->result = CycleResult::kPartial;
  outcome->error = std::to_string(plan.unknowns.size()) +
                   " part(s) of the account could not be read (" + KindName(first.kind) + " " +
                   first.name + ": " + first.error + ")";
}

}  // namespace

std::map<std::string, int> DriftByKind(const ActionPlan& plan) {
  std::map<std::string, int> drift;
  for (const Action& action : plan.actions) {
    if (IsChange(action.type)) ++drift[KindName(action.kind)];
  }
  return drift;
}

TreeReconciler::TreeReconciler(TreeReconcilerOptions options, ApiFactory make_api)
    : options_(std::move(options)), make_api_(std::move(make_api)) {}

const DesiredState* TreeReconciler::LoadInForce(CycleOutcome* outcome) {
  LoadResult loaded = LoadTree(options_.dir);
  if (loaded.ok() && !loaded.targets.empty()) {
    loaded.diagnostics.push_back(
        {Severity::kError,
         {"backupctl.yaml"},
         "the daemon does not reconcile a tree with targets yet: give it one tree per target "
         "(backupctl daemon DIR DIR ...)"});
  }
  if (loaded.ok()) {
    last_good_ = std::move(loaded.state);
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
  const DesiredState* desired = LoadInForce(&outcome);
  if (desired == nullptr) return outcome;
  auto fail = [&outcome](std::string error) {
    if (outcome.result != CycleResult::kLoadError) outcome.result = CycleResult::kFailed;
    outcome.error = std::move(error);
    return outcome;
  };
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
  std::string error;
  BackupApi* api = ApiFor(*desired, &error);
  if (api == nullptr) return fail("target: " + error);
  GuardedApi guarded(*api, request.stopping, request.heartbeat, target_->call_observer, write_gate);
  ReconcileOptions options = options_.reconcile;
  options.cache = &cache_;
  PlanRun run = PlanAgainst(guarded, *desired, options);
  if (!run.ok()) return fail(run.error);
  for (const std::string& warning : run.result.plan.warnings) {
    LogEvent(spdlog::level::warn, "plan warning",
             {{"cycle_id", request.cycle_id}, {"target", target_name}, {"warning", warning}});
  }
  outcome.live_read = true;
  outcome.drifted = DriftByKind(run.result.plan);
  if (request.observe) {
    for (const Action& action : run.result.plan.actions) {
      outcome.actions.push_back(Pending(action));
    }
    NoteUnknowns(run.result.plan, &outcome);
    return outcome;
  }
  if (request.stopping != nullptr && request.stopping->load()) {
    return fail("shutting down: the plan was not applied");
  }
  ApplyReport report = Apply(run.result.plan, guarded, options.apply);
  for (const ActionOutcome& o : report.outcomes) outcome.actions.push_back(Applied(o));
  if (!report.ok() && outcome.result == CycleResult::kSuccess) {
    outcome.result = CycleResult::kPartial;
    outcome.error = std::to_string(report.failed) + " failed, " + std::to_string(report.skipped) +
                    " skipped, " + std::to_string(report.blocked) + " blocked of " +
                    std::to_string(report.outcomes.size()) + " actions";
  }
  NoteUnknowns(run.result.plan, &outcome);
  return outcome;
}

}  // namespace backupctl
