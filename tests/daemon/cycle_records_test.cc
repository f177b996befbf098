#include "daemon/cycle_records.h"

#include <gtest/gtest.h>

namespace backupctl {
namespace {

TEST(DriftByKindTest, CountsChangesNotBlockedOrConflicts) {
  ActionPlan plan;
  plan.actions.resize(5);
  plan.actions[0].type = ActionType::kCreate;
  plan.actions[0].kind = Kind::kVault;
  plan.actions[1].type = ActionType::kUpdate;
  plan.actions[1].kind = Kind::kBackupPlan;
  plan.actions[2].type = ActionType::kReplace;
  plan.actions[2].kind = Kind::kBackupPlan;
  plan.actions[3].type = ActionType::kBlocked;
  plan.actions[3].kind = Kind::kVault;
  plan.actions[4].type = ActionType::kConflict;
  plan.actions[4].kind = Kind::kBackupPlan;
  auto drift = DriftByKind(plan);
  EXPECT_EQ(drift, (std::map<std::string, int>{{"BackupPlan", 2}, {"BackupVault", 1}}));
}

TEST(CycleRecordsTest, RecordsNameTheirTargetAndSayWhy) {
  Action action;
  action.type = ActionType::kCreate;
  action.kind = Kind::kVault;
  action.name = "central";
  action.reason = "not in the account";
  ActionRecord pending = PendingRecord(action, "hub");
  EXPECT_EQ(pending.result, "pending");
  EXPECT_EQ(pending.target, "hub");
  EXPECT_EQ(pending.message, "not in the account");

  ApplyReport report;
  report.failed = 1;
  report.skipped = 2;
  report.outcomes.resize(5);
  EXPECT_EQ(ApplyReportText(report), "1 failed, 2 skipped, 0 blocked of 5 actions");

  ActionPlan plan;
  EXPECT_EQ(UnknownsText(plan), "");
  plan.unknowns.push_back({Kind::kBackupPlan, "nightly", "GetBackupPlan", "AccessDenied"});
  EXPECT_EQ(UnknownsText(plan),
            "1 part(s) of the account could not be read (BackupPlan nightly: AccessDenied)");
}

}  // namespace
}  // namespace backupctl
