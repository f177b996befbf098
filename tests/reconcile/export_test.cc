// BuildExport on live states made in memory: the files it writes load back
// through the tree loader as the same model, names stay out of YAML's way,
// and what is left out or cannot be declared becomes a note.
#include "reconcile/export.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "desired/loader.h"
#include "reconcile/yaml_writer.h"

namespace backupctl {
namespace {

namespace fs = std::filesystem;

LiveVault MakeVault(const std::string& name) {
  LiveVault v;
  v.spec.name = name;
  v.arn = "arn:aws:backup:us-east-1:123456789012:backup-vault:" + name;
  v.tags_known = v.notifications_known = v.policy_known = true;
  v.vault_type = "BACKUP_VAULT";
  return v;
}

LiveBackupPlan MakePlan(const std::string& name, const std::string& vault) {
  LiveBackupPlan p;
  p.spec.name = name;
  p.id = "id-" + name;
  p.arn = "arn:aws:backup:us-east-1:123456789012:backup-plan:" + p.id;
  p.version_id = "v1";
  p.document_known = p.tags_known = p.selections_known = true;
  Rule r;
  r.name = "daily";
  r.target_vault = vault;
  r.schedule = "cron(0 5 ? * * *)";
  r.lifecycle = LifecycleSpec{std::nullopt, 35, std::nullopt};
  p.spec.rules.push_back(r);
  return p;
}

// Writes the files under a fresh directory and loads them as `validate` does.
LoadResult WriteAndLoad(const ExportResult& result, const std::string& name) {
  fs::path dir = fs::path(::testing::TempDir()) / ("export-" + std::to_string(getpid()) + name);
  fs::remove_all(dir);
  for (const auto& f : result.files) {
    fs::create_directories((dir / f.path).parent_path());
    std::ofstream(dir / f.path) << f.text;
  }
  return LoadTree(dir.string());
}

std::string Diagnostics(const LoadResult& r) {
  std::string out;
  for (const auto& d : r.diagnostics) out += d.ToString() + "\n";
  return out;
}

// What ReadLive notes from the ARNs the lists return: this account and region.
void InAccount(LiveState* live) {
  live->arn_places[{"123456789012", "us-east-1"}] =
      "arn:aws:backup:us-east-1:123456789012:backup-vault:main";
}

ExportOptions Options() {
  ExportOptions o;
  o.stack = "adopted";
  o.target.type = "aws";
  o.target.region = "us-east-1";
  return o;
}

TEST(YamlWriter, QuotesWhatYaml11WouldReadAsAnotherType) {
  for (const char* s : {"true", "No", "yes", "~", "null", "4711", "0x1F", "1e3", "1.5",
                        "2012-10-17", "<<", "=", "", "-12", ".inf", "07"}) {
    EXPECT_TRUE(YamlWriter::LooksLikeOtherType(s)) << s;
  }
  for (const char* s : {"team", "a:b", "cron(0 5 ? * * *)", "prod-1", "v1.2.3", "2012-10"}) {
    EXPECT_FALSE(YamlWriter::LooksLikeOtherType(s)) << s;
  }
}

TEST(Export, TrickyValuesLoadBackAsWritten) {
  LiveState live;
  LiveVault v = MakeVault("main");
  v.spec.tags = {{"true", "4711"},
                 {"a: b", "#x"},
                 {"empty", ""},
                 {"lead", " space"},
                 {"backupctl:stack", "old"},
                 {"aws:cloudformation:stack-name", "x"}};
  v.spec.lock = VaultLock{7, 365, std::nullopt};
  v.notifications =
      VaultNotifications{"main", "arn:aws:sns:us-east-1:123456789012:t", {"BACKUP_JOB_COMPLETED"}};
  v.policy = VaultAccessPolicy{
      "main", nlohmann::json::parse(R"({"Version":"2012-10-17","Statement":[{"Effect":"Deny",
        "Principal":"*","Action":["backup:DeleteRecoveryPoint"],"Resource":"*",
        "Condition":{"Bool":{"aws:SecureTransport":false}}}]})")};
  live.vaults["main"] = v;
  LiveBackupPlan p = MakePlan(".hidden", "main");
  p.spec.rules[0].copy_actions.push_back({v.arn, LifecycleSpec{std::nullopt, 35, std::nullopt}});
  LiveSelection s;
  s.spec.name = "tagged";
  s.spec.iam_role_arn = "arn:aws:iam::123456789012:role/backup";
  s.spec.list_of_tags.push_back({"STRINGEQUALS", "backup", "yes"});
  s.spec.conditions.string_not_like.push_back({"aws:ResourceTag/Name", "*scratch*"});
  s.selection_id = "sel-1";
  s.known = true;
  p.selections.push_back(s);
  live.plans[".hidden"].push_back(p);
  InAccount(&live);

  ExportResult result = BuildExport(live, Options());
  ASSERT_TRUE(result.ok()) << result.error;
  ASSERT_EQ(result.files.size(), 3u);
  EXPECT_EQ(result.files[1].path, "vaults/main.yaml");
  EXPECT_EQ(result.files[2].path, "plans/_.hidden.yaml") << "never a hidden file";
  LoadResult back = WriteAndLoad(result, "tricky");
  ASSERT_TRUE(back.ok()) << Diagnostics(back);
  ASSERT_EQ(back.state.vaults.size(), 1u);
  TagMap want = {{"true", "4711"}, {"a: b", "#x"}, {"empty", ""}, {"lead", " space"}};
  EXPECT_EQ(back.state.vaults[0].tags, want) << "ownership and aws: tags are not declared";
  EXPECT_EQ(back.state.vaults[0].lock->min_retention_days, 7);
  ASSERT_EQ(back.state.access_policies.size(), 1u);
  EXPECT_EQ(back.state.access_policies[0]
                .policy["Statement"][0]["Condition"]["Bool"]["aws:SecureTransport"],
            "false");
  ASSERT_EQ(back.state.selections.size(), 1u);
  EXPECT_EQ(back.state.selections[0].plan, ".hidden");
  EXPECT_EQ(back.state.selections[0].list_of_tags[0].value, "yes");
  EXPECT_NE(result.files[2].text.find("destinationVault:\n            name: main  # " + v.arn),
            std::string::npos)
      << result.files[2].text;
  EXPECT_EQ(back.state.plans[0].rules[0].copy_actions[0].destination_vault_arn, v.arn);
  EXPECT_NE(result.files[2].text.find("# BackupPlan " + p.arn + "\n# version v1"),
            std::string::npos)
      << result.files[2].text;
}

TEST(Export, UndeclaredTargetsBecomeExternalVaults) {
  LiveState live;
  live.vaults["main"] = MakeVault("main");
  live.plans["p"].push_back(MakePlan("p", "Default"));
  ExportResult result = BuildExport(live, Options());
  LoadResult back = WriteAndLoad(result, "external");
  ASSERT_TRUE(back.ok()) << Diagnostics(back);
  EXPECT_EQ(back.state.project.external_vaults, std::vector<std::string>{"Default"});
  ASSERT_FALSE(result.notes.empty());
  EXPECT_EQ(result.notes[0].rfind("BackupPlan p: rule daily targets vault Default", 0), 0u)
      << result.notes[0];
}

TEST(Export, OwnerLeavesOutWhatItDoesNotOwnAndSaysHowMuch) {
  LiveState live;
  LiveVault mine = MakeVault("mine");
  mine.owned = true;
  live.vaults["mine"] = mine;
  live.vaults["theirs"] = MakeVault("theirs");
  LiveBackupPlan plan = MakePlan("p", "theirs");
  plan.owned = true;
  live.plans["p"].push_back(plan);
  live.plans["other"].push_back(MakePlan("other", "mine"));
  ExportOptions options = Options();
  options.owner = "adopted";
  ExportResult result = BuildExport(live, options);
  LoadResult back = WriteAndLoad(result, "owner");
  ASSERT_TRUE(back.ok()) << Diagnostics(back);
  ASSERT_EQ(back.state.vaults.size(), 1u);
  EXPECT_EQ(back.state.vaults[0].name, "mine");
  ASSERT_EQ(back.state.plans.size(), 1u);
  EXPECT_EQ(back.state.project.external_vaults, std::vector<std::string>{"theirs"});
  EXPECT_NE(std::find(result.notes.begin(), result.notes.end(),
                      "1 vault(s) and 1 plan(s) that stack \"adopted\" does not own were left out"),
            result.notes.end());
}

TEST(Export, WhatCannotBeDeclaredIsANote) {
  LiveState live;
  LiveVault v = MakeVault("vv");
  v.notifications =
      VaultNotifications{"vv", "arn:aws:sns:us-east-1:123456789012:t", {"BACKUP_JOB_FAILED"}};
  live.vaults["vv"] = v;
  LiveVault air = MakeVault("air");
  air.vault_type = "LOGICALLY_AIR_GAPPED_BACKUP_VAULT";
  live.vaults["air"] = air;
  LiveBackupPlan p = MakePlan("p", "vv");
  p.spec.kept["ScanSettings"] = nlohmann::json::array();
  live.plans["p"].push_back(p);
  live.plans["twice"].push_back(MakePlan("twice", "vv"));
  live.plans["twice"].push_back(MakePlan("twice", "vv"));
  ExportResult result = BuildExport(live, Options());
  std::string all;
  for (const auto& n : result.notes) all += n + "\n";
  EXPECT_NE(all.find("BackupVaultNotifications vv: event BACKUP_JOB_FAILED cannot be declared"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("BackupVaultNotifications vv: no event is declarable"), std::string::npos);
  EXPECT_NE(all.find("BackupVault air: its VaultType is LOGICALLY_AIR_GAPPED_BACKUP_VAULT"),
            std::string::npos);
  EXPECT_NE(all.find("BackupPlan p: holds ScanSettings []"), std::string::npos);
  EXPECT_NE(all.find("BackupPlan twice: 2 live plans share this name"), std::string::npos);
  EXPECT_EQ(result.counts.plans, 1);
  EXPECT_EQ(result.counts.notifications, 0);
  LoadResult back = WriteAndLoad(result, "notes");
  EXPECT_TRUE(back.ok()) << Diagnostics(back);
}

TEST(Export, CopiesToVaultsOfTheExportAreWrittenByNameOthersByArn) {
  LiveState live;
  live.vaults["main"] = MakeVault("main");
  live.vaults["dr"] = MakeVault("dr");
  LiveVault air = MakeVault("air");  // left out: a tree declares standard vaults only
  air.vault_type = "LOGICALLY_AIR_GAPPED_BACKUP_VAULT";
  live.vaults["air"] = air;
  LiveBackupPlan p = MakePlan("p", "main");
  const std::string here = "arn:aws:backup:us-east-1:123456789012:backup-vault:";
  const std::string far = "arn:aws:backup:eu-central-1:123456789012:backup-vault:dr";
  for (const std::string& to : {here + "dr", here + "air", here + "gone", far}) {
    p.spec.rules[0].copy_actions.push_back({to, LifecycleSpec{std::nullopt, 35, std::nullopt}});
  }
  live.plans["p"].push_back(p);
  InAccount(&live);
  ExportOptions options = Options();
  options.target.region.reset();  // the ARNs say where the account is
  ExportResult result = BuildExport(live, options);
  ASSERT_TRUE(result.ok()) << result.error;
  ASSERT_EQ(result.files[0].path, "backupctl.yaml");
  const std::string& project = result.files[0].text;
  EXPECT_NE(project.find("  region: us-east-1\n  accountId: \"123456789012\"\n"), std::string::npos)
      << project;
  EXPECT_NE(project.find("  - air  # copy destination of plan p; not in this export\n"),
            std::string::npos)
      << project;
  EXPECT_NE(project.find("  - gone  # copy destination of plan p; the account does not hold it\n"),
            std::string::npos)
      << project;
  const std::string& plan = result.files[3].text;
  ASSERT_EQ(result.files[3].path, "plans/p.yaml");
  EXPECT_NE(plan.find("- destinationVault:\n            name: dr  # " + here + "dr\n"),
            std::string::npos)
      << plan;
  for (const std::string& arn : {here + "air", here + "gone", far}) {
    EXPECT_NE(plan.find("- destinationBackupVaultArn: " + arn + "\n"), std::string::npos)
        << arn << "\n"
        << plan;
  }
  EXPECT_EQ(plan.find("destinationVault:", plan.find("destinationVault:") + 1), std::string::npos)
      << "one copy by name: " << plan;

  LoadResult back = WriteAndLoad(result, "by-name");
  ASSERT_TRUE(back.ok()) << Diagnostics(back);
  EXPECT_EQ(back.state.project.target.account_id, "123456789012");
  ASSERT_EQ(back.state.plans.size(), 1u);
  EXPECT_EQ(back.state.plans[0].rules[0].copy_actions.size(), 4u);
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(back.state.plans[0].rules[0].copy_actions[i].destination_vault_arn,
              p.spec.rules[0].copy_actions[i].destination_vault_arn);
  }
}

TEST(Export, ARNsOfSeveralAccountsDeclareNoneAndCopiesStayArns) {
  const std::string here = "arn:aws:backup:us-east-1:123456789012:backup-vault:";
  LiveState live;
  live.vaults["main"] = MakeVault("main");
  LiveBackupPlan p = MakePlan("p", "main");
  p.spec.rules[0].copy_actions.push_back({here + "main", std::nullopt});
  live.plans["p"].push_back(p);
  InAccount(&live);
  live.arn_places[{"999999999999", "us-east-1"}] = "arn:aws:backup:us-east-1:999999999999:x";
  ExportResult result = BuildExport(live, Options());
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_EQ(result.files[0].text.find("accountId"), std::string::npos) << result.files[0].text;
  EXPECT_EQ(result.files[2].text.find("destinationVault:"), std::string::npos);
  EXPECT_NE(result.files[2].text.find("destinationBackupVaultArn: " + here + "main"),
            std::string::npos);
  ASSERT_FALSE(result.notes.empty());
  EXPECT_EQ(result.notes[0].rfind("the ARNs read name more than one account or region", 0), 0u)
      << result.notes[0];
  LoadResult back = WriteAndLoad(result, "two-accounts");
  EXPECT_TRUE(back.ok()) << Diagnostics(back);
}

TEST(Export, FileNamesAreSafeAndUniqueWithoutCase) {
  std::set<std::string> taken;
  EXPECT_EQ(ExportFileName("Prod", &taken), "Prod");
  EXPECT_EQ(ExportFileName("prod", &taken), "prod-2");
  EXPECT_EQ(ExportFileName("..", &taken), "_..");
  EXPECT_EQ(ExportFileName("aws/efs/x", &taken), "aws_efs_x");
}

}  // namespace
}  // namespace backupctl
