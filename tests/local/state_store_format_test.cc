// The state file's format. Version 2 names every member as on the wire and
// writes the plan and selection documents with the wire codecs; a version 1
// file, as the release before wrote it (tests/data/emulator-state-v1), is
// read, and rewritten as version 2 at the next write; a broken record is an
// error that names it.

#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "providers/local/account.h"
#include "providers/local/state_store.h"
#include "providers/wire/json_shapes.h"
#include "tests/local/account_test_util.h"

namespace backupctl {
namespace {

namespace fs = std::filesystem;

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

const std::string& Version1Text() {
  static const std::string text =
      ReadAll(std::string(BACKUPCTL_SOURCE_DIR) + "/tests/data/emulator-state-v1/state.json");
  return text;
}

AccountState ParseOk(const std::string& text) {
  auto parsed = ParseState(text);
  EXPECT_TRUE(parsed.ok()) << (parsed.ok() ? "" : parsed.error().ToString());
  return parsed.ok() ? parsed.value() : AccountState{};
}

const PlanRecord* PlanNamed(const AccountState& state, const std::string& name) {
  for (const auto& [id, plan] : state.plans) {
    if (plan.current().plan.backup_plan_name == name) return &plan;
  }
  return nullptr;
}

// Every name is PascalCase, but the version's, the global settings' and the keys of user maps and
// of the maps of records (`id_levels` deep below Vaults, Plans, Selections,
// and the Jobs part's Resources, BackupJobs and CopyJobs).
void ExpectWireNames(const Json& v, const std::string& path, int id_levels, int depth) {
  ASSERT_LT(depth, 32) << path;
  if (v.is_array()) {
    for (const Json& item : v) ExpectWireNames(item, path + "[]", 0, depth + 1);
    return;
  }
  if (!v.is_object()) return;
  for (auto it = v.begin(); it != v.end(); ++it) {
    const std::string& key = it.key();
    if (id_levels == 0 && !(path.empty() && key == "version")) {
      EXPECT_TRUE(std::isupper(static_cast<unsigned char>(key[0]))) << path << "." << key;
      EXPECT_EQ(key.find('_'), std::string::npos) << path << "." << key;
    }
    // User maps, and the global settings keyed by AWS's own names (isMpaEnabled).
    if (key == "Tags" || key == "RecoveryPointTags" || key == "BackupOptions" ||
        key == "GlobalSettings") {
      continue;
    }
    int below = 0;
    if (id_levels > 0) {
      below = id_levels - 1;
    } else if (key == "Selections") {
      below = 2;
    } else if (key == "Vaults" || key == "Plans" || key == "RecoveryPoints" || key == "Resources" ||
               key == "BackupJobs" || key == "CopyJobs") {
      below = 1;
    }
    ExpectWireNames(it.value(), path + "." + key, below, depth + 1);
  }
}

TEST(StateFileFormat, AVersion1FileFromThePreviousReleaseIsReadWhole) {
  ASSERT_NE(Version1Text().find("\"version\":1"), std::string::npos);
  const AccountState state = ParseOk(Version1Text());
  EXPECT_EQ(state.account_id, "123456789012");
  EXPECT_EQ(state.region, "us-east-1");
  EXPECT_FALSE(state.token_secret.empty());
  EXPECT_EQ(state.clock_offset_seconds, 60);

  ASSERT_EQ(state.vaults.size(), 3u);
  const VaultRecord& a = state.vaults.at("vault-a");
  EXPECT_EQ(a.creator_request_id, "req-v");
  EXPECT_NE(a.arn.find(":backup-vault:vault-a"), std::string::npos);
  ASSERT_TRUE(a.notifications.has_value());
  EXPECT_EQ(a.notifications->sns_topic_arn, "arn:aws:sns:us-east-1:123456789012:t");
  EXPECT_EQ(a.notifications->backup_vault_events, std::vector<std::string>{"BACKUP_JOB_COMPLETED"});
  EXPECT_EQ(a.access_policy, R"({"Statement":[{"Effect":"Deny"}]})");
  EXPECT_EQ(a.tags, (Tags{{"k_1", "v"}}));
  ASSERT_EQ(a.recovery_points.size(), 2u);
  for (const auto& [id, point] : a.recovery_points) {
    EXPECT_FALSE(id.empty());
    EXPECT_NE(point.recovery_point_arn.find(id), std::string::npos);
    EXPECT_FALSE(point.resource_arn.empty());
  }
  const VaultRecord& b = state.vaults.at("vault-b");
  EXPECT_EQ(b.tags, (Tags{{"Owner", "team"}, {"cost_center", "a_b"}}));  // user keys kept
  ASSERT_TRUE(b.lock.has_value());
  EXPECT_EQ(b.lock->min_retention_days, 1);
  EXPECT_EQ(b.lock->max_retention_days, 10);
  EXPECT_TRUE(b.lock->lock_date.has_value());
  EXPECT_TRUE(state.vaults.at("aws/efs/automatic-backup-vault").service_managed);

  ASSERT_EQ(state.plans.size(), 2u);
  ASSERT_TRUE(PlanNamed(state, "gone"));
  EXPECT_TRUE(PlanNamed(state, "gone")->deleted());
  const PlanRecord* plan = PlanNamed(state, "plan");
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->creator_request_id, "req-p");
  EXPECT_EQ(plan->tags, (Tags{{"plan_tag", "one"}}));
  ASSERT_EQ(plan->versions.size(), 2u);
  const BackupRule& first = plan->versions[0].plan.rules.at(0);
  EXPECT_EQ(first.schedule_expression, "cron(0 5 ? * * *)");
  EXPECT_EQ(first.schedule_expression_timezone, "Europe/Paris");
  EXPECT_EQ(first.start_window_minutes, 60);
  EXPECT_EQ(first.completion_window_minutes, 180);
  ASSERT_TRUE(first.lifecycle.has_value());
  EXPECT_EQ(first.lifecycle->move_to_cold_storage_after_days, 30);
  EXPECT_EQ(first.lifecycle->delete_after_days, 120);
  EXPECT_EQ(first.lifecycle->opt_in_to_archive_for_supported_resources, true);
  EXPECT_EQ(first.recovery_point_tags, (Tags{{"rule_name", "x"}, {"snake_key", "v"}}));
  ASSERT_EQ(first.copy_actions.size(), 1u);
  EXPECT_EQ(first.copy_actions[0].destination_backup_vault_arn,
            "arn:aws:backup:us-west-2:123456789012:backup-vault:dr");
  ASSERT_TRUE(first.copy_actions[0].lifecycle.has_value());
  EXPECT_EQ(first.copy_actions[0].lifecycle->delete_after_days, 35);
  ASSERT_EQ(first.index_actions.size(), 1u);
  EXPECT_EQ(first.index_actions[0].resource_types, std::vector<std::string>{"EBS"});
  EXPECT_TRUE(first.rule_id.has_value());
  ASSERT_EQ(plan->versions[0].plan.advanced_backup_settings.size(), 1u);
  EXPECT_EQ(plan->versions[0].plan.advanced_backup_settings[0].backup_options,
            (std::map<std::string, std::string>{{"WindowsVSS", "enabled"}}));
  EXPECT_EQ(plan->current().plan.rules.at(0).enable_continuous_backup, true);
  EXPECT_EQ(plan->current().plan.rules.at(0).target_backup_vault_name, "vault-b");

  ASSERT_EQ(state.selections.count(plan->id), 1u);
  const auto& selections = state.selections.at(plan->id);
  ASSERT_EQ(selections.size(), 2u);
  const SelectionRecord* sel = nullptr;
  for (const auto& [id, s] : selections) {
    EXPECT_EQ(s.id, id);
    EXPECT_EQ(s.plan_id, plan->id);
    if (s.selection.selection_name == "sel") sel = &s;
  }
  ASSERT_TRUE(sel);
  EXPECT_EQ(sel->creator_request_id, "req-s");
  ASSERT_EQ(sel->selection.list_of_tags.size(), 1u);
  EXPECT_EQ(sel->selection.list_of_tags[0].condition_key, "backup");
  EXPECT_EQ(sel->selection.not_resources,
            std::vector<std::string>{"arn:aws:ec2:us-east-1:123456789012:volume/vol-2"});
  ASSERT_TRUE(sel->selection.conditions.has_value());
  ASSERT_EQ(sel->selection.conditions->string_equals.size(), 1u);
  EXPECT_EQ(sel->selection.conditions->string_equals[0].condition_value, "prod");
  ASSERT_EQ(sel->selection.conditions->string_not_like.size(), 1u);
  EXPECT_EQ(sel->selection.conditions->string_not_like[0].condition_key, "aws:ResourceTag/tier");
}

TEST(StateFileFormat, Version2WritesTheWireShapesWithTheWireCodecs) {
  AccountState state = ParseOk(Version1Text());
  // The Jobs part: a resource, a scheduled backup job and its copy job.
  state.resources["arn:aws:rds:us-east-1:123456789012:db:orders_1"] = {
      "arn:aws:rds:us-east-1:123456789012:db:orders_1", "RDS", {{"team_name", "a"}}};
  JobRecord job;
  job.id = "b0c3a7e2-5b1f-4e0e-9d7a-3c2b1a0f9e8d";
  job.vault_name = "vault-a";
  job.resource_arn = "arn:aws:rds:us-east-1:123456789012:db:orders_1";
  job.final_state = "COMPLETED";
  job.creation_date = 1796221634;
  job.lifecycle = Lifecycle{};
  job.lifecycle->delete_after_days = 7;
  job.created_by = RecoveryPointCreator{};
  job.created_by->backup_rule_id = "rule_1";
  job.recovery_point_tags = {{"backup_tag", "x"}};
  state.backup_jobs[job.id] = job;
  JobRecord copy = job;
  copy.id = "c0c3a7e2-5b1f-4e0e-9d7a-3c2b1a0f9e8d";
  copy.is_copy = true;
  copy.created_by_backup_job_id = job.id;
  state.copy_jobs[copy.id] = copy;
  state.roles_lacking_permissions = {"arn:aws:iam::123456789012:role/broken"};
  const std::string text = SerializeState(state);
  const Json doc = Json::parse(text);
  EXPECT_EQ(doc["version"], kStateFileVersion);
  EXPECT_EQ(kStateFileVersion, 2);
  ExpectWireNames(doc, "", 0, 0);
  const PlanRecord* plan = PlanNamed(state, "plan");
  ASSERT_TRUE(plan);
  const Json& versions = doc["Plans"][plan->id]["Versions"];
  ASSERT_EQ(versions.size(), plan->versions.size());
  for (size_t i = 0; i < versions.size(); ++i) {
    EXPECT_EQ(versions[i]["BackupPlan"], ToJson(plan->versions[i].plan));
  }
  for (const auto& [id, selection] : state.selections.at(plan->id)) {
    EXPECT_EQ(doc["Selections"][plan->id][id]["BackupSelection"], ToJson(selection.selection));
  }
  EXPECT_EQ(doc["Vaults"]["vault-a"]["Notifications"]["SNSTopicArn"],
            "arn:aws:sns:us-east-1:123456789012:t");
  const Json& jobs = doc["Jobs"];
  EXPECT_EQ(jobs["BackupJobs"][job.id]["Lifecycle"]["DeleteAfterDays"], 7);
  EXPECT_EQ(jobs["CopyJobs"][copy.id]["CreatedByBackupJobId"], job.id);
  EXPECT_EQ(jobs["Resources"].size(), 1u);
  EXPECT_EQ(jobs["RolesLackingPermissions"].size(), 1u);
  // Read back, it is the same account, written the same way.
  const AccountState back = ParseOk(text);
  EXPECT_EQ(back.backup_jobs.at(job.id).created_by->backup_rule_id, "rule_1");
  EXPECT_EQ(back.copy_jobs.size(), 1u);
  EXPECT_EQ(SerializeState(back), text);
}

TEST(StateFileFormat, AVersion1FileIsRewrittenAsVersion2AtTheNextWrite) {
  char tmpl[] = "/tmp/backupctl-state-format-XXXXXX";
  ASSERT_NE(::mkdtemp(tmpl), nullptr);
  const std::string dir = tmpl;
  AccountOptions options;
  options.state_file = dir + "/state.json";
  std::ofstream(options.state_file) << Version1Text();
  std::string written;
  {
    auto opened = LocalAccount::Open(options);
    ASSERT_TRUE(opened.ok()) << opened.error().ToString();
    LocalAccount& account = *opened.value();
    EXPECT_EQ(ReadAll(options.state_file), Version1Text()) << "opening alone writes nothing";
    EXPECT_EQ(Ok(account.DescribeBackupVault({"vault-a"})).number_of_recovery_points, 2);
    Ok(account.CreateBackupVault(VaultInput("after-upgrade")));
    written = SerializeState(account.Snapshot());
  }
  EXPECT_EQ(ReadAll(options.state_file), written);
  EXPECT_NE(written.find("\"version\":2"), std::string::npos);
  auto reopened = LocalAccount::Open(options);
  ASSERT_TRUE(reopened.ok()) << reopened.error().ToString();
  EXPECT_EQ(SerializeState(reopened.value()->Snapshot()), written);
  const AccountState state = reopened.value()->Snapshot();
  EXPECT_EQ(Ok(reopened.value()->ListTags(TagsIn(state.vaults.at("vault-b").arn))).tags,
            (Tags{{"Owner", "team"}, {"cost_center", "a_b"}}));
  EXPECT_EQ(Ok(reopened.value()->GetBackupPlan({PlanNamed(state, "plan")->id, {}}))
                .backup_plan.rules.at(0)
                .target_backup_vault_name,
            "vault-b");
  fs::remove_all(dir);
}

TEST(StateFileFormat, ABrokenRecordIsAnErrorNamingIt) {
  const AccountState state = ParseOk(Version1Text());
  const Json good = Json::parse(SerializeState(state));
  const std::string plan_id = PlanNamed(state, "plan")->id;
  struct Case {
    std::function<void(Json&)> breaks;
    std::string message;
  };
  const std::vector<Case> cases = {
      {[](Json& d) { d["Vaults"]["vault-a"]["BackupVaultName"] = "vault-z"; },
       "vault vault-a holds the record of vault-z"},
      {[&](Json& d) { d["Plans"][plan_id].erase("Versions"); },
       "Missing required parameter: Plans." + plan_id + ".Versions"},
      {[&](Json& d) {
         d["Plans"][plan_id]["Versions"][0]["BackupPlan"]["Rules"][0]["RuleName"] = 5;
       },
       "Plans." + plan_id + ".Versions[0].BackupPlan.Rules[0].RuleName must be a string"},
      {[&](Json& d) { d["Plans"].erase(plan_id); }, "unknown plan " + plan_id},
      {[](Json& d) { d["Vaults"] = Json::array(); }, "member Vaults must be a JSON object"},
      {[](Json& d) { d["version"] = 3; }, "unknown version"},
  };
  for (const Case& c : cases) {
    Json doc = good;
    c.breaks(doc);
    auto parsed = ParseState(doc.dump());
    ASSERT_FALSE(parsed.ok()) << c.message;
    EXPECT_NE(parsed.error().message.find(c.message), std::string::npos) << parsed.error().message;
  }
}

}  // namespace
}  // namespace backupctl
