#include "reconcile/plan_file.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "reconcile/identity.h"
#include "reconcile/model_json.h"
#include "reconcile/normalize.h"
#include "reconcile/render.h"

namespace backupctl {
namespace {

using nlohmann::json;

std::string Hash(const json& j) { return Sha256Hex(j.dump()); }

json VaultPrint(const LiveVault& v) {
  json j = {{"arn", v.arn},
            {"spec", ToJson(NormalizeVault(v.spec))},
            {"owned", v.owned},
            {"empty", v.recovery_points == 0},
            {"tags_known", v.tags_known}};
  if (v.creator_request_id) j["creator_request_id"] = *v.creator_request_id;
  if (v.lock_date) j["lock_date"] = *v.lock_date;
  if (!v.vault_type.empty() && v.vault_type != kStandardVaultType) j["vault_type"] = v.vault_type;
  if (v.tags_known) j["tags"] = v.spec.tags;
  return j;
}

json PlanPrint(const LivePlan& p) {
  json selections = json::array();
  for (const auto& s : p.selections) {
    selections.push_back({{"id", s.selection_id}, {"name", s.spec.name}, {"known", s.known}});
  }
  json j = {{"id", p.id},
            {"version_id", p.version_id},
            {"owned", p.owned},
            {"document_known", p.document_known},
            {"tags_known", p.tags_known},
            {"selections_known", p.selections_known},
            {"selections", std::move(selections)}};
  if (p.tags_known) j["tags"] = p.spec.tags;
  if (p.document_known) j["document"] = ToJson(NormalizePlan(p.spec));
  return j;
}

}  // namespace

Fingerprints FingerprintLive(const DesiredState& desired, const LiveState& live) {
  Fingerprints out;
  std::set<std::string> vaults, plans;
  for (const auto& v : desired.vaults) vaults.insert(v.name);
  for (const auto& n : desired.notifications) vaults.insert(n.vault);
  for (const auto& p : desired.access_policies) vaults.insert(p.vault);
  for (const auto& [name, v] : live.vaults) vaults.insert(name);
  for (const auto& p : desired.plans) plans.insert(p.name);
  for (const auto& [name, group] : live.plans) plans.insert(name);
  for (const auto& name : vaults) {
    auto it = live.vaults.find(name);
    if (it == live.vaults.end()) {
      out["vault:" + name] = "absent";
      continue;
    }
    const LiveVault& v = it->second;
    out["vault:" + name] = Hash(VaultPrint(v));
    out["policy:" + name] = !v.policy_known ? "unknown"
                            : v.policy      ? Hash(NormalizeAccessPolicy(*v.policy).policy)
                                            : "absent";
    out["notifications:" + name] = !v.notifications_known ? "unknown"
                                   : v.notifications
                                       ? Hash(ToJson(NormalizeNotifications(*v.notifications)))
                                       : "absent";
  }
  for (const auto& name : plans) {
    auto it = live.plans.find(name);
    if (it == live.plans.end()) {
      out["plan:" + name] = "absent";
      continue;
    }
    json group = json::array();
    for (const auto& p : it->second) group.push_back(PlanPrint(p));
    out["plan:" + name] = Hash(group);
  }
  return out;
}

std::vector<std::string> MovedObjects(const Fingerprints& saved, const Fingerprints& now) {
  std::vector<std::string> moved;
  for (const auto& [key, value] : saved) {
    auto it = now.find(key);
    if (it == now.end() || it->second != value) moved.push_back(key);
  }
  for (const auto& [key, value] : now) {
    if (!saved.count(key)) moved.push_back(key);
  }
  std::sort(moved.begin(), moved.end());
  return moved;
}

json SavedPlanToJson(const ActionPlan& plan, const DesiredState& desired,
                     const Fingerprints& fingerprints) {
  json j = PlanToJson(plan);
  j["desired"] = ToJson(desired);
  j["fingerprints"] = fingerprints;
  j["options"]["now"] = plan.options.now;
  return j;
}

bool LoadSavedPlan(const std::string& path, SavedPlan* out, std::string* error) {
  std::ifstream in(path);
  if (!in) {
    *error = "cannot read plan file " + path;
    return false;
  }
  std::stringstream text;
  text << in.rdbuf();
  try {
    json j = json::parse(text.str());
    if (j.value("format_version", 0) != kPlanFormatVersion) {
      *error = path + ": unsupported plan format_version (this backupctl reads " +
               std::to_string(kPlanFormatVersion) + ")";
      return false;
    }
    out->desired = DesiredStateFromJson(j.at("desired"));
    const json& options = j.at("options");
    out->options.prune = options.at("prune").get<bool>();
    out->options.adopt = options.at("adopt").get<bool>();
    out->options.max_deletes = options.at("max_deletes").get<int>();
    out->options.force_deletes = options.at("force_deletes").get<bool>();
    out->options.now = options.value("now", 0.0);
    out->fingerprints = j.at("fingerprints").get<Fingerprints>();
    out->plan = std::move(j);
  } catch (const json::exception& e) {
    *error = path + ": not a backupctl plan file: " + e.what();
    return false;
  }
  return true;
}

bool IsSavedPlanFile(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return false;
  std::ifstream in(path);
  json j = json::parse(in, nullptr, false);
  return j.is_object() && j.contains("format_version") && j.contains("fingerprints");
}

}  // namespace backupctl
