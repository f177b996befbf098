#include "reconcile/plan.h"

#include <algorithm>
#include <chrono>
#include <iterator>

#include "reconcile/identity.h"
#include "reconcile/planner.h"

namespace backupctl {
namespace planning {
namespace {

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
    case Kind::kRegionSettings:
      return "region-settings:";
    case Kind::kGlobalSettings:
      return "global-settings:";
  }
  return "";
}

double SystemNow() {
  using namespace std::chrono;
  return duration<double>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

std::string VaultActionId(const std::string& name) { return "vault:" + name; }
std::string BackupPlanActionId(const std::string& name) { return "plan:" + name; }

Action MakeAction(ActionType type, Kind kind, const std::string& name) {
  Action a;
  a.id = ActionPrefix(kind) + name;
  a.type = type;
  a.kind = kind;
  a.name = name;
  return a;
}

DeclaredIndex::DeclaredIndex(const DesiredState& desired) {
  vaults.reserve(desired.vaults.size());
  backup_plans.reserve(desired.plans.size());
  selections.reserve(desired.plans.size());
  notifications.reserve(desired.notifications.size());
  policies.reserve(desired.access_policies.size());
  for (const auto& v : desired.vaults) vaults[v.name] = &v;
  for (const auto& p : desired.plans) backup_plans.insert(p.name);
  for (const auto& s : desired.selections) selections[s.plan].push_back(&s);
  for (const auto& n : desired.notifications) notifications[n.vault] = &n;
  for (const auto& p : desired.access_policies) policies[p.vault] = &p;
}

Planner::Planner(const DesiredState& desired, const LiveState& live, const PlanOptions& options,
                 const DeclaredIndex& declared, const VaultUses& uses)
    : desired_(desired), live_(live), options_(options), declared_(declared), uses_(uses) {
  now_ = options.now > 0 ? options.now : SystemNow();
  stack_ = desired.project.stack;
  prune_ = options.prune && desired.ResourceCount() > 0;
}

PlanResult Planner::Run() {
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
  PlanSettings();
  WarnNotOptedIn();
  InLanes(desired_.vaults.size(),
          [this](Planner& lane, size_t i) { lane.PlanVault(desired_.vaults[i]); });
  PlanExternalVaultParts();
  InLanes(desired_.plans.size(),
          [this](Planner& lane, size_t i) { lane.PlanBackupPlan(desired_.plans[i]); });
  PlanUndeclaredBackupPlans();
  PlanUndeclaredVaults();
  Finish(plan);
  int deletes = 0;
  for (const auto& a : plan.actions) {
    if (a.type == ActionType::kDelete || (a.type == ActionType::kReplace && a.kind == Kind::kVault))
      ++deletes;
  }
  if (deletes > options_.max_deletes && !options_.force_deletes) {
    result.error = "the plan would delete " + std::to_string(deletes) +
                   " resources, more than --max-deletes=" + std::to_string(options_.max_deletes) +
                   "; refusing the whole plan (raise --max-deletes or pass --force-deletes)";
  }
  return result;
}

void Planner::EmitDelete(Action action) {
  deletes_[static_cast<int>(action.kind)].push_back(std::move(action));
}

bool Planner::BlockManagedName(Kind kind, const std::string& name, const char* what) {
  if (!IsManagedName(name)) return false;
  Action a = MakeAction(ActionType::kBlocked, kind, name);
  a.reason = std::string("service-managed ") + what + " names are read-only";
  Emit(std::move(a));
  return true;
}

void Planner::Skip(const std::string& what) {
  notes_.push_back("owned " + what + " is no longer declared; run with --prune to delete it");
}

// Why a live vault or plan of a declared name is not this stack's.
std::string Planner::NotOurs(const char* what, const Ownership& o) const {
  const std::string other = o.OtherStack(stack_);
  if (other.empty()) {
    return std::string("a ") + what + " of this name exists and is not owned by stack \"" + stack_ +
           "\"";
  }
  return std::string("this ") + what + " belongs to stack \"" + other + "\" (its " + kStackTagKey +
         " tag)";
}

// Made by this stack, since adopted by another: never pruned, and said so.
bool Planner::TakenOver(const Ownership& o) const {
  return o.made_here && !o.OtherStack(stack_).empty();
}

void Planner::EmitTakenOver(Kind kind, const std::string& name, const std::string& id_suffix,
                            const Ownership& o) {
  Action a = MakeAction(ActionType::kConflict, kind, name);
  a.id += id_suffix;
  a.reason = "made by this stack, it now belongs to stack \"" + o.OtherStack(stack_) + "\" (its " +
             kStackTagKey + " tag), which adopted it; no longer declared here, it is never " +
             "pruned by this stack";
  Emit(std::move(a));
}

void Planner::AdoptTag(Action& a, const Ownership& o) const {
  const std::string other = o.OtherStack(stack_);
  a.changes.push_back({TagPath(a.kind, kStackTagKey),
                       other.empty() ? "(none)" : nlohmann::json(other).dump(),
                       nlohmann::json(stack_).dump(),
                       {},
                       {}});
  a.tags_to_set[kStackTagKey] = stack_;
  a.reason = other.empty() ? "adopted" : "adopted from stack \"" + other + "\"";
}

Action Planner::CreateAction(Kind kind, const std::string& name,
                             const std::string& identity) const {
  Action a = MakeAction(ActionType::kCreate, kind, name);
  a.creator_request_id = MakeCreatorRequestId(stack_, kind, name, identity);
  return a;
}

void Planner::AddNewTags(Action& a, const TagMap& tags) {
  for (const auto& [k, v] : tags) {
    a.changes.push_back({TagPath(a.kind, k), "(none)", nlohmann::json(v).dump(), {}, {}});
  }
}

void Planner::SplitTags(Action& a, const TagMap& want, const TagMap& have) {
  for (const auto& [k, v] : want) {
    auto it = have.find(k);
    if (it == have.end() || it->second != v) a.tags_to_set[k] = v;
  }
  for (const auto& [k, v] : have) {
    if (!want.count(k)) a.tags_to_remove.push_back(k);
  }
}

}  // namespace planning

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
  for (Kind k :
       {Kind::kVault, Kind::kVaultLock, Kind::kVaultAccessPolicy, Kind::kVaultNotifications,
        Kind::kBackupPlan, Kind::kSelection, Kind::kRegionSettings, Kind::kGlobalSettings}) {
    if (name == KindName(k)) return k;
  }
  return std::nullopt;
}

PlanResult MakePlan(const DesiredState& desired, const LiveState& live,
                    const PlanOptions& options) {
  const planning::DeclaredIndex declared(desired);
  const VaultUses uses(desired, live);
  return planning::Planner(desired, live, options, declared, uses).Run();
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
