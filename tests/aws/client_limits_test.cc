// AwsBackupClient under concurrency: one client shared by many threads never
// has more than max_in_flight requests outstanding, and every call still
// gets its own answer.

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "tests/aws/client_test_server.h"
#include "tests/aws/client_test_support.h"

namespace backupctl {
namespace {

using testing::FakeClock;
using testing::JsonResponse;
using testing::MakeClient;
using testing::ScriptedServer;
using testing::TestOptions;

// Answers DescribeBackupVault for whatever vault the path names, slowly
// enough that concurrent requests overlap on the server.
ScriptedServer::Handler SlowDescribe() {
  return [](const testing::ReceivedRequest& request, int) {
    std::string name = request.target.substr(request.target.rfind('/') + 1);
    auto r = JsonResponse(200, R"({"BackupVaultName":")" + name +
                                   R"(","BackupVaultArn":"arn:aws:backup:us-east-1:123456789012:)"
                                   R"(backup-vault:)" +
                                   name + R"(","NumberOfRecoveryPoints":0})");
    r.delay_seconds = 0.03;
    return r;
  };
}

void DescribeFromThreads(AwsBackupClient* client, int threads, int calls_each,
                         std::atomic<int>* mismatches) {
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([client, t, calls_each, mismatches] {
      for (int i = 0; i < calls_each; ++i) {
        std::string name = "vault-" + std::to_string(t) + "-" + std::to_string(i);
        Outcome<DescribeBackupVaultOutput> out = client->DescribeBackupVault({name});
        if (!out.ok() || out.value().backup_vault_name != name) ++*mismatches;
      }
    });
  }
  for (std::thread& th : pool) th.join();
}

TEST(ClientLimitsTest, InFlightLimitHonoured) {
  ScriptedServer server(SlowDescribe());
  FakeClock clock;
  ClientOptions options = TestOptions(server.url(), &clock);
  options.max_in_flight = 3;
  auto client = MakeClient(options);
  std::atomic<int> mismatches{0};
  DescribeFromThreads(client.get(), 12, 4, &mismatches);
  EXPECT_EQ(mismatches.load(), 0);
  EXPECT_EQ(server.request_count(), 48);
  EXPECT_LE(server.max_concurrent(), 3);
  EXPECT_GE(server.max_concurrent(), 2);  // the threads did overlap
}

TEST(ClientLimitsTest, LimitOfOneSerialises) {
  ScriptedServer server(SlowDescribe());
  FakeClock clock;
  ClientOptions options = TestOptions(server.url(), &clock);
  options.max_in_flight = 1;
  auto client = MakeClient(options);
  std::atomic<int> mismatches{0};
  DescribeFromThreads(client.get(), 6, 2, &mismatches);
  EXPECT_EQ(mismatches.load(), 0);
  EXPECT_EQ(server.max_concurrent(), 1);
}

TEST(ClientLimitsTest, ConnectionsAreReused) {
  ScriptedServer server(SlowDescribe());
  FakeClock clock;
  ClientOptions options = TestOptions(server.url(), &clock);
  options.max_in_flight = 2;
  auto client = MakeClient(options);
  std::atomic<int> mismatches{0};
  DescribeFromThreads(client.get(), 4, 5, &mismatches);
  EXPECT_EQ(mismatches.load(), 0);
  EXPECT_LT(server.connection_count(), 20);
}

TEST(ClientLimitsTest, InvalidLimitsAreRefusedAtCreate) {
  FakeClock clock;
  ClientOptions options = TestOptions("http://127.0.0.1:1", &clock);
  options.max_in_flight = 0;
  Outcome<std::unique_ptr<AwsBackupClient>> client = AwsBackupClient::Create(options);
  ASSERT_FALSE(client.ok());
  EXPECT_EQ(client.error().code, "InvalidConfiguration");

  options = TestOptions("http://127.0.0.1:1", &clock);
  options.retry.max_attempts = 0;
  EXPECT_FALSE(AwsBackupClient::Create(options).ok());
  options = TestOptions("http://127.0.0.1:1", &clock);
  options.retry.base_delay_seconds = -1;
  EXPECT_FALSE(AwsBackupClient::Create(options).ok());
}

}  // namespace
}  // namespace backupctl
