// Vaults and their lock, access policy and notifications: declared ones
// created, replaced or updated; undeclared owned ones pruned when allowed.

#include "reconcile/planner.h"

#include <set>

#include "base/strings.h"
#include "desired/policy_json.h"
#include "reconcile/identity.h"
#include "reconcile/model_json.h"
#include "reconcile/normalize.h"

namespace backupctl::planning {

void Planner::PlanVault(const Vault& declared) {
  Vault want = NormalizeVault(declared);
  if (BlockManagedName(Kind::kVault, want.name, "vault")) return;
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

void Planner::CreateVault(const Vault& want, const Vault& declared) {
  Action a = CreateAction(Kind::kVault, want.name, VaultIdentitySpec(want));
  AddNewTags(a, want.tags);
  if (want.encryption_key_arn) {
    a.changes.push_back(
        {"encryptionKeyArn", "(none)", nlohmann::json(*want.encryption_key_arn).dump(), {}, {}});
  }
  Vault spec = declared;
  spec.lock.reset();
  spec.tags[kStackTagKey] = stack_;
  a.payload = std::move(spec);
  vault_actions_.insert(want.name);
  Emit(std::move(a));
  PlanVaultParts(want, nullptr, VaultActionId(want.name));
}

std::string Planner::VaultIdentitySpec(const Vault& v) {
  return v.name + "|" + v.encryption_key_arn.value_or("");
}

void Planner::ReplaceVault(const Vault& want, const Vault& declared, const LiveVault& have,
                           Changes key) {
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
    a.reason = "changing the encryption key deletes and re-creates the vault, and it is in use: " +
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

void Planner::UpdateVaultTags(const Vault& want, const LiveVault& have) {
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

// Lock, policy and notifications of a vault we manage. `have` is null for a
// vault about to be created (or re-created); `parent` is that action's id.
void Planner::PlanVaultParts(const Vault& want, const LiveVault* have, const std::string& parent) {
  PlanLock(want, have, parent);
  auto p = declared_.policies.find(want.name);
  PlanPolicy(want.name, p == declared_.policies.end() ? nullptr : p->second, have, parent);
  auto n = declared_.notifications.find(want.name);
  PlanNotifications(want.name, n == declared_.notifications.end() ? nullptr : n->second, have,
                    parent);
}

void Planner::PlanLock(const Vault& want, const LiveVault* have, const std::string& parent) {
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

void Planner::PlanPolicy(const std::string& vault, const VaultAccessPolicy* declared,
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
void Planner::BlockDeepPolicy(const std::string& vault, const VaultAccessPolicy* declared,
                              const std::string& parent) {
  Action a = MakeAction(ActionType::kBlocked, Kind::kVaultAccessPolicy, vault);
  if (!parent.empty()) a.depends_on.push_back(parent);
  a.reason =
      std::string(declared && PolicyTooDeep(declared->policy) ? "the declared" : "the live") +
      " access policy of vault " + vault + " is nested deeper than " +
      std::to_string(kMaxPolicyDepth) + " levels; it is neither compared nor written";
  Emit(std::move(a));
}

void Planner::PlanNotifications(const std::string& vault, const VaultNotifications* declared,
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
void Planner::PlanExternalVaultParts() {
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

void Planner::BlockMissingVault(Kind kind, const std::string& vault) {
  Action a = MakeAction(ActionType::kBlocked, kind, vault);
  a.reason = "vault " + vault + " is neither declared nor present in the account";
  Emit(std::move(a));
}

void Planner::PlanUndeclaredVaults() {
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

}  // namespace backupctl::planning
