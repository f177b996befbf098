// What the export tests share: an emulator served over HTTP in this process,
// a client to build estates in it, the backupctl binary run against it, and
// the round trip every estate must pass:
//   export -> validate (clean) -> plan --adopt (nothing but the adoption of
//   ownership: backupctl:stack tags) -> apply --adopt -> plan (no changes).

#ifndef BACKUPCTL_TESTS_EXPORT_E2E_EXPORT_HARNESS_H_
#define BACKUPCTL_TESTS_EXPORT_E2E_EXPORT_HARNESS_H_

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "providers/aws/client.h"
#include "providers/local/emulator_server.h"
#include "tests/support/fast_client.h"
#include "tests/support/shell.h"

namespace backupctl::testing {

namespace fs = std::filesystem;

inline std::string Quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

inline std::string Slurp(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

struct BinRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// A fresh emulator account on 127.0.0.1 and a scratch directory.
class ExportFixture {
 public:
  ExportFixture() {
    static int counter = 0;
    dir_ = fs::temp_directory_path() /
           ("export-e2e-" + std::to_string(getpid()) + "-" + std::to_string(++counter));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    EmulatorOptions options;  // 128 connections: the binary reads 32 at a time
    auto server = EmulatorServer::Start(options);
    EXPECT_TRUE(server.ok()) << (server.ok() ? "" : server.error().ToString());
    if (!server.ok()) return;
    server_ = std::move(server.value());
    auto client = AwsBackupClient::Create(
        FastClientOptions(server_->url(), {"test", "test", "", std::nullopt}));
    EXPECT_TRUE(client.ok());
    if (client.ok()) client_ = std::move(client.value());
  }
  ~ExportFixture() {
    client_.reset();
    server_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  bool ready() const { return server_ && client_; }
  BackupApi& api() { return *client_; }
  LocalAccount& account() { return server_->account(); }
  std::string url() const { return server_->url(); }
  fs::path dir() const { return dir_; }

  // `backupctl ARGS` with the test's AWS environment; stdout and stderr kept.
  BinRun Run(const std::string& args) const {
    fs::path err = dir_ / "stderr.txt";
    std::string cmd =
        "env -u AWS_PROFILE AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test "
        "AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true AWS_CONFIG_FILE=/dev/null "
        "AWS_SHARED_CREDENTIALS_FILE=/dev/null NO_COLOR=1 timeout 300 " +
        std::string(BACKUPCTL_BIN) + " " + args + " 2>" + Quote(err.string());
    ShellRun run = RunShell(cmd);
    return {run.exit_code, run.out, Slurp(err)};
  }

  // The target flags of every verb: this emulator over HTTP.
  std::string Target() const { return " --target aws --endpoint " + url(); }

 private:
  fs::path dir_;
  std::unique_ptr<EmulatorServer> server_;
  std::unique_ptr<AwsBackupClient> client_;
};

// True when every action of a JSON plan only sets the backupctl:stack tag.
inline ::testing::AssertionResult OnlyAdoption(const nlohmann::json& plan) {
  if (!plan.is_object() || !plan.contains("actions")) {
    return ::testing::AssertionFailure() << "not a plan: " << plan.dump();
  }
  for (const auto& a : plan["actions"]) {
    bool ok = a["type"] == "update" && !a["changes"].empty();
    for (const auto& c : a["changes"]) {
      const std::string path = c["path"];
      ok = ok &&
           (path == "backupVaultTags.backupctl:stack" || path == "backupPlanTags.backupctl:stack");
    }
    if (!ok) return ::testing::AssertionFailure() << "not an adoption: " << a.dump();
  }
  return ::testing::AssertionSuccess();
}

struct RoundTripOptions {
  std::string export_flags = " --as-stack adopted";
  bool expect_adoption = true;  // false: the export is already owned (--stack)
  int expect_adopted = -1;      // how many actions the adoption takes; -1: any
};

// The round trip, with the failing step and its output in the message.
inline ::testing::AssertionResult RoundTrip(const ExportFixture& fx, const std::string& name,
                                            const RoundTripOptions& options = {}) {
  const std::string out = (fx.dir() / name).string();
  BinRun exported = fx.Run("export --out " + Quote(out) + fx.Target() + options.export_flags);
  if (exported.exit_code != 0) {
    return ::testing::AssertionFailure() << "export exited " << exported.exit_code << "\n"
                                         << exported.out << exported.err;
  }
  BinRun valid = fx.Run("validate " + Quote(out));
  if (valid.exit_code != 0 || valid.err.find("error") != std::string::npos) {
    return ::testing::AssertionFailure() << "validate: " << valid.out << valid.err;
  }
  const std::string adopt = options.expect_adoption ? " --adopt" : "";
  BinRun plan = fx.Run("plan " + Quote(out) + fx.Target() + adopt + " --output json");
  nlohmann::json j = nlohmann::json::parse(plan.out, nullptr, false);
  if (plan.exit_code != 0 || j.is_discarded()) {
    return ::testing::AssertionFailure() << "plan --adopt: " << plan.out << plan.err;
  }
  if (auto only = OnlyAdoption(j); !only) return only;
  if (!options.expect_adoption && !j["actions"].empty()) {
    return ::testing::AssertionFailure() << "an owned export plans changes: " << j.dump(1);
  }
  if (options.expect_adopted >= 0 &&
      static_cast<int>(j["actions"].size()) != options.expect_adopted) {
    return ::testing::AssertionFailure()
           << "expected " << options.expect_adopted << " adoptions: " << j.dump(1);
  }
  if (options.expect_adoption) {
    BinRun apply = fx.Run("apply " + Quote(out) + fx.Target() + adopt);
    if (apply.exit_code != 0) {
      return ::testing::AssertionFailure() << "apply --adopt: " << apply.out << apply.err;
    }
  }
  BinRun again = fx.Run("plan " + Quote(out) + fx.Target() + " --detailed-exitcode");
  if (again.exit_code != 0 || again.out.find("No changes.") == std::string::npos) {
    return ::testing::AssertionFailure() << "plan after apply: " << again.out << again.err;
  }
  return ::testing::AssertionSuccess();
}

}  // namespace backupctl::testing

#endif  // BACKUPCTL_TESTS_EXPORT_E2E_EXPORT_HARNESS_H_
