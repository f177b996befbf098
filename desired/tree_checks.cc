#include "desired/tree_checks.h"

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "desired/values.h"

namespace backupctl {
namespace {

// Did-you-mean hints compare against every name; skip them on huge trees.
constexpr size_t kMaxHintCandidates = 2000;

void Error(std::vector<Diagnostic>* out, const SourceLocation& at, std::string message) {
  out->push_back({Severity::kError, at, std::move(message)});
}

using NamePair = std::pair<std::string_view, std::string_view>;

struct NamePairHash {
  size_t operator()(const NamePair& p) const {
    std::hash<std::string_view> h;
    return h(p.first) * 31 + h(p.second);
  }
};

// Reports every repeat of a key at the repeat, naming the first occurrence.
// Keys are views of the names: one hash lookup each, no copy.
template <typename Key, typename Hash = std::hash<Key>, typename KeyOf, typename Message>
void CheckUnique(const TreeIndex& index, size_t n, const std::vector<TreeMark>& at, KeyOf key_of,
                 Message message, std::vector<Diagnostic>* out) {
  std::unordered_map<Key, size_t, Hash> first;
  first.reserve(n);
  for (size_t i = 0; i < n && i < at.size(); ++i) {
    auto [it, fresh] = first.emplace(key_of(i), i);
    if (!fresh) {
      Error(out, index.Where(at[i]),
            message(i) + "; first declared at " + index.Where(at[it->second]).ToString());
    }
  }
}

std::string Hint(const std::string& name, const std::vector<std::string_view>& names) {
  if (names.size() > kMaxHintCandidates) return "";
  std::string close = ClosestMatch(name, names);
  return close.empty() ? "" : "; did you mean \"" + close + "\"?";
}

// Region and global settings are singletons: whatever their names, a second
// document of the kind is an error at its kind, naming the first.
void CheckSingleton(const TreeIndex& index, const std::vector<TreeMark>& at, Kind kind,
                    std::vector<Diagnostic>* out) {
  for (size_t i = 1; i < at.size(); ++i) {
    Error(out, index.Where(at[i]),
          std::string("a second ") + KindName(kind) +
              ": a tree declares at most one (the name is only a label); the first is at " +
              index.Where(at[0]).ToString());
  }
}

void CheckDuplicates(const DesiredState& s, const TreeIndex& index, std::vector<Diagnostic>* out) {
  CheckSingleton(index, index.region_settings, Kind::kRegionSettings, out);
  CheckSingleton(index, index.global_settings, Kind::kGlobalSettings, out);
  CheckUnique<std::string_view>(
      index, s.vaults.size(), index.vault_names,
      [&](size_t i) -> std::string_view { return s.vaults[i].name; },
      [&](size_t i) { return "duplicate BackupVault \"" + s.vaults[i].name + "\""; }, out);
  CheckUnique<std::string_view>(
      index, s.plans.size(), index.plan_names,
      [&](size_t i) -> std::string_view { return s.plans[i].name; },
      [&](size_t i) { return "duplicate BackupPlan \"" + s.plans[i].name + "\""; }, out);
  CheckUnique<NamePair, NamePairHash>(
      index, s.selections.size(), index.selection_names,
      [&](size_t i) { return NamePair(s.selections[i].plan, s.selections[i].name); },
      [&](size_t i) {
        return "duplicate BackupSelection \"" + s.selections[i].name + "\" in plan \"" +
               s.selections[i].plan + "\"";
      },
      out);
  CheckUnique<std::string_view>(
      index, s.notifications.size(), index.notification_vaults,
      [&](size_t i) -> std::string_view { return s.notifications[i].vault; },
      [&](size_t i) {
        return "vault \"" + s.notifications[i].vault + "\" has a second BackupVaultNotifications";
      },
      out);
  CheckUnique<std::string_view>(
      index, s.access_policies.size(), index.policy_vaults,
      [&](size_t i) -> std::string_view { return s.access_policies[i].vault; },
      [&](size_t i) {
        return "vault \"" + s.access_policies[i].vault + "\" has a second BackupVaultAccessPolicy";
      },
      out);
}

void CheckReferences(const DesiredState& s, const TreeIndex& index, std::vector<Diagnostic>* out) {
  std::unordered_map<std::string_view, size_t> vaults, external;
  std::vector<std::string_view> vault_names, plan_names;
  for (size_t i = 0; i < s.vaults.size(); ++i) {
    vaults.emplace(s.vaults[i].name, i);
    vault_names.push_back(s.vaults[i].name);
  }
  for (size_t i = 0; i < s.project.external_vaults.size(); ++i) {
    const std::string& name = s.project.external_vaults[i];
    external.emplace(name, i);
    vault_names.push_back(name);
    auto declared = vaults.find(name);
    if (declared != vaults.end() && declared->second < index.vault_names.size()) {
      Error(out, index.Where(index.vault_names[declared->second]),
            "vault \"" + name + "\" is declared here and also listed in externalVaults");
    }
  }
  for (const NamedAt& ref : index.vault_refs) {
    if (vaults.count(ref.name) == 0 && external.count(ref.name) == 0) {
      Error(out, index.Where(ref.at),
            "unknown vault \"" + ref.name +
                "\": not declared in the tree nor listed in externalVaults" +
                Hint(ref.name, vault_names));
    }
  }
  std::unordered_map<std::string_view, size_t> plans;
  for (const BackupPlanSpec& p : s.plans) {
    plans.emplace(p.name, 0);
    plan_names.push_back(p.name);
  }
  for (const NamedAt& ref : index.plan_refs) {
    if (plans.count(ref.name) == 0) {
      Error(out, index.Where(ref.at),
            "unknown plan \"" + ref.name + "\"" + Hint(ref.name, plan_names));
    }
  }
}

// The vault of the tree whose lock governs `use`, or "" when there is none
// to check. A copy lands in the tree only when the tree names its region and
// the destination ARN is in it with a declared vault's name: without
// target.accountId, the account cannot be known offline, and another
// region's vault may share the name. With it, CheckAcrossTargets
// (placement.h) checks copies, account and all.
std::string_view GovernedVault(const RetentionUse& use, const Project& project) {
  if (use.copy_arn.empty()) return use.vault;
  if (SingleTargetSpec(project)) return "";
  std::string_view arn = use.copy_arn;  // arn:PARTITION:backup:REGION:ACCOUNT:backup-vault:NAME
  std::string_view parts[7];
  for (int i = 0; i < 6; ++i) {
    size_t colon = arn.find(':');
    if (colon == std::string_view::npos) return "";
    parts[i] = arn.substr(0, colon);
    arn.remove_prefix(colon + 1);
  }
  parts[6] = arn;
  if (parts[5] != "backup-vault" || !project.target.region) return "";
  return parts[3] == *project.target.region ? parts[6] : "";
}

// A vault lock fails every job whose retention is outside its bounds; AWS
// accepts the plan, so nothing but validate would say so before the jobs fail.
void CheckRetentionAgainstLocks(const DesiredState& s, const TreeIndex& index,
                                std::vector<Diagnostic>* out) {
  std::unordered_map<std::string_view, const VaultLock*> locks;
  for (const Vault& v : s.vaults) {
    if (v.lock) locks.emplace(v.name, &*v.lock);
  }
  if (locks.empty()) return;
  for (const RetentionUse& use : index.retention) {
    std::string_view vault = GovernedVault(use, s.project);
    auto it = locks.find(vault);
    if (it == locks.end()) continue;
    std::string problem = RetentionProblem(use, *it->second);
    if (problem.empty()) continue;
    std::string prefix = use.copy_arn.empty() ? "" : "copy to \"" + use.copy_arn + "\": ";
    Error(out, index.Where(use.at),
          prefix + problem + " of vault \"" + std::string(vault) + "\"'s lock: every " +
              (use.copy_arn.empty() ? "backup" : "copy") + " job would fail");
  }
}

}  // namespace

std::string RetentionProblem(const RetentionUse& use, const VaultLock& lock) {
  const auto& days = use.delete_after_days;
  std::string what = days ? "deleteAfterDays (" + std::to_string(*days) + ")"
                          : std::string("no deleteAfterDays (kept forever)");
  if (lock.min_retention_days && days && *days < *lock.min_retention_days) {
    return what + " is below minRetentionDays (" + std::to_string(*lock.min_retention_days) + ")";
  }
  if (lock.max_retention_days && (!days || *days > *lock.max_retention_days)) {
    return what + " is above maxRetentionDays (" + std::to_string(*lock.max_retention_days) + ")";
  }
  return "";
}

SourceLocation TreeIndex::Where(const TreeMark& at) const {
  SourceLocation where{at.file < files.size() ? files[at.file] : "", 0, 0};
  if (at.mark.line >= 0) {
    where.line = at.mark.line + 1;
    where.column = at.mark.column + 1;
  }
  return where;
}

void CheckTree(const DesiredState& state, const TreeIndex& index, bool check_references,
               std::vector<Diagnostic>* out) {
  CheckDuplicates(state, index, out);
  if (check_references) CheckReferences(state, index, out);
  CheckRetentionAgainstLocks(state, index, out);
}

}  // namespace backupctl
