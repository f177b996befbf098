// Chaos convergence: seeded runs of apply through the AWS client and the
// emulator server while 20% of API calls are faulted (throttling, 500/503,
// connection resets, commit-then-drop, plus latency spikes), from five kinds
// of starting state: empty, partly applied, drifted, holding unowned
// resources with declared names, and all of those at once with pruning of an
// owned plan the tree no longer declares. Every start also holds another
// team's vault, plan and selection.
//
// Even runs use the client's retries (5 attempts, millisecond backoff); odd
// runs have none, so every fault reaches the reconciler (which resends no
// write: the client's retries are the only layer) and its CreatorRequestId
// handling. Each run gets at most three applies (plan,
// then apply) under faults, then
// a fault-free plan must show no change. The account is then read directly:
// no duplicate plan or selection, the unowned resources byte-for-byte as
// before, every declared resource present unless it was reported as a
// conflict. Prints one line of figures (BACKUPCTL_LONG=1: 1000 runs).

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <sstream>

#include <spdlog/spdlog.h>

#include "tests/reliability/test_support.h"

namespace backupctl::reliability {
namespace {

constexpr int kMaxApplies = 3;
constexpr double kFaultRate = 0.2;

enum class Start { kEmpty, kPartly, kDrifted, kUnowned, kMixed };
constexpr int kStartKinds = 5;

struct RunResult {
  int applies = 0;  // applies made before a plan showed no change
  bool converged = false;
  uint64_t faults = 0, calls = 0;
  int duplicates = 0;
  bool unowned_touched = false;
  int conflicts = 0;
  std::vector<std::string> problems;
};

// Plans and applies straight against the account (no HTTP, no faults),
// running only the first `max_actions` actions: a prefix keeps dependencies.
void ApplyDirect(LocalAccount& account, const DesiredState& desired, size_t max_actions) {
  PlanRun run = PlanAgainst(account, desired, FastReconcileOptions());
  ASSERT_TRUE(run.ok()) << run.error;
  ActionPlan plan = run.result.plan;
  if (plan.actions.size() > max_actions) plan.actions.resize(max_actions);
  Apply(plan, account, FastReconcileOptions().apply);
}

// The estate plus a vault, a plan and a selection it no longer declares.
DesiredState WithLegacy(const DesiredState& estate) {
  DesiredState more = estate;
  Vault vault;
  vault.name = "rel-legacy";
  more.vaults.push_back(vault);
  BackupPlanSpec plan = estate.plans.front();
  plan.name = "rel-legacy";
  plan.rules.resize(1);
  plan.rules[0].target_vault = "rel-legacy";
  more.plans.push_back(plan);
  Selection selection = estate.selections.front();
  selection.plan = "rel-legacy";
  more.selections.push_back(selection);
  return more;
}

const PlanRecord* PlanNamed(const AccountSnapshot& snap, const std::string& name) {
  for (const auto& [id, plan] : snap.plans) {
    if (!plan.deleted() && plan.current().plan.backup_plan_name == name) return &plan;
  }
  return nullptr;
}

// Changes one to three owned things behind backupctl's back.
void Drift(LocalAccount& account, std::mt19937_64& rng) {
  AccountSnapshot snap = account.Snapshot();
  int changes = 1 + static_cast<int>(rng() % 3);
  for (int i = 0; i < changes; ++i) {
    switch (rng() % 5) {
      case 0:
        if (snap.vaults.count("rel-primary")) {
          (void)account.TagResource({snap.vaults["rel-primary"].arn, {{"tier", "drifted"}}});
        }
        break;
      case 1:
        if (const PlanRecord* p = PlanNamed(snap, "rel-daily")) {
          BackupPlan doc = p->current().plan;
          doc.rules[0].lifecycle->delete_after_days = 36;
          (void)account.UpdateBackupPlan({p->id, doc});
        }
        break;
      case 2:
        if (const PlanRecord* p = PlanNamed(snap, "rel-daily"); p && snap.selections.count(p->id)) {
          const auto& sels = snap.selections[p->id];
          if (!sels.empty()) (void)account.DeleteBackupSelection({p->id, sels.begin()->first});
        }
        break;
      case 3:
        (void)account.DeleteBackupVaultNotifications({"rel-primary"});
        break;
      default:
        (void)account.PutBackupVaultAccessPolicy(
            {"rel-archive", R"({"Version":"2012-10-17","Statement":[]})"});
    }
  }
}

// Another team's vault and plan; with `same_names` also an unowned vault and
// plan named as declared ones (recorded in *conflicts).
void AddUnowned(LocalAccount& account, const DesiredState& estate, std::mt19937_64& rng,
                bool same_names, Unowned* unowned, std::set<std::string>* conflicts) {
  MakeUnownedVault(account, "other-team");
  unowned->vaults.insert("other-team");
  unowned->plan_ids.insert(MakeUnownedPlan(account, "other-nightly", "other-team"));
  if (!same_names) return;
  const std::string& vault = estate.vaults[rng() % estate.vaults.size()].name;
  MakeUnownedVault(account, vault);
  unowned->vaults.insert(vault);
  conflicts->insert("vault:" + vault);
  const std::string& plan = estate.plans[rng() % estate.plans.size()].name;
  unowned->plan_ids.insert(MakeUnownedPlan(account, plan, "other-team"));
  conflicts->insert("plan:" + plan);
}

struct Setup {
  Unowned unowned;
  std::set<std::string> conflicts;
  bool prune = false;
};

Setup Prepare(LocalAccount& account, const DesiredState& estate, Start start,
              std::mt19937_64& rng) {
  Setup setup;
  bool same_names = start == Start::kUnowned || start == Start::kMixed;
  AddUnowned(account, estate, rng, same_names, &setup.unowned, &setup.conflicts);
  setup.prune = start == Start::kMixed || rng() % 2 == 0;
  switch (start) {
    case Start::kEmpty:
    case Start::kUnowned:
      break;
    case Start::kPartly:
      ApplyDirect(account, estate, 1 + rng() % (estate.ResourceCount() + 2));
      break;
    case Start::kDrifted:
      ApplyDirect(account, estate, 1000);
      Drift(account, rng);
      break;
    case Start::kMixed:
      ApplyDirect(account, WithLegacy(estate), 1 + rng() % (estate.ResourceCount() + 6));
      Drift(account, rng);
      break;
  }
  return setup;
}

// How a batch of runs talks to the emulator.
struct Variant {
  std::string name;     // "chaos", ...: the figure's name
  int client_attempts;  // the AWS client's attempts per call
  int max_applies;      // applies under faults
  // Else the faulty applies need not converge; one fault-free apply after
  // them must (what they left is repairable).
  bool converge_under_faults;
};

// Up to max_applies applies under faults, each by a fresh client (a new CLI run).
void ConvergeUnderFaults(EmulatorServer& server, const DesiredState& estate,
                         const ReconcileOptions& options, const Variant& variant,
                         RunResult* result) {
  for (int pass = 0; pass <= variant.max_applies; ++pass) {
    auto client = NewClient(server.url(), variant.client_attempts);
    if (!client) return;
    PlanRun run = PlanAgainst(*client, estate, options);
    // A plan with parts it could not read proves nothing (the CLI exits 1).
    if (run.ok() && !Summarize(run.result.plan).HasChanges() && run.result.plan.unknowns.empty()) {
      result->applies = pass;
      result->converged = true;
      return;
    }
    if (pass < variant.max_applies && run.ok()) Apply(run.result.plan, *client, options.apply);
  }
}

// One apply without faults, by a client with retries; Verify then requires
// that it left nothing to do.
void RepairWithoutFaults(EmulatorServer& server, const DesiredState& estate,
                         const ReconcileOptions& options, RunResult* result) {
  auto client = NewClient(server.url());
  if (!client) return;
  PlanRun run = PlanAgainst(*client, estate, options);
  if (run.ok()) Apply(run.result.plan, *client, options.apply);
  result->converged = true;
  result->applies = 1;
}

void CheckConflictsReported(const ActionPlan& plan, const std::set<std::string>& conflicts,
                            RunResult* result) {
  for (const std::string& id : conflicts) {
    auto it = std::find_if(plan.actions.begin(), plan.actions.end(),
                           [&](const Action& a) { return a.id == id; });
    if (it == plan.actions.end() || it->type != ActionType::kConflict) {
      result->problems.push_back(id + " is not reported as a conflict");
    } else {
      ++result->conflicts;
    }
  }
}

// Fault-free: the plan must show no change, then the account is read directly.
void Verify(EmulatorServer& server, const DesiredState& estate, const ReconcileOptions& options,
            const Setup& setup, const std::string& unowned_before, RunResult* result) {
  auto client = NewClient(server.url());
  if (!client) return;
  PlanRun run = PlanAgainst(*client, estate, options);
  if (!run.ok()) {
    result->problems.push_back("fault-free plan failed: " + run.error);
    return;
  }
  if (Summarize(run.result.plan).HasChanges()) {
    result->problems.push_back("a fault-free plan still shows changes");
  }
  CheckConflictsReported(run.result.plan, setup.conflicts, result);
  AccountSnapshot snap = server.account().Snapshot();
  result->duplicates = CountDuplicates(snap, &result->problems);
  result->unowned_touched = Fingerprint(snap, setup.unowned) != unowned_before;
  if (result->unowned_touched) result->problems.push_back("an unowned resource changed");
  for (const std::string& m : MissingDeclared(snap, estate, setup.conflicts)) {
    result->problems.push_back("missing " + m);
  }
}

RunResult RunOnce(const DesiredState& estate, const Variant& variant, int index) {
  RunResult result;
  std::mt19937_64 rng(0xC4A05ull * 1000003ull + static_cast<uint64_t>(index));
  auto server = StartEmulator();
  if (!server) return result;
  Start start = static_cast<Start>(index % kStartKinds);
  Setup setup = Prepare(server->account(), estate, start, rng);
  std::string unowned_before = Fingerprint(server->account().Snapshot(), setup.unowned);

  FaultConfig faults;
  faults.fault_rate = kFaultRate;
  faults.seed = rng();
  faults.spike_rate = 0.02;
  faults.spike_ms = 25;
  server->faults().SetConfig(faults, /*restart_sequence=*/true);
  server->request_log().Clear();
  ReconcileOptions options = FastReconcileOptions();
  options.plan.prune = setup.prune;
  ConvergeUnderFaults(*server, estate, options, variant, &result);
  nlohmann::json stats = server->request_log().Stats();
  result.calls = stats.value("total", uint64_t{0});
  for (const auto& [kind, n] : stats["faults"].items()) result.faults += n.get<uint64_t>();

  server->faults().SetConfig(FaultConfig{}, /*restart_sequence=*/true);
  if (!variant.converge_under_faults) RepairWithoutFaults(*server, estate, options, &result);
  Verify(*server, estate, options, setup, unowned_before, &result);
  return result;
}

struct Figures {
  int runs = 0;
  uint64_t faults = 0, calls = 0;
  int max_applies = 0, duplicates = 0, unowned_touched = 0, conflicts = 0, failed = 0;
  std::map<int, int> applies_histogram;  // applies needed -> runs

  void Add(const RunResult& r, const Variant& variant) {
    ++runs;
    faults += r.faults;
    calls += r.calls;
    int applies = r.converged ? r.applies : variant.max_applies + 1;
    max_applies = std::max(max_applies, applies);
    ++applies_histogram[applies];
    duplicates += r.duplicates;
    unowned_touched += r.unowned_touched ? 1 : 0;
    conflicts += r.conflicts;
  }

  std::string Line(const Variant& variant) const {
    std::ostringstream line;
    line << variant.name << ": runs=" << runs << " faults_injected=" << faults
         << " api_calls=" << calls
         << " fault_share=" << (calls ? static_cast<double>(faults) / calls : 0);
    if (variant.converge_under_faults) {
      line << " max_applies_to_converge=" << max_applies << " applies_histogram=";
      for (const auto& [applies, n] : applies_histogram) line << applies << ":" << n << ",";
    } else {
      line << " faulty_applies=" << variant.max_applies
           << " clean_applies_to_converge=" << max_applies;
    }
    line << " duplicates=" << duplicates << " unowned_touched=" << unowned_touched
         << " conflicts_reported=" << conflicts << " failed_runs=" << failed;
    return line.str();
  }
};

void RunBatch(const Variant& variant, int runs) {
  spdlog::set_level(spdlog::level::err);  // apply logs each action, reads each unknown
  DesiredState estate = LoadEstate();
  ASSERT_FALSE(estate.vaults.empty());
  Figures figures;
  for (int i = 0; i < runs; ++i) {
    RunResult r = RunOnce(estate, variant, i);
    figures.Add(r, variant);
    if (!r.converged) {
      r.problems.push_back("no plan without changes within " + std::to_string(variant.max_applies) +
                           " applies");
    }
    if (!r.problems.empty() && ++figures.failed <= 5) {
      ADD_FAILURE() << "run " << i << " (start " << i % kStartKinds << "): " << r.problems[0]
                    << (r.problems.size() > 1
                            ? " (+" + std::to_string(r.problems.size() - 1) + " more)"
                            : "");
    }
  }
  spdlog::set_level(spdlog::level::info);
  EXPECT_EQ(figures.failed, 0);
  EXPECT_EQ(figures.duplicates, 0);
  EXPECT_EQ(figures.unowned_touched, 0);
  EXPECT_LE(figures.max_applies, variant.max_applies);
  EXPECT_GT(figures.faults, static_cast<uint64_t>(runs));
  ReportFigure(variant.name, figures.Line(variant));
}

// The client as the CLI ships it (5 attempts; backoffs shrunk to milliseconds).
TEST(Chaos, ConvergesWithinThreeAppliesWithoutDuplicatesOrTouchingUnowned) {
  RunBatch({"chaos", 5, kMaxApplies, true}, Iterations(200, 1000));
}

// No client retries: a fifth of all reads and writes fail and every fault
// reaches the reconciler (unknown parts, failed writes, CreatorRequestId
// after a dropped create). A clean read of ~50 calls is then
// rare, so no plan is complete under faults; three applies run anyway, then
// one fault-free apply must converge: the faults left nothing duplicated,
// nothing unowned touched, nothing a normal apply cannot finish.
TEST(Chaos, WithoutClientRetriesStaysSafeAndOneCleanApplyConverges) {
  RunBatch({"chaos_no_client_retries", 1, kMaxApplies, false}, Iterations(100, 500));
}

}  // namespace
}  // namespace backupctl::reliability
