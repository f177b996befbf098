#include "desired/placement.h"

#include <unordered_set>

#include "desired/tree_checks.h"

namespace backupctl {
namespace {

bool IsOurs(const YamlNode& doc) {
  if (!doc.IsMap()) return false;
  const YamlNode api = Child(doc, "apiVersion");
  return !api.IsScalar() || api.Scalar().rfind("backupctl", 0) == 0;
}

bool HasAllLabels(const TargetSpec& target,
                  const std::vector<std::pair<YamlNode, std::string>>& selector) {
  for (const auto& [key, value] : selector) {
    auto it = target.labels.find(std::string(key.Scalar()));
    if (it == target.labels.end() || it->second != value) return false;
  }
  return true;
}

// arn:PARTITION:backup:REGION:ACCOUNT:backup-vault:NAME, split; false if not one.
bool SplitVaultArn(std::string_view arn, std::string_view parts[7]) {
  for (int i = 0; i < 6; ++i) {
    size_t colon = arn.find(':');
    if (colon == std::string_view::npos) return false;
    parts[i] = arn.substr(0, colon);
    arn.remove_prefix(colon + 1);
  }
  parts[6] = arn;
  return parts[0] == "arn" && parts[2] == "backup" && parts[5] == "backup-vault";
}

// Where a copy lands, for messages: a named target, or a tree's one account.
std::string OnTarget(const TargetSpec& target) {
  if (target.name.empty()) return " in this account and region (target.accountId, target.region)";
  return " on target \"" + target.name + "\" (that account and region)";
}

}  // namespace

std::vector<size_t> PlaceDocument(const YamlNode& doc, FileContext& ctx,
                                  const std::vector<TargetSpec>& targets) {
  if (!IsOurs(doc)) return {0};
  const YamlNode metadata = Child(doc, "metadata");
  const YamlNode names = Child(metadata, "targets");
  const YamlNode selector = Child(metadata, "targetSelector");
  if (!names.IsDefined() && !selector.IsDefined()) {
    ctx.Error(metadata.IsDefined() ? metadata : doc,
              "in a tree with targets, a document says where it lives: metadata.targets (names) "
              "or metadata.targetSelector (labels)");
    return {};
  }
  if (names.IsDefined() && selector.IsDefined()) {
    ctx.Error(selector, "metadata.targets and metadata.targetSelector: use one, not both");
    return {};
  }
  std::vector<size_t> placed;
  if (names.IsDefined()) {
    std::unordered_set<std::string_view> seen;
    for (const YamlNode name : names.Items()) {
      if (!name.IsScalar()) continue;  // the shape check reports it
      if (!seen.insert(name.Scalar()).second) {
        ctx.Error(name, "target \"" + std::string(name.Scalar()) + "\" is listed twice");
        continue;
      }
      size_t i = 0;
      while (i < targets.size() && targets[i].name != name.Scalar()) ++i;
      if (i == targets.size()) {
        ctx.Error(name, "unknown target \"" + std::string(name.Scalar()) +
                            "\": not in backupctl.yaml's targets");
      } else {
        placed.push_back(i);
      }
    }
    if (names.IsSequence() && names.size() == 0) ctx.Error(names, "metadata.targets is empty");
    return placed;
  }
  auto labels = GetStringMap(metadata, "targetSelector");
  for (size_t i = 0; i < targets.size(); ++i) {
    if (HasAllLabels(targets[i], labels)) placed.push_back(i);
  }
  if (placed.empty() && selector.IsMap()) {
    ctx.Warning(ctx.At(selector), "metadata.targetSelector matches no target");
  }
  return placed;
}

void RefusePlacement(const YamlNode& doc, FileContext& ctx) {
  if (!IsOurs(doc)) return;
  const YamlNode metadata = Child(doc, "metadata");
  for (const char* key : {"targets", "targetSelector"}) {
    const YamlNode node = Child(metadata, key);
    if (node.IsDefined()) {
      ctx.Error(node, std::string("metadata.") + key +
                          " needs targets declared in backupctl.yaml; this tree has one target");
    }
  }
}

std::string SubstituteTarget(std::string_view text, const TargetSpec& target) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    if (text.compare(i, 3, "$${") == 0) {
      out += "${";
      i += 3;
      continue;
    }
    if (text.compare(i, 2, "${") == 0) {
      size_t close = text.find('}', i + 2);
      std::string_view name =
          close == std::string_view::npos ? "" : text.substr(i + 2, close - i - 2);
      const std::string* value = name == "account"     ? &target.account_id
                                 : name == "region"    ? &target.region
                                 : name == "partition" ? &target.partition
                                 : name == "target"    ? &target.name
                                                       : nullptr;
      if (value != nullptr) {
        out += *value;
        i = close + 1;
        continue;
      }
    }
    out += text[i++];
  }
  return out;
}

void CheckAcrossTargets(const std::vector<TargetShare>& shares, const Project& project,
                        std::vector<std::vector<Diagnostic>>* out) {
  std::unordered_set<std::string_view> external(project.external_vaults.begin(),
                                                project.external_vaults.end());
  auto find_target = [&](auto matches) -> const TargetShare* {
    for (const TargetShare& s : shares) {
      if (matches(*s.spec)) return &s;
    }
    return nullptr;
  };
  auto find_vault = [](const DesiredState& state, std::string_view name) -> const Vault* {
    for (const Vault& v : state.vaults) {
      if (v.name == name) return &v;
    }
    return nullptr;
  };
  for (size_t i = 0; i < shares.size(); ++i) {
    const TreeIndex& index = *shares[i].index;
    for (const RetentionUse& use : index.retention) {
      std::string_view parts[7];
      if (use.copy_arn.empty() || !SplitVaultArn(use.copy_arn, parts)) continue;
      const TargetShare* to = find_target(
          [&](const TargetSpec& t) { return t.region == parts[3] && t.account_id == parts[4]; });
      const Vault* vault = to ? find_vault(*to->state, parts[6]) : nullptr;
      if (to != nullptr && vault == nullptr && external.count(parts[6]) == 0) {
        (*out)[i].push_back({Severity::kError, index.Where(use.at),
                             "copy to \"" + use.copy_arn + "\": no vault \"" +
                                 std::string(parts[6]) + "\"" + OnTarget(*to->spec) +
                                 ": declare it there or list it in externalVaults"});
        continue;
      }
      if (vault == nullptr || !vault->lock) continue;
      std::string problem = RetentionProblem(use, *vault->lock);
      if (problem.empty()) continue;
      (*out)[i].push_back(
          {Severity::kError, index.Where(use.at),
           "copy to \"" + use.copy_arn + "\": " + problem + " of vault \"" + vault->name +
               "\"'s lock" +
               (to->spec->name.empty() ? "" : " on target \"" + to->spec->name + "\"") +
               ": every copy job would fail"});
    }
  }
}

}  // namespace backupctl
