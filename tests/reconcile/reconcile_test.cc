// End to end in-process: read -> plan -> apply -> plan against a LocalAccount.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>

#include <gtest/gtest.h>

#include "reconcile/render.h"
#include "tests/reconcile/test_support.h"

namespace backupctl {
namespace {

using testing::ActionIds;
using testing::ChangePaths;
using testing::FindAction;
using testing::HasAction;
using testing::PlanAndApply;
using testing::PlanOrDie;
using testing::RecordingApi;
using testing::SmallTree;
using testing::TestOptions;

class ReconcileTest : public ::testing::Test {
 protected:
  ReconcileTest() : account_(AccountOptions{}), api_(account_), options_(TestOptions(account_)) {}

  void Converge(const DesiredState& desired) {
    ApplyReport report = PlanAndApply(api_, desired, options_);
    ASSERT_TRUE(report.ok()) << RenderReportText(report, false);
    ActionPlan again = PlanOrDie(api_, desired, options_);
    ASSERT_TRUE(again.actions.empty()) << RenderPlanText(again, false);
  }

  std::string PlanIdOf(const std::string& name) {
    auto out = account_.ListBackupPlans({});
    for (const auto& p : out.value().backup_plans_list) {
      if (p.backup_plan_name == name) return p.backup_plan_id;
    }
    return "";
  }

  LocalAccount account_;
  RecordingApi api_;
  ReconcileOptions options_;
};

TEST_F(ReconcileTest, CreatesInDependencyOrderThenPlansNothing) {
  DesiredState desired = SmallTree();
  ActionPlan plan = PlanOrDie(api_, desired, options_);
  EXPECT_EQ(ActionIds(plan), (std::vector<std::string>{"vault:prod", "notifications:prod",
                                                       "plan:daily", "selection:daily/db"}));
  EXPECT_EQ(FindAction(plan, "notifications:prod").level, 1);
  EXPECT_EQ(FindAction(plan, "plan:daily").depends_on, std::vector<std::string>{"vault:prod"});
  EXPECT_EQ(FindAction(plan, "selection:daily/db").level, 2);
  EXPECT_EQ(SummaryLine(plan),
            "Plan: 4 to add, 0 to change, 0 to replace, 0 to destroy, 0 blocked.");
  for (const auto& a : plan.actions) {
    if (a.kind == Kind::kVault || a.kind == Kind::kBackupPlan || a.kind == Kind::kSelection) {
      EXPECT_LE(a.creator_request_id.size(), 50u);
      EXPECT_EQ(a.creator_request_id.find_first_not_of(
                    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_."),
                std::string::npos);
    }
  }
  Converge(desired);
  EXPECT_EQ(SummaryLine(PlanOrDie(api_, desired, options_)),
            "No changes. Live state matches the desired tree.");
}

TEST_F(ReconcileTest, ConvergedApplyMakesZeroWrites) {
  DesiredState desired = SmallTree();
  Converge(desired);
  api_.Clear();
  ApplyReport report = PlanAndApply(api_, desired, options_);
  EXPECT_TRUE(report.outcomes.empty());
  EXPECT_EQ(api_.writes(), 0);
}

TEST_F(ReconcileTest, CreatorRequestIdIsDeterministic) {
  DesiredState desired = SmallTree();
  ActionPlan a = PlanOrDie(api_, desired, options_);
  ActionPlan b = PlanOrDie(api_, desired, options_);
  EXPECT_EQ(FindAction(a, "plan:daily").creator_request_id,
            FindAction(b, "plan:daily").creator_request_id);
  desired.plans[0].rules[0].lifecycle->delete_after_days = 90;
  ActionPlan c = PlanOrDie(api_, desired, options_);
  EXPECT_NE(FindAction(a, "plan:daily").creator_request_id,
            FindAction(c, "plan:daily").creator_request_id);
}

TEST_F(ReconcileTest, PlanUpdateInPlaceWithFieldLevelChange) {
  DesiredState desired = SmallTree();
  Converge(desired);
  std::string id = PlanIdOf("daily");
  desired.plans[0].rules[0].lifecycle->delete_after_days = 90;
  desired.plans[0].tags["team"] = "b";
  ActionPlan plan = PlanOrDie(api_, desired, options_);
  ASSERT_EQ(ActionIds(plan), std::vector<std::string>{"plan:daily"});
  const Action& a = FindAction(plan, "plan:daily");
  EXPECT_EQ(a.type, ActionType::kUpdate);
  EXPECT_EQ(a.changes[0].ToString(), "rule daily: deleteAfterDays: 35 -> 90");
  EXPECT_EQ(a.changes[1].ToString(), "backupPlanTags.team: \"a\" -> \"b\"");
  Converge(desired);
  EXPECT_EQ(PlanIdOf("daily"), id);
}

TEST_F(ReconcileTest, RuleReorderAndDefaultsAreNotDrift) {
  DesiredState desired = SmallTree();
  Rule weekly = desired.plans[0].rules[0];
  weekly.name = "weekly";
  weekly.schedule_timezone = "Etc/UTC";
  weekly.start_window_minutes = 480;
  desired.plans[0].rules.push_back(weekly);
  Converge(desired);
  std::swap(desired.plans[0].rules[0], desired.plans[0].rules[1]);
  desired.plans[0].rules[0].schedule_timezone.reset();
  desired.plans[0].rules[0].start_window_minutes.reset();
  EXPECT_TRUE(PlanOrDie(api_, desired, options_).actions.empty());
}

TEST_F(ReconcileTest, SelectionReplaceCreatesBeforeDeleting) {
  DesiredState desired = SmallTree();
  Converge(desired);
  desired.selections[0].resources.push_back("arn:aws:dynamodb:us-east-1:123456789012:table/users");
  ActionPlan plan = PlanOrDie(api_, desired, options_);
  const Action& a = FindAction(plan, "selection:daily/db");
  EXPECT_EQ(a.type, ActionType::kReplace);
  EXPECT_EQ(ChangePaths(a), std::vector<std::string>{"resources"});
  api_.Clear();
  ApplyReport report = Apply(plan, api_, options_.apply);
  ASSERT_TRUE(report.ok());
  std::vector<std::string> writes;
  for (const auto& c : api_.calls()) {
    if (c == "CreateBackupSelection" || c == "DeleteBackupSelection") writes.push_back(c);
  }
  EXPECT_EQ(writes, (std::vector<std::string>{"CreateBackupSelection", "DeleteBackupSelection"}));
  EXPECT_EQ(testing::CountSelections(account_, PlanIdOf("daily")), 1);
  EXPECT_TRUE(PlanOrDie(api_, desired, options_).actions.empty());
}

TEST_F(ReconcileTest, FailedCreateOfReplacementKeepsOldSelection) {
  DesiredState desired = SmallTree();
  Converge(desired);
  desired.selections[0].resources = {"arn:aws:dynamodb:us-east-1:123456789012:table/users"};
  api_.inject = [](const std::string& op) -> std::optional<ApiError> {
    if (op == "CreateBackupSelection") {
      return MakeError(ErrorKind::kLimitExceeded, "LimitExceededException", "too many");
    }
    return std::nullopt;
  };
  ApplyReport report = PlanAndApply(api_, desired, options_);
  EXPECT_EQ(report.failed, 1);
  EXPECT_EQ(testing::CountSelections(account_, PlanIdOf("daily")), 1);
}

TEST_F(ReconcileTest, VaultKeyChangeWithRecoveryPointsIsBlocked) {
  DesiredState desired = SmallTree();
  Converge(desired);
  ASSERT_TRUE(account_.SeedRecoveryPoints("prod", 3).ok());
  desired.vaults[0].encryption_key_arn = "arn:aws:kms:us-east-1:123456789012:key/new";
  options_.plan.prune = true;
  ActionPlan plan = PlanOrDie(api_, desired, options_);
  const Action& a = FindAction(plan, "vault:prod");
  EXPECT_EQ(a.type, ActionType::kBlocked);
  EXPECT_NE(a.reason.find("3 recovery points"), std::string::npos) << a.reason;
  api_.Clear();
  ApplyReport report = Apply(plan, api_, options_.apply);
  EXPECT_EQ(report.blocked, 1);
  EXPECT_EQ(api_.writes(), 0);
}

TEST_F(ReconcileTest, VaultKeyChangeOfEmptyVaultNeedsPrune) {
  DesiredState desired = SmallTree();
  desired.plans.clear();
  desired.selections.clear();
  desired.notifications.clear();  // a vault in use is never replaced
  desired.vaults[0].lock = VaultLock{7, 30, std::nullopt};
  Converge(desired);
  desired.vaults[0].encryption_key_arn = "arn:aws:kms:us-east-1:123456789012:key/new";
  EXPECT_EQ(FindAction(PlanOrDie(api_, desired, options_), "vault:prod").type,
            ActionType::kBlocked);
  options_.plan.prune = true;
  ActionPlan plan = PlanOrDie(api_, desired, options_);
  EXPECT_EQ(FindAction(plan, "vault:prod").type, ActionType::kReplace);
  EXPECT_EQ(FindAction(plan, "lock:prod").depends_on, std::vector<std::string>{"vault:prod"});
  Converge(desired);
}

TEST_F(ReconcileTest, PruneOfVaultWithRecoveryPointsIsBlocked) {
  DesiredState desired = SmallTree();
  Vault old;
  old.name = "old";
  desired.vaults.push_back(old);
  Converge(desired);
  ASSERT_TRUE(account_.SeedRecoveryPoints("old", 2).ok());
  desired.vaults.pop_back();
  options_.plan.prune = true;
  const ActionPlan plan = PlanOrDie(api_, desired, options_);
  const Action& a = FindAction(plan, "vault:old");
  EXPECT_EQ(a.type, ActionType::kBlocked);
  EXPECT_NE(a.reason.find("2 recovery points"), std::string::npos);
}

TEST_F(ReconcileTest, LockPastChangeableWindowIsBlocked) {
  DesiredState desired = SmallTree();
  desired.vaults[0].lock = VaultLock{7, 365, 3};
  Converge(desired);
  account_.AdvanceClock(4 * 86400);
  options_.plan.now = account_.Now();
  EXPECT_TRUE(PlanOrDie(api_, desired, options_).actions.empty());  // changeableForDays: no drift
  desired.vaults[0].lock->min_retention_days = 14;
  const ActionPlan plan = PlanOrDie(api_, desired, options_);
  const Action& a = FindAction(plan, "lock:prod");
  EXPECT_EQ(a.type, ActionType::kBlocked);
  EXPECT_NE(a.reason.find("changeable window"), std::string::npos);
}

TEST_F(ReconcileTest, LockWithinWindowIsUpdatedInPlace) {
  DesiredState desired = SmallTree();
  desired.vaults[0].lock = VaultLock{7, 365, 3};
  Converge(desired);
  desired.vaults[0].lock->min_retention_days = 14;
  ActionPlan plan = PlanOrDie(api_, desired, options_);
  EXPECT_EQ(FindAction(plan, "lock:prod").type, ActionType::kUpdate);
  Converge(desired);
}

TEST_F(ReconcileTest, UnownedVaultIsAConflictUntilAdopted) {
  CreateBackupVaultInput foreign;
  foreign.backup_vault_name = "prod";
  foreign.backup_vault_tags = {{"team", "a"}};
  ASSERT_TRUE(account_.CreateBackupVault(foreign).ok());
  DesiredState desired = SmallTree();
  ActionPlan plan = PlanOrDie(api_, desired, options_);
  const Action& a = FindAction(plan, "vault:prod");
  EXPECT_EQ(a.type, ActionType::kConflict);
  EXPECT_NE(a.reason.find("--adopt"), std::string::npos);
  EXPECT_FALSE(HasAction(plan, "notifications:prod"));
  options_.plan.adopt = true;
  plan = PlanOrDie(api_, desired, options_);
  EXPECT_EQ(FindAction(plan, "vault:prod").type, ActionType::kUpdate);
  EXPECT_EQ(ChangePaths(FindAction(plan, "vault:prod")),
            std::vector<std::string>{"backupVaultTags.backupctl:stack"});
  ASSERT_TRUE(Apply(plan, api_, options_.apply).ok());
  options_.plan.adopt = false;
  EXPECT_TRUE(PlanOrDie(api_, desired, options_).actions.empty());
}

TEST_F(ReconcileTest, UnownedPlanIsAConflictUntilAdopted) {
  DesiredState desired = SmallTree();
  Converge(desired);
  std::string id = PlanIdOf("daily");
  ASSERT_TRUE(account_
                  .UntagResource({"arn:aws:backup:us-east-1:123456789012:backup-plan:" + id,
                                  {"backupctl:stack"}})
                  .ok());
  // Without our tag the plan is still ours by CreatorRequestId: made by this stack.
  EXPECT_TRUE(PlanOrDie(api_, desired, options_).actions.empty());
  CreateBackupPlanInput foreign;
  foreign.backup_plan.backup_plan_name = "weekly";
  BackupRule rule;
  rule.rule_name = "r";
  rule.target_backup_vault_name = "prod";
  foreign.backup_plan.rules.push_back(rule);
  ASSERT_TRUE(account_.CreateBackupPlan(foreign).ok());
  BackupPlanSpec weekly;
  weekly.name = "weekly";
  Rule r;
  r.name = "r";
  r.target_vault = "prod";
  weekly.rules.push_back(r);
  desired.plans.push_back(weekly);
  EXPECT_EQ(FindAction(PlanOrDie(api_, desired, options_), "plan:weekly").type,
            ActionType::kConflict);
  options_.plan.adopt = true;
  Converge(desired);
}

TEST_F(ReconcileTest, DuplicateLivePlanNamesAreAConflict) {
  DesiredState desired = SmallTree();
  Converge(desired);
  CreateBackupPlanInput twin;
  twin.backup_plan.backup_plan_name = "daily";
  BackupRule rule;
  rule.rule_name = "other";
  rule.target_backup_vault_name = "prod";
  twin.backup_plan.rules.push_back(rule);
  ASSERT_TRUE(account_.CreateBackupPlan(twin).ok());
  ActionPlan plan = PlanOrDie(api_, desired, options_);
  const Action& a = FindAction(plan, "plan:daily");
  EXPECT_EQ(a.type, ActionType::kConflict);
  EXPECT_NE(a.reason.find("2 live plans"), std::string::npos);
  EXPECT_FALSE(HasAction(plan, "selection:daily/db"));
}

TEST_F(ReconcileTest, PruneGuards) {
  DesiredState desired = SmallTree();
  Converge(desired);
  CreateBackupVaultInput foreign;
  foreign.backup_vault_name = "someone-elses";
  ASSERT_TRUE(account_.CreateBackupVault(foreign).ok());
  DesiredState smaller = desired;
  smaller.plans.clear();
  smaller.selections.clear();

  // Without --prune: nothing deleted, and the plan says why.
  ActionPlan plan = PlanOrDie(api_, smaller, options_);
  EXPECT_TRUE(plan.actions.empty());
  EXPECT_FALSE(plan.notes.empty());

  // An empty tree never deletes, even with --prune.
  options_.plan.prune = true;
  DesiredState empty;
  empty.project.stack = "payments";
  plan = PlanOrDie(api_, empty, options_);
  EXPECT_TRUE(plan.actions.empty());

  // Over --max-deletes: the whole plan is refused.
  options_.plan.max_deletes = 1;
  PlanRun refused = PlanAgainst(api_, smaller, options_);
  EXPECT_FALSE(refused.ok());
  EXPECT_NE(refused.error.find("--max-deletes=1"), std::string::npos);
  options_.plan.force_deletes = true;
  plan = PlanOrDie(api_, smaller, options_);
  EXPECT_EQ(ActionIds(plan), (std::vector<std::string>{"selection:daily/db", "plan:daily"}));
  EXPECT_EQ(FindAction(plan, "plan:daily").depends_on,
            std::vector<std::string>{"selection:daily/db"});
  Converge(smaller);
  EXPECT_EQ(testing::CountPlansNamed(account_, "daily"), 0);
  // The unowned vault is never deleted.
  EXPECT_TRUE(account_.DescribeBackupVault({"someone-elses"}).ok());
}

TEST_F(ReconcileTest, PruneDeletesOwnedVaultAndNotifications) {
  DesiredState desired = SmallTree();
  Vault old;
  old.name = "old";
  desired.vaults.push_back(old);
  desired.notifications.push_back({"old", testing::kTopic, {"BACKUP_JOB_COMPLETED"}});
  Converge(desired);
  desired.vaults.pop_back();
  desired.notifications.pop_back();
  desired.notifications[0].events.pop_back();
  options_.plan.prune = true;
  ActionPlan plan = PlanOrDie(api_, desired, options_);
  EXPECT_EQ(FindAction(plan, "vault:old").type, ActionType::kDelete);
  EXPECT_EQ(FindAction(plan, "notifications:prod").type, ActionType::kUpdate);
  Converge(desired);
  EXPECT_FALSE(account_.DescribeBackupVault({"old"}).ok());
}

TEST_F(ReconcileTest, AccessDeniedIsUnknownNeverAbsent) {
  DesiredState desired = SmallTree();
  Converge(desired);
  account_.DenyOperation("GetBackupVaultNotifications", "prod");
  account_.DenyOperation("ListTags", "");
  desired.notifications[0].events = {"BACKUP_JOB_COMPLETED"};
  desired.vaults[0].tags["team"] = "z";
  ActionPlan plan = PlanOrDie(api_, desired, options_);
  EXPECT_TRUE(plan.actions.empty()) << RenderPlanText(plan, false);
  ASSERT_GE(plan.unknowns.size(), 2u);
  EXPECT_NE(RenderPlanText(plan, false).find("Could not be read"), std::string::npos);
}

TEST_F(ReconcileTest, AccessDeniedOnFreshVaultDoesNotRecreateIt) {
  DesiredState desired = SmallTree();
  Converge(desired);
  account_.DenyOperation("ListTags", "");
  account_.DenyOperation("GetBackupVaultAccessPolicy", "");
  ActionPlan plan = PlanOrDie(api_, desired, options_);
  EXPECT_FALSE(HasAction(plan, "vault:prod"));
  account_.DenyOperation("ListBackupVaults", "");
  PlanRun run = PlanAgainst(api_, desired, options_);
  EXPECT_FALSE(run.ok());
  EXPECT_NE(run.error.find("AccessDenied"), std::string::npos);
}

// Sends a create once more after a transport error, with the same input, as
// the AWS client does when an answer is lost (Apply itself never resends).
class ResendingApi : public RecordingApi {
 public:
  using RecordingApi::RecordingApi;

  Outcome<CreateBackupVaultOutput> CreateBackupVault(const CreateBackupVaultInput& in) override {
    return Resend([&] { return RecordingApi::CreateBackupVault(in); });
  }
  Outcome<CreateBackupPlanOutput> CreateBackupPlan(const CreateBackupPlanInput& in) override {
    return Resend([&] { return RecordingApi::CreateBackupPlan(in); });
  }
  Outcome<CreateBackupSelectionOutput> CreateBackupSelection(
      const CreateBackupSelectionInput& in) override {
    return Resend([&] { return RecordingApi::CreateBackupSelection(in); });
  }

 private:
  template <typename Call>
  static auto Resend(Call call) -> decltype(call()) {
    auto r = call();
    return !r.ok() && r.error().kind == ErrorKind::kTransport ? call() : r;
  }
};

TEST_F(ReconcileTest, RetryAfterLostResponseReturnsTheSameResource) {
  DesiredState desired = SmallTree();
  // Each create runs, loses its answer once; the resend must not make a second one.
  ResendingApi api(account_);
  api.lose_responses = {
      {"CreateBackupVault", 1}, {"CreateBackupPlan", 1}, {"CreateBackupSelection", 1}};
  ApplyReport report = PlanAndApply(api, desired, options_);
  ASSERT_TRUE(report.ok()) << RenderReportText(report, false);
  EXPECT_EQ(testing::CountPlansNamed(account_, "daily"), 1);
  EXPECT_EQ(testing::CountSelections(account_, PlanIdOf("daily")), 1);
  EXPECT_TRUE(PlanOrDie(api_, desired, options_).actions.empty());
}

TEST_F(ReconcileTest, RerunAfterCrashReturnsTheSameResources) {
  DesiredState desired = SmallTree();
  ActionPlan plan = PlanOrDie(api_, desired, options_);
  // The plan is made but its answer never arrives: as if the process died there.
  api_.lose_responses = {{"CreateBackupPlan", 100}};
  ApplyReport first = Apply(plan, api_, options_.apply);
  EXPECT_EQ(first.failed, 1);
  EXPECT_EQ(first.skipped, 1);
  EXPECT_EQ(testing::CountPlansNamed(account_, "daily"), 1);
  api_.lose_responses.clear();
  ApplyReport second = Apply(plan, api_, options_.apply);  // the same saved plan, run again
  ASSERT_TRUE(second.ok()) << RenderReportText(second, false);
  EXPECT_EQ(testing::CountPlansNamed(account_, "daily"), 1);
  EXPECT_EQ(testing::CountSelections(account_, PlanIdOf("daily")), 1);
  auto vaults = account_.ListBackupVaults({});
  EXPECT_EQ(vaults.value().backup_vault_list.size(), 1u);
  EXPECT_TRUE(PlanOrDie(api_, desired, options_).actions.empty());
}

TEST_F(ReconcileTest, FailedActionSkipsDependentsOnly) {
  DesiredState desired = SmallTree();
  api_.inject = [](const std::string& op) -> std::optional<ApiError> {
    if (op == "CreateBackupPlan") return MakeError(ErrorKind::kInvalidParameter, "X", "bad plan");
    return std::nullopt;
  };
  ApplyReport report = PlanAndApply(api_, desired, options_);
  EXPECT_EQ(report.done, 2);  // the vault and its notifications
  EXPECT_EQ(report.failed, 1);
  EXPECT_EQ(report.skipped, 1);
  const auto& skipped = report.outcomes.back();
  EXPECT_EQ(skipped.id, "selection:daily/db");
  EXPECT_NE(skipped.detail.find("plan:daily"), std::string::npos);
}

TEST_F(ReconcileTest, EventualConsistencyErrorsAreRetried) {
  DesiredState desired = SmallTree();
  std::atomic<int> refusals{2};
  api_.inject = [&refusals](const std::string& op) -> std::optional<ApiError> {
    if (op == "CreateBackupSelection" && refusals-- > 0) {
      return MakeError(
          ErrorKind::kInvalidParameter, "InvalidParameterValueException",
          "IAM Role arn:aws:iam::123456789012:role/backup cannot be assumed by AWS Backup");
    }
    return std::nullopt;
  };
  ApplyReport report = PlanAndApply(api_, desired, options_);
  EXPECT_TRUE(report.ok()) << RenderReportText(report, false);
}

TEST_F(ReconcileTest, PropagationMessagesAreRetried) {
  for (const char* message :
       {"IAM Role arn:aws:iam::123456789012:role/backup is not authorized to call tag:GetResources",
        "Provided principal is not valid"}) {
    for (const char* op : {"CreateBackupSelection", "PutBackupVaultNotifications"}) {
      LocalAccount account(AccountOptions{});
      RecordingApi api(account);
      std::atomic<int> refusals{1};
      api.inject = [&](const std::string& called) -> std::optional<ApiError> {
        if (called != op || refusals-- <= 0) return std::nullopt;
        return MakeError(ErrorKind::kInvalidParameter, "InvalidParameterValueException", message);
      };
      ApplyReport report = PlanAndApply(api, SmallTree(), TestOptions(account));
      EXPECT_TRUE(report.ok()) << op << ": " << RenderReportText(report, false);
    }
  }
}

// "not valid" alone is no sign of propagation: a permanent validation error
// must fail on the first answer, not be waited out until the deadline.
TEST_F(ReconcileTest, PermanentInvalidParameterFailsAtOnce) {
  options_.apply.consistency_retry_seconds = 30;
  api_.inject = [](const std::string& op) -> std::optional<ApiError> {
    if (op != "CreateBackupPlan") return std::nullopt;
    return MakeError(ErrorKind::kInvalidParameter, "InvalidParameterValueException",
                     "Invalid lifecycle for rule daily: DeleteAfterDays 35 is not valid");
  };
  auto start = std::chrono::steady_clock::now();
  ApplyReport report = PlanAndApply(api_, SmallTree(), options_);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(report.failed, 1) << RenderReportText(report, false);
  auto calls = api_.calls();
  EXPECT_EQ(std::count(calls.begin(), calls.end(), "CreateBackupPlan"), 1);
  EXPECT_LT(seconds, 10);
}

TEST_F(ReconcileTest, StaleSavedPlanIsRefusedAndChangesNothing) {
  DesiredState desired = SmallTree();
  Converge(desired);
  desired.plans[0].rules[0].lifecycle->delete_after_days = 90;
  PlanRun run = PlanAgainst(api_, desired, options_);
  ASSERT_TRUE(run.ok());
  nlohmann::json file =
      SavedPlanToJson(run.result.plan, desired, FingerprintLive(desired, run.live));
  std::string path = ::testing::TempDir() + "/stale-plan.json";
  {
    std::ofstream out(path);
    out << file.dump(2);
  }
  ASSERT_TRUE(IsSavedPlanFile(path));
  SavedPlan saved;
  std::string error;
  ASSERT_TRUE(LoadSavedPlan(path, &saved, &error)) << error;

  ASSERT_TRUE(account_
                  .TagResource({"arn:aws:backup:us-east-1:123456789012:backup-vault:prod",
                                {{"team", "changed-by-hand"}}})
                  .ok());
  api_.Clear();
  SavedApplyRun stale = ApplySaved(api_, saved, options_);
  EXPECT_FALSE(stale.ok());
  EXPECT_EQ(stale.moved, std::vector<std::string>{"vault:prod"});
  EXPECT_EQ(api_.writes(), 0);

  ASSERT_TRUE(
      account_
          .TagResource({"arn:aws:backup:us-east-1:123456789012:backup-vault:prod", {{"team", "a"}}})
          .ok());
  SavedApplyRun fresh = ApplySaved(api_, saved, options_);
  ASSERT_TRUE(fresh.ok()) << fresh.error;
  EXPECT_TRUE(fresh.report.ok());
  EXPECT_TRUE(PlanOrDie(api_, desired, options_).actions.empty());
}

TEST_F(ReconcileTest, WarmCacheSkipsUnchangedPlansAndSelections) {
  DesiredState desired = SmallTree();
  for (int i = 0; i < 5; ++i) {
    BackupPlanSpec p = desired.plans[0];
    p.name = "plan" + std::to_string(i);
    desired.plans.push_back(p);
    for (int j = 0; j < 3; ++j) {
      Selection s = desired.selections[0];
      s.plan = p.name;
      s.name = "sel" + std::to_string(j);
      desired.selections.push_back(s);
    }
  }
  Converge(desired);
  LiveCache cache;
  options_.cache = &cache;
  PlanRun cold = PlanAgainst(api_, desired, options_);
  PlanRun warm = PlanAgainst(api_, desired, options_);
  ASSERT_TRUE(cold.ok() && warm.ok());
  EXPECT_TRUE(warm.result.plan.actions.empty());
  EXPECT_LE(warm.live.calls * 10, cold.live.calls * 6)
      << "cold " << cold.live.calls << " warm " << warm.live.calls;
}

TEST_F(ReconcileTest, PlanTargetingAMissingExternalVaultIsBlocked) {
  DesiredState desired = SmallTree();
  desired.plans[0].rules[0].target_vault = "Default";
  desired.project.external_vaults = {"Default"};
  ActionPlan plan = PlanOrDie(api_, desired, options_);
  const Action& a = FindAction(plan, "plan:daily");
  EXPECT_EQ(a.type, ActionType::kBlocked);
  EXPECT_NE(a.reason.find("vault Default"), std::string::npos) << a.reason;
  EXPECT_FALSE(HasAction(plan, "selection:daily/db"));
  CreateBackupVaultInput external;
  external.backup_vault_name = "Default";
  ASSERT_TRUE(account_.CreateBackupVault(external).ok());
  Converge(desired);
}

TEST_F(ReconcileTest, RenderedOutputs) {
  DesiredState desired = SmallTree();
  ActionPlan plan = PlanOrDie(api_, desired, options_);
  std::string text = RenderPlanText(plan, false);
  EXPECT_NE(text.find("  + vault:prod"), std::string::npos) << text;
  EXPECT_EQ(text.find("\033["), std::string::npos);
  EXPECT_NE(RenderPlanText(plan, true).find("\033[32m+"), std::string::npos);
  nlohmann::json j = PlanToJson(plan);
  EXPECT_EQ(j["format_version"], 1);
  EXPECT_EQ(j["summary"]["add"], 4);
  EXPECT_EQ(j["actions"][0]["type"], "create");
  std::string md = RenderPlanMarkdown(plan);
  EXPECT_NE(md.find("<details>"), std::string::npos);
  EXPECT_NE(md.find("| `+` | create | `vault:prod` |"), std::string::npos) << md;
}

}  // namespace
}  // namespace backupctl
