#include "reconcile/plan.h"

#include <algorithm>
#include <chrono>
#include <exception>
#include <iterator>
#include <set>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "base/strings.h"
#include "desired/policy_json.h"
#include "reconcile/convert.h"
#include "reconcile/identity.h"
#include "reconcile/model_json.h"
#include "reconcile/normalize.h"
#include "reconcile/vault_uses.h"

namespace backupctl {
namespace {

std::string VaultActionId(const std::string& name) { return "vault:" + name; }
std::string BackupPlanActionId(const std::string& name) { return "plan:" + name; }

std::string ActionPrefix(Kind kind) {
  switch (kind) {
    case Kind::kVault:
      return "vault:";
    case Kind::kVaultLock:
      return "lock:";
    case Kind::kVaultAccessPolicy:
      return "policy:";
    case Kind::kVaultNotifications:
      return "notifications:";
    case Kind::kBackupPlan:
      return "plan:";
    case Kind::kSelection:
      return "selection:";
  }
  return "";
}

Action MakeAction(ActionType type, Kind kind, const std::string& name) {
  Action a;
  a.id = ActionPrefix(kind) + name;
  a.type = type;
  a.kind = kind;
  a.name = name;
  return a;
}

double SystemNow() {
  using namespace std::chrono;
  return duration<double>(system_clock::now().time_since_epoch()).count();
}

// The declared tree by name; the keys view the DesiredState's strings.
struct DeclaredIndex {
  explicit DeclaredIndex(const DesiredState& desired) {
    vaults.reserve(desired.vaults.size());
    plans.reserve(desired.plans.size());
    selections.reserve(desired.plans.size());
    notifications.reserve(desired.notifications.size());
    policies.reserve(desired.access_policies.size());
    for (const auto& v : desired.vaults) vaults[v.name] = &v;
    for (const auto& p : desired.plans) plans.insert(p.name);
    for (const auto& s : desired.selections) selections[s.plan].push_back(&s);
    for (const auto& n : desired.notifications) notifications[n.vault] = &n;
    for (const auto& p : desired.access_policies) policies[p.vault] = &p;
  }
  std::unordered_map<std::string_view, const Vault*> vaults;
  std::unordered_set<std::string_view> plans;
  std::unordered_map<std::string_view, std::vector<const Selection*>> selections;  // by plan
  std::unordered_map<std::string_view, const VaultNotifications*> notifications;
  std::unordered_map<std::string_view, const VaultAccessPolicy*> policies;
};

// Declared vaults, then declared plans, are planned in lanes: each lane
// plans a contiguous slice on a thread of its own into its own output, and
// the outputs are appended in slice order, so the plan is exactly the serial
// one. A resource's planning reads only the inputs and what an earlier phase
// decided (which vaults are created), never a sibling's result.
constexpr size_t kMinResourcesPerLane = 512;
constexpr size_t kMaxLanes = 8;

size_t LaneCount(const PlanOptions& options, size_t resources) {
  size_t threads = options.threads > 0 ? static_cast<size_t>(options.threads)
                                       : std::max(1u, std::thread::hardware_concurrency());
  return std::clamp<size_t>(std::min(threads, resources / kMinResourcesPerLane), 1, kMaxLanes);
}

class Planner {
 public:
  Planner(const DesiredState& desired, const LiveState& live, const PlanOptions& options,
          const DeclaredIndex& declared, const VaultUses& uses)
      : desired_(desired), live_(live), options_(options), declared_(declared), uses_(uses) {
    now_ = options.now > 0 ? options.now : SystemNow();
    stack_ = desired.project.stack;
    prune_ = options.prune && desired.ResourceCount() > 0;
  }

  PlanResult Run() {
    PlanResult result;
    ActionPlan& plan = result.plan;
    plan.stack = stack_;
    plan.options = options_;
    plan.unknowns = live_.unknowns;
    plan.read_only = live_.read_only;
    plan.read_calls = live_.calls;
    if (options_.prune && !prune_) {
      notes_.push_back("the desired tree declares no resources: pruning is disabled");
    }
    for (const auto& what : live_.undeclared_owned) Skip(what);
    InLanes(desired_.vaults, &Planner::PlanVault);
    PlanExternalVaultParts();
    InLanes(desired_.plans, &Planner::PlanBackupPlan);
    PlanUndeclaredBackupPlans();
    PlanUndeclaredVaults();
    Finish(plan);
    int deletes = 0;
    for (const auto& a : plan.actions) {
      if (a.type == ActionType::kDelete ||
          (a.type == ActionType::kReplace && a.kind == Kind::kVault))
        ++deletes;
    }
    if (deletes > options_.max_deletes && !options_.force_deletes) {
      result.error = "the plan would delete " + std::to_string(deletes) +
                     " resources, more than --max-deletes=" + std::to_string(options_.max_deletes) +
                     "; refusing the whole plan (raise --max-deletes or pass --force-deletes)";
    }
    return result;
  }

 private:
  // A lane: this planner's inputs and what earlier phases decided, no output yet.
  Planner MakeLane() const {
    Planner lane(desired_, live_, options_, declared_, uses_);
    lane.now_ = now_;
    lane.vault_actions_ = vault_actions_;
    return lane;
  }

  // Appends a lane's output after this planner's own.
  void Absorb(Planner& lane) {
    std::move(lane.forward_.begin(), lane.forward_.end(), std::back_inserter(forward_));
    for (auto& [kind, list] : lane.deletes_) {
      auto& to = deletes_[kind];
      std::move(list.begin(), list.end(), std::back_inserter(to));
    }
    std::move(lane.notes_.begin(), lane.notes_.end(), std::back_inserter(notes_));
    vault_actions_.merge(lane.vault_actions_);
    backup_plan_actions_.merge(lane.backup_plan_actions_);
  }

  template <typename T>
  void InLanes(const std::vector<T>& items, void (Planner::*step)(const T&)) {
    const size_t lanes = LaneCount(options_, items.size());
    if (lanes == 1) {
      for (const T& item : items) (this->*step)(item);
      return;
    }
    std::vector<Planner> planners;
    planners.reserve(lanes);
    for (size_t i = 0; i < lanes; ++i) planners.push_back(MakeLane());
    std::vector<std::exception_ptr> failures(lanes);
    auto run = [&](size_t lane) {
      try {
        const size_t end = items.size() * (lane + 1) / lanes;
        for (size_t i = items.size() * lane / lanes; i < end; ++i) {
          (planners[lane].*step)(items[i]);
        }
      } catch (...) {
        failures[lane] = std::current_exception();
      }
    };
    std::vector<std::thread> threads;
    for (size_t lane = 1; lane < lanes; ++lane) threads.emplace_back(run, lane);
    run(0);
    for (auto& t : threads) t.join();
    for (const auto& failure : failures) {
      if (failure) std::rethrow_exception(failure);
    }
    for (auto& lane : planners) Absorb(lane);
  }

  void Emit(Action action) { forward_.push_back(std::move(action)); }
  void EmitDelete(Action action) {
    deletes_[static_cast<int>(action.kind)].push_back(std::move(action));
  }

  void Skip(const std::string& what) {
    notes_.push_back("owned " + what + " is no longer declared; run with --prune to delete it");
  }

  bool LockImmutable(const LiveVault& v) const { return v.lock_date && *v.lock_date <= now_; }

  // Why a live vault or plan of a declared name is not this stack's.
  std::string NotOurs(const char* what, const Ownership& o) const {
    const std::string other = o.OtherStack(stack_);
    if (other.empty()) {
      return std::string("a ") + what + " of this name exists and is not owned by stack \"" +
             stack_ + "\"";
    }
    return std::string("this ") + what + " belongs to stack \"" + other + "\" (its " +
           kStackTagKey + " tag)";
  }

  // Made by this stack, since adopted by another: never pruned, and said so.
  bool TakenOver(const Ownership& o) const { return o.made_here && !o.OtherStack(stack_).empty(); }

  void EmitTakenOver(Kind kind, const std::string& name, const std::string& id_suffix,
                     const Ownership& o) {
    Action a = MakeAction(ActionType::kConflict, kind, name);
    a.id += id_suffix;
    a.reason = "made by this stack, it now belongs to stack \"" + o.OtherStack(stack_) +
               "\" (its " + kStackTagKey +
               " tag), which adopted it; no longer declared here, it is never " +
               "pruned by this stack";
    Emit(std::move(a));
  }

  // ---- vaults ----

  void PlanVault(const Vault& declared) {
    Vault want = NormalizeVault(declared);
    if (IsManagedName(want.name)) {
      Action a = MakeAction(ActionType::kBlocked, Kind::kVault, want.name);
      a.reason = "service-managed vault names are read-only";
      return Emit(std::move(a));
    }
    auto it = live_.vaults.find(want.name);
    if (it == live_.vaults.end()) return CreateVault(want, declared);
    const LiveVault& have = it->second;
    if (!have.vault_type.empty() && have.vault_type != kStandardVaultType) {
      Action a = MakeAction(ActionType::kConflict, Kind::kVault, want.name);
      a.reason = "a vault of this name exists with VaultType " + have.vault_type +
                 "; a BackupVault document declares a standard vault (BACKUP_VAULT): rename "
                 "it, or reference the vault by ARN";
      vault_actions_.insert(want.name);  // plans into it wait on the conflict: skipped
      return Emit(std::move(a));
    }
    if (!have.owned && !have.tags_known) return;  // ownership unknown: listed as unknown
    if (!have.owned && !options_.adopt) {
      Action a = MakeAction(ActionType::kConflict, Kind::kVault, want.name);
      a.reason = NotOurs("vault", have.ownership) + "; run with --adopt to take it over";
      return Emit(std::move(a));
    }
    Changes key = DiffVaultKey(want, have.spec);
    if (!key.empty()) return ReplaceVault(want, declared, have, std::move(key));
    UpdateVaultTags(want, have);
    PlanVaultParts(want, &have, "");
  }

  void CreateVault(const Vault& want, const Vault& declared) {
    Action a = MakeAction(ActionType::kCreate, Kind::kVault, want.name);
    Vault spec = declared;
    spec.lock.reset();
    a.creator_request_id =
        MakeCreatorRequestId(stack_, Kind::kVault, want.name, VaultIdentitySpec(want));
    for (const auto& [k, v] : want.tags)
      a.changes.push_back({TagPath(a.kind, k), "(none)", nlohmann::json(v).dump(), {}, {}});
    if (want.encryption_key_arn) {
      a.changes.push_back(
          {"encryptionKeyArn", "(none)", nlohmann::json(*want.encryption_key_arn).dump(), {}, {}});
    }
    spec.tags[kStackTagKey] = stack_;
    a.payload = std::move(spec);
    vault_actions_.insert(want.name);
    Emit(std::move(a));
    PlanVaultParts(want, nullptr, VaultActionId(want.name));
  }

  static std::string VaultIdentitySpec(const Vault& v) {
    return v.name + "|" + v.encryption_key_arn.value_or("");
  }

  void ReplaceVault(const Vault& want, const Vault& declared, const LiveVault& have, Changes key) {
    Action a = MakeAction(ActionType::kReplace, Kind::kVault, want.name);
    a.changes = std::move(key);
    if (have.recovery_points > 0) {
      a.type = ActionType::kBlocked;
      a.reason = "changing the encryption key needs a new vault, and this one holds " +
                 std::to_string(have.recovery_points) +
                 " recovery points (AWS deletes only empty vaults)";
    } else if (LockImmutable(have)) {
      a.type = ActionType::kBlocked;
      a.reason = "changing the encryption key needs a new vault, and its lock is immutable";
    } else if (auto uses = uses_.Of(want.name, have.arn, nullptr); !uses.empty()) {
      a.type = ActionType::kBlocked;
      a.reason =
          "changing the encryption key deletes and re-creates the vault, and it is in use: " +
          Join(uses, "; ");
    } else if (!prune_) {
      a.type = ActionType::kBlocked;
      a.reason =
          "changing the encryption key deletes and re-creates the (empty) vault; "
          "run with --prune to allow it";
    }
    if (a.type == ActionType::kBlocked) {
      Emit(std::move(a));
      UpdateVaultTags(want, have);
      PlanVaultParts(want, &have, "");
      return;
    }
    Vault spec = declared;
    spec.lock.reset();
    spec.tags[kStackTagKey] = stack_;
    a.creator_request_id =
        MakeCreatorRequestId(stack_, Kind::kVault, want.name, VaultIdentitySpec(want));
    a.arn = have.arn;
    a.payload = std::move(spec);
    vault_actions_.insert(want.name);
    Emit(std::move(a));
    PlanVaultParts(want, nullptr, VaultActionId(want.name));  // the new vault starts bare
  }

  void UpdateVaultTags(const Vault& want, const LiveVault& have) {
    if (!have.tags_known) return;
    TagMap live_tags = NormalizeTags(have.spec.tags);
    Changes changes = DiffTags(Kind::kVault, want.tags, live_tags);
    if (changes.empty() && have.owned) return;
    Action a = MakeAction(ActionType::kUpdate, Kind::kVault, want.name);
    a.changes = std::move(changes);
    a.arn = have.arn;
    SplitTags(a, want.tags, live_tags);
    if (!have.owned) AdoptTag(a, have.ownership);
    if (!a.changes.empty()) Emit(std::move(a));
  }

  void AdoptTag(Action& a, const Ownership& o) const {
    const std::string other = o.OtherStack(stack_);
    a.changes.push_back({TagPath(a.kind, kStackTagKey),
                         other.empty() ? "(none)" : nlohmann::json(other).dump(),
                         nlohmann::json(stack_).dump(),
                         {},
                         {}});
    a.tags_to_set[kStackTagKey] = stack_;
    a.reason = other.empty() ? "adopted" : "adopted from stack \"" + other + "\"";
  }

  static void SplitTags(Action& a, const TagMap& want, const TagMap& have) {
    for (const auto& [k, v] : want) {
      auto it = have.find(k);
      if (it == have.end() || it->second != v) a.tags_to_set[k] = v;
    }
    for (const auto& [k, v] : have) {
      if (!want.count(k)) a.tags_to_remove.push_back(k);
    }
  }

  // Lock, policy and notifications of a vault we manage. `have` is null for a
  // vault about to be created (or re-created); `parent` is that action's id.
  void PlanVaultParts(const Vault& want, const LiveVault* have, const std::string& parent) {
    PlanLock(want, have, parent);
    auto p = declared_.policies.find(want.name);
    PlanPolicy(want.name, p == declared_.policies.end() ? nullptr : p->second, have, parent);
    auto n = declared_.notifications.find(want.name);
    PlanNotifications(want.name, n == declared_.notifications.end() ? nullptr : n->second, have,
                      parent);
  }

  void PlanLock(const Vault& want, const LiveVault* have, const std::string& parent) {
    std::optional<VaultLock> live_lock = have ? NormalizeLock(have->spec.lock) : std::nullopt;
    if (!want.lock && !live_lock) return;
    Action a = MakeAction(ActionType::kUpdate, Kind::kVaultLock, want.name);
    if (!parent.empty()) a.depends_on.push_back(parent);
    if (want.lock && !live_lock) {
      a.type = ActionType::kCreate;
    } else if (!want.lock) {
      a.type = ActionType::kDelete;
    }
    const std::optional<VaultLock>& declared = declared_.vaults.at(want.name)->lock;
    a.changes = DiffLock(want.lock, live_lock);
    if (want.lock) {
      auto mode = [](bool compliance) {
        return compliance ? LockMode::kCompliance : LockMode::kGovernance;
      };
      std::optional<LockMode> live_mode;
      if (live_lock) live_mode = mode(have->lock_date.has_value());
      Changes modes = DiffLockMode(mode(declared->changeable_for_days.has_value()), live_mode);
      a.changes.insert(a.changes.end(), modes.begin(), modes.end());
    }
    if (a.changes.empty()) return;
    if (have && live_lock && LockImmutable(*have)) {
      a.type = ActionType::kBlocked;
      a.reason = "the vault lock is past its changeable window and can no longer be changed";
    } else if (a.type == ActionType::kDelete && !prune_) {
      return Skip("vault lock " + want.name);
    }
    // Declared (not normalised): changeableForDays is written, never compared.
    if (want.lock) a.payload = *declared;
    if (a.type != ActionType::kBlocked && want.lock && declared->changeable_for_days) {
      a.irreversible_from = now_ + static_cast<double>(*declared->changeable_for_days) * 86400;
    }
    if (a.type == ActionType::kDelete) return EmitDelete(std::move(a));
    Emit(std::move(a));
  }

  void PlanPolicy(const std::string& vault, const VaultAccessPolicy* declared,
                  const LiveVault* have, const std::string& parent) {
    if (have && !have->policy_known) return;
    static const std::optional<VaultAccessPolicy> kAbsent;
    const auto& live = have ? have->policy : kAbsent;  // a reference, never a copy
    if (!declared && !live) return;
    const VaultAccessPolicy* live_policy = live ? &*live : nullptr;
    if ((declared && PolicyTooDeep(declared->policy)) || (live && PolicyTooDeep(live->policy))) {
      return BlockDeepPolicy(vault, declared, parent);
    }
    // Equal documents normalise equally: the common, converged case skips the work.
    if (declared && live && declared->policy == live->policy) return;
    Action a = MakeAction(ActionType::kUpdate, Kind::kVaultAccessPolicy, vault);
    if (!parent.empty()) a.depends_on.push_back(parent);
    if (!declared) {
      if (!prune_) return Skip("access policy of vault " + vault);
      a.type = ActionType::kDelete;
      a.changes = DiffPolicy(nullptr, live_policy);
      return EmitDelete(std::move(a));
    }
    if (!live) a.type = ActionType::kCreate;
    a.changes = DiffPolicy(declared, live_policy, ArnPartition(have ? have->arn : ""));
    if (a.changes.empty()) return;
    a.payload = *declared;
    Emit(std::move(a));
  }

  // Never walked, so never compared or written (normalize.h).
  void BlockDeepPolicy(const std::string& vault, const VaultAccessPolicy* declared,
                       const std::string& parent) {
    Action a = MakeAction(ActionType::kBlocked, Kind::kVaultAccessPolicy, vault);
    if (!parent.empty()) a.depends_on.push_back(parent);
    a.reason =
        std::string(declared && PolicyTooDeep(declared->policy) ? "the declared" : "the live") +
        " access policy of vault " + vault + " is nested deeper than " +
        std::to_string(kMaxPolicyDepth) + " levels; it is neither compared nor written";
    Emit(std::move(a));
  }

  void PlanNotifications(const std::string& vault, const VaultNotifications* declared,
                         const LiveVault* have, const std::string& parent) {
    if (have && !have->notifications_known) return;
    static const std::optional<VaultNotifications> kAbsent;
    const auto& live = have ? have->notifications : kAbsent;
    if (!declared && !live) return;
    if (!declared && !prune_) return Skip("notifications of vault " + vault);
    VaultNotifications want = declared ? NormalizeNotifications(*declared) : VaultNotifications{};
    Changes changes =
        DiffNotifications(want, live ? NormalizeNotifications(*live) : VaultNotifications{});
    if (changes.empty() && declared) return;
    Action a = MakeAction(ActionType::kUpdate, Kind::kVaultNotifications, vault);
    if (!parent.empty()) a.depends_on.push_back(parent);
    a.changes = std::move(changes);
    if (!declared) {
      a.type = ActionType::kDelete;
      return EmitDelete(std::move(a));
    }
    if (!live) a.type = ActionType::kCreate;
    a.payload = std::move(want);
    Emit(std::move(a));
  }

  // Notifications / policies declared for vaults the tree does not declare (external vaults).
  void PlanExternalVaultParts() {
    std::set<std::string_view> names;
    for (const auto& [vault, n] : declared_.notifications) {
      if (!declared_.vaults.count(vault)) names.insert(vault);
    }
    for (const auto& [vault, p] : declared_.policies) {
      if (!declared_.vaults.count(vault)) names.insert(vault);
    }
    for (const std::string_view view : names) {
      const std::string name(view);
      auto it = live_.vaults.find(name);
      auto n = declared_.notifications.find(name);
      auto p = declared_.policies.find(name);
      if (it == live_.vaults.end()) {
        if (n != declared_.notifications.end()) BlockMissingVault(Kind::kVaultNotifications, name);
        if (p != declared_.policies.end()) BlockMissingVault(Kind::kVaultAccessPolicy, name);
        continue;
      }
      if (p != declared_.policies.end()) PlanPolicy(name, p->second, &it->second, "");
      if (n != declared_.notifications.end()) {
        PlanNotifications(name, n->second, &it->second, "");
      }
    }
  }

  void BlockMissingVault(Kind kind, const std::string& vault) {
    Action a = MakeAction(ActionType::kBlocked, kind, vault);
    a.reason = "vault " + vault + " is neither declared nor present in the account";
    Emit(std::move(a));
  }

  // ---- plans ----

  void PlanBackupPlan(const BackupPlanSpec& declared) {
    BackupPlanSpec want = NormalizeBackupPlan(declared);
    if (IsManagedName(want.name)) {
      Action a = MakeAction(ActionType::kBlocked, Kind::kBackupPlan, want.name);
      a.reason = "service-managed plan names are read-only";
      return Emit(std::move(a));
    }
    for (const auto& rule : want.rules) {
      if (declared_.vaults.count(rule.target_vault) ||
          live_.external_vaults_present.count(rule.target_vault)) {
        continue;
      }
      Action a = MakeAction(ActionType::kBlocked, Kind::kBackupPlan, want.name);
      a.reason = "rule " + rule.name + " targets vault " + rule.target_vault +
                 ", which the tree does not declare and the account does not hold";
      return Emit(std::move(a));
    }
    auto it = live_.plans.find(want.name);
    if (it == live_.plans.end() || it->second.empty()) return CreateBackupPlan(want, declared);
    if (it->second.size() > 1) {
      Action a = MakeAction(ActionType::kConflict, Kind::kBackupPlan, want.name);
      a.reason = std::to_string(it->second.size()) + " live plans share this name (ids";
      for (const auto& p : it->second) a.reason += " " + p.id;
      a.reason += "); backupctl never picks one: delete or rename the extra ones";
      return Emit(std::move(a));
    }
    const LiveBackupPlan& have = it->second.front();
    if (!have.owned && !have.tags_known) return;  // ownership unknown
    if (!have.owned && !options_.adopt) {
      Action a = MakeAction(ActionType::kConflict, Kind::kBackupPlan, want.name);
      a.reason = NotOurs("plan", have.ownership) + "; run with --adopt to take it over";
      return Emit(std::move(a));
    }
    UpdateBackupPlan(want, declared, have);
    PlanSelections(want.name, &have, "");
  }

  void CreateBackupPlan(const BackupPlanSpec& want, const BackupPlanSpec& declared) {
    Action a = MakeAction(ActionType::kCreate, Kind::kBackupPlan, want.name);
    BackupPlanSpec document = want;
    document.tags.clear();
    a.creator_request_id =
        MakeCreatorRequestId(stack_, Kind::kBackupPlan, want.name, CanonicalSpec(document));
    a.changes = DiffBackupPlanDocument(want, BackupPlanSpec{});
    for (const auto& [k, v] : want.tags)
      a.changes.push_back({TagPath(a.kind, k), "(none)", nlohmann::json(v).dump(), {}, {}});
    BackupPlanSpec& plan = a.payload.emplace<BackupPlanSpec>(declared);
    plan.tags[kStackTagKey] = stack_;
    AddVaultDependencies(a, want);
    Emit(std::move(a));
    PlanSelections(want.name, nullptr, BackupPlanActionId(want.name));
  }

  void UpdateBackupPlan(const BackupPlanSpec& want, const BackupPlanSpec& declared,
                        const LiveBackupPlan& have) {
    Action a = MakeAction(ActionType::kUpdate, Kind::kBackupPlan, want.name);
    a.arn = have.arn;
    a.backup_plan_id = have.id;
    if (have.document_known) {
      a.changes = DiffBackupPlanDocument(want, NormalizeBackupPlan(have.spec));
      a.document_changed = !a.changes.empty();
    }
    if (have.tags_known) {
      TagMap live_tags = NormalizeTags(have.spec.tags);
      Changes tags = DiffTags(Kind::kBackupPlan, want.tags, live_tags);
      a.changes.insert(a.changes.end(), tags.begin(), tags.end());
      SplitTags(a, want.tags, live_tags);
    }
    if (!have.owned) AdoptTag(a, have.ownership);
    if (a.changes.empty()) return;
    a.payload = declared;
    if (a.document_changed) KeepLiveMembers(have.spec, a);
    AddVaultDependencies(a, want);
    backup_plan_actions_[want.name] = a.id;
    Emit(std::move(a));
  }

  // What the live plan holds that backupctl does not declare goes back as it
  // is (convert.h), and the plan says so.
  static void KeepLiveMembers(const BackupPlanSpec& live, Action& a) {
    BackupPlanSpec& plan = std::get<BackupPlanSpec>(a.payload);
    plan.kept = live.kept;
    for (const auto& [member, value] : plan.kept) a.kept.push_back(member + " " + value.dump());
    std::map<std::string_view, const Rule*> live_rules;
    for (const auto& r : live.rules) live_rules[r.name] = &r;
    for (auto& rule : plan.rules) {
      auto it = live_rules.find(rule.name);
      if (it == live_rules.end()) continue;
      rule.kept = it->second->kept;
      for (const auto& [member, value] : rule.kept) {
        a.kept.push_back("rule " + rule.name + ": " + member + " " + value.dump());
      }
    }
  }

  // A plan names its target vaults and, by ARN, its copy destinations.
  void AddVaultDependencies(Action& a, const BackupPlanSpec& plan) {
    std::set<std::string> vaults;
    for (const auto& rule : plan.rules) {
      vaults.insert(rule.target_vault);
      for (const auto& c : rule.copy_actions)
        vaults.insert(VaultNameFromArn(c.destination_vault_arn));
    }
    for (const auto& v : vaults) {
      if (vault_actions_.count(v)) a.depends_on.push_back(VaultActionId(v));
    }
  }

  void PlanSelections(const std::string& plan_name, const LiveBackupPlan* have,
                      const std::string& parent) {
    if (have && !have->selections_known) return;
    std::map<std::string_view, std::vector<const LiveSelection*>> live;
    if (have) {
      for (const auto& s : have->selections) live[s.spec.name].push_back(&s);
    }
    std::set<std::string_view> declared;
    auto it = declared_.selections.find(plan_name);
    if (it != declared_.selections.end()) {
      for (const Selection* s : it->second) {
        declared.insert(s->name);
        auto l = live.find(s->name);
        PlanSelection(*s, have, l == live.end() ? nullptr : &l->second, parent);
      }
    }
    for (const auto& [name, group] : live) {
      if (declared.count(name)) continue;
      if (!prune_) {
        Skip("selection " + plan_name + "/" + std::string(name));
        continue;
      }
      Action a =
          MakeAction(ActionType::kDelete, Kind::kSelection, plan_name + "/" + std::string(name));
      a.backup_plan_id = have->id;
      for (const auto* s : group) a.old_selection_ids.push_back(s->selection_id);
      EmitDelete(std::move(a));
    }
  }

  void PlanSelection(const Selection& declared, const LiveBackupPlan* have,
                     const std::vector<const LiveSelection*>* group, const std::string& parent) {
    Selection want = NormalizeSelection(declared);
    const LiveSelection* match = nullptr;
    if (group) {
      for (const auto* s : *group) {
        if (!s->known) return;  // unreadable: no create, no delete
        if (!match && DiffSelection(want, NormalizeSelection(s->spec)).empty()) match = s;
      }
      if (match && group->size() == 1) return;  // converged: no action is built
    }
    Action a =
        MakeAction(ActionType::kCreate, Kind::kSelection, declared.plan + "/" + declared.name);
    if (!parent.empty()) a.depends_on.push_back(parent);
    a.payload = declared;
    if (have) a.backup_plan_id = have->id;
    // The id hashes the canonical spec: made only for a selection to create.
    auto creator_request_id = [&] {
      return MakeCreatorRequestId(stack_, Kind::kSelection, a.name, CanonicalSpec(want));
    };
    if (!group) {
      a.creator_request_id = creator_request_id();
      a.changes = DiffSelection(want, Selection{});
      return Emit(std::move(a));
    }
    a.type = ActionType::kReplace;
    for (const auto* s : *group) {
      if (s != match) a.old_selection_ids.push_back(s->selection_id);
    }
    if (match) {
      a.payload = std::monostate{};
      a.reason = "duplicate selections of this name (an interrupted replace): the extra ones go";
      a.changes.push_back({"duplicates", std::to_string(group->size()), "1", {}, {}});
    } else {
      a.creator_request_id = creator_request_id();
      a.changes = DiffSelection(want, NormalizeSelection(group->front()->spec));
      a.reason = "selections are immutable: the new one is created before the old one is deleted";
    }
    Emit(std::move(a));
  }

  // ---- what the stack owns and the tree no longer declares ----

  void PlanUndeclaredBackupPlans() {
    for (const auto& [name, group] : live_.plans) {
      if (declared_.plans.count(name)) continue;
      for (const auto& have : group) {
        const std::string id_suffix = group.size() > 1 ? "@" + have.id : "";
        if (!have.owned) {
          if (prune_ && TakenOver(have.ownership)) {
            EmitTakenOver(Kind::kBackupPlan, name, id_suffix, have.ownership);
          }
          continue;
        }
        if (!prune_) {
          Skip("plan " + name);
          continue;
        }
        if (!have.selections_known) continue;  // its selections are unknown: it cannot go
        Action a = MakeAction(ActionType::kDelete, Kind::kBackupPlan, name);
        if (group.size() > 1) a.id += "@" + have.id;
        a.backup_plan_id = have.id;
        a.arn = have.arn;
        std::map<std::string, std::vector<std::string>> by_name;
        for (const auto& s : have.selections) by_name[s.spec.name].push_back(s.selection_id);
        for (auto& [selection, ids] : by_name) {
          Action d = MakeAction(ActionType::kDelete, Kind::kSelection, name + "/" + selection);
          if (group.size() > 1) d.id += "@" + have.id;
          d.backup_plan_id = have.id;
          d.old_selection_ids = std::move(ids);
          a.depends_on.push_back(d.id);
          EmitDelete(std::move(d));
        }
        backup_plan_actions_[name] = a.id;
        EmitDelete(std::move(a));
      }
    }
  }

  // Vault name -> ids of the plan actions (update or delete) whose live rules
  // target it or copy to it.
  std::map<std::string, std::set<std::string>> BackupPlanActionsByTarget() const {
    std::map<std::string, std::set<std::string>> out;
    for (const auto& [plan_name, id] : backup_plan_actions_) {
      auto it = live_.plans.find(plan_name);
      if (it == live_.plans.end()) continue;
      for (const auto& p : it->second) {
        for (const auto& rule : p.spec.rules) {
          out[rule.target_vault].insert(id);
          for (const auto& c : rule.copy_actions) {
            out[VaultNameFromArn(c.destination_vault_arn)].insert(id);
          }
        }
      }
    }
    return out;
  }

  void PlanUndeclaredVaults() {
    const auto targets = BackupPlanActionsByTarget();
    // A plan this run deletes or rewrites stops using the vault before it goes.
    auto changed_here = [this](const std::string& plan) {
      return backup_plan_actions_.count(plan) > 0;
    };
    for (const auto& [name, have] : live_.vaults) {
      if (declared_.vaults.count(name)) continue;
      if (!have.owned) {
        if (prune_ && TakenOver(have.ownership)) {
          EmitTakenOver(Kind::kVault, name, "", have.ownership);
        }
        continue;
      }
      if (!prune_) {
        Skip("vault " + name);
        continue;
      }
      Action a = MakeAction(ActionType::kDelete, Kind::kVault, name);
      a.arn = have.arn;
      if (have.recovery_points > 0) {
        a.type = ActionType::kBlocked;
        a.reason = "the vault holds " + std::to_string(have.recovery_points) +
                   " recovery points; AWS deletes only empty vaults";
      } else if (LockImmutable(have)) {
        a.type = ActionType::kBlocked;
        a.reason = "the vault lock is past its changeable window; the vault cannot be deleted";
      } else if (auto uses = uses_.Of(name, have.arn, changed_here); !uses.empty()) {
        a.type = ActionType::kBlocked;
        a.reason = "the vault is in use: " + Join(uses, "; ") + "; it is never pruned while in use";
      }
      // Plans that still target it change or go first.
      auto t = targets.find(name);
      if (t != targets.end() && a.type != ActionType::kBlocked) {
        a.depends_on.assign(t->second.begin(), t->second.end());
      }
      if (a.type == ActionType::kBlocked) {
        forward_.push_back(std::move(a));
      } else {
        EmitDelete(std::move(a));
      }
    }
  }

  // ---- ordering ----

  void Finish(ActionPlan& plan) {
    std::vector<Action> all = std::move(forward_);
    // Deletes in reverse creation order: selections, plans, vault parts, vaults.
    for (Kind kind : {Kind::kSelection, Kind::kBackupPlan, Kind::kVaultNotifications,
                      Kind::kVaultAccessPolicy, Kind::kVaultLock, Kind::kVault}) {
      auto& list = deletes_[static_cast<int>(kind)];
      for (auto& a : list) all.push_back(std::move(a));
    }
    std::map<std::string, int> level;
    std::set<std::string> present;
    for (const auto& a : all) present.insert(a.id);
    for (auto& a : all) {
      std::erase_if(a.depends_on, [&](const std::string& d) { return !present.count(d); });
      int l = 0;
      for (const auto& d : a.depends_on) l = std::max(l, level[d] + 1);
      a.level = l;
      level[a.id] = l;
    }
    std::stable_sort(all.begin(), all.end(),
                     [](const Action& a, const Action& b) { return a.level < b.level; });
    plan.actions = std::move(all);
    plan.notes = std::move(notes_);
  }

  const DesiredState& desired_;
  const LiveState& live_;
  const PlanOptions& options_;
  const DeclaredIndex& declared_;
  const VaultUses& uses_;
  double now_ = 0;
  std::string stack_;
  bool prune_ = false;
  std::set<std::string> vault_actions_;                     // create / replace, or a type conflict
  std::map<std::string, std::string> backup_plan_actions_;  // plan name -> its update action id
  std::vector<Action> forward_;
  std::map<int, std::vector<Action>> deletes_;
  std::vector<std::string> notes_;
};

}  // namespace

const char* ActionTypeName(ActionType type) {
  switch (type) {
    case ActionType::kCreate:
      return "create";
    case ActionType::kUpdate:
      return "update";
    case ActionType::kReplace:
      return "replace";
    case ActionType::kDelete:
      return "delete";
    case ActionType::kBlocked:
      return "blocked";
    case ActionType::kConflict:
      return "conflict";
  }
  return "unknown";
}

std::optional<ActionType> ActionTypeFromName(const std::string& name) {
  for (ActionType t : {ActionType::kCreate, ActionType::kUpdate, ActionType::kReplace,
                       ActionType::kDelete, ActionType::kBlocked, ActionType::kConflict}) {
    if (name == ActionTypeName(t)) return t;
  }
  return std::nullopt;
}

std::optional<Kind> KindFromName(const std::string& name) {
  for (Kind k : {Kind::kVault, Kind::kVaultLock, Kind::kVaultAccessPolicy,
                 Kind::kVaultNotifications, Kind::kBackupPlan, Kind::kSelection}) {
    if (name == KindName(k)) return k;
  }
  return std::nullopt;
}

PlanResult MakePlan(const DesiredState& desired, const LiveState& live,
                    const PlanOptions& options) {
  const DeclaredIndex declared(desired);
  const VaultUses uses(desired, live);
  return Planner(desired, live, options, declared, uses).Run();
}

PlanSummary Summarize(const ActionPlan& plan) {
  PlanSummary s;
  for (const auto& a : plan.actions) {
    switch (a.type) {
      case ActionType::kCreate:
        ++s.add;
        break;
      case ActionType::kUpdate:
        ++s.change;
        ++s.drifted_by_kind[KindName(a.kind)];
        break;
      case ActionType::kReplace:
        ++s.replace;
        ++s.drifted_by_kind[KindName(a.kind)];
        break;
      case ActionType::kDelete:
        ++s.destroy;
        break;
      case ActionType::kBlocked:
        ++s.blocked;
        break;
      case ActionType::kConflict:
        ++s.conflict;
        break;
    }
    ++s.by_type_and_kind[std::string(ActionTypeName(a.type)) + " " + KindName(a.kind)];
  }
  s.unknown = static_cast<int>(plan.unknowns.size());
  return s;
}

}  // namespace backupctl
