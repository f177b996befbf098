// The round trip (export_harness.h) over 200 randomly generated live estates,
// each made through the AWS API over HTTP in a fresh emulator: vaults with
// and without locks, tags, notifications and access policies; plans with
// several rules, copy actions (to a vault of the estate, which the export
// writes by name; to another region; to a vault of the account that does not
// exist), lifecycles, windows, time zones, continuous backup, index actions
// and advanced settings; selections with resources,
// notResources, listOfTags and each condition kind. Then one estate of 300
// vaults, 300 plans and 1,000 selections (the emulator's default quotas).
// The RNG is seeded (BACKUPCTL_EXPORT_SEED overrides); a failure names the
// estate's seed, and the same seed makes the same estate.
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <random>

#include "reconcile/convert.h"
#include "tests/export_e2e/export_harness.h"

namespace backupctl::testing {
namespace {

constexpr char kAccountArn[] = "arn:aws:backup:us-east-1:123456789012:backup-vault:";
constexpr char kRole[] = "arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole";

uint32_t BaseSeed() {
  const char* env = std::getenv("BACKUPCTL_EXPORT_SEED");
  return env ? static_cast<uint32_t>(std::strtoul(env, nullptr, 10)) : 20261202u;
}

class Generator {
 public:
  explicit Generator(uint32_t seed) : rng_(seed) {}

  int Int(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool Chance(int percent) { return Int(1, 100) <= percent; }
  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[Int(0, static_cast<int>(items.size()) - 1)];
  }

  // Values a careless writer would mangle: YAML 1.1 booleans, numbers, dates.
  std::string TagText() {
    static const std::vector<std::string> kTexts = {
        "true", "4711",   "yes",  "null", "2012-10-17", "a:b",     "x y",    "",  "1.5", "=",
        "off",  "team-a", "0x1F", "1e3",  "@home",      "prod/eu", "ümlaut", "-", "a+b"};
    return Pick(kTexts);
  }

  TagMap Tags(int max) {
    TagMap tags;
    for (int i = Int(0, max); i > 0; --i) {
      std::string key = TagText();
      if (key.empty() || key == "-") key = "k" + std::to_string(i);
      tags[key] = TagText();
    }
    return tags;
  }

  struct VaultShape {
    std::string name;
    std::optional<int64_t> min, max;
  };

  // A lifecycle a vault's lock accepts: min <= 7 and max >= 3000 below.
  std::optional<LifecycleSpec> Lifecycle(const VaultShape& vault, bool continuous) {
    if (!vault.max && Chance(25)) return std::nullopt;
    LifecycleSpec l;
    if (continuous) {
      l.delete_after_days = Int(8, 35);
      return l;
    }
    if (Chance(40)) l.move_to_cold_storage_after_days = Int(1, 30);
    int from = l.move_to_cold_storage_after_days ? *l.move_to_cold_storage_after_days + 90 : 8;
    l.delete_after_days = Int(from, from + 400);
    if (Chance(15)) l.opt_in_to_archive_for_supported_resources = true;
    return l;
  }

  Rule MakeRule(int index, const std::vector<VaultShape>& vaults) {
    static const std::vector<std::string> kSchedules = {
        "cron(0 5 ? * * *)", "cron(30 1 * * ? *)",   "cron(0 9-17 ? * MON-FRI *)",
        "cron(0 3 1 * ? *)", "cron(15 */6 * * ? *)", "cron(0 4 ? * SUN *)"};
    static const std::vector<std::string> kZones = {"Etc/UTC",          "Europe/Berlin",
                                                    "America/New_York", "Asia/Tokyo",
                                                    "Australia/Sydney", "America/Sao_Paulo"};
    Rule r;
    r.name = "rule-" + std::to_string(index) + (Chance(30) ? ".x_y" : "");
    const VaultShape& target = Pick(vaults);
    r.target_vault = target.name;
    if (Chance(85)) r.schedule = Pick(kSchedules);
    if (Chance(60)) r.schedule_timezone = Pick(kZones);
    if (Chance(50)) r.start_window_minutes = Pick(std::vector<int64_t>{60, 120, 480, 720});
    if (Chance(50)) {
      r.completion_window_minutes = r.start_window_minutes.value_or(480) + Int(60, 10000);
    }
    bool continuous = Chance(15);
    if (continuous) r.enable_continuous_backup = true;
    r.lifecycle = Lifecycle(target, continuous);
    if (Chance(50)) r.recovery_point_tags = Tags(3);
    for (int c = Chance(40) ? Int(1, 2) : 0; c > 0; --c) {
      CopyActionSpec copy;
      if (Chance(60)) {
        const VaultShape& dest = Pick(vaults);
        copy.destination_vault_arn = kAccountArn + dest.name;
        copy.lifecycle = Lifecycle(dest, false);
      } else if (Chance(70)) {
        copy.destination_vault_arn =
            "arn:aws:backup:eu-central-1:123456789012:backup-vault:dr-" + std::to_string(c);
        copy.lifecycle = Lifecycle(VaultShape{}, false);
      } else {  // this account, a vault it does not hold: externalVaults in the export
        copy.destination_vault_arn = kAccountArn + ("absent-" + std::to_string(c));
        copy.lifecycle = Lifecycle(VaultShape{}, false);
      }
      bool duplicate = false;
      for (const auto& other : r.copy_actions) {
        duplicate = duplicate || other.destination_vault_arn == copy.destination_vault_arn;
      }
      if (!duplicate) r.copy_actions.push_back(copy);
    }
    if (Chance(10)) r.index_actions.push_back({{Chance(50) ? "EBS" : "S3"}});
    return r;
  }

  Selection MakeSelection(int index) {
    static const std::vector<std::string> kTagKeys = {
        "aws:ResourceTag/backup", "aws:ResourceTag/env", "aws:ResourceTag/Name"};
    Selection s;
    s.name = "sel-" + std::to_string(index);
    s.iam_role_arn = kRole;
    int kind = Int(0, 4);
    if (kind == 0 || Chance(30)) {
      s.resources = {Chance(50)
                         ? "*"
                         : "arn:aws:rds:us-east-1:123456789012:db:orders-" + std::to_string(index)};
    }
    if (Chance(25)) s.not_resources = {"arn:aws:s3:::scratch-" + std::to_string(index)};
    if (kind == 1 || Chance(20)) {
      std::string value = TagText();
      s.list_of_tags.push_back({"STRINGEQUALS", "backup", value.empty() ? "none" : value});
    }
    auto kv = [&] { return KeyValue{Pick(kTagKeys), Chance(50) ? "daily" : "*scratch*"}; };
    if (kind == 2 || Chance(20)) s.conditions.string_equals.push_back(kv());
    if (kind == 3 || Chance(20)) s.conditions.string_not_equals.push_back(kv());
    if (kind == 4 || Chance(20)) s.conditions.string_like.push_back(kv());
    if (Chance(25)) s.conditions.string_not_like.push_back(kv());
    if (s.resources.empty() && s.list_of_tags.empty()) s.resources = {"*"};
    return s;
  }

  nlohmann::json Policy(const std::string& vault) {
    nlohmann::json statements = nlohmann::json::array();
    for (int i = Int(1, 2); i > 0; --i) {
      nlohmann::json st = {{"Effect", Chance(70) ? "Deny" : "Allow"},
                           {"Resource", Chance(50) ? "*" : kAccountArn + vault}};
      if (Chance(50)) st["Sid"] = "S" + std::to_string(i);
      st["Principal"] = Chance(50) ? nlohmann::json("*")
                                   : nlohmann::json{{"AWS", "arn:aws:iam::123456789012:root"}};
      st["Action"] = Chance(50) ? nlohmann::json("backup:DeleteRecoveryPoint")
                                : nlohmann::json{"backup:DeleteRecoveryPoint",
                                                 "backup:UpdateRecoveryPointLifecycle"};
      if (Chance(40)) {
        st["Condition"] = {{"StringNotLike",
                            {{"aws:PrincipalArn", "arn:aws:iam::123456789012:role/break-glass"}}}};
      }
      statements.push_back(st);
    }
    return {{"Version", "2012-10-17"}, {"Statement", statements}};
  }

 private:
  std::mt19937 rng_;
};

// Builds an estate through the API; returns what it made, for the checks.
struct Made {
  int vaults = 0, plans = 0, selections = 0;
};

// How many copy actions the exported plans write by name (destinationVault)
// and by ARN: the random estates must exercise both.
void CountCopies(const fs::path& tree, int* by_name, int* by_arn) {
  if (!fs::exists(tree / "plans")) return;
  for (const auto& file : fs::directory_iterator(tree / "plans")) {
    const std::string text = Slurp(file.path());
    for (size_t at = 0; (at = text.find("- destinationVault:", at)) != std::string::npos; ++at) {
      ++*by_name;
    }
    for (size_t at = 0; (at = text.find("- destinationBackupVaultArn:", at)) != std::string::npos;
         ++at) {
      ++*by_arn;
    }
  }
}

::testing::AssertionResult Build(BackupApi& api, Generator& g, int vaults, int plans,
                                 int selections_per_plan_max, Made* made) {
  static const std::vector<std::string> kEvents = {
      "BACKUP_JOB_STARTED", "BACKUP_JOB_COMPLETED", "RESTORE_JOB_COMPLETED",
      "COPY_JOB_FAILED",    "COPY_JOB_SUCCESSFUL",  "RECOVERY_POINT_MODIFIED"};
  std::vector<Generator::VaultShape> shapes;
  for (int v = 0; v < vaults; ++v) {
    Generator::VaultShape shape{"vault-" + std::to_string(v) + (g.Chance(30) ? "_x" : ""), {}, {}};
    CreateBackupVaultInput in{shape.name, g.Tags(3), std::nullopt, std::nullopt};
    if (g.Chance(20)) {
      in.encryption_key_arn = "arn:aws:kms:us-east-1:123456789012:key/" + std::to_string(v) +
                              "a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d";
    }
    auto created = api.CreateBackupVault(in);
    if (!created.ok()) return ::testing::AssertionFailure() << created.error().ToString();
    if (g.Chance(35)) {
      PutBackupVaultLockConfigurationInput lock{shape.name, {}, {}, {}};
      if (g.Chance(70)) lock.min_retention_days = shape.min = g.Int(1, 7);
      if (g.Chance(50)) lock.max_retention_days = shape.max = g.Int(3000, 3650);
      if (g.Chance(30)) lock.changeable_for_days = g.Int(3, 30);
      auto put = api.PutBackupVaultLockConfiguration(lock);
      if (!put.ok()) return ::testing::AssertionFailure() << put.error().ToString();
    }
    if (g.Chance(40)) {
      std::vector<std::string> events;
      for (const auto& e : kEvents) {
        if (g.Chance(40)) events.push_back(e);
      }
      if (events.empty()) events.push_back("BACKUP_JOB_COMPLETED");
      auto put = api.PutBackupVaultNotifications(
          {shape.name, "arn:aws:sns:us-east-1:123456789012:topic-" + std::to_string(v), events});
      if (!put.ok()) return ::testing::AssertionFailure() << put.error().ToString();
    }
    if (g.Chance(35)) {
      auto put = api.PutBackupVaultAccessPolicy({shape.name, g.Policy(shape.name).dump()});
      if (!put.ok()) return ::testing::AssertionFailure() << put.error().ToString();
    }
    shapes.push_back(shape);
    ++made->vaults;
  }
  for (int p = 0; p < plans; ++p) {
    BackupPlanSpec plan;
    plan.name = "plan-" + std::to_string(p) + (g.Chance(20) ? ".v2" : "");
    for (int r = g.Int(1, 4); r > 0; --r) plan.rules.push_back(g.MakeRule(r, shapes));
    if (g.Chance(25)) {
      plan.advanced_backup_settings.push_back(
          {"EC2", {{"WindowsVSS", g.Chance(50) ? "enabled" : "disabled"}}});
    }
    CreateBackupPlanInput in{BackupPlanToApi(plan), g.Tags(2), std::nullopt};
    auto created = api.CreateBackupPlan(in);
    if (!created.ok()) return ::testing::AssertionFailure() << created.error().ToString();
    for (int s = g.Int(0, selections_per_plan_max); s > 0; --s) {
      Selection selection = g.MakeSelection(s);
      auto made_selection = api.CreateBackupSelection(
          {created.value().backup_plan_id, SelectionToApi(selection), std::nullopt});
      if (!made_selection.ok()) {
        return ::testing::AssertionFailure() << made_selection.error().ToString();
      }
      ++made->selections;
    }
    ++made->plans;
  }
  return ::testing::AssertionSuccess();
}

TEST(RandomEstates, TwoHundredEstatesRoundTrip) {
  const uint32_t base = BaseSeed();
  const auto start = std::chrono::steady_clock::now();
  Made total;
  int by_name = 0, by_arn = 0;
  for (uint32_t i = 0; i < 200; ++i) {
    const uint32_t seed = base + i;
    SCOPED_TRACE("estate seed " + std::to_string(seed) + " (BACKUPCTL_EXPORT_SEED=" +
                 std::to_string(seed) + " with estate 0 makes it again)");
    ExportFixture fx;
    ASSERT_TRUE(fx.ready());
    Generator g(seed);
    Made made;
    ASSERT_TRUE(Build(fx.api(), g, g.Int(1, 4), g.Int(0, 3), 3, &made));
    ASSERT_TRUE(RoundTrip(fx, "tree", {" --as-stack random", true, made.vaults + made.plans}));
    CountCopies(fx.dir() / "tree", &by_name, &by_arn);
    total.vaults += made.vaults;
    total.plans += made.plans;
    total.selections += made.selections;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "200 estates (" << total.vaults << " vaults, " << total.plans << " plans, "
            << total.selections << " selections) round-tripped in " << seconds << " s; " << by_name
            << " copies written by name, " << by_arn << " by ARN\n";
  EXPECT_GT(by_name, 0) << "no copy to a vault of the export";
  EXPECT_GT(by_arn, 0) << "no copy outside the export";
}

TEST(RandomEstates, ThreeHundredVaultsThreeHundredPlansAThousandSelections) {
  ExportFixture fx;
  ASSERT_TRUE(fx.ready());
  Generator g(BaseSeed() ^ 0x5eedu);
  SCOPED_TRACE("seed " + std::to_string(BaseSeed() ^ 0x5eedu));
  const auto start = std::chrono::steady_clock::now();
  Made made;
  ASSERT_TRUE(Build(fx.api(), g, 300, 300, 0, &made));
  // 1,000 selections over the 300 plans: 3 or 4 each, by plan id.
  ListBackupPlansInput list;
  list.max_results = 1000;
  auto plans = fx.api().ListBackupPlans(list);
  ASSERT_TRUE(plans.ok());
  ASSERT_EQ(plans.value().backup_plans_list.size(), 300u);
  int selections = 0;
  for (size_t p = 0; p < 300; ++p) {
    const std::string& id = plans.value().backup_plans_list[p].backup_plan_id;
    for (int s = 0; s < (p < 100 ? 4 : 3); ++s) {
      auto created =
          fx.api().CreateBackupSelection({id, SelectionToApi(g.MakeSelection(s)), std::nullopt});
      ASSERT_TRUE(created.ok()) << created.error().ToString();
      ++selections;
    }
  }
  ASSERT_EQ(selections, 1000);
  const auto built = std::chrono::steady_clock::now();
  EXPECT_TRUE(RoundTrip(fx, "large", {" --as-stack large", true, 600}));
  const auto done = std::chrono::steady_clock::now();
  std::cout << "built in " << std::chrono::duration<double>(built - start).count()
            << " s; export, validate, plan --adopt, apply --adopt, plan in "
            << std::chrono::duration<double>(done - built).count() << " s\n";
}

}  // namespace
}  // namespace backupctl::testing
