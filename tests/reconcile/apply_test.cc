// Apply's one retry layer: throttling, 5xx and transport errors are retried
// by the AWS client alone (so a write goes out at most RetryOptions::
// max_attempts times, not Apply's tries times the client's), the in-process
// local target gets one attempt, and the eventual-consistency wait stays
// within its deadline and logs every wait.
#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

#include "providers/aws/client.h"
#include "providers/local/emulator_server.h"
#include "reconcile/render.h"
#include "tests/reconcile/test_support.h"
#include "tests/support/fast_client.h"

namespace backupctl {
namespace {

using testing::PlanAndApply;
using testing::SmallTree;
using testing::TestOptions;

// Counts a write's attempts; answers each with `refusal` instead of running it.
class RefusingAccount : public LocalAccount {
 public:
  RefusingAccount(std::string operation, ApiError refusal)
      : LocalAccount(AccountOptions{}),
        operation_(std::move(operation)),
        refusal_(std::move(refusal)) {}

  int attempts() const { return attempts_.load(); }

  Outcome<CreateBackupVaultOutput> CreateBackupVault(const CreateBackupVaultInput& in) override {
    if (operation_ != "CreateBackupVault") return LocalAccount::CreateBackupVault(in);
    ++attempts_;
    return refusal_;
  }
  Outcome<CreateBackupSelectionOutput> CreateBackupSelection(
      const CreateBackupSelectionInput& in) override {
    if (operation_ != "CreateBackupSelection") return LocalAccount::CreateBackupSelection(in);
    ++attempts_;
    return refusal_;
  }

 private:
  const std::string operation_;
  const ApiError refusal_;
  std::atomic<int> attempts_{0};
};

ApiError Throttled() {
  return MakeError(ErrorKind::kThrottling, "ThrottlingException", "Rate exceeded", 400);
}

// Logs at info and above go to a ring buffer while it lives.
class CapturedLog {
 public:
  CapturedLog()
      : sink_(std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(1000)),
        previous_(spdlog::default_logger()) {
    auto logger = std::make_shared<spdlog::logger>("captured", sink_);
    logger->set_level(spdlog::level::info);
    spdlog::set_default_logger(logger);
  }
  ~CapturedLog() { spdlog::set_default_logger(previous_); }

  std::vector<std::string> LinesWith(const std::string& text) const {
    std::vector<std::string> out;
    for (const auto& line : sink_->last_formatted()) {
      if (line.find(text) != std::string::npos) out.push_back(line);
    }
    return out;
  }

 private:
  std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> sink_;
  std::shared_ptr<spdlog::logger> previous_;
};

// Through the real AWS client and an emulator that throttles every
// CreateBackupVault: the client's 5 attempts are all the vault gets (before,
// Apply's 3 tries of them sent 15).
TEST(ApplyRetryTest, AlwaysThrottledWriteIsSentAtMostTheClientsMaxAttempts) {
  EmulatorOptions emulator;
  emulator.threads = 4;
  emulator.faults.fault_rate = 1;
  emulator.faults.kinds = {FaultKind::kThrottle};
  emulator.faults.fault_ops = {"CreateBackupVault"};
  auto server = EmulatorServer::Start(emulator);
  ASSERT_TRUE(server.ok()) << server.error().ToString();
  ClientOptions client_options =
      testing::FastClientOptions(server.value()->url(), emulator.credentials.front());
  const int max_attempts = client_options.retry.max_attempts;
  ASSERT_EQ(max_attempts, RetryOptions{}.max_attempts);
  auto client = AwsBackupClient::Create(std::move(client_options));
  ASSERT_TRUE(client.ok()) << client.error().ToString();

  ReconcileOptions options = TestOptions(server.value()->account());
  ApplyReport report = PlanAndApply(*client.value(), SmallTree(), options);

  EXPECT_EQ(report.failed, 1) << RenderReportText(report, false);
  EXPECT_EQ(report.skipped, 3) << RenderReportText(report, false);
  EXPECT_EQ(report.write_calls, 1);
  EXPECT_EQ(server.value()->request_log().Count("CreateBackupVault"),
            static_cast<size_t>(max_attempts));
}

// The in-process local target has no retry policy of its own and gets none
// from Apply: its one attempt stands.
TEST(ApplyRetryTest, LocalTargetWriteIsAttemptedOnce) {
  RefusingAccount account("CreateBackupVault", Throttled());
  ApplyReport report = PlanAndApply(account, SmallTree(), TestOptions(account));
  EXPECT_EQ(report.failed, 1) << RenderReportText(report, false);
  EXPECT_EQ(account.attempts(), 1);
  EXPECT_NE(report.outcomes.front().detail.find("ThrottlingException"), std::string::npos);
}

// The most attempts a wait with these delays can make before its deadline.
int MaxConsistencyAttempts(double initial_delay, double deadline) {
  int attempts = 1;
  double waited = 0;
  for (double delay = initial_delay; waited + delay < deadline; delay = std::min(delay * 2, 5.0)) {
    waited += delay;
    ++attempts;
  }
  return attempts;
}

TEST(ApplyRetryTest, PropagationWaitIsBoundedAndLogged) {
  RefusingAccount account(
      "CreateBackupSelection",
      MakeError(ErrorKind::kInvalidParameter, "InvalidParameterValueException",
                "IAM Role arn:aws:iam::123456789012:role/backup cannot be assumed by AWS Backup"));
  ReconcileOptions options = TestOptions(account);
  options.apply.consistency_retry_seconds = 0.3;
  options.apply.retry_initial_delay_seconds = 0.01;
  CapturedLog log;

  auto start = std::chrono::steady_clock::now();
  ApplyReport report = PlanAndApply(account, SmallTree(), options);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  EXPECT_EQ(report.failed, 1) << RenderReportText(report, false);
  EXPECT_GE(account.attempts(), 2);  // it did wait
  EXPECT_LE(account.attempts(), MaxConsistencyAttempts(0.01, 0.3));
  EXPECT_LT(seconds, 0.3 + 2);
  auto waits = log.LinesWith("selection:daily/db: CreateBackupSelection refused while");
  EXPECT_EQ(static_cast<int>(waits.size()), account.attempts() - 1);
  auto gave_up = log.LinesWith("selection:daily/db: CreateBackupSelection still refused after");
  EXPECT_EQ(gave_up.size(), 1u);
}

}  // namespace
}  // namespace backupctl
