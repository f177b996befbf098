// A field's former spelling (before every field took the AWS member's name,
// issue 14 item 11) is refused as unknown with the new name as the "did you
// mean", and nothing else is said about it; the new spelling loads.
#include <algorithm>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "desired/fields.h"
#include "tests/desired/temp_tree.h"

namespace backupctl {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kVault[] =
    "apiVersion: backupctl/v1\nkind: BackupVault\nmetadata: {name: main}\nspec: {}\n---\n";
constexpr char kPlanHead[] =
    "apiVersion: backupctl/v1\nkind: BackupPlan\nmetadata: {name: daily}\nspec:\n  rules:\n";
constexpr char kNotificationsHead[] =
    "apiVersion: backupctl/v1\nkind: BackupVaultNotifications\nmetadata: {name: alerts}\n"
    "spec:\n  snsTopicArn: arn:aws:sns:us-east-1:123456789012:alerts\n";

struct Renamed {
  const char* old_name;
  const char* new_name;
  const char* title;  // the object's title in messages
  std::string (*tree)(const std::string& key);
};

std::string VaultTags(const std::string& key) {
  return "apiVersion: backupctl/v1\nkind: BackupVault\nmetadata: {name: main}\nspec:\n  " + key +
         ": {team: platform}\n";
}

std::string PlanTags(const std::string& key) {
  return kVault + std::string(kPlanHead) + "    - {ruleName: r, targetBackupVaultName: main}\n  " +
         key + ": {team: platform}\n";
}

// A rule declaring `key: value` in place of the new name's field.
std::string Rule(const std::string& key, const std::string& fields) {
  return kVault + std::string(kPlanHead) + "    - " + fields + "\n      " + key + "\n";
}

std::string RuleName(const std::string& key) {
  return Rule(key + ": r1", "targetBackupVaultName: main");
}
std::string RuleTarget(const std::string& key) { return Rule(key + ": main", "ruleName: r1"); }
std::string RuleSchedule(const std::string& key) {
  return Rule(key + ": cron(0 5 ? * * *)", "ruleName: r1\n      targetBackupVaultName: main");
}
std::string RuleTimezone(const std::string& key) {
  return Rule(key + ": Europe/Berlin", "ruleName: r1\n      targetBackupVaultName: main");
}

std::string CopyDestination(const std::string& key) {
  return kVault + std::string(kPlanHead) +
         "    - ruleName: r1\n      targetBackupVaultName: main\n      copyActions:\n        - " +
         key +
         ": arn:aws:backup:us-west-2:123456789012:backup-vault:dr\n"
         "          lifecycle: {deleteAfterDays: 35}\n";
}

std::string NotificationsVault(const std::string& key) {
  return kVault + std::string(kNotificationsHead) +
         "  backupVaultEvents: [BACKUP_JOB_COMPLETED]\n  " + key + ": main\n";
}

std::string NotificationsEvents(const std::string& key) {
  return kVault + std::string(kNotificationsHead) + "  backupVaultName: main\n  " + key +
         ": [BACKUP_JOB_COMPLETED]\n";
}

std::string PolicyVault(const std::string& key) {
  return kVault +
         std::string(
             "apiVersion: backupctl/v1\nkind: BackupVaultAccessPolicy\n"
             "metadata: {name: policy}\nspec:\n  policy: {Version: \"2012-10-17\", "
             "Statement: [{Effect: Deny, Principal: \"*\", Action: "
             "\"backup:DeleteRecoveryPoint\", Resource: \"*\"}]}\n  ") +
         key + ": main\n";
}

const Renamed kRenamed[] = {
    {"tags", "backupVaultTags", "BackupVault spec", VaultTags},
    {"tags", "backupPlanTags", "BackupPlan spec", PlanTags},
    {"name", "ruleName", "BackupPlan rule", RuleName},
    {"targetVault", "targetBackupVaultName", "BackupPlan rule", RuleTarget},
    {"schedule", "scheduleExpression", "BackupPlan rule", RuleSchedule},
    {"scheduleTimezone", "scheduleExpressionTimezone", "BackupPlan rule", RuleTimezone},
    {"destinationVaultArn", "destinationBackupVaultArn", "BackupPlan copy action", CopyDestination},
    {"vault", "backupVaultName", "BackupVaultNotifications spec", NotificationsVault},
    {"events", "backupVaultEvents", "BackupVaultNotifications spec", NotificationsEvents},
    {"vault", "backupVaultName", "BackupVaultAccessPolicy spec", PolicyVault},
};

class FormerSpelling : public ::testing::TestWithParam<Renamed> {};

TEST_P(FormerSpelling, OldSpellingIsRefusedWithTheNewOne) {
  const Renamed& c = GetParam();
  LoadResult r = LoadOne(c.tree(c.old_name));
  EXPECT_FALSE(r.ok());
  EXPECT_THAT(Lines(r),
              ElementsAre(HasSubstr(std::string("error: unknown field \"") + c.old_name + "\" in " +
                                    c.title + "; did you mean \"" + c.new_name + "\"?")));
}

TEST_P(FormerSpelling, NewSpellingLoads) {
  const Renamed& c = GetParam();
  LoadResult r = LoadOne(c.tree(c.new_name));
  EXPECT_TRUE(r.ok());
  EXPECT_THAT(Lines(r), IsEmpty());
}

INSTANTIATE_TEST_SUITE_P(Fields, FormerSpelling, ::testing::ValuesIn(kRenamed),
                         [](const ::testing::TestParamInfo<Renamed>& info) {
                           std::string kind = info.param.title;
                           return kind.substr(0, kind.find(' ')) + "_" + info.param.new_name;
                         });

// Every former spelling in the field table names a field its object declares,
// and is no longer declarable itself; the cases above cover each of them.
void CollectRenames(const ObjectShape& shape, std::vector<std::string>* out, int depth) {
  ASSERT_LT(depth, 8) << "the field table nests deeper than expected";
  for (const RenamedField& r : shape.renamed) {
    EXPECT_NE(shape.Find(r.new_name), nullptr) << shape.id << "." << r.new_name;
    EXPECT_EQ(shape.Find(r.old_name), nullptr) << shape.id << "." << r.old_name;
    out->push_back(std::string(shape.title) + "." + r.old_name);
  }
  for (const FieldSpec& f : shape.fields) {
    if (f.object != nullptr && f.object != &shape) CollectRenames(*f.object, out, depth + 1);
  }
}

TEST(RenamedFields, EveryRenameInTheTableIsTested) {
  std::vector<std::string> table;
  for (const KindSpec& kind : Kinds()) CollectRenames(*kind.spec, &table, 0);
  std::vector<std::string> tested;
  for (const Renamed& c : kRenamed) tested.push_back(std::string(c.title) + "." + c.old_name);
  // The condition shapes' key/value renames are tested by the invalid corpus
  // (tests/data/invalid/condition-old-field-names).
  std::vector<std::string> untested;
  for (const std::string& t : table) {
    bool condition = t.rfind("BackupSelection ", 0) == 0;
    if (!condition && std::find(tested.begin(), tested.end(), t) == tested.end()) {
      untested.push_back(t);
    }
  }
  EXPECT_THAT(untested, IsEmpty());
}

}  // namespace
}  // namespace backupctl
