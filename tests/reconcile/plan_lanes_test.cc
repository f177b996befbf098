// Planning in lanes (plan.cc) must give exactly the serial plan: the same
// actions in the same order with the same dependencies, ids and executor
// inputs. The estate is large enough for several lanes and mixes every kind
// of outcome: creates, updates, replaces, conflicts, blocks and deletes.
#include <gtest/gtest.h>

#include "reconcile/identity.h"
#include "reconcile/plan.h"
#include "reconcile/render.h"
#include "tests/reconcile/test_support.h"

namespace backupctl {
namespace {

using nlohmann::json;
using testing::kRole;
using testing::kTopic;

constexpr char kStack[] = "lanes";
constexpr int kCount = 2400;  // vaults and plans: several lanes of at least 512 each

std::string Name(const char* prefix, int i) { return prefix + std::to_string(i); }

Vault DeclaredVault(int i) {
  Vault v;
  v.name = Name("vault-", i);
  v.tags = {{"team", Name("t", i % 7)}, {"env", "prod"}};
  if (i % 9 == 0) v.lock = VaultLock{7, 365, 3};
  return v;
}

BackupPlanSpec DeclaredPlan(int i) {
  BackupPlanSpec p;
  p.name = Name("plan-", i);
  p.tags = {{"team", Name("t", i % 7)}};
  Rule daily;
  daily.name = "daily";
  daily.target_vault = Name("vault-", i);
  daily.schedule = "cron(0 3 * * ? *)";
  daily.lifecycle = LifecycleSpec{std::nullopt, 35, std::nullopt};
  Rule weekly = daily;
  weekly.name = "weekly";
  weekly.target_vault = Name("vault-", (i + 1) % kCount);
  weekly.schedule = "cron(0 4 ? * SUN *)";
  p.rules = {daily, weekly};
  return p;
}

Selection DeclaredSelection(int plan, int n) {
  Selection s;
  s.name = Name("sel-", n);
  s.plan = Name("plan-", plan);
  s.iam_role_arn = kRole;
  s.resources = {"arn:aws:dynamodb:us-east-1:123456789012:table/t" + std::to_string(plan)};
  return s;
}

DesiredState Declared() {
  DesiredState d;
  d.project.stack = kStack;
  for (int i = 0; i < kCount; ++i) {
    d.vaults.push_back(DeclaredVault(i));
    d.notifications.push_back({Name("vault-", i), kTopic, {"BACKUP_JOB_COMPLETED"}});
    d.access_policies.push_back(
        {Name("vault-", i),
         json::parse(R"({"Statement":[{"Effect":"Deny","Action":"backup:*"}]})")});
    d.plans.push_back(DeclaredPlan(i));
    d.selections.push_back(DeclaredSelection(i, 0));
    d.selections.push_back(DeclaredSelection(i, 1));
  }
  return d;
}

// The live side: the declared estate, applied, then varied by index.
LiveState Live(const DesiredState& d) {
  LiveState live;
  for (int i = 0; i < kCount; ++i) {
    if (i % 6 == 0) continue;  // missing: created with its parts; its plans depend on it
    LiveVault v;
    v.spec = d.vaults[i];
    v.spec.tags[kStackTagKey] = kStack;
    v.arn = "arn:aws:backup:us-east-1:123456789012:backup-vault:" + v.spec.name;
    v.owned = i % 6 != 2;  // 2: not ours, a conflict
    v.tags_known = v.notifications_known = v.policy_known = true;
    if (i % 6 == 1) v.spec.tags["team"] = "drifted";
    if (i % 6 != 3) v.notifications = d.notifications[i];
    v.policy = d.access_policies[i];
    if (i % 6 == 4) v.policy->policy["Statement"][0]["Effect"] = "Allow";
    if (i % 9 == 0 && i % 6 == 3) v.lock_date = 1.0;  // immutable lock: its change is blocked
    if (i % 9 == 0) v.spec.lock->min_retention_days = 1;
    live.vaults[v.spec.name] = v;
  }
  for (int i = 0; i < kCount; ++i) {
    if (i % 5 == 0) continue;  // missing: created, then its selections
    LiveBackupPlan p;
    p.spec = d.plans[i];
    p.spec.tags[kStackTagKey] = kStack;
    p.id = Name("id-", i);
    p.arn = "arn:aws:backup:us-east-1:123456789012:backup-plan:" + p.id;
    p.owned = true;
    p.document_known = p.tags_known = p.selections_known = true;
    if (i % 5 == 1) p.spec.rules[0].lifecycle->delete_after_days = 90;
    for (int n = 0; n < 2; ++n) {
      if (i % 5 == 2 && n == 1) continue;  // missing selection: created
      LiveSelection s;
      s.spec = d.selections[2 * i + n];
      s.selection_id = Name("sel-id-", 2 * i + n);
      s.known = true;
      if (i % 5 == 3 && n == 0) s.spec.resources = {"arn:aws:s3:::moved"};  // replaced
      p.selections.push_back(s);
    }
    if (i % 5 == 4) {  // no longer declared: deleted
      LiveSelection extra = p.selections.front();
      extra.spec.name = "retired";
      extra.selection_id = Name("retired-", i);
      p.selections.push_back(extra);
    }
    live.plans[p.spec.name].push_back(p);
  }
  for (int i = 0; i < 600; ++i) {  // ours, no longer declared: pruned in reverse order
    LiveVault v;
    v.spec.name = Name("old-vault-", i);
    v.arn = "arn:aws:backup:us-east-1:123456789012:backup-vault:" + v.spec.name;
    v.owned = v.tags_known = v.notifications_known = v.policy_known = true;
    if (i % 50 == 0) v.recovery_points = 3;  // not empty: its delete is blocked
    live.vaults[v.spec.name] = v;
    LiveBackupPlan p;
    p.spec.name = Name("old-plan-", i);
    p.spec.rules = {DeclaredPlan(0).rules.front()};
    p.spec.rules.front().target_vault = v.spec.name;
    p.id = Name("old-id-", i);
    p.owned = p.document_known = p.tags_known = p.selections_known = true;
    live.plans[p.spec.name].push_back(p);
  }
  return live;
}

// Everything an action carries, rendered and executor inputs alike.
json Everything(const ActionPlan& plan) {
  json out = PlanToJson(plan);
  json inputs = json::array();
  for (const Action& a : plan.actions) {
    inputs.push_back({a.id, a.level, a.depends_on, a.creator_request_id, a.arn, a.backup_plan_id,
                      a.old_selection_ids, a.document_changed, a.tags_to_set, a.tags_to_remove,
                      a.payload.index()});
  }
  out["inputs"] = inputs;
  return out;
}

TEST(PlanLanes, LanesGiveExactlyTheSerialPlan) {
  const DesiredState desired = Declared();
  const LiveState live = Live(desired);
  PlanOptions options;
  options.prune = true;
  options.force_deletes = true;
  options.now = 1000;
  options.threads = 1;
  PlanResult serial = MakePlan(desired, live, options);
  ASSERT_TRUE(serial.ok()) << serial.error;
  PlanSummary summary = Summarize(serial.plan);
  // Every kind of outcome is present, in numbers that span lanes.
  EXPECT_GT(summary.add, 500);
  EXPECT_GT(summary.change, 500);
  EXPECT_GT(summary.replace, 200);
  EXPECT_GT(summary.destroy, 1000);
  EXPECT_GT(summary.conflict, 200);
  EXPECT_GT(summary.blocked, 10);
  EXPECT_FALSE(serial.plan.notes.empty() && serial.plan.actions.empty());
  const json expected = Everything(serial.plan);
  for (int threads : {2, 3, 4, 8}) {
    options.threads = threads;
    PlanResult lanes = MakePlan(desired, live, options);
    ASSERT_TRUE(lanes.ok()) << lanes.error;
    EXPECT_EQ(Everything(lanes.plan), expected) << threads << " threads";
  }
}

TEST(PlanLanes, NotesKeepTheSerialOrder) {
  const DesiredState desired = Declared();
  LiveState live = Live(desired);
  PlanOptions options;  // no prune: every undeclared owned resource is a note
  options.now = 1000;
  options.threads = 1;
  PlanResult serial = MakePlan(desired, live, options);
  ASSERT_GT(serial.plan.notes.size(), 1000u);
  options.threads = 4;
  PlanResult lanes = MakePlan(desired, live, options);
  EXPECT_EQ(lanes.plan.notes, serial.plan.notes);
  EXPECT_EQ(Everything(lanes.plan), Everything(serial.plan));
}

}  // namespace
}  // namespace backupctl
