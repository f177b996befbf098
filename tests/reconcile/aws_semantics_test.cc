// Issue 14, in-process against a LocalAccount: ownership is exclusive, a
// vault in use is never pruned or replaced, an "already made" answer is
// confirmed before it counts, and the vault lock mode is part of the diff.
#include <atomic>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "reconcile/identity.h"
#include "reconcile/render.h"
#include "tests/reconcile/test_support.h"

namespace backupctl {
namespace {

using testing::ActionIds;
using testing::FindAction;
using testing::HasAction;
using testing::PlanAndApply;
using testing::PlanOrDie;
using testing::RecordingApi;
using testing::SmallTree;
using testing::TestOptions;

constexpr double kDay = 86400;

// Answers creates the way AWS may answer a repeated CreatorRequestId: with
// a resource that no longer exists: every token with `all_stale`, else those
// in `gone_tokens`.
class StaleAnswersApi : public RecordingApi {
 public:
  using RecordingApi::RecordingApi;

  bool all_stale = false;
  std::set<std::string> gone_tokens;
  std::string deleted_plan_id;  // answered to CreateBackupPlan
  std::atomic<int> stale_answers{0};

  Outcome<CreateBackupVaultOutput> CreateBackupVault(const CreateBackupVaultInput& in) override {
    if (!Stale(in.creator_request_id)) return RecordingApi::CreateBackupVault(in);
    return AlreadyExists(
        "arn:aws:backup:us-east-1:123456789012:backup-vault:" + in.backup_vault_name,
        *in.creator_request_id);
  }
  Outcome<CreateBackupPlanOutput> CreateBackupPlan(const CreateBackupPlanInput& in) override {
    if (!Stale(in.creator_request_id)) return RecordingApi::CreateBackupPlan(in);
    CreateBackupPlanOutput out;
    out.backup_plan_id = deleted_plan_id;
    out.backup_plan_arn = "arn:aws:backup:us-east-1:123456789012:backup-plan:" + deleted_plan_id;
    return out;
  }
  Outcome<CreateBackupSelectionOutput> CreateBackupSelection(
      const CreateBackupSelectionInput& in) override {
    if (!Stale(in.creator_request_id)) return RecordingApi::CreateBackupSelection(in);
    return AlreadyExists("", *in.creator_request_id);
  }

 private:
  bool Stale(const std::optional<std::string>& token) {
    if (!token || (!all_stale && !gone_tokens.count(*token))) return false;
    ++stale_answers;
    return true;
  }
  static ApiError AlreadyExists(const std::string& arn, const std::string& token) {
    ApiError e = MakeError(ErrorKind::kAlreadyExists, "AlreadyExistsException",
                           "A resource with this CreatorRequestId already exists");
    e.arn = arn;
    e.creator_request_id = token;
    return e;
  }
};

class AwsSemanticsTest : public ::testing::Test {
 protected:
  AwsSemanticsTest() : account_(AccountOptions{}), api_(account_), options_(TestOptions(account_)) {
    options_.apply.consistency_retry_seconds = 0.05;  // a gone resource stays gone
  }

  void Converge(const DesiredState& desired, ReconcileOptions options) {
    ApplyReport report = PlanAndApply(api_, desired, options);
    ASSERT_TRUE(report.ok()) << RenderReportText(report, false);
    options.plan.adopt = false;
    ActionPlan again = PlanOrDie(api_, desired, options);
    ASSERT_TRUE(again.actions.empty()) << RenderPlanText(again, false);
  }
  void Converge(const DesiredState& desired) { Converge(desired, options_); }

  std::string PlanIdOf(const std::string& name) {
    auto plans = account_.ListBackupPlans({});
    for (const auto& p : plans.value().backup_plans_list) {
      if (p.backup_plan_name == name) return p.backup_plan_id;
    }
    return "";
  }

  std::vector<std::string> SelectionResources(const std::string& plan) {
    std::vector<std::string> out;
    const std::string id = PlanIdOf(plan);
    ListBackupSelectionsInput in;
    in.backup_plan_id = id;
    auto selections = account_.ListBackupSelections(in);
    for (const auto& s : selections.value().backup_selections_list) {
      auto got = account_.GetBackupSelection({id, s.selection_id});
      for (const auto& r : got.value().backup_selection.resources) out.push_back(r);
    }
    return out;
  }

  // Stack "alpha": vault prod and plan shared-plan (with its selection db);
  // stack "beta" declares the same plan, targeting alpha's vault.
  static DesiredState Alpha() {
    DesiredState d = SmallTree();
    d.project.stack = "alpha";
    d.plans[0].name = "shared-plan";
    d.selections[0].plan = "shared-plan";
    return d;
  }
  static DesiredState Beta() {
    DesiredState d = Alpha();
    d.project.stack = "beta";
    d.vaults.clear();
    d.notifications.clear();
    d.project.external_vaults = {"prod"};
    return d;
  }

  // Alpha makes shared-plan; beta adopts it.
  void BetaTakesOverSharedPlan() {
    Converge(Alpha());
    ReconcileOptions adopt = options_;
    adopt.plan.adopt = true;
    Converge(Beta(), adopt);
  }

  LocalAccount account_;
  StaleAnswersApi api_;
  ReconcileOptions options_;
};

// ---- 1. ownership is exclusive ----

TEST_F(AwsSemanticsTest, PlanTakenOverByAnotherStackIsNeverPruned) {
  BetaTakesOverSharedPlan();
  DesiredState alpha = Alpha();
  alpha.plans.clear();
  alpha.selections.clear();
  options_.plan.prune = true;
  ActionPlan plan = PlanOrDie(api_, alpha, options_);
  EXPECT_FALSE(HasAction(plan, "selection:shared-plan/db")) << RenderPlanText(plan, false);
  const Action& a = FindAction(plan, "plan:shared-plan");
  EXPECT_EQ(a.type, ActionType::kConflict) << RenderPlanText(plan, false);
  EXPECT_NE(a.reason.find("belongs to stack \"beta\""), std::string::npos) << a.reason;
  EXPECT_NE(RenderPlanText(plan, false).find("! plan:shared-plan (conflict)"), std::string::npos);

  ApplyReport report = Apply(plan, api_, options_.apply);
  EXPECT_EQ(testing::CountPlansNamed(account_, "shared-plan"), 1);
  EXPECT_EQ(testing::CountSelections(account_, PlanIdOf("shared-plan")), 1);
  // Beta still owns it all, unchanged.
  EXPECT_TRUE(PlanOrDie(api_, Beta(), options_).actions.empty());
}

TEST_F(AwsSemanticsTest, DeclaredPlanOfAnotherStackIsAConflictNamingIt) {
  BetaTakesOverSharedPlan();
  ActionPlan plan = PlanOrDie(api_, Alpha(), options_);
  const Action& a = FindAction(plan, "plan:shared-plan");
  EXPECT_EQ(a.type, ActionType::kConflict);
  EXPECT_NE(a.reason.find("stack \"beta\""), std::string::npos) << a.reason;
  EXPECT_NE(a.reason.find("--adopt"), std::string::npos) << a.reason;
  // Its selections belong to the plan's owner: nothing is planned for them here.
  EXPECT_FALSE(HasAction(plan, "selection:shared-plan/db"));

  options_.plan.adopt = true;
  plan = PlanOrDie(api_, Alpha(), options_);
  const Action& back = FindAction(plan, "plan:shared-plan");
  EXPECT_EQ(back.type, ActionType::kUpdate);
  ASSERT_FALSE(back.changes.empty());
  EXPECT_EQ(back.changes.back().ToString(),
            "backupPlanTags.backupctl:stack: \"beta\" -> \"alpha\"");
}

TEST_F(AwsSemanticsTest, VaultTakenOverByAnotherStackIsNeverPruned) {
  DesiredState alpha = Alpha();
  Vault old;
  old.name = "old";
  alpha.vaults.push_back(old);
  Converge(alpha);
  DesiredState beta;
  beta.project.stack = "beta";
  beta.vaults.push_back(old);
  ReconcileOptions adopt = options_;
  adopt.plan.adopt = true;
  Converge(beta, adopt);

  alpha.vaults.pop_back();
  options_.plan.prune = true;
  ActionPlan plan = PlanOrDie(api_, alpha, options_);
  const Action& a = FindAction(plan, "vault:old");
  EXPECT_EQ(a.type, ActionType::kConflict) << RenderPlanText(plan, false);
  EXPECT_NE(a.reason.find("belongs to stack \"beta\""), std::string::npos) << a.reason;
  Apply(plan, api_, options_.apply);
  EXPECT_TRUE(account_.DescribeBackupVault({"old"}).ok());
}

TEST_F(AwsSemanticsTest, UndeclaredPlanWithUnreadableTagsIsNotPruned) {
  DesiredState alpha = Alpha();
  Converge(alpha);
  alpha.plans.clear();
  alpha.selections.clear();
  account_.DenyOperation("ListTags", "");
  options_.plan.prune = true;
  ActionPlan plan = PlanOrDie(api_, alpha, options_);
  EXPECT_FALSE(HasAction(plan, "plan:shared-plan")) << RenderPlanText(plan, false);
  EXPECT_FALSE(HasAction(plan, "selection:shared-plan/db"));
  EXPECT_FALSE(plan.unknowns.empty());
}

// ---- 2. a vault in use is never pruned or replaced ----

TEST_F(AwsSemanticsTest, VaultTargetedByADeclaredRuleIsNeverPruned) {
  DesiredState desired = SmallTree();
  Vault spare;
  spare.name = "spare";
  desired.vaults.push_back(spare);
  Converge(desired);
  desired.vaults.pop_back();  // the vault goes from the tree, the rule still targets it
  desired.plans[0].rules[0].target_vault = "spare";
  options_.plan.prune = true;
  ActionPlan plan = PlanOrDie(api_, desired, options_);
  const Action& a = FindAction(plan, "vault:spare");
  EXPECT_EQ(a.type, ActionType::kBlocked) << RenderPlanText(plan, false);
  EXPECT_NE(a.reason.find("rule daily of plan daily targets it"), std::string::npos) << a.reason;
  Apply(plan, api_, options_.apply);
  EXPECT_TRUE(account_.DescribeBackupVault({"spare"}).ok());
}

TEST_F(AwsSemanticsTest, CopyDestinationAndVaultWithDeclaredPartsAreNeverPruned) {
  DesiredState desired = SmallTree();
  Vault copies, watched;
  copies.name = "copies";
  watched.name = "watched";
  desired.vaults.push_back(copies);
  desired.vaults.push_back(watched);
  desired.plans[0].rules[0].copy_actions.push_back(
      {"arn:aws:backup:us-east-1:123456789012:backup-vault:copies", std::nullopt});
  desired.notifications.push_back({"watched", testing::kTopic, {"BACKUP_JOB_COMPLETED"}});
  Converge(desired);
  desired.vaults.resize(1);
  options_.plan.prune = true;
  ActionPlan plan = PlanOrDie(api_, desired, options_);
  const Action& copy = FindAction(plan, "vault:copies");
  EXPECT_EQ(copy.type, ActionType::kBlocked) << RenderPlanText(plan, false);
  EXPECT_NE(copy.reason.find("rule daily of plan daily copies to it"), std::string::npos)
      << copy.reason;
  const Action& parts = FindAction(plan, "vault:watched");
  EXPECT_EQ(parts.type, ActionType::kBlocked);
  EXPECT_NE(parts.reason.find("notifications are declared for it"), std::string::npos)
      << parts.reason;
}

TEST_F(AwsSemanticsTest, VaultTargetedByAnotherStacksPlanIsNeverPruned) {
  BetaTakesOverSharedPlan();
  DesiredState alpha = Alpha();  // alpha drops its plan and moves to a new vault
  alpha.plans.clear();
  alpha.selections.clear();
  alpha.vaults[0].name = "next";
  alpha.notifications[0].vault = "next";
  options_.plan.prune = true;
  ActionPlan plan = PlanOrDie(api_, alpha, options_);
  const Action& a = FindAction(plan, "vault:prod");
  EXPECT_EQ(a.type, ActionType::kBlocked) << RenderPlanText(plan, false);
  EXPECT_NE(a.reason.find("of plan shared-plan targets it"), std::string::npos) << a.reason;
}

TEST_F(AwsSemanticsTest, VaultOfAPlanPrunedInTheSameRunGoesAfterIt) {
  DesiredState desired = SmallTree();
  Vault other;
  other.name = "other";
  desired.vaults.push_back(other);
  Converge(desired);
  DesiredState smaller;  // prod and the plan that targets it both go
  smaller.project.stack = desired.project.stack;
  smaller.vaults = {other};
  options_.plan.prune = true;
  ActionPlan plan = PlanOrDie(api_, smaller, options_);
  const Action& vault = FindAction(plan, "vault:prod");
  EXPECT_EQ(vault.type, ActionType::kDelete) << RenderPlanText(plan, false);
  EXPECT_EQ(vault.depends_on, std::vector<std::string>{"plan:daily"});
  Converge(smaller);
  EXPECT_FALSE(account_.DescribeBackupVault({"prod"}).ok());
}

TEST_F(AwsSemanticsTest, VaultInUseIsNeverReplaced) {
  DesiredState desired = SmallTree();
  Converge(desired);
  desired.vaults[0].encryption_key_arn = "arn:aws:kms:us-east-1:123456789012:key/new";
  options_.plan.prune = true;
  ActionPlan plan = PlanOrDie(api_, desired, options_);
  const Action& a = FindAction(plan, "vault:prod");
  EXPECT_EQ(a.type, ActionType::kBlocked) << RenderPlanText(plan, false);
  EXPECT_NE(a.reason.find("rule daily of plan daily targets it"), std::string::npos) << a.reason;
  EXPECT_NE(a.reason.find("notifications are declared for it"), std::string::npos) << a.reason;
  api_.Clear();
  Apply(plan, api_, options_.apply);
  EXPECT_EQ(api_.writes(), 0);
}

// ---- 3. an "already made" answer is confirmed before it counts ----

TEST_F(AwsSemanticsTest, ReplaceKeepsTheOldSelectionWhenTheAnswerIsGone) {
  DesiredState desired = SmallTree();
  Converge(desired);
  const auto before = SelectionResources("daily");
  desired.selections[0].resources = {"arn:aws:dynamodb:us-east-1:123456789012:table/users"};
  ActionPlan plan = PlanOrDie(api_, desired, options_);
  ASSERT_EQ(FindAction(plan, "selection:daily/db").type, ActionType::kReplace);
  api_.all_stale = true;  // every token is answered for a selection nowhere to be seen
  ApplyReport report = Apply(plan, api_, options_.apply);
  EXPECT_EQ(report.failed, 1) << RenderReportText(report, false);
  EXPECT_NE(report.outcomes.back().detail.find("the old selection is kept"), std::string::npos)
      << report.outcomes.back().detail;
  EXPECT_EQ(SelectionResources("daily"), before);  // coverage never lapsed
  EXPECT_EQ(api_.stale_answers.load(), kCreatorRequestIdGenerations);
}

TEST_F(AwsSemanticsTest, ReplaceMakesTheSelectionAnewWhenItsTokenNamesAGoneOne) {
  DesiredState desired = SmallTree();
  Converge(desired);
  desired.selections[0].resources = {"arn:aws:dynamodb:us-east-1:123456789012:table/users"};
  ActionPlan plan = PlanOrDie(api_, desired, options_);
  const Action& replace = FindAction(plan, "selection:daily/db");
  api_.gone_tokens = {replace.creator_request_id};  // made once, since deleted
  ApplyReport report = Apply(plan, api_, options_.apply);
  ASSERT_TRUE(report.ok()) << RenderReportText(report, false);
  EXPECT_EQ(api_.stale_answers.load(), 1);
  EXPECT_EQ(SelectionResources("daily"),
            std::vector<std::string>{"arn:aws:dynamodb:us-east-1:123456789012:table/users"});
  EXPECT_TRUE(PlanOrDie(api_, desired, options_).actions.empty());
}

TEST_F(AwsSemanticsTest, PlanCreateAnsweredWithADeletedPlanMakesItAnew) {
  CreateBackupVaultInput vault;  // a plan made and deleted before
  vault.backup_vault_name = "Default";
  ASSERT_TRUE(account_.CreateBackupVault(vault).ok());
  CreateBackupPlanInput old;
  old.backup_plan.backup_plan_name = "daily";
  BackupRule rule;
  rule.rule_name = "r";
  rule.target_backup_vault_name = "Default";
  old.backup_plan.rules.push_back(rule);
  api_.deleted_plan_id = account_.CreateBackupPlan(old).value().backup_plan_id;
  ASSERT_TRUE(account_.DeleteBackupPlan({api_.deleted_plan_id}).ok());

  DesiredState desired = SmallTree();
  ActionPlan plan = PlanOrDie(api_, desired, options_);
  api_.gone_tokens = {FindAction(plan, "plan:daily").creator_request_id};
  ApplyReport report = Apply(plan, api_, options_.apply);
  ASSERT_TRUE(report.ok()) << RenderReportText(report, false);
  EXPECT_EQ(api_.stale_answers.load(), 1);
  EXPECT_EQ(testing::CountPlansNamed(account_, "daily"), 1);
  EXPECT_NE(PlanIdOf("daily"), api_.deleted_plan_id);
  EXPECT_EQ(testing::CountSelections(account_, PlanIdOf("daily")), 1);
  EXPECT_TRUE(PlanOrDie(api_, desired, options_).actions.empty());
}

TEST_F(AwsSemanticsTest, VaultCreateAnsweredForAGoneVaultMakesItAnew) {
  DesiredState desired = SmallTree();
  ActionPlan plan = PlanOrDie(api_, desired, options_);
  api_.gone_tokens = {FindAction(plan, "vault:prod").creator_request_id};
  ApplyReport report = Apply(plan, api_, options_.apply);
  ASSERT_TRUE(report.ok()) << RenderReportText(report, false);
  EXPECT_EQ(api_.stale_answers.load(), 1);
  EXPECT_TRUE(account_.DescribeBackupVault({"prod"}).ok());
  EXPECT_TRUE(PlanOrDie(api_, desired, options_).actions.empty());
}

TEST_F(AwsSemanticsTest, TokenGenerationsKeepTheStackPrefix) {
  const std::string id = MakeCreatorRequestId("payments", Kind::kBackupPlan, "daily", "{}");
  std::set<std::string> seen;
  for (int g = 0; g < kCreatorRequestIdGenerations; ++g) {
    const std::string next = CreatorRequestIdGeneration(id, g);
    EXPECT_TRUE(HasStackPrefix(next, "payments")) << next;
    EXPECT_EQ(next.size(), id.size());
    EXPECT_TRUE(IsGenerationOf(next, id));
    seen.insert(next);
  }
  EXPECT_EQ(seen.size(), static_cast<size_t>(kCreatorRequestIdGenerations));
  EXPECT_FALSE(
      IsGenerationOf(MakeCreatorRequestId("payments", Kind::kBackupPlan, "weekly", "{}"), id));
}

// ---- 4. the vault lock mode is part of the diff ----

TEST_F(AwsSemanticsTest, GovernanceToComplianceIsPlannedWithItsIrreversibleDate) {
  DesiredState desired = SmallTree();
  desired.vaults[0].lock = VaultLock{7, 100, std::nullopt};
  Converge(desired);
  desired.vaults[0].lock->changeable_for_days = 3;
  ActionPlan plan = PlanOrDie(api_, desired, options_);
  ASSERT_EQ(ActionIds(plan), std::vector<std::string>{"lock:prod"}) << RenderPlanText(plan, false);
  const Action& a = FindAction(plan, "lock:prod");
  EXPECT_EQ(a.type, ActionType::kUpdate);
  ASSERT_EQ(a.changes.size(), 1u);
  EXPECT_EQ(a.changes[0].ToString(), "mode: \"governance\" -> \"compliance\"");
  ASSERT_TRUE(a.irreversible_from.has_value());
  EXPECT_DOUBLE_EQ(*a.irreversible_from, options_.plan.now + 3 * kDay);
  EXPECT_NE(RenderPlanText(plan, false).find("becomes irreversible on 20"), std::string::npos)
      << RenderPlanText(plan, false);
  EXPECT_TRUE(PlanToJson(plan)["actions"][0].contains("irreversible_from"));
  ASSERT_TRUE(Apply(plan, api_, options_.apply).ok());
  auto d = account_.DescribeBackupVault({"prod"});
  ASSERT_TRUE(d.value().lock_date.has_value());
  EXPECT_TRUE(PlanOrDie(api_, desired, options_).actions.empty());
}

TEST_F(AwsSemanticsTest, ComplianceLoosensOnlyWithinItsWindow) {
  DesiredState desired = SmallTree();
  desired.vaults[0].lock = VaultLock{7, 100, 3};
  Converge(desired);
  desired.vaults[0].lock->changeable_for_days.reset();  // back to governance
  ActionPlan plan = PlanOrDie(api_, desired, options_);
  const Action& a = FindAction(plan, "lock:prod");
  EXPECT_EQ(a.type, ActionType::kUpdate);
  ASSERT_EQ(a.changes.size(), 1u);
  EXPECT_EQ(a.changes[0].ToString(), "mode: \"compliance\" -> \"governance\"");
  EXPECT_FALSE(a.irreversible_from.has_value());

  account_.AdvanceClock(4 * kDay);  // past the LockDate: immutable
  options_.plan.now = account_.Now();
  plan = PlanOrDie(api_, desired, options_);
  EXPECT_EQ(FindAction(plan, "lock:prod").type, ActionType::kBlocked);
  desired.vaults[0].lock.reset();
  options_.plan.prune = true;
  plan = PlanOrDie(api_, desired, options_);
  EXPECT_EQ(FindAction(plan, "lock:prod").type, ActionType::kBlocked);
}

TEST_F(AwsSemanticsTest, NewComplianceLockSaysWhenItBecomesIrreversible) {
  DesiredState desired = SmallTree();
  desired.vaults[0].lock = VaultLock{7, 100, 5};
  ActionPlan plan = PlanOrDie(api_, desired, options_);
  const Action& a = FindAction(plan, "lock:prod");
  EXPECT_EQ(a.type, ActionType::kCreate);
  EXPECT_EQ(a.changes.back().ToString(), "mode: (none) -> \"compliance\"");
  ASSERT_TRUE(a.irreversible_from.has_value());
  EXPECT_DOUBLE_EQ(*a.irreversible_from, options_.plan.now + 5 * kDay);
}

TEST_F(AwsSemanticsTest, SavedPlanWithAComplianceLockAppliesLater) {
  DesiredState desired = SmallTree();
  desired.vaults[0].lock = VaultLock{7, 100, 3};
  PlanRun run = PlanAgainst(api_, desired, options_);
  ASSERT_TRUE(run.ok()) << run.error;
  SavedPlan saved;
  saved.fingerprints = FingerprintLive(desired, run.live);
  saved.plan = SavedPlanToJson(run.result.plan, desired, saved.fingerprints);
  saved.desired = desired;
  saved.options = run.result.plan.options;
  ReconcileOptions later = options_;
  later.plan.now += 3600;  // the irreversible date moved; nothing else did
  SavedApplyRun applied = ApplySaved(api_, saved, later);
  ASSERT_TRUE(applied.ok()) << applied.error;
  EXPECT_TRUE(applied.report.ok()) << RenderReportText(applied.report, false);
}

}  // namespace
}  // namespace backupctl
