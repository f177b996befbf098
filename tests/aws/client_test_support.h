// Shared by the client tests: known credentials, fast retry settings, a
// clock whose sleeps are recorded instead of slept, and a log capture.

#ifndef BACKUPCTL_TESTS_AWS_CLIENT_TEST_SUPPORT_H_
#define BACKUPCTL_TESTS_AWS_CLIENT_TEST_SUPPORT_H_

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "providers/api_observer.h"
#include "providers/aws/client.h"

namespace backupctl::testing {

inline Credentials TestCredentials() {
  Credentials c;
  c.access_key_id = "AKIDCLIENTTEST0001";
  c.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYSECRETKEY";
  c.session_token = "FwoGZXIvYXdzSESSIONTOKENc2VjcmV0LXRva2Vu";
  return c;
}

// Sleeps are recorded, not slept; now() is real time plus what was "slept".
class FakeClock {
 public:
  Clock clock() {
    Clock c;
    c.now = [this] {
      std::lock_guard<std::mutex> lock(mu_);
      return Real() + slept_;
    };
    c.sleep = [this](double seconds) {
      std::lock_guard<std::mutex> lock(mu_);
      sleeps_.push_back(seconds);
      slept_ += seconds;
    };
    return c;
  }
  std::vector<double> sleeps() const {
    std::lock_guard<std::mutex> lock(mu_);
    return sleeps_;
  }

 private:
  static double Real() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
  }
  mutable std::mutex mu_;
  std::vector<double> sleeps_;
  double slept_ = 0;
};

// Region us-east-1, the given endpoint, static test credentials, no
// environment, jitter fixed at 0.5, and sleeps going to `clock`.
inline ClientOptions TestOptions(const std::string& url, FakeClock* clock) {
  ClientOptions options;
  options.region = "us-east-1";
  options.endpoint = url;
  options.credentials = StaticCredentials(TestCredentials());
  options.transport.connect_timeout_ms = 2000;
  options.transport.total_timeout_ms = 5000;
  options.retry.base_delay_seconds = 0.01;
  options.retry.max_backoff_seconds = 0.05;
  options.clock = clock->clock();
  options.uniform01 = [] { return 0.5; };
  options.endpoint_env.env = [](const std::string&) { return std::optional<std::string>(); };
  options.endpoint_env.profile_region = [](const std::optional<std::string>&) {
    return std::optional<std::string>();
  };
  return options;
}

inline std::unique_ptr<AwsBackupClient> MakeClient(ClientOptions options) {
  Outcome<std::unique_ptr<AwsBackupClient>> client = AwsBackupClient::Create(std::move(options));
  if (!client.ok()) return nullptr;
  return std::move(client.value());
}

class RecordingObserver : public ApiObserver {
 public:
  void OnApiCall(const ApiCallRecord& record) override {
    std::lock_guard<std::mutex> lock(mu_);
    records_.push_back(record);
  }
  std::vector<ApiCallRecord> records() const {
    std::lock_guard<std::mutex> lock(mu_);
    return records_;
  }

 private:
  mutable std::mutex mu_;
  std::vector<ApiCallRecord> records_;
};

// Routes the default spdlog logger to a string at trace level while alive.
class LogCapture {
 public:
  LogCapture() : previous_(spdlog::default_logger()) {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out_);
    auto logger = std::make_shared<spdlog::logger>("capture", sink);
    logger->set_level(spdlog::level::trace);
    logger->flush_on(spdlog::level::trace);
    spdlog::set_default_logger(logger);
  }
  ~LogCapture() { spdlog::set_default_logger(previous_); }
  std::string text() const { return out_.str(); }

 private:
  std::shared_ptr<spdlog::logger> previous_;
  std::ostringstream out_;
};

inline const char* kVaultListBody =
    R"({"BackupVaultList":[{"BackupVaultName":"v1",)"
    R"("BackupVaultArn":"arn:aws:backup:us-east-1:123456789012:backup-vault:v1",)"
    R"("CreationDate":1700000000.5,"NumberOfRecoveryPoints":0}]})";

}  // namespace backupctl::testing

#endif  // BACKUPCTL_TESTS_AWS_CLIENT_TEST_SUPPORT_H_
