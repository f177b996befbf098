// The real-client proof: Debian's AWS CLI v2 (/usr/bin/aws; else `aws` on
// PATH) drives the emulator server through every supported operation, a
// duplicate create, pagination across pages and a wrong secret. If the AWS
// CLI cannot talk to the emulator, the emulator does not speak AWS.
// Each CLI process takes about a second to start, so the calls are few and
// sequential; a run takes well under a minute.

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/local/server_harness.h"
#include "tests/support/peers.h"

namespace backupctl::testing {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

std::string FindAwsCli() {
  if (access("/usr/bin/aws", X_OK) == 0) return "/usr/bin/aws";
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path != nullptr ? path : "");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    if (!dir.empty() && access((dir + "/aws").c_str(), X_OK) == 0) return dir + "/aws";
  }
  return "";
}

std::string ShellQuote(const std::string& s) {
  std::string quoted = "'";
  for (char c : s) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
  Json json() const { return Json::parse(out.empty() ? "{}" : out, nullptr, false); }
};

class AwsCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    aws_ = FindAwsCli();
    if (aws_.empty())
      PEER_MISSING("no AWS CLI: neither /usr/bin/aws nor aws on PATH (apt-get install awscli)");
    dir_ = fs::temp_directory_path() /
           ("awscli-test-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    server_ = StartServer();
    ASSERT_NE(server_, nullptr);
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  // Runs `aws backup <args>` against the server with a clean environment.
  CliResult Aws(const std::vector<std::string>& args, const std::string& secret = "test") {
    std::string cmd = "env -i PATH=/usr/local/bin:/usr/bin:/bin LC_ALL=C.UTF-8 HOME=" +
                      ShellQuote(dir_.string()) +
                      " AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=" + ShellQuote(secret) +
                      " AWS_DEFAULT_REGION=us-east-1 AWS_CONFIG_FILE=/dev/null"
                      " AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_PAGER= "
                      "AWS_EC2_METADATA_DISABLED=true timeout 60 " +
                      aws_ + " backup";
    for (const std::string& arg : args) cmd += " " + ShellQuote(arg);
    cmd += " --endpoint-url " + server_->url() + " --output json";
    cmd += " >" + ShellQuote((dir_ / "out").string()) + " 2>" + ShellQuote((dir_ / "err").string());
    int status = std::system(cmd.c_str());
    CliResult r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = ReadFile(dir_ / "out");
    r.err = ReadFile(dir_ / "err");
    return r;
  }

  // Runs a call that must succeed and returns its JSON output.
  Json Ok(const std::vector<std::string>& args) {
    CliResult r = Aws(args);
    EXPECT_EQ(r.exit_code, 0) << args[0] << ": " << r.err;
    Json json = r.json();
    EXPECT_FALSE(json.is_discarded()) << args[0] << " printed: " << r.out;
    return json.is_discarded() ? Json::object() : json;
  }

  std::string aws_;
  fs::path dir_;
  std::unique_ptr<EmulatorServer> server_;
};

const char* kPolicy =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":{"AWS":"*"},)"
    R"("Action":"backup:DeleteRecoveryPoint","Resource":"*"}]})";

// The CLI prints timestamps as ISO 8601 (v2) or as the wire's epoch seconds (v1).
bool IsTimestamp(const Json& v) { return v.is_number() || (v.is_string() && !v.empty()); }

TEST_F(AwsCliTest, VaultOperations) {
  Json created = Ok({"create-backup-vault", "--backup-vault-name", "cli-vault",
                     "--backup-vault-tags", "team=infra"});
  EXPECT_EQ(created["BackupVaultName"], "cli-vault");
  const std::string arn = created["BackupVaultArn"];
  EXPECT_EQ(arn, "arn:aws:backup:us-east-1:123456789012:backup-vault:cli-vault");
  EXPECT_TRUE(IsTimestamp(created["CreationDate"])) << created;

  CliResult duplicate = Aws({"create-backup-vault", "--backup-vault-name", "cli-vault"});
  EXPECT_EQ(duplicate.exit_code, 254);
  EXPECT_NE(duplicate.err.find("AlreadyExistsException"), std::string::npos) << duplicate.err;

  Ok({"put-backup-vault-lock-configuration", "--backup-vault-name", "cli-vault",
      "--min-retention-days", "7", "--max-retention-days", "30"});
  Json described = Ok({"describe-backup-vault", "--backup-vault-name", "cli-vault"});
  EXPECT_EQ(described["BackupVaultArn"], arn);
  EXPECT_EQ(described["NumberOfRecoveryPoints"], 0);
  EXPECT_EQ(described["MinRetentionDays"], 7);
  EXPECT_EQ(described["MaxRetentionDays"], 30);
  Ok({"delete-backup-vault-lock-configuration", "--backup-vault-name", "cli-vault"});

  std::string topic = "arn:aws:sns:us-east-1:123456789012:backup-events";
  Ok({"put-backup-vault-notifications", "--backup-vault-name", "cli-vault", "--sns-topic-arn",
      topic, "--backup-vault-events", "BACKUP_JOB_COMPLETED", "RESTORE_JOB_COMPLETED"});
  Json notifications = Ok({"get-backup-vault-notifications", "--backup-vault-name", "cli-vault"});
  EXPECT_EQ(notifications["SNSTopicArn"], topic);
  EXPECT_EQ(notifications["BackupVaultEvents"],
            Json({"BACKUP_JOB_COMPLETED", "RESTORE_JOB_COMPLETED"}));
  Ok({"delete-backup-vault-notifications", "--backup-vault-name", "cli-vault"});

  Ok({"put-backup-vault-access-policy", "--backup-vault-name", "cli-vault", "--policy", kPolicy});
  Json policy = Ok({"get-backup-vault-access-policy", "--backup-vault-name", "cli-vault"});
  EXPECT_EQ(Json::parse(policy["Policy"].get<std::string>()), Json::parse(kPolicy));
  Ok({"delete-backup-vault-access-policy", "--backup-vault-name", "cli-vault"});

  Ok({"tag-resource", "--resource-arn", arn, "--tags", "env=prod,owner=platform"});
  Ok({"untag-resource", "--resource-arn", arn, "--tag-key-list", "owner"});
  Json tags = Ok({"list-tags", "--resource-arn", arn});
  EXPECT_EQ(tags["Tags"], Json({{"team", "infra"}, {"env", "prod"}}));

  int status = 0;
  Admin(server_->port(), "POST", "recovery-points", {{"vault", "cli-vault"}, {"count", 3}},
        &status);
  ASSERT_EQ(status, 200);
  Json points = Ok({"list-recovery-points-by-backup-vault", "--backup-vault-name", "cli-vault"});
  ASSERT_EQ(points["RecoveryPoints"].size(), 3u);
  EXPECT_EQ(points["RecoveryPoints"][0]["BackupVaultName"], "cli-vault");
  CliResult blocked = Aws({"delete-backup-vault", "--backup-vault-name", "cli-vault"});
  EXPECT_EQ(blocked.exit_code, 254);
  EXPECT_NE(blocked.err.find("InvalidRequestException"), std::string::npos) << blocked.err;

  // The server state matches what the CLI saw; no other side effects.
  AccountSnapshot state = server_->account().Snapshot();
  ASSERT_EQ(state.vaults.size(), 1u);
  const VaultRecord& vault = state.vaults.at("cli-vault");
  EXPECT_FALSE(vault.lock.has_value());
  EXPECT_FALSE(vault.notifications.has_value());
  EXPECT_FALSE(vault.access_policy.has_value());
  EXPECT_EQ(vault.recovery_points.size(), 3u);
}

std::string PlanDocument(int delete_after_days) {
  return Json({{"BackupPlanName", "cli-plan"},
               {"Rules",
                {{{"RuleName", "daily"},
                  {"TargetBackupVaultName", "plan-vault"},
                  {"ScheduleExpression", "cron(0 5 ? * * *)"},
                  {"StartWindowMinutes", 60},
                  {"Lifecycle", {{"DeleteAfterDays", delete_after_days}}}}}}})
      .dump();
}

TEST_F(AwsCliTest, PlanAndSelectionOperations) {
  Ok({"create-backup-vault", "--backup-vault-name", "plan-vault"});
  Json plan = Ok({"create-backup-plan", "--backup-plan", PlanDocument(35), "--creator-request-id",
                  "cli-plan-1"});
  const std::string id = plan["BackupPlanId"];
  const std::string version = plan["VersionId"];
  EXPECT_FALSE(id.empty());
  EXPECT_NE(plan["BackupPlanArn"].get<std::string>().find(id), std::string::npos);

  Json again = Ok({"create-backup-plan", "--backup-plan", PlanDocument(35), "--creator-request-id",
                   "cli-plan-1"});
  EXPECT_EQ(again["BackupPlanId"], id);  // same CreatorRequestId: the same plan

  Json got = Ok({"get-backup-plan", "--backup-plan-id", id});
  EXPECT_EQ(got["BackupPlan"]["BackupPlanName"], "cli-plan");
  EXPECT_EQ(got["BackupPlan"]["Rules"][0]["Lifecycle"]["DeleteAfterDays"], 35);
  EXPECT_FALSE(got["BackupPlan"]["Rules"][0]["RuleId"].get<std::string>().empty());
  EXPECT_EQ(got["CreatorRequestId"], "cli-plan-1");

  Json plans = Ok({"list-backup-plans"});
  ASSERT_EQ(plans["BackupPlansList"].size(), 1u);  // the repeated create made no second plan
  EXPECT_EQ(plans["BackupPlansList"][0]["BackupPlanId"], id);

  Json updated =
      Ok({"update-backup-plan", "--backup-plan-id", id, "--backup-plan", PlanDocument(60)});
  EXPECT_NE(updated["VersionId"], version);
  Json versions = Ok({"list-backup-plan-versions", "--backup-plan-id", id});
  EXPECT_EQ(versions["BackupPlanVersionsList"].size(), 2u);
  Json old = Ok({"get-backup-plan", "--backup-plan-id", id, "--version-id", version});
  EXPECT_EQ(old["BackupPlan"]["Rules"][0]["Lifecycle"]["DeleteAfterDays"], 35);

  std::string selection =
      Json({{"SelectionName", "cli-selection"},
            {"IamRoleArn",
             "arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole"},
            {"ListOfTags",
             {{{"ConditionType", "STRINGEQUALS"},
               {"ConditionKey", "backup"},
               {"ConditionValue", "daily"}}}}})
          .dump();
  Json sel =
      Ok({"create-backup-selection", "--backup-plan-id", id, "--backup-selection", selection});
  const std::string sel_id = sel["SelectionId"];
  EXPECT_EQ(sel["BackupPlanId"], id);
  Json got_sel = Ok({"get-backup-selection", "--backup-plan-id", id, "--selection-id", sel_id});
  EXPECT_EQ(got_sel["BackupSelection"]["SelectionName"], "cli-selection");
  EXPECT_EQ(got_sel["BackupSelection"]["ListOfTags"][0]["ConditionValue"], "daily");
  Json sels = Ok({"list-backup-selections", "--backup-plan-id", id});
  ASSERT_EQ(sels["BackupSelectionsList"].size(), 1u);

  CliResult in_use = Aws({"delete-backup-plan", "--backup-plan-id", id});
  EXPECT_EQ(in_use.exit_code, 254);
  EXPECT_NE(in_use.err.find("InvalidRequestException"), std::string::npos) << in_use.err;
  Ok({"delete-backup-selection", "--backup-plan-id", id, "--selection-id", sel_id});
  Json deleted = Ok({"delete-backup-plan", "--backup-plan-id", id});
  EXPECT_EQ(deleted["BackupPlanId"], id);
  EXPECT_TRUE(IsTimestamp(deleted["DeletionDate"])) << deleted;
  Ok({"delete-backup-vault", "--backup-vault-name", "plan-vault"});

  AccountSnapshot state = server_->account().Snapshot();
  EXPECT_TRUE(state.vaults.empty());
  ASSERT_EQ(state.plans.size(), 1u);  // deleted plans keep answering GetBackupPlan
  EXPECT_TRUE(state.plans.begin()->second.deleted());
  EXPECT_EQ(state.plans.begin()->second.versions.size(), 2u);
}

TEST_F(AwsCliTest, PaginationFollowsNextToken) {
  for (int i = 1; i <= 5; ++i) {
    CreateBackupVaultInput in;
    in.backup_vault_name = "page-vault-" + std::to_string(i);
    ASSERT_TRUE(server_->account().CreateBackupVault(in).ok());
  }
  server_->request_log().Clear();
  Json all = Ok({"list-backup-vaults", "--page-size", "2"});
  ASSERT_EQ(all["BackupVaultList"].size(), 5u);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(all["BackupVaultList"][i]["BackupVaultName"], "page-vault-" + std::to_string(i + 1));
  }
  EXPECT_GE(server_->request_log().Count("ListBackupVaults"), 3u);

  Json first = Ok({"list-backup-vaults", "--page-size", "2", "--max-items", "3"});
  ASSERT_EQ(first["BackupVaultList"].size(), 3u);
  ASSERT_TRUE(first["NextToken"].is_string());
  Json rest = Ok({"list-backup-vaults", "--page-size", "2", "--starting-token",
                  first["NextToken"].get<std::string>()});
  ASSERT_EQ(rest["BackupVaultList"].size(), 2u);
  EXPECT_EQ(rest["BackupVaultList"][0]["BackupVaultName"], "page-vault-4");
  EXPECT_EQ(rest["BackupVaultList"][1]["BackupVaultName"], "page-vault-5");
}

// The settings operations; a CLI too old to know one says so on stderr
// ("Invalid choice"), and that operation is skipped.
TEST_F(AwsCliTest, RegionAndGlobalSettings) {
  auto known = [&](const CliResult& r) {
    if (r.err.find("Invalid choice") == std::string::npos) return true;
    RecordProperty("skipped_unknown_operation", r.err.substr(0, 200));
    return false;
  };
  CliResult region = Aws({"describe-region-settings"});
  if (known(region)) {
    ASSERT_EQ(region.exit_code, 0) << region.err;
    Json before = region.json();
    EXPECT_EQ(before["ResourceTypeOptInPreference"]["EBS"], true) << before;
    EXPECT_EQ(before["ResourceTypeOptInPreference"]["S3"], false) << before;
    Ok({"update-region-settings", "--resource-type-opt-in-preference", "S3=true,EBS=false",
        "--resource-type-management-preference", "DynamoDB=true"});
    Json after = Ok({"describe-region-settings"});
    EXPECT_EQ(after["ResourceTypeOptInPreference"]["S3"], true) << after;
    EXPECT_EQ(after["ResourceTypeOptInPreference"]["EBS"], false) << after;
    EXPECT_EQ(after["ResourceTypeOptInPreference"]["RDS"], true) << after;  // not named: kept
    EXPECT_EQ(after["ResourceTypeManagementPreference"]["DynamoDB"], true) << after;
    CliResult unknown =
        Aws({"update-region-settings", "--resource-type-opt-in-preference", "Floppy=true"});
    EXPECT_EQ(unknown.exit_code, 254);
    EXPECT_NE(unknown.err.find("InvalidParameterValueException"), std::string::npos) << unknown.err;
  }
  CliResult global = Aws({"describe-global-settings"});
  if (known(global)) {
    ASSERT_EQ(global.exit_code, 0) << global.err;
    EXPECT_EQ(global.json()["GlobalSettings"]["isCrossAccountBackupEnabled"], "false");
    Ok({"update-global-settings", "--global-settings", "isCrossAccountBackupEnabled=true"});
    Json after = Ok({"describe-global-settings"});
    EXPECT_EQ(after["GlobalSettings"]["isCrossAccountBackupEnabled"], "true") << after;
    EXPECT_TRUE(IsTimestamp(after["LastUpdateTime"])) << after;
  }
}

TEST_F(AwsCliTest, WrongSecretIsRejected) {
  CliResult r = Aws({"create-backup-vault", "--backup-vault-name", "intruder"}, "not-the-secret");
  EXPECT_TRUE(r.exit_code == 254 || r.exit_code == 255) << r.exit_code;
  EXPECT_TRUE(r.err.find("InvalidSignatureException") != std::string::npos ||
              r.err.find("signature") != std::string::npos)
      << r.err;
  EXPECT_FALSE(VaultExists(*server_, "intruder"));
  auto records = server_->request_log().Records();
  ASSERT_FALSE(records.empty());
  for (const RequestRecord& rec : records) EXPECT_FALSE(rec.signature_valid);
}

}  // namespace
}  // namespace backupctl::testing
