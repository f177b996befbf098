// The daemon in high availability, end to end: three replicas of the real
// binary coordinate through a real 3-member etcd cluster (Debian's
// etcd-server) and reconcile a tree on the emulator. Each replica signs with
// its own access key, so the emulator's request log says who wrote when.
// Issue 18: one owner at a time; takeover after kill -9 within TTL plus one
// interval; a frozen replica (SIGSTOP past its TTL) makes no write after its
// lease expired; one etcd member down changes nothing; quorum lost stops
// every write, and work resumes when quorum returns.
#include <gtest/gtest.h>
#include <httplib.h>

#include <array>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iomanip>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "tests/support/child.h"
#include "tests/support/etcd_cluster.h"
#include "tests/support/peers.h"
#include "tests/support/wait_until.h"

namespace backupctl {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using testing::Child;
using testing::EtcdCluster;
using testing::PortOf;

constexpr char kAwsCli[] = "/usr/bin/aws";
constexpr auto kTtl = 3s;
constexpr auto kInterval = 1s;

int64_t NowUnixMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void Phase(const char* what) {
  static auto start = Clock::now();
  std::cerr << "["
            << std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count()
            << " ms] " << what << "\n";
}

// Each check runs the AWS CLI or reads metrics over HTTP: poll every 50 ms.
bool WaitFor(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  return testing::WaitUntil(condition, timeout, 50ms);
}

double Metric(const std::string& metrics, const std::string& name) {
  std::istringstream in(metrics);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(name + " ", 0) == 0) return std::stod(line.substr(name.size() + 1));
  }
  return -1;
}

struct Replica {
  std::string id;
  std::unique_ptr<Child> process;
  int port = 0;
  bool frozen = false;
};

class HaE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!etcd_.Available())
      PEER_MISSING("etcd-server is not installed (apt-get install etcd-server)");
    if (::access(kAwsCli, X_OK) != 0) PEER_MISSING("AWS CLI v2 (/usr/bin/aws) not installed");
    ASSERT_TRUE(etcd_.Start(3)) << etcd_.Log(0);
    work_ = fs::temp_directory_path() / ("backupctl-ha-e2e-" + std::to_string(::getpid()));
    fs::remove_all(work_);
    fs::create_directories(work_);
    tree_ = work_ / "tree";
    fs::copy(fs::path(BACKUPCTL_SOURCE_DIR) / "examples" / "minimal", tree_,
             fs::copy_options::recursive);
    emulator_ = std::make_unique<Child>(
        std::vector<std::string>{BACKUPCTL_BIN, "emulator", "--listen", "127.0.0.1:0",
                                 "--in-memory", "--credentials",
                                 "test:test,key-r0:secret-r0,key-r1:secret-r1,key-r2:secret-r2"},
        std::vector<std::string>{}, work_ / "emulator.log");
    int port = PortOf(emulator_->FirstLine(10s));
    ASSERT_GT(port, 0) << Log("emulator.log");
    emulator_port_ = port;
    endpoint_ = "http://127.0.0.1:" + std::to_string(port);
  }
  void TearDown() override {
    for (Replica& r : replicas_) {
      if (r.frozen) r.process->Signal(SIGCONT);
    }
    replicas_.clear();
    emulator_.reset();
    if (HasFailure()) {
      for (const char* name : {"r0.log", "r1.log", "r2.log"}) {
        std::cerr << "---- " << name << "\n" << Log(name) << "\n";
      }
    }
    if (!work_.empty() && !HasFailure()) fs::remove_all(work_);
  }

  std::vector<std::string> Env(const std::string& key, const std::string& secret) const {
    return {"AWS_ACCESS_KEY_ID=" + key,
            "AWS_SECRET_ACCESS_KEY=" + secret,
            "AWS_REGION=us-east-1",
            "AWS_DEFAULT_REGION=us-east-1",
            "AWS_EC2_METADATA_DISABLED=true",
            "AWS_CONFIG_FILE=/dev/null",
            "AWS_SHARED_CREDENTIALS_FILE=/dev/null",
            "AWS_PAGER="};
  }

  // A replica of the daemon on `trees` (default: the one tree).
  void StartReplica(int n, std::vector<std::string> trees = {}) {
    Replica r;
    r.id = "r" + std::to_string(n);
    if (trees.empty()) trees.push_back(tree_.string());
    std::vector<std::string> argv = {BACKUPCTL_BIN, "daemon"};
    argv.insert(argv.end(), trees.begin(), trees.end());
    std::vector<std::string> flags = {"--listen",         "127.0.0.1:0",
                                      "--target",         "aws",
                                      "--endpoint",       endpoint_,
                                      "--interval",       "1s",
                                      "--jitter",         "0%",
                                      "--coordination",   "etcd",
                                      "--etcd-endpoints", etcd_.EndpointList(),
                                      "--replica-id",     r.id,
                                      "--lease-ttl",      "3s",
                                      "--fence-margin",   "1s"};
    argv.insert(argv.end(), flags.begin(), flags.end());
    r.process = std::make_unique<Child>(argv, Env("key-" + r.id, "secret-" + r.id),
                                        work_ / (r.id + ".log"));
    r.port = PortOf(r.process->FirstLine(10s));
    ASSERT_GT(r.port, 0) << Log(r.id + ".log");
    replicas_.push_back(std::move(r));
  }

  std::string Get(int port, const std::string& path, int* status = nullptr) {
    httplib::Client c("127.0.0.1", port);
    c.set_connection_timeout(1);
    c.set_read_timeout(2);
    auto r = c.Get(path.c_str());
    if (status != nullptr) *status = r ? r->status : 0;
    return r ? r->body : "";
  }
  double Owned(const Replica& r) {
    return r.frozen ? -1 : Metric(Get(r.port, "/metrics"), "backupctl_targets_owned");
  }
  // Target -> the live replicas that say they own it (backupctl_target_owned).
  std::map<std::string, std::vector<std::string>> TargetOwners() {
    std::map<std::string, std::vector<std::string>> owners;
    for (Replica& r : replicas_) {
      if (r.frozen || r.process == nullptr) continue;
      std::istringstream in(Get(r.port, "/metrics"));
      const std::string prefix = "backupctl_target_owned{target=\"";
      for (std::string line; std::getline(in, line);) {
        if (line.rfind(prefix, 0) != 0 || line.substr(line.size() - 2) != " 1") continue;
        owners[line.substr(prefix.size(), line.find('"', prefix.size()) - prefix.size())].push_back(
            r.id);
      }
    }
    return owners;
  }
  // Every one of `n` targets has exactly one live owner.
  bool OneOwnerEach(size_t n) {
    auto owners = TargetOwners();
    if (owners.size() != n) return false;
    for (const auto& [target, who] : owners) {
      if (who.size() != 1) return false;
    }
    return true;
  }
  std::set<std::string> VaultNames() {
    std::set<std::string> names;
    const nlohmann::json list = Aws("list-backup-vaults");  // a temporary's [] would dangle
    for (const auto& v : list["BackupVaultList"]) {
      names.insert(v["BackupVaultName"].get<std::string>());
    }
    return names;
  }

  // The one live replica that owns the target, or null when none or several do.
  Replica* Owner() {
    Replica* owner = nullptr;
    for (Replica& r : replicas_) {
      if (r.frozen || r.process == nullptr) continue;
      if (Owned(r) == 1) {
        if (owner != nullptr) return nullptr;
        owner = &r;
      }
    }
    return owner;
  }

  nlohmann::json Aws(const std::string& args) {
    std::string env;
    for (const auto& e : Env("test", "test")) env += e + " ";
    std::string command = "env " + env + kAwsCli + " --endpoint-url " + endpoint_ +
                          " --output json backup " + args + " 2>&1";
    FILE* pipe = ::popen(command.c_str(), "r");
    std::string out;
    std::array<char, 4096> buf;
    size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
    int status = ::pclose(pipe);
    EXPECT_EQ(WEXITSTATUS(status), 0) << command << "\n" << out;
    return out.empty() ? nlohmann::json::object() : nlohmann::json::parse(out, nullptr, false);
  }
  std::string PlanId() {
    nlohmann::json plans = Aws("list-backup-plans");
    for (const auto& p : plans["BackupPlansList"]) {
      if (p["BackupPlanName"] == "daily") return p["BackupPlanId"];
    }
    return "";
  }
  int64_t DeleteAfterDays() {
    auto plan = Aws("get-backup-plan --backup-plan-id " + PlanId());
    return plan["BackupPlan"]["Rules"][0]["Lifecycle"]["DeleteAfterDays"].get<int64_t>();
  }
  // Someone shortens the retention by hand: the owner's next cycle repairs it.
  void Drift() {
    auto updated = Aws(
        "update-backup-plan --backup-plan-id " + PlanId() +
        " --backup-plan '{\"BackupPlanName\":\"daily\",\"Rules\":[{\"RuleName\":\"daily-5am\","
        "\"TargetBackupVaultName\":\"app-backups\",\"ScheduleExpression\":\"cron(0 5 ? * * *)\","
        "\"StartWindowMinutes\":60,\"CompletionWindowMinutes\":480,"
        "\"Lifecycle\":{\"DeleteAfterDays\":7}}]}'");
    ASSERT_TRUE(updated.contains("VersionId")) << updated;
  }

  // The emulator's writes (anything but GET), as (arrival ms, access key).
  std::vector<std::pair<int64_t, std::string>> Writes() {
    httplib::Client c("127.0.0.1", emulator_port_);
    auto r = c.Get("/_emulator/requests");
    std::vector<std::pair<int64_t, std::string>> out;
    if (!r || r->status != 200) return out;
    auto j = nlohmann::json::parse(r->body, nullptr, false);
    for (const auto& rec : j.value("requests", nlohmann::json::array())) {
      if (rec.value("method", "") != "GET" && rec.value("status", 0) < 300) {
        out.emplace_back(rec.value("received_unix_ms", int64_t{0}), rec.value("access_key", ""));
      }
    }
    return out;
  }

  // The first "target acquired" line a replica logged after `since_ms`, or max.
  int64_t AcquiredAfter(const std::string& id, int64_t since_ms) {
    std::ifstream in(work_ / (id + ".log"));
    for (std::string line; std::getline(in, line);) {
      auto j = nlohmann::json::parse(line, nullptr, false);
      if (!j.is_object() || j.value("msg", "") != "target acquired") continue;
      std::tm tm{};
      std::string ts = j.value("ts", "");
      std::istringstream t(ts);
      t >> std::get_time(&tm, "%Y-%m-%dT%H:%M:%S");
      int64_t ms = static_cast<int64_t>(timegm(&tm)) * 1000 + std::stoi(ts.substr(20, 3));
      if (ms > since_ms) return ms;
    }
    return INT64_MAX;
  }

  std::string Log(const std::string& name) const {
    std::ifstream in(work_ / name);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string s = ss.str();
    return s.size() > 6000 ? "..." + s.substr(s.size() - 6000) : s;
  }

  EtcdCluster etcd_;
  fs::path work_, tree_;
  std::string endpoint_;
  int emulator_port_ = 0;
  std::unique_ptr<Child> emulator_;
  std::vector<Replica> replicas_;
};

TEST_F(HaE2eTest, OneOwnerTakeoverAfterKillFencedAfterFreezeAndQuorum) {
  for (int n = 0; n < 3; ++n) StartReplica(n);
  if (HasFatalFailure()) return;

  // Every replica joins; exactly one owns the target, and the tree converges.
  for (Replica& r : replicas_) {
    ASSERT_TRUE(WaitFor(
        [&] {
          int s;
          Get(r.port, "/readyz", &s);
          return s == 200;
        },
        20s))
        << r.id << ": " << Get(r.port, "/readyz") << Log(r.id + ".log");
  }
  ASSERT_TRUE(WaitFor([&] { return Owner() != nullptr; }, 15s));
  ASSERT_TRUE(WaitFor([&] { return !PlanId().empty(); }, 15s))
      << Aws("list-backup-plans") << Aws("list-backup-vaults");
  EXPECT_EQ(Aws("list-backup-vaults")["BackupVaultList"].size(), 1u);
  std::string first = Owner()->id;
  for (Replica& r : replicas_) {
    EXPECT_EQ(Owned(r), r.id == first ? 1 : 0) << r.id;
    std::string metrics = Get(r.port, "/metrics");
    EXPECT_GE(Metric(metrics, "backupctl_lease_renewals_total{result=\"ok\"}"), 1) << metrics;
  }
  // Every write came from a replica (the first to join may have written
  // before handing the target to the rendezvous winner).
  for (const auto& [at, key] : Writes()) EXPECT_EQ(key.rfind("key-r", 0), 0u) << key;

  // kill -9 of the owner: another replica takes over within TTL + one interval.
  Replica* owner = Owner();
  owner->process->Signal(SIGKILL);
  owner->process->Wait(5s);
  owner->frozen = true;  // no longer asked
  auto killed = Clock::now();
  ASSERT_TRUE(WaitFor([&] { return Owner() != nullptr; }, 15s));
  auto takeover = Clock::now() - killed;
  std::cerr << "takeover after kill -9: "
            << std::chrono::duration_cast<std::chrono::milliseconds>(takeover).count() << " ms\n";
  EXPECT_LT(takeover, kTtl + kInterval + 1s);
  Replica* second = Owner();
  ASSERT_NE(second, nullptr);
  Drift();
  ASSERT_TRUE(WaitFor([&] { return DeleteAfterDays() == 35; }, 10s)) << Log(second->id + ".log");

  // SIGSTOP the new owner past its TTL: the last replica takes over, then the
  // frozen one resumes into drift it would repair if it could write.
  second->process->Signal(SIGSTOP);
  second->frozen = true;
  int64_t stopped_ms = NowUnixMs();
  auto frozen_at = Clock::now();
  ASSERT_TRUE(WaitFor([&] { return Owner() != nullptr; }, 15s));
  std::cerr
      << "takeover after SIGSTOP: "
      << std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - frozen_at).count()
      << " ms\n";
  Replica* third = Owner();
  Drift();
  ASSERT_TRUE(WaitFor([&] { return DeleteAfterDays() == 35; }, 10s)) << Log(third->id + ".log");
  Drift();  // again, so the frozen replica wakes up to something to write
  second->process->Signal(SIGCONT);
  second->frozen = false;
  ASSERT_TRUE(WaitFor([&] { return DeleteAfterDays() == 35; }, 10s));
  // The resumed replica rejoins with a new session.
  ASSERT_TRUE(WaitFor(
      [&] {
        int s;
        Get(second->port, "/readyz", &s);
        return s == 200;
      },
      15s));
  int64_t lease_expired_ms = stopped_ms + std::chrono::milliseconds(kTtl).count();
  int64_t reacquired_ms = AcquiredAfter(second->id, stopped_ms);
  int late = 0;
  for (const auto& [at, key] : Writes()) {
    if (key == "key-" + second->id && at > lease_expired_ms && at < reacquired_ms) ++late;
  }
  EXPECT_EQ(late, 0) << "writes by the frozen replica after its lease expired";

  Phase("frozen replica checked");
  // One etcd member down: work goes on.
  etcd_.Kill(2);
  Drift();
  ASSERT_TRUE(WaitFor([&] { return DeleteAfterDays() == 35; }, 15s));

  Phase("one member down: repaired");
  // Quorum lost: every replica stops writing (not ready), and no write lands
  // while it lasts; when quorum returns, work resumes.
  etcd_.Freeze(1);
  auto quorum_lost = Clock::now();
  ASSERT_TRUE(WaitFor(
      [&] {
        for (Replica& r : replicas_) {
          int s = 0;
          if (!r.frozen) Get(r.port, "/readyz", &s);
          if (!r.frozen && s != 503) return false;
        }
        return true;
      },
      kTtl + 3s));
  EXPECT_LT(Clock::now() - quorum_lost, kTtl + 1s);
  Phase("quorum lost: every replica fenced");
  int64_t fenced_ms = NowUnixMs();
  Drift();
  size_t writes_before = Writes().size();
  etcd_.Thaw(1);
  int64_t thawed_ms = NowUnixMs();
  ASSERT_TRUE(WaitFor([&] { return DeleteAfterDays() == 35; }, 20s));
  Phase("quorum back: repaired");
  int during = 0;
  for (const auto& [at, key] : Writes()) {
    if (key != "test" && at > fenced_ms && at < thawed_ms) ++during;
  }
  EXPECT_EQ(during, 0) << "writes while quorum was lost";
  EXPECT_GT(Writes().size(), writes_before);

  // No duplicate anywhere: one vault, one plan, one selection.
  EXPECT_EQ(Aws("list-backup-vaults")["BackupVaultList"].size(), 1u);
  EXPECT_EQ(Aws("list-backup-plans")["BackupPlansList"].size(), 1u);
  EXPECT_EQ(
      Aws("list-backup-selections --backup-plan-id " + PlanId())["BackupSelectionsList"].size(),
      1u);
}

// Issue 18 with several targets: twelve trees (one target each) shared by
// three replicas. Every target has one owner and converges; kill -9 of the
// replica that owns the most hands its targets to the other two within TTL
// plus one interval, and the new owner repairs drift on one of them.
TEST_F(HaE2eTest, TwelveTargetsThreeReplicasOneOwnerEachAndTakeoverAfterKill) {
  std::vector<std::string> trees;
  for (int i = 1; i <= 12; ++i) {
    char name[8];
    std::snprintf(name, sizeof(name), "t%02d", i);
    fs::path dir = work_ / "trees" / name;
    fs::create_directories(dir);
    std::ofstream(dir / "backupctl.yaml") << "stack: " << name << "\ntarget:\n  type: local\n";
    std::ofstream(dir / "vault.yaml") << "apiVersion: backupctl/v1\nkind: BackupVault\n"
                                      << "metadata:\n  name: vault-" << name << "\n";
    trees.push_back(dir.string());
  }
  for (int n = 0; n < 3; ++n) StartReplica(n, trees);
  if (HasFatalFailure()) return;

  ASSERT_TRUE(WaitFor([&] { return OneOwnerEach(12); }, 20s));
  ASSERT_TRUE(WaitFor([&] { return VaultNames().size() == 12; }, 20s))
      << Aws("list-backup-vaults") << Log("r0.log");
  auto owners = TargetOwners();
  std::map<std::string, int> held;
  for (const auto& [target, who] : owners) ++held[who.front()];
  double total = 0;
  for (Replica& r : replicas_) total += Owned(r);
  EXPECT_EQ(total, 12);  // backupctl_targets_owned agrees with the per-target gauge
  std::cerr << "targets held:";
  for (const auto& [id, n] : held) std::cerr << " " << id << "=" << n;
  std::cerr << "\n";

  // kill -9 of the replica that holds the most targets.
  Replica* victim = nullptr;
  for (Replica& r : replicas_) {
    if (victim == nullptr || held[r.id] > held[victim->id]) victim = &r;
  }
  std::string victim_target;
  for (const auto& [target, who] : owners) {
    if (who.front() == victim->id) victim_target = target;
  }
  ASSERT_FALSE(victim_target.empty());
  victim->process->Signal(SIGKILL);
  victim->process->Wait(5s);
  victim->frozen = true;
  auto killed = Clock::now();
  ASSERT_TRUE(WaitFor([&] { return OneOwnerEach(12); }, 15s));
  auto takeover = Clock::now() - killed;
  std::cerr << "takeover of " << held[victim->id] << " targets after kill -9: "
            << std::chrono::duration_cast<std::chrono::milliseconds>(takeover).count() << " ms\n";
  EXPECT_LT(takeover, kTtl + kInterval + 1s);

  // Drift on a target the killed replica held: its new owner repairs it.
  Aws("delete-backup-vault --backup-vault-name vault-" + victim_target);
  EXPECT_TRUE(WaitFor([&] { return VaultNames().count("vault-" + victim_target) == 1; }, 10s))
      << victim_target;
  EXPECT_EQ(VaultNames().size(), 12u);
  for (const auto& [at, key] : Writes()) {
    if (key != "test") {  // "test": the drift above
      EXPECT_EQ(key.rfind("key-r", 0), 0u) << key;
    }
  }
}

}  // namespace
}  // namespace backupctl
