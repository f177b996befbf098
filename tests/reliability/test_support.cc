#include "tests/reliability/test_support.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <gtest/gtest.h>

#include "desired/loader.h"
#include "providers/local/state_store.h"
#include "tests/support/wait_until.h"

extern char** environ;

namespace backupctl::reliability {

namespace fs = std::filesystem;

std::string EstateDir() {
  return std::string(BACKUPCTL_SOURCE_DIR) + "/tests/reliability/data/estate";
}

DesiredState LoadEstate() {
  LoadResult tree = LoadTree(EstateDir());
  for (const Diagnostic& d : tree.diagnostics) ADD_FAILURE() << d.ToString();
  return tree.ok() ? tree.state : DesiredState{};
}

bool LongRun() {
  const char* value = std::getenv("BACKUPCTL_LONG");
  return value != nullptr && std::string(value) == "1";
}

bool Sanitized() {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  return true;
#else
  return false;
#endif
}

int Iterations(int normal, int long_run) {
  int n = LongRun() ? long_run : normal;
  return Sanitized() ? n / 5 : n;
}

TempDir::TempDir() {
  std::string pattern = (fs::temp_directory_path() / "backupctl-rel-XXXXXX").string();
  if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  if (!path_.empty()) fs::remove_all(path_, ec);
}

void ReportFigure(const std::string& name, const std::string& line) {
  fs::path dir = fs::path(BACKUPCTL_BIN).parent_path() / "reliability";
  std::error_code ec;
  fs::create_directories(dir, ec);
  std::ofstream(dir / (name + ".txt"), std::ios::trunc) << line << "\n";
  std::cout << line << std::endl;
}

Credentials TestCredentials() {
  Credentials c;
  c.access_key_id = "AKIDRELIABILITY";
  c.secret_access_key = "reliability/secret+key/0123456789";
  return c;
}

std::unique_ptr<EmulatorServer> StartEmulator(const FaultConfig& faults, int threads) {
  EmulatorOptions options;
  options.credentials = {TestCredentials()};
  options.faults = faults;
  options.threads = threads;
  auto server = EmulatorServer::Start(options);
  if (!server.ok()) {
    ADD_FAILURE() << server.error().ToString();
    return nullptr;
  }
  return std::move(server.value());
}

std::unique_ptr<AwsBackupClient> NewClient(const std::string& url, int max_attempts) {
  ClientOptions options = testing::FastClientOptions(url, TestCredentials());
  options.retry.max_attempts = max_attempts;
  auto client = AwsBackupClient::Create(std::move(options));
  if (!client.ok()) {
    ADD_FAILURE() << client.error().ToString();
    return nullptr;
  }
  return std::move(client.value());
}

ReconcileOptions FastReconcileOptions() {
  ReconcileOptions options;
  options.apply.retry_initial_delay_seconds = 0.002;
  options.apply.consistency_retry_seconds = 0.5;
  return options;
}

// ---- invariants ----

int CountDuplicates(const AccountSnapshot& account, std::vector<std::string>* what) {
  int duplicates = 0;
  std::map<std::string, int> plans_by_name;
  for (const auto& [id, plan] : account.plans) {
    if (plan.deleted()) continue;
    if (++plans_by_name[plan.current().plan.backup_plan_name] > 1) {
      ++duplicates;
      what->push_back("plan " + plan.current().plan.backup_plan_name);
    }
  }
  for (const auto& [plan_id, selections] : account.selections) {
    std::map<std::string, int> by_name;
    for (const auto& [id, s] : selections) {
      if (++by_name[s.selection.selection_name] > 1) {
        ++duplicates;
        what->push_back("selection " + plan_id + "/" + s.selection.selection_name);
      }
    }
  }
  return duplicates;
}

std::string MakeUnownedPlan(LocalAccount& account, const std::string& name,
                            const std::string& vault) {
  CreateBackupPlanInput plan;
  plan.backup_plan.backup_plan_name = name;
  BackupRule rule;
  rule.rule_name = "theirs";
  rule.target_backup_vault_name = vault;
  rule.schedule_expression = "cron(0 1 ? * * *)";
  plan.backup_plan.rules = {rule};
  plan.backup_plan_tags = {{"owner", "someone-else"}};
  auto made = account.CreateBackupPlan(plan);
  EXPECT_TRUE(made.ok()) << made.error().ToString();
  if (!made.ok()) return "";
  CreateBackupSelectionInput selection;
  selection.backup_plan_id = made.value().backup_plan_id;
  selection.backup_selection.selection_name = "theirs";
  selection.backup_selection.iam_role_arn = "arn:aws:iam::123456789012:role/theirs";
  selection.backup_selection.resources = {"arn:aws:ec2:*:*:instance/*"};
  EXPECT_TRUE(account.CreateBackupSelection(selection).ok());
  return made.value().backup_plan_id;
}

void MakeUnownedVault(LocalAccount& account, const std::string& name) {
  CreateBackupVaultInput vault;
  vault.backup_vault_name = name;
  vault.backup_vault_tags = {{"owner", "someone-else"}};
  EXPECT_TRUE(account.CreateBackupVault(vault).ok());
  (void)account.PutBackupVaultNotifications(
      {name, "arn:aws:sns:us-east-1:123456789012:theirs", {"BACKUP_JOB_COMPLETED"}});
}

std::string Fingerprint(const AccountSnapshot& account, const Unowned& unowned) {
  AccountState only;
  for (const std::string& name : unowned.vaults) {
    auto it = account.vaults.find(name);
    if (it != account.vaults.end()) only.vaults.insert(*it);
  }
  for (const std::string& id : unowned.plan_ids) {
    auto plan = account.plans.find(id);
    if (plan != account.plans.end()) only.plans.insert(*plan);
    auto selections = account.selections.find(id);
    if (selections != account.selections.end()) only.selections.insert(*selections);
  }
  return SerializeState(only);
}

namespace {

const PlanRecord* LivePlanNamed(const AccountSnapshot& account, const std::string& name) {
  for (const auto& [id, plan] : account.plans) {
    if (!plan.deleted() && plan.current().plan.backup_plan_name == name) return &plan;
  }
  return nullptr;
}

bool HasSelection(const AccountSnapshot& account, const std::string& plan_id,
                  const std::string& name) {
  auto it = account.selections.find(plan_id);
  if (it == account.selections.end()) return false;
  for (const auto& [id, s] : it->second) {
    if (s.selection.selection_name == name) return true;
  }
  return false;
}

void CheckVaults(const AccountSnapshot& account, const DesiredState& desired,
                 const std::set<std::string>& conflicts, std::vector<std::string>* missing) {
  for (const Vault& v : desired.vaults) {
    if (conflicts.count("vault:" + v.name)) continue;
    auto it = account.vaults.find(v.name);
    if (it == account.vaults.end()) {
      missing->push_back("BackupVault " + v.name);
    } else if (v.lock && !it->second.lock) {
      missing->push_back("BackupVaultLock " + v.name);
    }
  }
  for (const VaultNotifications& n : desired.notifications) {
    auto it = account.vaults.find(n.vault);
    if (conflicts.count("vault:" + n.vault)) continue;
    if (it == account.vaults.end() || !it->second.notifications) {
      missing->push_back("BackupVaultNotifications " + n.vault);
    }
  }
  for (const VaultAccessPolicy& p : desired.access_policies) {
    auto it = account.vaults.find(p.vault);
    if (conflicts.count("vault:" + p.vault)) continue;
    if (it == account.vaults.end() || !it->second.access_policy) {
      missing->push_back("BackupVaultAccessPolicy " + p.vault);
    }
  }
}

}  // namespace

std::vector<std::string> MissingDeclared(const AccountSnapshot& account,
                                         const DesiredState& desired,
                                         const std::set<std::string>& conflicts) {
  std::vector<std::string> missing;
  CheckVaults(account, desired, conflicts, &missing);
  for (const BackupPlanSpec& p : desired.plans) {
    if (conflicts.count("plan:" + p.name)) continue;
    if (LivePlanNamed(account, p.name) == nullptr) missing.push_back("BackupPlan " + p.name);
  }
  for (const Selection& s : desired.selections) {
    if (conflicts.count("plan:" + s.plan)) continue;
    const PlanRecord* plan = LivePlanNamed(account, s.plan);
    if (plan == nullptr || !HasSelection(account, plan->id, s.name)) {
      missing.push_back("BackupSelection " + s.plan + "/" + s.name);
    }
  }
  return missing;
}

// ---- child processes ----

namespace {

double Now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::vector<std::string> MergedEnvironment(const std::map<std::string, std::string>& env) {
  std::map<std::string, std::string> merged;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string entry(*e);
    size_t eq = entry.find('=');
    if (eq != std::string::npos) merged[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  for (const auto& [k, v] : env) merged[k] = v;
  std::vector<std::string> out;
  for (const auto& [k, v] : merged) out.push_back(k + "=" + v);
  return out;
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

}  // namespace

Child::Child(const std::vector<std::string>& args, const std::map<std::string, std::string>& env) {
  std::vector<std::string> argv_s = {BACKUPCTL_BIN};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<std::string> env_s = MergedEnvironment(env);
  std::vector<char*> argv, envp;
  for (std::string& a : argv_s) argv.push_back(a.data());
  for (std::string& e : env_s) envp.push_back(e.data());
  argv.push_back(nullptr);
  envp.push_back(nullptr);
  std::string out = dir_.path() + "/stdout", err = dir_.path() + "/stderr";
  started_at_ = Now();
  pid_ = fork();
  if (pid_ == 0) {
    int o = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int e = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int in = open("/dev/null", O_RDONLY);
    if (o < 0 || e < 0 || in < 0) _exit(126);
    dup2(in, STDIN_FILENO);
    dup2(o, STDOUT_FILENO);
    dup2(e, STDERR_FILENO);
    execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
}

Child::~Child() {
  if (pid_ > 0 && !reaped_) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
}

void Child::Kill(int signal) {
  if (pid_ > 0 && !reaped_) kill(pid_, signal);
}

std::string Child::StdoutSoFar() const { return Slurp(dir_.path() + "/stdout"); }

namespace {

std::chrono::steady_clock::duration Seconds(double seconds) {
  return std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double>(seconds));
}

}  // namespace

std::string Child::FirstLine(double timeout_seconds) const {
  std::string line;
  testing::WaitUntil(
      [&] {
        std::string out = StdoutSoFar();
        size_t nl = out.find('\n');
        if (nl != std::string::npos) line = out.substr(0, nl);
        return nl != std::string::npos;
      },
      Seconds(timeout_seconds), std::chrono::milliseconds(5));
  return line;
}

ChildResult Child::Wait(double timeout_seconds) {
  ChildResult result;
  if (pid_ <= 0 || reaped_) return result;
  int status = 0;
  rusage usage{};
  auto ended = [&] { return wait4(pid_, &status, WNOHANG, &usage) != 0; };
  if (!testing::WaitUntil(ended, Seconds(timeout_seconds), std::chrono::milliseconds(2))) {
    result.timed_out = true;
    kill(pid_, SIGKILL);
    wait4(pid_, &status, 0, &usage);
  }
  reaped_ = true;
  result.seconds = Now() - started_at_;
  result.exited = WIFEXITED(status);
  result.exit_code = result.exited ? WEXITSTATUS(status) : -1;
  result.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  result.max_rss_kb = usage.ru_maxrss;
  result.out = Slurp(dir_.path() + "/stdout");
  result.err = Slurp(dir_.path() + "/stderr");
  return result;
}

ChildResult RunBackupctl(const std::vector<std::string>& args,
                         const std::map<std::string, std::string>& env, double timeout_seconds) {
  Child child(args, env);
  return child.Wait(timeout_seconds);
}

std::map<std::string, std::string> EmulatorEnv(const std::string& url) {
  Credentials c = TestCredentials();
  return {{"AWS_ACCESS_KEY_ID", c.access_key_id},
          {"AWS_SECRET_ACCESS_KEY", c.secret_access_key},
          {"AWS_SESSION_TOKEN", ""},
          {"AWS_REGION", "us-east-1"},
          {"AWS_ENDPOINT_URL_BACKUP", url},
          {"AWS_PROFILE", ""},
          {"AWS_CONFIG_FILE", "/dev/null"},
          {"AWS_SHARED_CREDENTIALS_FILE", "/dev/null"},
          {"AWS_EC2_METADATA_DISABLED", "true"},
          {"NO_COLOR", "1"}};
}

}  // namespace backupctl::reliability
