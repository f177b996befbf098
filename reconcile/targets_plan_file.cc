#include "reconcile/targets_plan_file.h"

#include <stdexcept>

#include "reconcile/model_json.h"
#include "reconcile/render.h"

namespace backupctl {
namespace {

using nlohmann::json;

json SpecToJson(const TargetSpec& t) {
  json j = {{"name", t.name},
            {"accountId", t.account_id},
            {"region", t.region},
            {"partition", t.partition},
            {"labels", t.labels}};
  if (t.endpoint) j["endpoint"] = *t.endpoint;
  if (t.assume_role) {
    json role = {{"roleArn", t.assume_role->role_arn}};
    if (t.assume_role->external_id) role["externalId"] = *t.assume_role->external_id;
    if (t.assume_role->session_name) role["sessionName"] = *t.assume_role->session_name;
    j["assumeRole"] = std::move(role);
  }
  return j;
}

TargetSpec SpecFromJson(const json& j) {
  TargetSpec t;
  t.name = j.at("name").get<std::string>();
  t.account_id = j.at("accountId").get<std::string>();
  t.region = j.at("region").get<std::string>();
  t.partition = j.at("partition").get<std::string>();
  t.labels = j.at("labels").get<std::map<std::string, std::string>>();
  if (j.contains("endpoint")) t.endpoint = j.at("endpoint").get<std::string>();
  if (j.contains("assumeRole")) {
    const json& role = j.at("assumeRole");
    AssumeRoleSpec r;
    r.role_arn = role.at("roleArn").get<std::string>();
    if (role.contains("externalId")) r.external_id = role.at("externalId").get<std::string>();
    if (role.contains("sessionName")) r.session_name = role.at("sessionName").get<std::string>();
    t.assume_role = std::move(r);
  }
  return t;
}

std::string Joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

}  // namespace

json SavedTargetsPlanToJson(const TargetsPlan& plan, const std::vector<std::string>& descriptions,
                            const std::string& tree) {
  json j = TargetsToJson(plan, descriptions, nullptr);
  for (size_t i = 0; i < plan.targets.size(); ++i) {
    const TargetPlan& t = plan.targets[i];
    json& out = j["targets"][i];
    out["spec"] = SpecToJson(t.target->spec);
    out["desired"] = ToJson(t.target->state);
    out["fingerprints"] = FingerprintLive(t.target->state, t.run.live);
    if (j.find("options") == j.end()) {
      j["options"] = out["plan"]["options"];
      j["options"]["now"] = t.run.result.plan.options.now;
    }
  }
  if (!tree.empty()) j["tree"] = tree;
  j["checksum"] = PlanChecksum(j);
  return j;
}

bool ParseSavedTargetsPlan(const std::string& path, json file, SavedTargetsPlan* out,
                           std::string* error) {
  try {
    out->options = PlanOptionsFromJson(file.at("options"));
    for (const json& t : file.at("targets")) {
      PlacedTarget placed;
      placed.spec = SpecFromJson(t.at("spec"));
      placed.state = DesiredStateFromJson(t.at("desired"));
      out->targets.push_back(std::move(placed));
      out->fingerprints.push_back(t.at("fingerprints").get<Fingerprints>());
      if (!t.contains("plan")) throw std::runtime_error("a target has no plan");
    }
    if (out->targets.empty()) throw std::runtime_error("no targets");
    out->project = out->targets.front().state.project;  // every target's is the tree's
    out->project.targets.clear();
    for (const PlacedTarget& t : out->targets) out->project.targets.push_back(t.spec);
  } catch (const std::exception& e) {  // json::exception or the checks above
    *error = CorruptPlanFile(path, std::string("not a backupctl plan: ") + e.what());
    return false;
  }
  out->plan = std::move(file);
  return true;
}

std::string CheckSavedTargets(const SavedTargetsPlan& saved, const TargetsPlan& now) {
  std::vector<std::string> unread, moved, differ;
  for (size_t i = 0; i < now.targets.size() && i < saved.targets.size(); ++i) {
    const TargetPlan& t = now.targets[i];
    const std::string& name = saved.targets[i].spec.name;
    if (!t.run.ok()) {
      unread.push_back(name + " (" + t.run.error + ")");
      continue;
    }
    std::vector<std::string> keys =
        MovedObjects(saved.fingerprints[i], FingerprintLive(saved.targets[i].state, t.run.live));
    for (const std::string& key : keys) moved.push_back(name + " " + key);
    if (keys.empty() && ComparableActions(PlanToJson(t.run.result.plan)) !=
                            ComparableActions(saved.plan.at("targets")[i].at("plan"))) {
      differ.push_back(name);
    }
  }
  if (!unread.empty()) {
    return "the saved plan cannot be checked: targets could not be read: " + Joined(unread) +
           "; nothing was changed on any target";
  }
  if (!moved.empty()) {
    return "the saved plan is stale: live state changed since it was made (" + Joined(moved) +
           "); nothing was changed on any target: plan again";
  }
  if (!differ.empty()) {
    return "the saved plan no longer matches what live state needs on " + Joined(differ) +
           "; nothing was changed on any target: plan again";
  }
  return "";
}

}  // namespace backupctl
