// The daemon end to end: the real binary against the emulator server, drift
// made with the AWS CLI (v2, /usr/bin/aws), everything observed through
// /readyz, /metrics and the CLI. Issue 6's "done when".
#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <regex>
#include <sstream>

#include <nlohmann/json.hpp>
#include "tests/support/peers.h"
#include "tests/support/wait_until.h"

namespace backupctl {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr char kAwsCli[] = "/usr/bin/aws";

// A child process: stdout through a pipe (for its first line), stderr to a file.
class Child {
 public:
  Child(const std::vector<std::string>& argv, const std::vector<std::string>& env,
        const fs::path& stderr_file) {
    // The environment is built before fork: the child only calls async-signal-safe functions.
    std::vector<std::string> merged = env;
    for (char** e = environ; *e != nullptr; ++e) {
      std::string kv = *e;
      std::string key = kv.substr(0, kv.find('=') + 1);
      bool overridden = false;
      for (const auto& o : env) overridden = overridden || o.rfind(key, 0) == 0;
      if (!overridden) merged.push_back(kv);
    }
    std::vector<char*> envp;
    for (auto& kv : merged) envp.push_back(kv.data());
    envp.push_back(nullptr);
    int out[2];
    if (::pipe(out) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(out[1], 1);
      int err = ::open(stderr_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      ::dup2(err, 2);
      ::close(out[0]);
      std::vector<char*> args;
      for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
      args.push_back(nullptr);
      ::execve(args[0], args.data(), envp.data());
      ::_exit(127);
    }
    ::close(out[1]);
    stdout_ = out[0];
  }
  ~Child() {
    if (pid_ > 0 && !exited_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (stdout_ >= 0) ::close(stdout_);
  }

  // The first stdout line, or "" after `timeout`.
  std::string FirstLine(std::chrono::milliseconds timeout) {
    std::string line;
    auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
      struct pollfd p = {stdout_, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      char c;
      if (::read(stdout_, &c, 1) != 1) break;
      if (c == '\n') return line;
      line += c;
    }
    return "";
  }
  void Signal(int sig) { ::kill(pid_, sig); }
  // The exit status, or -1 if still running after `timeout`.
  int Wait(std::chrono::milliseconds timeout) {
    int status = 0;
    exited_ = testing::WaitUntil([&] { return ::waitpid(pid_, &status, WNOHANG) == pid_; }, timeout,
                                 20ms);
    if (!exited_) return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  bool started() const { return pid_ > 0; }

 private:
  pid_t pid_ = -1;
  int stdout_ = -1;
  bool exited_ = false;
};

int PortOf(const std::string& listening_line) {
  std::smatch m;
  if (!std::regex_search(listening_line, m, std::regex(":([0-9]+)\\s*$"))) return 0;
  return std::stoi(m[1]);
}

// Polls the daemon over HTTP (or the AWS CLI), so not more often than every 100 ms.
bool WaitFor(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  return testing::WaitUntil(condition, timeout, 100ms);
}

// Sum of the samples of `name` whose label text contains every `needle`.
double Metric(const std::string& metrics, const std::string& name,
              const std::vector<std::string>& needles = {}) {
  double sum = 0;
  std::istringstream in(metrics);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(name, 0) != 0 ||
        (line.size() > name.size() && line[name.size()] != '{' && line[name.size()] != ' ')) {
      continue;
    }
    bool all = true;
    for (const auto& n : needles) all = all && line.find(n) != std::string::npos;
    if (all) sum += std::stod(line.substr(line.rfind(' ') + 1));
  }
  return sum;
}

class DaemonE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::access(kAwsCli, X_OK) != 0)
      PEER_MISSING("AWS CLI v2 (/usr/bin/aws) not installed (apt-get install awscli)");
    work_ = fs::temp_directory_path() / ("backupctl-daemon-e2e-" + std::to_string(::getpid()));
    fs::remove_all(work_);
    fs::create_directories(work_);
    tree_ = work_ / "tree";
    fs::copy(fs::path(BACKUPCTL_SOURCE_DIR) / "examples" / "minimal", tree_,
             fs::copy_options::recursive);
    emulator_ =
        std::make_unique<Child>(std::vector<std::string>{BACKUPCTL_BIN, "emulator", "--listen",
                                                         "127.0.0.1:0", "--in-memory"},
                                std::vector<std::string>{}, work_ / "emulator.log");
    int port = PortOf(emulator_->FirstLine(10s));
    ASSERT_GT(port, 0) << "emulator did not start: " << Log("emulator.log");
    endpoint_ = "http://127.0.0.1:" + std::to_string(port);
  }
  void TearDown() override {
    daemon_.reset();
    emulator_.reset();
    if (!work_.empty()) fs::remove_all(work_);
  }

  std::vector<std::string> Env() const {
    return {"AWS_ACCESS_KEY_ID=test",
            "AWS_SECRET_ACCESS_KEY=test",
            "AWS_REGION=us-east-1",
            "AWS_DEFAULT_REGION=us-east-1",
            "AWS_EC2_METADATA_DISABLED=true",
            "AWS_CONFIG_FILE=/dev/null",
            "AWS_SHARED_CREDENTIALS_FILE=/dev/null",
            "AWS_PAGER="};
  }

  // Starts the daemon; returns its status port.
  int StartDaemon(const std::vector<std::string>& extra) {
    std::vector<std::string> argv = {BACKUPCTL_BIN, "daemon",      tree_.string(),
                                     "--listen",    "127.0.0.1:0", "--target",
                                     "aws",         "--endpoint",  endpoint_};
    argv.insert(argv.end(), extra.begin(), extra.end());
    daemon_ = std::make_unique<Child>(argv, Env(), work_ / "daemon.log");
    return PortOf(daemon_->FirstLine(10s));
  }

  // Runs the AWS CLI against the emulator; parsed JSON output (null on failure).
  nlohmann::json Aws(const std::string& args) {
    std::string env;
    for (const auto& e : Env()) env += e + " ";
    std::string command = "env " + env + kAwsCli + " --endpoint-url " + endpoint_ +
                          " --output json backup " + args + " 2>&1";
    FILE* pipe = ::popen(command.c_str(), "r");
    std::string out;
    std::array<char, 4096> buf;
    size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
    int status = ::pclose(pipe);
    EXPECT_EQ(WEXITSTATUS(status), 0) << command << "\n" << out;
    if (out.empty()) return nlohmann::json::object();
    return nlohmann::json::parse(out, nullptr, false);
  }

  std::string PlanId() {
    nlohmann::json plans = Aws("list-backup-plans");
    for (const auto& p : plans["BackupPlansList"]) {
      if (p["BackupPlanName"] == "daily") return p["BackupPlanId"];
    }
    return "";
  }
  int64_t DeleteAfterDays() {
    nlohmann::json plan = Aws("get-backup-plan --backup-plan-id " + PlanId());
    return plan["BackupPlan"]["Rules"][0]["Lifecycle"]["DeleteAfterDays"].get<int64_t>();
  }
  size_t Selections() {
    return Aws("list-backup-selections --backup-plan-id " + PlanId())["BackupSelectionsList"]
        .size();
  }
  size_t Vaults() { return Aws("list-backup-vaults")["BackupVaultList"].size(); }

  httplib::Result Get(int port, const std::string& path) {
    httplib::Client c("127.0.0.1", port);
    c.set_connection_timeout(2);
    c.set_read_timeout(5);
    return c.Get(path.c_str());
  }
  int Status(int port, const std::string& path) {
    auto r = Get(port, path);
    return r ? r->status : 0;
  }
  std::string Metrics(int port) {
    auto r = Get(port, "/metrics");
    return r && r->status == 200 ? r->body : "";
  }
  // The log's last `tail` bytes (for failure messages), or all of it.
  std::string Log(const std::string& name, size_t tail = 4000) const {
    std::ifstream in(work_ / name);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string s = ss.str();
    return s.size() > tail ? "..." + s.substr(s.size() - tail) : s;
  }

  fs::path work_, tree_;
  std::string endpoint_;
  std::unique_ptr<Child> emulator_, daemon_;
};

TEST_F(DaemonE2eTest, ConvergesRepairsDriftSurvivesABrokenTreeAndStopsCleanly) {
  int port = StartDaemon({"--interval", "2s", "--jitter", "0%"});
  ASSERT_GT(port, 0) << Log("daemon.log");
  ASSERT_TRUE(WaitFor([&] { return Status(port, "/readyz") == 200; }, 20s))
      << Get(port, "/readyz")->body << Log("daemon.log");
  EXPECT_EQ(Status(port, "/healthz"), 200);

  // Converged: the example's vault, plan and selection exist.
  EXPECT_EQ(Vaults(), 1u);
  ASSERT_FALSE(PlanId().empty());
  EXPECT_EQ(Selections(), 1u);
  EXPECT_EQ(DeleteAfterDays(), 35);

  // Drift: someone shortens the retention by hand. Repaired within one interval
  // (2 s, no jitter) plus a margin for a cycle and the CLI's own startup.
  const std::vector<std::string> plan_updates = {"type=\"update\"", "kind=\"BackupPlan\"",
                                                 "result=\"done\""};
  EXPECT_EQ(Metric(Metrics(port), "backupctl_actions_total", plan_updates), 0);
  nlohmann::json updated =
      Aws("update-backup-plan --backup-plan-id " + PlanId() +
          " --backup-plan '{\"BackupPlanName\":\"daily\",\"Rules\":[{\"RuleName\":\"daily-5am\","
          "\"TargetBackupVaultName\":\"app-backups\",\"ScheduleExpression\":\"cron(0 5 ? * * *)\","
          "\"StartWindowMinutes\":60,\"CompletionWindowMinutes\":480,"
          "\"Lifecycle\":{\"DeleteAfterDays\":7}}]}'");
  ASSERT_TRUE(updated.contains("VersionId")) << updated;
  auto drifted_at = Clock::now();
  ASSERT_TRUE(WaitFor(
      [&] { return Metric(Metrics(port), "backupctl_actions_total", plan_updates) >= 1; }, 8s))
      << Log("daemon.log");
  EXPECT_LT(Clock::now() - drifted_at, 2s + 3s);
  EXPECT_EQ(DeleteAfterDays(), 35);

  std::string metrics = Metrics(port);
  EXPECT_GE(Metric(metrics, "backupctl_cycles_total", {"result=\"success\""}), 2) << metrics;
  EXPECT_GE(Metric(metrics, "backupctl_api_requests_total",
                   {"operation=\"ListBackupVaults\"", "status=\"200\""}),
            2)
      << metrics;
  EXPECT_GE(Metric(metrics, "backupctl_cycle_duration_seconds_count"), 2);
  EXPECT_GT(Metric(metrics, "backupctl_last_success_timestamp_seconds"), 1.6e9);
  EXPECT_EQ(Metric(metrics, "backupctl_build_info"), 1);

  // A broken commit: nothing is deleted, readiness and metrics say why.
  std::ofstream(tree_ / "backup.yaml") << "apiVersion: backupctl/v1\nkind: [broken\n";
  ASSERT_TRUE(WaitFor([&] { return Status(port, "/readyz") == 503; }, 8s)) << Log("daemon.log");
  std::string detail = Get(port, "/readyz")->body;
  EXPECT_NE(detail.find("last load failed: "), std::string::npos) << detail;
  EXPECT_NE(detail.find("backup.yaml:"), std::string::npos) << detail;
  EXPECT_GT(Metric(Metrics(port), "backupctl_desired_load_errors_total"), 0);
  // At least one more cycle (an interval) with the broken tree, then nothing is gone.
  const std::vector<std::string> load_errors = {"result=\"load_error\""};
  double broken_cycles = Metric(Metrics(port), "backupctl_cycles_total", load_errors);
  ASSERT_TRUE(WaitFor(
      [&] { return Metric(Metrics(port), "backupctl_cycles_total", load_errors) > broken_cycles; },
      8s))
      << Log("daemon.log");
  EXPECT_EQ(Vaults(), 1u);
  EXPECT_EQ(Selections(), 1u);
  EXPECT_EQ(Status(port, "/healthz"), 200);

  // SIGTERM: exits 0 within a few seconds.
  auto t0 = Clock::now();
  daemon_->Signal(SIGTERM);
  EXPECT_EQ(daemon_->Wait(10s), 0) << Log("daemon.log");
  EXPECT_LT(Clock::now() - t0, 5s);

  // Every log line is one JSON object; cycles and actions carry a cycle_id.
  // The whole log: on a slow machine the repair's action scrolls out of any tail.
  std::istringstream logs(Log("daemon.log", std::string::npos));
  int actions = 0;
  for (std::string line; std::getline(logs, line);) {
    if (line.empty() || line.rfind("...", 0) == 0) continue;
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << line;
    if (j["msg"] == "action") {
      ++actions;
      EXPECT_TRUE(j.contains("cycle_id")) << line;
    }
  }
  EXPECT_GE(actions, 1);
}

TEST_F(DaemonE2eTest, ObserveOnlyReportsDriftAndSighupReloadsAtOnce) {
  // Converge first with a one-shot apply.
  int port = StartDaemon({"--interval", "1h"});
  ASSERT_GT(port, 0) << Log("daemon.log");
  ASSERT_TRUE(WaitFor([&] { return Status(port, "/readyz") == 200; }, 20s)) << Log("daemon.log");
  daemon_->Signal(SIGTERM);
  ASSERT_EQ(daemon_->Wait(10s), 0);

  port = StartDaemon({"--interval", "1h", "--observe"});
  ASSERT_GT(port, 0) << Log("daemon.log");
  ASSERT_TRUE(WaitFor([&] { return Status(port, "/readyz") == 200; }, 20s)) << Log("daemon.log");
  EXPECT_EQ(Metric(Metrics(port), "backupctl_drifted_resources"), 0);

  // Drift: the selection is deleted by hand.
  nlohmann::json list = Aws("list-backup-selections --backup-plan-id " + PlanId());
  std::string selection_id = list["BackupSelectionsList"][0]["SelectionId"];
  Aws("delete-backup-selection --backup-plan-id " + PlanId() + " --selection-id " + selection_id);
  ASSERT_EQ(Selections(), 0u);

  // SIGHUP starts a cycle now, not in an hour; observe mode only reports.
  double cycles = Metric(Metrics(port), "backupctl_cycles_total");
  daemon_->Signal(SIGHUP);
  ASSERT_TRUE(WaitFor([&] { return Metric(Metrics(port), "backupctl_cycles_total") > cycles; }, 5s))
      << Log("daemon.log");
  std::string metrics = Metrics(port);
  EXPECT_EQ(Metric(metrics, "backupctl_drifted_resources", {"kind=\"BackupSelection\""}), 1)
      << metrics;
  EXPECT_EQ(Metric(metrics, "backupctl_actions_total"), 0) << metrics;
  EXPECT_EQ(Selections(), 0u);  // unchanged

  daemon_->Signal(SIGINT);
  EXPECT_EQ(daemon_->Wait(10s), 0) << Log("daemon.log");
}

TEST_F(DaemonE2eTest, ReconcileEndpointIsOffUnlessEnabled) {
  int port = StartDaemon({"--interval", "1h", "--observe"});
  ASSERT_GT(port, 0) << Log("daemon.log");
  httplib::Client c("127.0.0.1", port);
  c.set_read_timeout(5);
  auto off = c.Post("/reconcile", "", "application/json");
  ASSERT_TRUE(off);
  EXPECT_EQ(off->status, 404);
  daemon_->Signal(SIGTERM);
  ASSERT_EQ(daemon_->Wait(10s), 0);

  port = StartDaemon({"--interval", "1h", "--observe", "--enable-reconcile-endpoint"});
  ASSERT_GT(port, 0) << Log("daemon.log");
  ASSERT_TRUE(WaitFor([&] { return Status(port, "/readyz") == 200; }, 20s)) << Log("daemon.log");
  httplib::Client on("127.0.0.1", port);
  on.set_read_timeout(5);
  double cycles = Metric(Metrics(port), "backupctl_cycles_total");
  auto accepted = on.Post("/reconcile", "", "application/json");
  ASSERT_TRUE(accepted);
  EXPECT_EQ(accepted->status, 202);
  EXPECT_TRUE(
      WaitFor([&] { return Metric(Metrics(port), "backupctl_cycles_total") > cycles; }, 5s));
  daemon_->Signal(SIGTERM);
  EXPECT_EQ(daemon_->Wait(10s), 0);
}

TEST_F(DaemonE2eTest, BadFlagsFailFastWithAClearError) {
  int port = StartDaemon({"--interval", "soon"});
  EXPECT_EQ(port, 0);
  EXPECT_EQ(daemon_->Wait(10s), 1);
  EXPECT_NE(Log("daemon.log").find("--interval"), std::string::npos) << Log("daemon.log");
}

}  // namespace
}  // namespace backupctl
