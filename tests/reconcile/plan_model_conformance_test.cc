// The whole plan document round-trips (docs/reconcile.md): checked against
// the service model itself, so a member a newer service-2.json adds fails
// here until it is made declarable or kept.
//
// 1. Every member of the plan input shapes (and of the BackupPlan/BackupRule
//    that GetBackupPlan returns) is declarable (a field of the document's
//    field table, hence of `backupctl schema`), kept (convert.h) or output
//    only, and exactly one of those.
// 2. A live plan with every member of the model set comes back through
//    GetBackupPlan's codec -> the model -> the UpdateBackupPlan request
//    unchanged, output-only members aside.

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <string>

#include "desired/fields.h"
#include "providers/wire/json_shapes.h"
#include "reconcile/convert.h"

namespace backupctl {
namespace {

const Json& Model() {
  static const Json model = [] {
    std::ifstream file(BACKUPCTL_TEST_DATA_DIR "/aws-backup-model/service-2.json");
    if (!file.good()) {
      ADD_FAILURE() << "the service model is missing under " BACKUPCTL_TEST_DATA_DIR;
      return Json::object({{"shapes", Json::object()}});
    }
    return Json::parse(file);
  }();
  return model;
}

const Json& Shape(const std::string& name) { return Model()["shapes"].at(name); }

// AWS member -> the document field declaring it, as a path from the BackupPlan
// spec ("rules.lifecycle.deleteAfterDays"); "metadata.name" is the plan's name.
const std::map<std::string, std::map<std::string, std::string>>& Declared() {
  static const std::map<std::string, std::map<std::string, std::string>> kDeclared = {
      {"BackupPlanInput",
       {{"BackupPlanName", "metadata.name"},
        {"Rules", "rules"},
        {"AdvancedBackupSettings", "advancedBackupSettings"}}},
      {"BackupRuleInput",
       {{"RuleName", "rules.ruleName"},
        {"TargetBackupVaultName", "rules.targetBackupVaultName"},
        {"TargetLogicallyAirGappedBackupVaultArn", "rules.targetLogicallyAirGappedBackupVaultArn"},
        {"ScheduleExpression", "rules.scheduleExpression"},
        {"ScheduleExpressionTimezone", "rules.scheduleExpressionTimezone"},
        {"StartWindowMinutes", "rules.startWindowMinutes"},
        {"CompletionWindowMinutes", "rules.completionWindowMinutes"},
        {"Lifecycle", "rules.lifecycle"},
        {"RecoveryPointTags", "rules.recoveryPointTags"},
        {"CopyActions", "rules.copyActions"},
        {"EnableContinuousBackup", "rules.enableContinuousBackup"},
        {"IndexActions", "rules.indexActions"}}},
      {"CopyAction",
       {{"DestinationBackupVaultArn", "rules.copyActions.destinationBackupVaultArn"},
        {"Lifecycle", "rules.copyActions.lifecycle"}}},
      {"Lifecycle",
       {{"MoveToColdStorageAfterDays", "rules.lifecycle.moveToColdStorageAfterDays"},
        {"DeleteAfterDays", "rules.lifecycle.deleteAfterDays"},
        {"OptInToArchiveForSupportedResources",
         "rules.lifecycle.optInToArchiveForSupportedResources"}}},
      {"AdvancedBackupSetting",
       {{"ResourceType", "advancedBackupSettings.resourceType"},
        {"BackupOptions", "advancedBackupSettings.backupOptions"}}},
      {"IndexAction", {{"ResourceTypes", "rules.indexActions.resourceTypes"}}},
  };
  return kDeclared;
}

// Read, never sent: AWS says "not valid as an input", or the service sets it.
const std::map<std::string, std::set<std::string>> kOutputOnly = {
    {"Lifecycle", {"DeleteAfterEvent"}},
    {"BackupRule", {"RuleId"}},
};

std::set<std::string> Kept(const std::string& shape) {
  std::span<const char* const> names;
  if (shape == "BackupPlanInput" || shape == "BackupPlan") names = KeptPlanMembers();
  if (shape == "BackupRuleInput" || shape == "BackupRule") names = KeptRuleMembers();
  return {names.begin(), names.end()};
}

// The output shapes GetBackupPlan returns declare what their input twin declares.
std::string InputTwin(const std::string& shape) {
  if (shape == "BackupPlan") return "BackupPlanInput";
  if (shape == "BackupRule") return "BackupRuleInput";
  return shape;
}

const FieldSpec* FindField(const std::string& path) {
  if (path == "metadata.name") return MetadataShape().Find("name");
  const ObjectShape* shape = FindKind("BackupPlan")->spec;
  const FieldSpec* field = nullptr;
  size_t start = 0;
  while (shape != nullptr) {
    const size_t dot = path.find('.', start);
    field = shape->Find(path.substr(start, dot - start));
    if (field == nullptr || dot == std::string::npos) return field;
    shape = field->object;
    start = dot + 1;
  }
  return nullptr;
}

TEST(PlanModelConformance, EveryMemberIsDeclarableKeptOrOutputOnly) {
  for (const char* shape : {"BackupPlanInput", "BackupRuleInput", "CopyAction", "Lifecycle",
                            "AdvancedBackupSetting", "IndexAction", "BackupPlan", "BackupRule"}) {
    const Json& members = Shape(shape)["members"];
    const auto declared = Declared().find(InputTwin(shape));
    ASSERT_NE(declared, Declared().end()) << shape;
    const std::set<std::string> kept = Kept(shape);
    const auto output_only = kOutputOnly.find(shape);
    for (auto it = members.begin(); it != members.end(); ++it) {
      const std::string& m = it.key();
      const bool is_declared = declared->second.count(m) > 0;
      const bool is_output = output_only != kOutputOnly.end() && output_only->second.count(m);
      EXPECT_EQ(int(is_declared) + int(kept.count(m)) + int(is_output), 1)
          << shape << "." << m
          << " must be exactly one of: declarable (desired/fields.cc, decode_plan.cc, convert.cc), "
             "kept (KeptRuleMembers/KeptPlanMembers in reconcile/convert.cc), output only";
      if (is_declared) {
        EXPECT_NE(FindField(declared->second.at(m)), nullptr)
            << shape << "." << m << ": no document field " << declared->second.at(m);
      }
    }
    // No stale entry: everything listed is a member of the model.
    for (const auto& [m, path] : declared->second) {
      EXPECT_TRUE(members.contains(m)) << shape << "." << m << " is not in the model";
    }
    for (const std::string& m : kept) EXPECT_TRUE(members.contains(m)) << shape << "." << m;
  }
}

// A value for every member of `shape_name`: the first enum value, a list of
// one, a map of one. Enough to see whether a member survives.
Json Sample(const std::string& shape_name, const std::string& member, int depth = 0) {
  const Json& shape = Shape(shape_name);
  const std::string type = shape["type"];
  if (type == "structure") {
    Json out = Json::object();
    if (depth > 6) return out;
    for (auto it = shape["members"].begin(); it != shape["members"].end(); ++it) {
      out[it.key()] = Sample(it.value()["shape"], it.key(), depth + 1);
    }
    return out;
  }
  if (type == "list") return Json::array({Sample(shape["member"]["shape"], member, depth + 1)});
  if (type == "map") return Json::object({{"key-1", Sample(shape["value"]["shape"], member)}});
  if (type == "long" || type == "integer") return 7;
  if (type == "boolean") return true;
  if (type == "string") {
    if (shape.contains("enum")) return shape["enum"][0];
    return "value-of-" + member;
  }
  ADD_FAILURE() << shape_name << ": no sample for model type " << type;
  return nullptr;
}

// Removes output-only members wherever they sit.
void DropOutputOnly(Json& value) {
  if (value.is_array()) {
    for (Json& item : value) DropOutputOnly(item);
  } else if (value.is_object()) {
    for (const auto& [shape, members] : kOutputOnly) {
      for (const std::string& m : members) value.erase(m);
    }
    for (auto it = value.begin(); it != value.end(); ++it) DropOutputOnly(it.value());
  }
}

TEST(PlanModelConformance, AFullLivePlanComesBackInTheUpdateRequest) {
  const Json live = Sample("BackupPlan", "BackupPlan");
  BackupPlan read;
  FromJson(JsonIn{live, "", ReadMode::kResponse}, &read);
  const Json sent = ToJson(BackupPlanToApi(BackupPlanFromApi(read)));
  Json want = live;
  DropOutputOnly(want);
  EXPECT_EQ(sent, want) << "lost or changed: " << Json::diff(want, sent).dump(1);
}

}  // namespace
}  // namespace backupctl
