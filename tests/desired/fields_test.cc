// Every field a document may declare is named after a member of the AWS
// Backup model's shape (service-2.json), camel-cased: what the README
// promises. The names that are backupctl's own are listed below with the
// reason, and a name listed there must still be declarable.
#include <cctype>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "desired/fields.h"

namespace backupctl {
namespace {

// The model shapes each object of the field table stands for. A plan's spec
// is BackupPlanInput with CreateBackupPlanInput's BackupPlanTags beside it.
const std::map<std::string, std::vector<std::string>> kModelShapes = {
    {"BackupVault", {"CreateBackupVaultInput"}},
    {"vaultLock", {"PutBackupVaultLockConfigurationInput"}},
    {"BackupPlan", {"BackupPlanInput", "CreateBackupPlanInput"}},
    {"rule", {"BackupRuleInput"}},
    {"lifecycle", {"Lifecycle"}},
    {"copyAction", {"CopyAction"}},
    {"advancedBackupSetting", {"AdvancedBackupSetting"}},
    {"indexAction", {"IndexAction"}},
    {"BackupSelection", {"BackupSelection"}},
    {"tagCondition", {"Condition"}},
    {"conditions", {"Conditions"}},
    {"conditionParameter", {"ConditionParameter"}},
    {"BackupVaultNotifications", {"PutBackupVaultNotificationsInput"}},
    {"BackupVaultAccessPolicy", {"PutBackupVaultAccessPolicyInput"}},
    {"vaultRef", {}},  // backupctl's own: a vault of the tree, by name and target
    {"BackupRegionSettings", {"UpdateRegionSettingsInput"}},
    {"BackupGlobalSettings", {"UpdateGlobalSettingsInput"}},
};

struct OwnName {
  const char* shape;  // ObjectShape id
  const char* field;
  const char* reason;
};

// Only names with no member of the same meaning in the model shape.
const OwnName kOwnNames[] = {
    {"BackupVault", "lock",
     "PutBackupVaultLockConfiguration's input (a separate operation), declared on its vault"},
    {"BackupSelection", "plan", "the BackupPlan by name; AWS takes the plan's id"},
    {"copyAction", "destinationVault", "a vault of the tree by name; backupctl writes its ARN"},
    {"vaultRef", "name", "the vault's name"},
    {"vaultRef", "target", "the target of the tree that declares it"},
    {"BackupRegionSettings", "resourceTypeOptIn",
     "ResourceTypeOptInPreference, read as the declared types only (undeclared ones are kept)"},
    {"BackupRegionSettings", "resourceTypeManagement",
     "ResourceTypeManagementPreference, read as the declared types only"},
    {"BackupGlobalSettings", "crossAccountBackup",
     "the GlobalSettings key isCrossAccountBackupEnabled, a boolean instead of \"true\""},
    {"BackupGlobalSettings", "multiPartyApproval", "the GlobalSettings key isMpaEnabled"},
    {"BackupGlobalSettings", "delegatedAdministrator",
     "the GlobalSettings key isDelegatedAdministratorEnabled"},
};

// "SNSTopicArn" -> "snsTopicArn", "IamRoleArn" -> "iamRoleArn".
std::string CamelCase(const std::string& member) {
  std::string out = member;
  size_t upper = 0;
  while (upper < out.size() && std::isupper(static_cast<unsigned char>(out[upper]))) ++upper;
  size_t lower = upper > 1 && upper < out.size() ? upper - 1 : upper;
  for (size_t i = 0; i < lower; ++i) out[i] = static_cast<char>(std::tolower(out[i]));
  return out;
}

nlohmann::json LoadModel() {
  std::ifstream file(BACKUPCTL_TEST_DATA_DIR "/aws-backup-model/service-2.json");
  EXPECT_TRUE(file.is_open());
  return file.is_open() ? nlohmann::json::parse(file) : nlohmann::json::object();
}

void CollectShapes(const ObjectShape& shape, std::map<std::string, const ObjectShape*>* out) {
  if (!out->emplace(shape.id, &shape).second) return;
  for (const FieldSpec& f : shape.fields) {
    if (f.object != nullptr) CollectShapes(*f.object, out);
  }
}

TEST(FieldNames, CamelCase) {
  EXPECT_EQ(CamelCase("SNSTopicArn"), "snsTopicArn");
  EXPECT_EQ(CamelCase("IamRoleArn"), "iamRoleArn");
  EXPECT_EQ(CamelCase("ConditionKey"), "conditionKey");
}

TEST(FieldNames, AreTheModelsMemberNamesCamelCased) {
  nlohmann::json model = LoadModel();
  std::map<std::string, const ObjectShape*> shapes;
  for (const KindSpec& kind : Kinds()) CollectShapes(*kind.spec, &shapes);
  std::set<std::pair<std::string, std::string>> own;
  for (const OwnName& o : kOwnNames) own.insert({o.shape, o.field});

  for (const auto& [id, shape] : shapes) {
    auto mapped = kModelShapes.find(id);
    ASSERT_NE(mapped, kModelShapes.end()) << "map the object \"" << id << "\" to its model shape";
    std::set<std::string> names;
    std::string shapes_text;
    for (const std::string& model_shape : mapped->second) {
      const nlohmann::json& members = model["shapes"][model_shape]["members"];
      ASSERT_TRUE(members.is_object()) << model_shape;
      for (const auto& m : members.items()) names.insert(CamelCase(m.key()));
      shapes_text += (shapes_text.empty() ? "" : " or ") + model_shape;
    }
    for (const FieldSpec& f : shape->fields) {
      bool aws = names.count(f.name) != 0;
      bool listed = own.erase({id, f.name}) != 0;
      EXPECT_TRUE(aws || listed) << id << "." << f.name << " is not a member of " << shapes_text
                                 << " (camel-cased)";
      EXPECT_FALSE(aws && listed) << id << "." << f.name << " is AWS's name: unlist it";
    }
  }
  for (const auto& [shape, field] : own) {
    ADD_FAILURE() << "kOwnNames lists " << shape << "." << field << ", which is not declarable";
  }
}

}  // namespace
}  // namespace backupctl
