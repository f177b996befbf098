// target.accountId over HTTP against the emulator (account 123456789012):
// export writes the account and region it read and a copy to a vault of the
// export by name, and the tree round-trips; a tree that declares another
// account, or another region than the one in use, is refused by plan, apply
// and export before anything is written.
#include "reconcile/convert.h"
#include "tests/export_e2e/export_harness.h"

namespace backupctl::testing {
namespace {

constexpr char kHere[] = "arn:aws:backup:us-east-1:123456789012:backup-vault:";
constexpr char kFar[] = "arn:aws:backup:eu-central-1:123456789012:backup-vault:dr";

std::vector<std::string> VaultNames(BackupApi& api) {
  auto list = api.ListBackupVaults({});
  EXPECT_TRUE(list.ok());
  std::vector<std::string> names;
  if (list.ok()) {
    for (const auto& v : list.value().backup_vault_list) names.push_back(v.backup_vault_name);
  }
  return names;
}

// A plan on vault main copying to dr (of the export), to elsewhere (same
// account, not in the account) and to another region's dr.
void MakeEstate(BackupApi& api) {
  for (const char* name : {"main", "dr"}) {
    ASSERT_TRUE(api.CreateBackupVault({name, {}, std::nullopt, std::nullopt}).ok());
  }
  BackupPlanSpec plan;
  plan.name = "daily";
  Rule rule;
  rule.name = "r";
  rule.target_vault = "main";
  rule.schedule = "cron(0 5 ? * * *)";
  for (const std::string& to :
       {std::string(kHere) + "dr", std::string(kHere) + "elsewhere", std::string(kFar)}) {
    rule.copy_actions.push_back({to, LifecycleSpec{std::nullopt, 30, std::nullopt}});
  }
  plan.rules.push_back(rule);
  auto created = api.CreateBackupPlan({BackupPlanToApi(plan), {}, std::nullopt});
  ASSERT_TRUE(created.ok()) << created.error().ToString();
}

TEST(ExportAccount, CopyToAVaultOfTheExportIsWrittenByNameAndRoundTrips) {
  ExportFixture fx;
  ASSERT_TRUE(fx.ready());
  ASSERT_NO_FATAL_FAILURE(MakeEstate(fx.api()));
  const fs::path out = fx.dir() / "tree";
  BinRun run = fx.Run("export --as-stack s --out " + Quote(out.string()) + fx.Target());
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  const std::string project = Slurp(out / "backupctl.yaml");
  EXPECT_NE(project.find("  region: us-east-1\n  accountId: \"123456789012\"\n"), std::string::npos)
      << project;
  EXPECT_NE(project.find("- elsewhere  # copy destination of plan daily; the account does not "
                         "hold it\n"),
            std::string::npos)
      << project;
  const std::string plan = Slurp(out / "plans" / "daily.yaml");
  EXPECT_NE(
      plan.find("- destinationVault:\n            name: dr  # " + std::string(kHere) + "dr\n"),
      std::string::npos)
      << plan;
  EXPECT_NE(plan.find("- destinationBackupVaultArn: " + std::string(kHere) + "elsewhere\n"),
            std::string::npos)
      << plan;
  EXPECT_NE(plan.find("- destinationBackupVaultArn: " + std::string(kFar) + "\n"),
            std::string::npos)
      << plan;
  EXPECT_TRUE(RoundTrip(fx, "round", {" --as-stack s", true, 3}));
}

const char kVault[] = "apiVersion: backupctl/v1\nkind: BackupVault\nmetadata: {name: new-vault}\n";

TEST(ExportAccount, AnotherAccountIsRefusedBeforeAnyWrite) {
  ExportFixture fx;
  ASSERT_TRUE(fx.ready());
  ASSERT_TRUE(fx.api().CreateBackupVault({"existing", {}, std::nullopt, std::nullopt}).ok());
  const fs::path tree = fx.dir() / "tree";
  fs::create_directories(tree);
  std::ofstream(tree / "backupctl.yaml")
      << "stack: s\ntarget: {type: aws, region: us-east-1, accountId: \"999999999999\"}\n";
  std::ofstream(tree / "vault.yaml") << kVault;
  const std::string wrong =
      "error: target.accountId is 999999999999 but the credentials reach account 123456789012 (" +
      std::string(kHere) + "existing): nothing was planned or changed";
  for (const char* verb : {"plan", "apply"}) {
    BinRun run = fx.Run(std::string(verb) + " " + Quote(tree.string()) + fx.Target());
    EXPECT_EQ(run.exit_code, 1) << verb << ": " << run.out << run.err;
    EXPECT_NE(run.err.find(wrong), std::string::npos) << verb << ": " << run.err;
  }
  EXPECT_EQ(VaultNames(fx.api()), std::vector<std::string>{"existing"}) << "nothing was created";

  const fs::path out = fx.dir() / "out";
  BinRun exported =
      fx.Run("export " + Quote(tree.string()) + " --out " + Quote(out.string()) + fx.Target());
  EXPECT_EQ(exported.exit_code, 1) << exported.out << exported.err;
  EXPECT_NE(exported.err.find(wrong), std::string::npos) << exported.err;
  EXPECT_FALSE(fs::exists(out)) << "export wrote nothing";

  // The account it names: applied.
  std::ofstream(tree / "backupctl.yaml")
      << "stack: s\ntarget: {type: aws, region: us-east-1, accountId: \"123456789012\"}\n";
  BinRun right = fx.Run("apply " + Quote(tree.string()) + fx.Target());
  EXPECT_EQ(right.exit_code, 0) << right.out << right.err;
  EXPECT_EQ(VaultNames(fx.api()), (std::vector<std::string>{"existing", "new-vault"}));
}

TEST(ExportAccount, ARegionOtherThanThePinnedOneIsRefusedBeforeAnyCall) {
  ExportFixture fx;
  ASSERT_TRUE(fx.ready());
  const fs::path tree = fx.dir() / "tree";
  fs::create_directories(tree);
  std::ofstream(tree / "backupctl.yaml")
      << "stack: s\ntarget: {type: aws, region: us-east-1, accountId: \"123456789012\"}\n";
  std::ofstream(tree / "vault.yaml") << kVault;
  for (const char* verb : {"plan", "apply"}) {
    BinRun run = fx.Run(std::string(verb) + " " + Quote(tree.string()) + fx.Target() +
                        " --region eu-west-1");
    EXPECT_EQ(run.exit_code, 1) << verb << ": " << run.out << run.err;
    EXPECT_NE(run.err.find("the tree declares target.accountId 123456789012 in target.region "
                           "us-east-1, but the region in use is eu-west-1"),
              std::string::npos)
        << verb << ": " << run.err;
  }
  EXPECT_TRUE(VaultNames(fx.api()).empty());
}

}  // namespace
}  // namespace backupctl::testing
