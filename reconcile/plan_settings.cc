// Account and Region settings: one `update` per kind when a declared key
// differs from the live value. Settings always exist, so there is never a
// create or a delete: a key the document leaves out is left as it is, and a
// tree without the document leaves the settings alone. When the live
// settings could not be read (an unknown), nothing is planned.
//
// The opt-in warning: a selection resource whose ARN names a resource type
// the Region has not opted in (the declared BackupRegionSettings over the
// live settings). Wildcards and tag-only selections cannot be judged.

#include <set>
#include <string>

#include "base/backup_resource_types.h"
#include "reconcile/planner.h"

namespace backupctl::planning {
namespace {

std::string Bool(bool v) { return v ? "true" : "false"; }

// The declared keys whose live value differs (absent live: "(none)"); each
// changed key also lands in `changed`.
void DiffKeys(const std::string& field, const std::map<std::string, bool>& want,
              const std::map<std::string, bool>& have, Changes* changes,
              std::map<std::string, bool>* changed) {
  for (const auto& [key, value] : want) {
    auto it = have.find(key);
    if (it != have.end() && it->second == value) continue;
    FieldChange c;
    c.path = field + "." + key;
    c.before = it == have.end() ? "(none)" : Bool(it->second);
    c.after = Bool(value);
    changes->push_back(std::move(c));
    (*changed)[key] = value;
  }
}

const char* GlobalField(const std::string& aws) {
  for (const GlobalSettingName& n : kGlobalSettingNames) {
    if (aws == n.aws) return n.field;
  }
  return "";
}

}  // namespace

void Planner::PlanSettings() {
  if (!desired_.region_settings.empty() && live_.region_settings) {
    const RegionSettings& want = desired_.region_settings.front();
    const RegionSettings& have = *live_.region_settings;
    RegionSettings update;
    update.name = want.name;
    Changes changes;
    DiffKeys("resourceTypeOptIn", want.resource_type_opt_in, have.resource_type_opt_in, &changes,
             &update.resource_type_opt_in);
    DiffKeys("resourceTypeManagement", want.resource_type_management, have.resource_type_management,
             &changes, &update.resource_type_management);
    if (!changes.empty()) {
      Action a = MakeAction(ActionType::kUpdate, Kind::kRegionSettings, want.name);
      a.changes = std::move(changes);
      a.payload = std::move(update);
      Emit(std::move(a));
    }
  }
  if (!desired_.global_settings.empty() && live_.global_settings) {
    const GlobalSettings& want = desired_.global_settings.front();
    GlobalSettings update;
    update.name = want.name;
    Changes changes;
    for (const auto& [aws, value] : want.settings) {
      auto it = live_.global_settings->settings.find(aws);
      if (it != live_.global_settings->settings.end() && it->second == value) continue;
      FieldChange c;
      c.path = GlobalField(aws);
      c.before = it == live_.global_settings->settings.end() ? "(none)" : Bool(it->second);
      c.after = Bool(value);
      changes.push_back(std::move(c));
      update.settings[aws] = value;
    }
    if (!changes.empty()) {
      Action a = MakeAction(ActionType::kUpdate, Kind::kGlobalSettings, want.name);
      a.changes = std::move(changes);
      a.payload = std::move(update);
      Emit(std::move(a));
    }
  }
}

void Planner::WarnNotOptedIn() {
  std::map<std::string, bool> opt_in;
  const char* source = "the Region's settings";
  if (live_.region_settings) opt_in = live_.region_settings->resource_type_opt_in;
  if (!desired_.region_settings.empty()) {
    for (const auto& [type, enabled] : desired_.region_settings.front().resource_type_opt_in) {
      opt_in[type] = enabled;
    }
    source = "the tree's BackupRegionSettings and the Region's settings";
  }
  if (opt_in.empty()) return;
  for (const Selection& s : desired_.selections) {
    std::set<std::string> warned;
    for (const std::string& resource : s.resources) {
      const std::string type = ResourceTypeOfArn(resource);
      if (type.empty() || warned.count(type)) continue;
      auto it = opt_in.find(type);
      if (it == opt_in.end() || it->second) continue;
      warned.insert(type);
      warnings_.push_back("BackupSelection " + s.plan + "/" + s.name + " selects " + type +
                          " resources (" + resource + "), but " + type +
                          " is not opted in to AWS Backup in this Region (" + source +
                          "): AWS would back nothing of them up; opt it in with a "
                          "BackupRegionSettings resourceTypeOptIn");
    }
  }
}

}  // namespace backupctl::planning
