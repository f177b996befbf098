#include "tests/reconcile/test_support.h"

#include <gtest/gtest.h>

namespace backupctl::testing {

DesiredState SmallTree() {
  DesiredState d;
  d.project.stack = "payments";
  Vault vault;
  vault.name = "prod";
  vault.tags = {{"team", "a"}};
  d.vaults.push_back(vault);
  BackupPlanSpec plan;
  plan.name = "daily";
  plan.tags = {{"team", "a"}};
  Rule rule;
  rule.name = "daily";
  rule.target_vault = "prod";
  rule.schedule = "cron(0 3 * * ? *)";
  rule.lifecycle = LifecycleSpec{std::nullopt, 35, std::nullopt};
  plan.rules.push_back(rule);
  d.plans.push_back(plan);
  Selection selection;
  selection.name = "db";
  selection.plan = "daily";
  selection.iam_role_arn = kRole;
  selection.resources = {"arn:aws:dynamodb:us-east-1:123456789012:table/orders"};
  d.selections.push_back(selection);
  d.notifications.push_back({"prod", kTopic, {"BACKUP_JOB_COMPLETED", "RESTORE_JOB_STARTED"}});
  return d;
}

std::vector<std::string> RecordingApi::calls() const {
  std::lock_guard<std::mutex> lock(mu_);
  return calls_;
}

int RecordingApi::writes() const {
  std::lock_guard<std::mutex> lock(mu_);
  int n = 0;
  for (const auto& c : calls_) {
    bool read = c.rfind("List", 0) == 0 || c.rfind("Get", 0) == 0 || c.rfind("Describe", 0) == 0;
    n += read ? 0 : 1;
  }
  return n;
}

void RecordingApi::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  calls_.clear();
}

std::optional<ApiError> RecordingApi::Around(const char* operation, const Call& call) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    calls_.push_back(operation);
  }
  if (inject) {
    if (auto e = inject(operation)) return e;
  }
  call();
  std::lock_guard<std::mutex> lock(mu_);
  auto it = lose_responses.find(operation);
  if (it != lose_responses.end() && it->second > 0) {
    --it->second;
    return MakeError(ErrorKind::kTransport, "ConnectionReset", "response lost", 0);
  }
  return std::nullopt;
}

ReconcileOptions TestOptions(const LocalAccount& account) {
  ReconcileOptions options;
  options.plan.now = account.Now();
  options.read_parallelism = 4;
  options.apply.parallelism = 4;
  options.apply.consistency_retry_seconds = 2;
  options.apply.retry_initial_delay_seconds = 0.01;
  return options;
}

ActionPlan PlanOrDie(BackupApi& api, const DesiredState& desired, const ReconcileOptions& options) {
  PlanRun run = PlanAgainst(api, desired, options);
  EXPECT_TRUE(run.ok()) << run.error;
  return std::move(run.result.plan);
}

ApplyReport PlanAndApply(BackupApi& api, const DesiredState& desired,
                         const ReconcileOptions& options) {
  ActionPlan plan = PlanOrDie(api, desired, options);
  return Apply(plan, api, options.apply);
}

std::vector<std::string> ActionIds(const ActionPlan& plan) {
  std::vector<std::string> ids;
  for (const auto& a : plan.actions) ids.push_back(a.id);
  return ids;
}

const Action& FindAction(const ActionPlan& plan, const std::string& id) {
  for (const auto& a : plan.actions) {
    if (a.id == id) return a;
  }
  ADD_FAILURE() << "no action " << id;
  static const Action kNone;
  return kNone;
}

bool HasAction(const ActionPlan& plan, const std::string& id) {
  for (const auto& a : plan.actions) {
    if (a.id == id) return true;
  }
  return false;
}

std::vector<std::string> ChangePaths(const Action& action) {
  std::vector<std::string> paths;
  for (const auto& c : action.changes) paths.push_back(c.path);
  return paths;
}

int CountPlansNamed(BackupApi& api, const std::string& name) {
  auto out = api.ListBackupPlans({});
  EXPECT_TRUE(out.ok());
  int n = 0;
  for (const auto& p : out.value().backup_plans_list) n += p.backup_plan_name == name ? 1 : 0;
  return n;
}

int CountSelections(BackupApi& api, const std::string& plan_id) {
  ListBackupSelectionsInput in;
  in.backup_plan_id = plan_id;
  auto out = api.ListBackupSelections(in);
  EXPECT_TRUE(out.ok());
  return static_cast<int>(out.value().backup_selections_list.size());
}

}  // namespace backupctl::testing
