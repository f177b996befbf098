// The end-to-end fixture: an EmulatorServer in this process on an ephemeral
// loopback port, and AwsBackupClients talking to it over real HTTP with real
// SigV4, with backoffs shrunk to milliseconds.

#ifndef BACKUPCTL_TESTS_CLIENT_E2E_EMULATOR_FIXTURE_H_
#define BACKUPCTL_TESTS_CLIENT_E2E_EMULATOR_FIXTURE_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>

#include "providers/aws/client.h"
#include "providers/local/emulator_server.h"
#include "providers/paginate.h"
#include "tests/support/fast_client.h"

namespace backupctl::testing {

inline Credentials E2eCredentials() {
  Credentials c;
  c.access_key_id = "AKIDE2ECLIENT";
  c.secret_access_key = "e2e/secret+key/0123456789abcdefghij";
  c.session_token = "e2e-session-token-0123456789";
  return c;
}

inline ClientOptions E2eOptions(const std::string& url) {
  return FastClientOptions(url, E2eCredentials());
}

class EmulatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    EmulatorOptions options;
    options.credentials = {E2eCredentials()};
    options.threads = 16;
    Outcome<std::unique_ptr<EmulatorServer>> server = EmulatorServer::Start(options);
    ASSERT_TRUE(server.ok()) << server.error().ToString();
    server_ = std::move(server.value());
    client_ = NewClient(E2eOptions(server_->url()));
    ASSERT_NE(client_, nullptr);
  }

  std::unique_ptr<AwsBackupClient> NewClient(ClientOptions options) {
    Outcome<std::unique_ptr<AwsBackupClient>> client = AwsBackupClient::Create(std::move(options));
    EXPECT_TRUE(client.ok()) << client.error().ToString();
    return client.ok() ? std::move(client.value()) : nullptr;
  }

  void SetFaults(double rate, std::vector<FaultKind> kinds, std::uint64_t seed = 7) {
    FaultConfig config = server_->faults().config();
    config.fault_rate = rate;
    config.kinds = std::move(kinds);
    config.seed = seed;
    server_->faults().SetConfig(config, /*restart_sequence=*/true);
  }

  // Pages through a List call with `fetch`, counting pages into *pages.
  template <typename Input, typename Fetch, typename OnPage>
  void ReadAll(Input input, Fetch fetch, OnPage on_page, int* pages) {
    *pages = 0;
    EmptyOutcome done = Paginate("the List call", std::move(input), fetch, [&](const auto& page) {
      ++*pages;
      on_page(page);
    });
    ASSERT_TRUE(done.ok()) << done.error().ToString();
  }

  std::unique_ptr<EmulatorServer> server_;
  std::unique_ptr<AwsBackupClient> client_;
};

inline BackupPlanInput SamplePlan(const std::string& name, const std::string& vault) {
  BackupPlanInput plan;
  plan.backup_plan_name = name;
  BackupRule rule;
  rule.rule_name = "daily";
  rule.target_backup_vault_name = vault;
  rule.schedule_expression = "cron(0 5 ? * * *)";
  rule.start_window_minutes = 60;
  rule.completion_window_minutes = 180;
  rule.lifecycle = Lifecycle{};
  rule.lifecycle->delete_after_days = 35;
  rule.recovery_point_tags = {{"source", "backupctl"}};
  CopyAction copy;
  copy.destination_backup_vault_arn = "arn:aws:backup:us-west-2:123456789012:backup-vault:dr";
  copy.lifecycle = Lifecycle{};
  copy.lifecycle->delete_after_days = 90;
  rule.copy_actions = {copy};
  plan.rules = {rule};
  return plan;
}

inline BackupSelection SampleSelection(const std::string& name) {
  BackupSelection s;
  s.selection_name = name;
  s.iam_role_arn = "arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole";
  s.resources = {"arn:aws:ec2:*:*:volume/*"};
  s.not_resources = {"arn:aws:ec2:us-east-1:123456789012:volume/vol-0123456789abcdef0"};
  s.list_of_tags = {Condition{"STRINGEQUALS", "backup", "daily"}};
  s.conditions = Conditions{};
  s.conditions->string_equals = {{"aws:ResourceTag/env", "prod"}};
  return s;
}

}  // namespace backupctl::testing

#endif  // BACKUPCTL_TESTS_CLIENT_E2E_EMULATOR_FIXTURE_H_
