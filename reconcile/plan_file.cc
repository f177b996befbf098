#include "reconcile/plan_file.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <string_view>

#include "base/sha256.h"
#include "providers/regular_file.h"
#include "reconcile/identity.h"
#include "reconcile/model_json.h"
#include "reconcile/normalize.h"
#include "reconcile/render.h"

namespace backupctl {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr std::string_view kChecksumPrefix = "sha256:";
// A saved plan takes about 1.5 KB per declared resource (some 150 MB for the
// bench's 100,000); a file past this is not a plan, and would take gigabytes
// to parse.
constexpr size_t kMaxPlanFileBytes = size_t{1} << 30;

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

json PlanPrint(const LiveBackupPlan& p) {
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
  if (p.document_known) j["document"] = ToJson(NormalizeBackupPlan(p.spec));
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
  if (!desired.region_settings.empty()) {
    const auto& r = live.region_settings;
    out["region-settings"] = r ? Hash(json{{"optIn", r->resource_type_opt_in},
                                           {"management", r->resource_type_management}})
                               : "unknown";
  }
  if (!desired.global_settings.empty()) {
    out["global-settings"] =
        live.global_settings ? Hash(json(live.global_settings->settings)) : "unknown";
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
                     const Fingerprints& fingerprints, const std::string& tree) {
  json j = PlanToJson(plan);
  j["desired"] = ToJson(desired);
  j["fingerprints"] = fingerprints;
  j["options"]["now"] = plan.options.now;
  if (!tree.empty()) j["tree"] = tree;
  j["checksum"] = PlanChecksum(j);
  return j;
}

std::string PlanChecksum(json file) {
  file.erase("checksum");
  return std::string(kChecksumPrefix) + Sha256Hex(file.dump());
}

std::string CorruptPlanFile(const std::string& path, const std::string& why) {
  return path + ": the plan file is corrupt (" + why +
         "); nothing was changed: make it again with plan --out";
}

bool ReadPlanFile(const std::string& path, json* file, std::string* error) {
  FileRead read = ReadRegularFile(path, kMaxPlanFileBytes);
  if (read.status == FileRead::Status::kMissing) {
    *error = path + ": no such plan file";
    return false;
  }
  if (!read.ok()) {
    *error = "cannot read the plan file " + read.error;
    return false;
  }
  auto corrupt = [&](const std::string& why) {
    *error = CorruptPlanFile(path, why);
    return false;
  };
  if (read.text.find_first_not_of(" \t\r\n") == std::string::npos) return corrupt("it is empty");
  json j = json::parse(read.text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return corrupt("it is not JSON: cut short or edited");
  if (!j.is_object()) return corrupt("it holds " + std::string(j.type_name()) + ", not a plan");
  auto checksum = j.find("checksum");
  if (checksum == j.end() || !checksum->is_string()) return corrupt("it has no checksum");
  if (*checksum != PlanChecksum(j)) {
    return corrupt("its checksum does not match its content: it was edited or damaged");
  }
  *file = std::move(j);
  return true;
}

PlanOptions PlanOptionsFromJson(const json& options) {
  PlanOptions out;
  out.prune = options.at("prune").get<bool>();
  out.adopt = options.at("adopt").get<bool>();
  out.max_deletes = options.at("max_deletes").get<int>();
  out.force_deletes = options.at("force_deletes").get<bool>();
  out.now = options.value("now", 0.0);
  return out;
}

json ComparableActions(const json& plan) {
  json actions = plan.at("actions");
  for (auto& a : actions) a.erase(kIrreversibleFromKey);
  return actions;
}

bool LoadSavedPlan(const std::string& path, SavedPlan* out, std::string* error) {
  json j;
  return ReadPlanFile(path, &j, error) && ParseSavedPlan(path, std::move(j), out, error);
}

bool ParseSavedPlan(const std::string& path, json j, SavedPlan* out, std::string* error) {
  if (j.value("format_version", 0) != kPlanFormatVersion) {
    *error = path + ": unsupported plan format_version (this backupctl reads " +
             std::to_string(kPlanFormatVersion) + ")";
    return false;
  }
  try {
    out->desired = DesiredStateFromJson(j.at("desired"));
    out->options = PlanOptionsFromJson(j.at("options"));
    out->fingerprints = j.at("fingerprints").get<Fingerprints>();
    out->plan = std::move(j);
  } catch (const json::exception& e) {
    *error = CorruptPlanFile(path, std::string("not a backupctl plan: ") + e.what());
    return false;
  }
  return true;
}

bool IsSavedPlanFile(const std::string& path) {
  std::error_code ec;
  return fs::exists(path, ec) && !fs::is_directory(path, ec);
}

}  // namespace backupctl
