// Chaos with targets: `backupctl apply` of examples/organisation (five targets
// in three accounts and three regions, each reached through STS AssumeRole
// from one base key) over HTTP, twice, while the emulator faults the AWS
// Backup calls of every account and region, with latency and spikes: first
// half of all creates take effect behind a dropped connection, then 15% of
// all calls are throttled, answered 500/503 or DependencyFailure, reset, or
// dropped after they took effect. Seeded trials start from an empty
// organisation or from an applied one drifted behind backupctl's back; every
// other trial also makes one workload target fail hard (AccessDenied on one
// of its operations while the faults last and for one fault-free apply more,
// which must exit 1 with every other target converged and that one not).
//
// Then, with faults and denials off, apply until a plan shows no change on
// any target, and read the emulator's accounts directly: each (account,
// region) holds exactly the declared vaults, plans and selections (so no
// duplicate), a hand-made vault, plan and selection in two accounts are
// byte-for-byte as before, and the base account holds nothing (its key made
// no AWS Backup call itself). No run ends by a signal or a timeout, every
// exit code is one the verb documents, and no output holds the base secret,
// an assumed role's secret or session token, or any access key id. Prints
// one line of figures (BACKUPCTL_LONG=1: 40 trials).

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "providers/local/organization.h"
#include "tests/reliability/test_support.h"

namespace backupctl::reliability {
namespace {

namespace fs = std::filesystem;

constexpr char kBaseKey[] = "AKIDORGCHAOSBASE";
constexpr char kBaseSecret[] = "org/chaos+base/secret0123456789";
constexpr char kBaseAccount[] = "999999999999";
constexpr double kFaultRate = 0.15;      // of every call, in the second faulty apply
constexpr double kCreateDropRate = 0.5;  // of creates, in the first faulty apply
constexpr int kCleanApplies = 2;         // fault-free applies allowed to converge

struct Target {
  const char* name;
  AccountKey key;
};
const Target kTargets[] = {{"central", {"111111111111", "eu-central-1"}},
                           {"shop-euw1", {"222222222222", "eu-west-1"}},
                           {"shop-use1", {"222222222222", "us-east-1"}},
                           {"data-euw1", {"333333333333", "eu-west-1"}},
                           {"data-use1", {"333333333333", "us-east-1"}}};
constexpr int kTargetCount = 5;
// Where someone made a vault, a plan and a selection by hand.
const AccountKey kHandMadeAt[] = {{"222222222222", "eu-west-1"}, {"333333333333", "us-east-1"}};
const Unowned kHandMade{{"hand-made"}, {}};  // plan ids are filled in per account

std::unique_ptr<EmulatorServer> StartOrganisation() {
  EmulatorOptions options;
  options.account.account_id = "111111111111";
  options.account.region = "eu-central-1";
  options.credentials = {{kBaseKey, kBaseSecret, "", std::nullopt}};
  options.key_accounts = {{kBaseKey, kBaseAccount}};
  options.regions = {"eu-west-1", "us-east-1"};
  for (const char* account : {"111111111111", "222222222222", "333333333333"}) {
    options.role_external_ids[std::string("arn:aws:iam::") + account + ":role/backupctl"] =
        "org-backup";
  }
  auto server = EmulatorServer::Start(options);
  if (!server.ok()) {
    ADD_FAILURE() << server.error().ToString();
    return nullptr;
  }
  return std::move(server.value());
}

LocalAccount& AccountOf(EmulatorServer& server, const AccountKey& key) {
  auto account = server.organization().Get(key);
  EXPECT_TRUE(account.ok());
  return *account.value();
}

// ---- what each (account, region) must hold ----

struct Contents {
  std::multiset<std::string> vaults, plans, selections;  // selections as "plan/selection"
  bool operator==(const Contents&) const = default;
};

std::string Describe(const Contents& c) {
  std::ostringstream out;
  auto list = [&](const char* what, const std::multiset<std::string>& names) {
    out << what << "{";
    for (const std::string& n : names) out << n << ",";
    out << "} ";
  };
  list("vaults", c.vaults);
  list("plans", c.plans);
  list("selections", c.selections);
  return out.str();
}

Contents Read(const AccountSnapshot& snap) {
  Contents c;
  std::map<std::string, std::string> plan_names;
  for (const auto& [name, vault] : snap.vaults) c.vaults.insert(name);
  for (const auto& [id, plan] : snap.plans) {
    plan_names[id] = plan.current().plan.backup_plan_name;
    if (!plan.deleted()) c.plans.insert(plan_names[id]);
  }
  for (const auto& [plan_id, selections] : snap.selections) {
    for (const auto& [id, s] : selections) {
      c.selections.insert(plan_names[plan_id] + "/" + s.selection.selection_name);
    }
  }
  return c;
}

Contents Expected(const AccountKey& key) {
  Contents c;
  if (key == kTargets[0].key) {
    c.vaults = {"central"};
  } else {
    c.vaults = {"dr", "workload"};
    c.plans = {"daily"};
    c.selections = {"daily/tagged"};
  }
  for (const AccountKey& at : kHandMadeAt) {
    if (key != at) continue;
    c.vaults.insert("hand-made");
    c.plans.insert("hand-made-nightly");
    c.selections.insert("hand-made-nightly/theirs");
  }
  return c;
}

// ---- one trial ----

struct Counts {
  uint64_t calls = 0, faults = 0;
};

Counts CountsOf(const nlohmann::json& stats) {
  Counts c;
  c.calls = stats.value("total", uint64_t{0});
  auto faults = stats.find("faults");
  if (faults == stats.end() || !faults->is_object()) return c;
  for (const auto& [kind, n] : faults->items()) c.faults += n.get<uint64_t>();
  return c;
}

struct Denial {
  int target = 0;  // index into kTargets
  std::string operation;
};

struct TrialFigures {
  int runs = 0, exited_1 = 0, clean_applies = 0;
  uint64_t calls = 0, faults = 0;
  uint64_t creates_dropped = 0;  // creates that took effect behind a dropped connection
  double slowest_run_seconds = 0;
};

// The faults of the two faulty applies: first half the creates take effect
// behind a dropped connection (the client resends them: only their
// CreatorRequestId keeps a plan or selection from being made twice), then
// kFaultRate of every call gets any kind of fault. Both add latency and spikes.
std::vector<FaultConfig> FaultyApplies(std::mt19937_64& rng) {
  FaultConfig creates;
  creates.fault_rate = kCreateDropRate;
  creates.fault_ops = {"CreateBackupVault", "CreateBackupPlan", "CreateBackupSelection"};
  creates.kinds = {FaultKind::kDropAfterCommit};
  FaultConfig any;
  any.fault_rate = kFaultRate;
  any.kinds = {FaultKind::kThrottle, FaultKind::kServerError, FaultKind::kReset,
               FaultKind::kDropAfterCommit, FaultKind::kDependencyFailure};
  std::vector<FaultConfig> applies = {creates, any};
  for (FaultConfig& f : applies) {
    f.seed = rng();
    f.latency_ms = 3;
    f.jitter_ms = 2;
    f.spike_rate = 0.03;
    f.spike_ms = 60;
  }
  return applies;
}

class TargetsChaosTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tree_ = (fs::path(dir_.path()) / "organisation").string();
    fs::copy(fs::path(BACKUPCTL_SOURCE_DIR) / "examples" / "organisation", tree_,
             fs::copy_options::recursive);
    fs::remove_all(fs::path(tree_) / ".backupctl");
  }

  // Problems found; empty when the trial held every promise.
  std::vector<std::string> RunTrial(int index, TrialFigures* figures);

  TempDir dir_;
  std::string tree_;

 private:
  // `backupctl VERB tree ...` against server_; checks how it ended.
  ChildResult Run(const std::string& verb, const std::vector<std::string>& extra,
                  const std::set<int>& allowed_exits);
  void Prepare(bool drifted, std::mt19937_64& rng);
  void Drift(std::mt19937_64& rng);
  void Deny(const Denial& denial, bool on);
  std::string HandMadeFingerprints();
  void CheckHardFailure(const Denial& denial);
  void CheckAccounts();
  void CheckNoSecrets();

  std::unique_ptr<EmulatorServer> server_;
  std::map<AccountKey, Unowned> hand_made_;
  std::vector<std::string> outputs_;
  std::vector<std::string> problems_;
  TrialFigures* figures_ = nullptr;
};

ChildResult TargetsChaosTest::Run(const std::string& verb, const std::vector<std::string>& extra,
                                  const std::set<int>& allowed_exits) {
  std::vector<std::string> args = {verb, tree_, "--target", "aws", "--endpoint", server_->url(),
                                   // Bounds the eventual-consistency waits (default 60 s).
                                   "--consistency-retry-seconds", "5"};
  args.insert(args.end(), extra.begin(), extra.end());
  std::map<std::string, std::string> env = EmulatorEnv(server_->url());
  env["AWS_ACCESS_KEY_ID"] = kBaseKey;
  env["AWS_SECRET_ACCESS_KEY"] = kBaseSecret;
  ChildResult r = RunBackupctl(args, env, 120);
  outputs_.push_back(r.out + r.err);
  figures_->slowest_run_seconds = std::max(figures_->slowest_run_seconds, r.seconds);
  ++figures_->runs;
  figures_->exited_1 += r.exited && r.exit_code == 1;
  if (r.timed_out) {
    problems_.push_back(verb + " timed out");
  } else if (!r.exited) {
    problems_.push_back(verb + " ended by signal " + std::to_string(r.signal) + ": " + r.err);
  } else if (!allowed_exits.count(r.exit_code)) {
    problems_.push_back(verb + " exited " + std::to_string(r.exit_code) + ": " + r.out + r.err);
  }
  return r;
}

void TargetsChaosTest::Prepare(bool drifted, std::mt19937_64& rng) {
  for (const AccountKey& at : kHandMadeAt) {
    LocalAccount& account = AccountOf(*server_, at);
    MakeUnownedVault(account, "hand-made");
    Unowned& unowned = hand_made_[at];
    unowned = kHandMade;
    unowned.plan_ids.insert(MakeUnownedPlan(account, "hand-made-nightly", "hand-made"));
  }
  if (!drifted) return;
  Run("apply", {}, {0});
  Drift(rng);
}

// One to three changes to owned resources, made directly in the accounts.
void TargetsChaosTest::Drift(std::mt19937_64& rng) {
  int changes = 1 + static_cast<int>(rng() % 3);
  for (int i = 0; i < changes; ++i) {
    const AccountKey& key = kTargets[1 + rng() % (kTargetCount - 1)].key;
    LocalAccount& account = AccountOf(*server_, key);
    AccountSnapshot snap = account.Snapshot();
    const PlanRecord* daily = nullptr;
    for (const auto& [id, plan] : snap.plans) {
      if (!plan.deleted() && plan.current().plan.backup_plan_name == "daily") daily = &plan;
    }
    switch (rng() % 4) {
      case 0:
        (void)account.TagResource({snap.vaults["workload"].arn, {{"region", "drifted"}}});
        break;
      case 1:
        if (daily != nullptr) {
          BackupPlan doc = daily->current().plan;
          doc.rules[0].lifecycle->delete_after_days = 36;
          (void)account.UpdateBackupPlan({daily->id, doc});
        }
        break;
      case 2:
        if (daily != nullptr && !snap.selections[daily->id].empty()) {
          (void)account.DeleteBackupSelection(
              {daily->id, snap.selections[daily->id].begin()->first});
        }
        break;
      default:
        (void)AccountOf(*server_, kTargets[0].key).DeleteBackupVaultAccessPolicy({"central"});
    }
  }
}

void TargetsChaosTest::Deny(const Denial& denial, bool on) {
  LocalAccount& account = AccountOf(*server_, kTargets[denial.target].key);
  if (on) {
    account.DenyOperation(denial.operation, "");
  } else {
    account.ClearDenials();
  }
}

std::string TargetsChaosTest::HandMadeFingerprints() {
  std::string all;
  for (const auto& [key, unowned] : hand_made_) {
    all += Fingerprint(AccountOf(*server_, key).Snapshot(), unowned);
  }
  return all;
}

// The denied target alone is left unconverged; every other one converged.
void TargetsChaosTest::CheckHardFailure(const Denial& denial) {
  // Exit 1 when the denied read left the target unplanned, else 0 (changes are no error).
  ChildResult plan = Run("plan", {"--output", "json"}, {0, 1});
  nlohmann::json doc = nlohmann::json::parse(plan.out, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object() || !doc["targets"].is_array()) {
    problems_.push_back("plan --output json is not a plan: " + plan.out + plan.err);
    return;
  }
  int seen = 0;
  for (const nlohmann::json& t : doc["targets"]) {
    ++seen;
    std::string name = t.value("name", "");
    bool converged = !t.contains("error") && t.contains("plan");
    if (converged) {
      const nlohmann::json& summary = t["plan"]["summary"];
      converged = !summary.value("has_changes", true) && summary.value("unknown", 1) == 0 &&
                  summary.value("conflict", 1) == 0;
    }
    bool denied = name == kTargets[denial.target].name;
    if (converged == denied) {
      problems_.push_back("with " + denial.operation + " denied on " +
                          kTargets[denial.target].name + ", target " + name +
                          (denied ? " converged" : " did not converge") + ": " + t.dump());
    }
  }
  if (seen != kTargetCount) problems_.push_back("plan lists " + std::to_string(seen) + " targets");
}

void TargetsChaosTest::CheckAccounts() {
  LocalOrganization& org = server_->organization();
  int targets_seen = 0;
  for (const AccountKey& key : org.Keys()) {
    Contents has = Read(org.Find(key)->Snapshot());
    bool is_target = false;
    for (const Target& t : kTargets) is_target |= t.key == key;
    targets_seen += is_target;
    Contents want = is_target ? Expected(key) : Contents{};
    if (has != want) {
      problems_.push_back(key.account_id + "/" + key.region + " holds " + Describe(has) +
                          "instead of " + Describe(want) +
                          (key.account_id == kBaseAccount ? "(the base account)" : ""));
    }
  }
  if (targets_seen != kTargetCount) problems_.push_back("a target's account was never written");
  for (const RequestRecord& r : server_->request_log().Records()) {
    bool sts = r.operation == "AssumeRole" || r.operation == "GetCallerIdentity";
    if (r.access_key == kBaseKey && !sts) {
      problems_.push_back("the base key itself called " + r.operation);
      return;
    }
  }
}

// No output holds a secret, a session token or an access key id the runs used.
void TargetsChaosTest::CheckNoSecrets() {
  std::set<std::string> secrets = {kBaseKey, kBaseSecret};
  for (const RequestRecord& r : server_->request_log().Records()) {
    if (r.access_key.empty()) continue;
    secrets.insert(r.access_key);
    if (auto id = server_->identities().Find(r.access_key)) {
      secrets.insert(id->secret_access_key);
      if (!id->session_token.empty()) secrets.insert(id->session_token);
    }
  }
  if (secrets.size() < 5) problems_.push_back("too few assumed-role sessions to check");
  for (const std::string& out : outputs_) {
    for (const std::string& s : secrets) {
      if (out.find(s) != std::string::npos) {
        problems_.push_back("an output holds a secret (" + s.substr(0, 4) + "...)");
        return;
      }
    }
  }
}

std::vector<std::string> TargetsChaosTest::RunTrial(int index, TrialFigures* figures) {
  figures_ = figures;
  outputs_.clear();
  problems_.clear();
  hand_made_.clear();
  std::mt19937_64 rng(0x7A2C4A05ull * 1000003ull + static_cast<uint64_t>(index));
  server_ = StartOrganisation();
  if (!server_) return {"no emulator"};
  const bool drifted = index % 4 >= 2;
  std::optional<Denial> denial;
  if (index % 2 == 1) {
    // A create where a fresh organisation needs one, a read where it is applied already.
    static const char* kCreates[] = {"CreateBackupPlan", "CreateBackupSelection"};
    denial = Denial{1 + static_cast<int>(rng() % (kTargetCount - 1)),
                    drifted ? "ListBackupPlans" : kCreates[rng() % 2]};
  }
  Prepare(drifted, rng);
  const std::string hand_made_before = HandMadeFingerprints();

  if (denial) Deny(*denial, true);
  const Counts before = CountsOf(server_->request_log().Stats());
  for (const FaultConfig& faults : FaultyApplies(rng)) {
    server_->faults().SetConfig(faults, /*restart_sequence=*/true);
    Run("apply", {}, {0, 1});
  }
  const Counts after = CountsOf(server_->request_log().Stats());
  figures->calls += after.calls - before.calls;
  figures->faults += after.faults - before.faults;

  server_->faults().SetConfig(FaultConfig{}, /*restart_sequence=*/true);
  if (denial) {
    Run("apply", {}, {1});
    CheckHardFailure(*denial);
    Deny(*denial, false);
  }
  bool converged = false;
  for (int i = 0; i < kCleanApplies && !converged; ++i) {
    ++figures->clean_applies;
    converged = Run("apply", {}, {0, 1}).exit_code == 0;
  }
  if (!converged) problems_.push_back("no clean apply succeeded");
  Run("plan", {"--detailed-exitcode"}, {0});
  CheckAccounts();
  if (HandMadeFingerprints() != hand_made_before) {
    problems_.push_back("a hand-made vault, plan or selection changed");
  }
  CheckNoSecrets();
  for (const RequestRecord& r : server_->request_log().Records()) {
    figures->creates_dropped +=
        r.fault == "drop-after-commit" && r.operation.rfind("Create", 0) == 0;
  }
  server_.reset();
  return problems_;
}

TEST_F(TargetsChaosTest, FaultsAcrossAccountsAndRegionsLeaveEveryTargetRepairable) {
  const int trials = Iterations(4, 40);
  TrialFigures figures;
  int failed = 0;
  auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < trials; ++i) {
    std::vector<std::string> problems = RunTrial(i, &figures);
    if (!problems.empty() && ++failed <= 3) {
      std::string shown;
      for (size_t k = 0; k < problems.size() && k < 3; ++k) shown += "\n  " + problems[k];
      ADD_FAILURE() << "trial " << i << " (" << problems.size() << " problems):" << shown;
    }
  }
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  EXPECT_EQ(failed, 0);
  EXPECT_GT(figures.faults, static_cast<uint64_t>(trials)) << "too few faults to mean anything";
  std::ostringstream line;
  line << "targets chaos: trials=" << trials << " failed=" << failed << " runs=" << figures.runs
       << " exited_1=" << figures.exited_1 << " faulty_api_calls=" << figures.calls
       << " faults_injected=" << figures.faults
       << " creates_dropped_after_commit=" << figures.creates_dropped
       << " clean_applies=" << figures.clean_applies
       << " slowest_run_seconds=" << figures.slowest_run_seconds << " seconds=" << seconds;
  ReportFigure("targets_chaos", line.str());
}

}  // namespace
}  // namespace backupctl::reliability
