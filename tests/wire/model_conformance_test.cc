// Checks the route table and everything the codec writes against the service
// model itself (service-2.json): operation names, methods, URIs, member
// names, locations, JSON types, and which members backupctl covers.

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "providers/backup_operations.h"
#include "providers/wire/operations.h"
#include "providers/wire/rest.h"
#include "tests/wire/samples.h"

namespace backupctl::testing {
namespace {

const Json& Model() {
  static const Json model = [] {
    std::ifstream file(BACKUPCTL_TEST_DATA_DIR "/aws-backup-model/service-2.json");
    if (!file.good()) {
      ADD_FAILURE() << "the service model is missing: " BACKUPCTL_TEST_DATA_DIR
                       "/aws-backup-model/service-2.json";
      return Json::object({{"operations", Json::object()}, {"shapes", Json::object()}});
    }
    return Json::parse(file);
  }();
  return model;
}

const Json& Shape(const std::string& name) { return Model()["shapes"].at(name); }

const Json& InputShape(const std::string& op) {
  return Shape(Model()["operations"].at(op)["input"]["shape"]);
}

std::set<std::string> Split(const std::string& words) {
  std::set<std::string> out;
  std::istringstream in(words);
  for (std::string w; in >> w;) out.insert(w);
  return out;
}

// Walks `value` against model shape `shape_name`; records, per structure
// shape, which members were written, so coverage can be checked afterwards.
class Walker {
 public:
  std::map<std::string, std::set<std::string>> seen;

  void Walk(const Json& value, const std::string& shape_name, const std::string& path) {
    const Json& shape = Shape(shape_name);
    const std::string type = shape["type"];
    if (type == "structure") {
      ASSERT_TRUE(value.is_object()) << path;
      for (auto it = value.begin(); it != value.end(); ++it) {
        ASSERT_TRUE(shape["members"].contains(it.key()))
            << path << "." << it.key() << " is not a member of " << shape_name;
        seen[shape_name].insert(it.key());
        Walk(it.value(), shape["members"][it.key()]["shape"], path + "." + it.key());
      }
    } else if (type == "list") {
      ASSERT_TRUE(value.is_array()) << path;
      for (const Json& v : value) Walk(v, shape["member"]["shape"], path + "[]");
    } else if (type == "map") {
      ASSERT_TRUE(value.is_object()) << path;
      for (auto it = value.begin(); it != value.end(); ++it) {
        Walk(it.value(), shape["value"]["shape"], path + "{}");
      }
    } else if (type == "string") {
      EXPECT_TRUE(value.is_string()) << path;
    } else if (type == "long" || type == "integer") {
      EXPECT_TRUE(value.is_number_integer()) << path;
    } else if (type == "boolean") {
      EXPECT_TRUE(value.is_boolean()) << path;
    } else if (type == "timestamp") {
      EXPECT_TRUE(value.is_number()) << path << ": timestamps are epoch seconds";
    } else {
      ADD_FAILURE() << path << ": unexpected model type " << type;
    }
  }
};

TEST(ModelConformance, TableHasTheThirtySevenOperationsOfBackupApi) {
  std::set<std::string> names;
  for (const OperationInfo& op : Operations()) names.insert(op.name);
  EXPECT_EQ(names.size(), 37u);
  EXPECT_EQ(names, Split("CreateBackupVault DescribeBackupVault ListBackupVaults DeleteBackupVault "
                         "CreateBackupPlan GetBackupPlan ListBackupPlans UpdateBackupPlan "
                         "DeleteBackupPlan ListBackupPlanVersions CreateBackupSelection "
                         "GetBackupSelection ListBackupSelections DeleteBackupSelection "
                         "PutBackupVaultNotifications GetBackupVaultNotifications "
                         "DeleteBackupVaultNotifications PutBackupVaultAccessPolicy "
                         "GetBackupVaultAccessPolicy DeleteBackupVaultAccessPolicy "
                         "PutBackupVaultLockConfiguration DeleteBackupVaultLockConfiguration "
                         "TagResource UntagResource ListTags ListRecoveryPointsByBackupVault "
                         "StartBackupJob DescribeBackupJob ListBackupJobs ListCopyJobs "
                         "ListBackupJobSummaries ListCopyJobSummaries ListRestoreJobSummaries "
                         "DescribeRegionSettings UpdateRegionSettings DescribeGlobalSettings "
                         "UpdateGlobalSettings"));
}

static_assert(kOperationCount == 37,
              "providers/backup_operations.h has the 37 operations the test above names");

// Each row's Input and Output types are the model's shapes of its operation;
// `Empty` where the model's operation has no output.
TEST(ModelConformance, EveryRowOfTheOperationTableNamesTheModelsShapes) {
  struct Row {
    const char* name;
    const char* output;
    const char* input;
  };
#define BACKUPCTL_ROW(Name, Out, In, ...) {#Name, #Out, #In},
  const Row rows[] = {BACKUPCTL_OPERATIONS(BACKUPCTL_ROW)};
#undef BACKUPCTL_ROW
  std::set<std::string> names;
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    names.insert(row.name);
    ASSERT_TRUE(Model()["operations"].contains(row.name));
    const Json& op = Model()["operations"][row.name];
    EXPECT_EQ(op["input"]["shape"], row.input);
    if (std::string(row.output) == "Empty") {
      EXPECT_FALSE(op.contains("output"));
    } else {
      EXPECT_EQ(op["output"]["shape"], row.output);
    }
    EXPECT_NE(FindOperation(row.name), nullptr);
  }
  EXPECT_EQ(names.size(), static_cast<size_t>(kOperationCount));
}

TEST(ModelConformance, MethodUriAndEveryMemberLocationMatchTheModel) {
  for (const OperationInfo& op : Operations()) {
    SCOPED_TRACE(op.name);
    ASSERT_TRUE(Model()["operations"].contains(op.name));
    const Json& http = Model()["operations"][op.name]["http"];
    EXPECT_EQ(op.method, http["method"]);
    EXPECT_EQ(op.uri, http["requestUri"]);
    const Json& input = InputShape(op.name);
    for (const MemberBinding& m : op.members) {
      ASSERT_TRUE(input["members"].contains(m.member)) << m.member;
      const Json& model_member = input["members"][m.member];
      const std::string location = model_member.value("location", "body");
      const char* want = m.location == Location::kUri     ? "uri"
                         : m.location == Location::kQuery ? "querystring"
                                                          : "body";
      EXPECT_EQ(location, want) << m.member;
      EXPECT_EQ(model_member.value("locationName", ""), m.location_name) << m.member;
      EXPECT_EQ(Shape(model_member["shape"])["type"], m.type) << m.member;
    }
    // Every URI label and every required member must be sendable.
    for (auto it = input["members"].begin(); it != input["members"].end(); ++it) {
      if (it.value().value("location", "") == "uri") {
        EXPECT_NE(op.Find(it.key()), nullptr) << "URI member not bound: " << it.key();
      }
    }
    for (const Json& required : input.value("required", Json::array())) {
      EXPECT_NE(op.Find(required.get<std::string>()), nullptr) << "required: " << required;
    }
  }
}

// The request Encode builds, checked against the model for one input.
void CheckRequest(const HttpRequest& req, Walker& walker) {
  SCOPED_TRACE(req.operation);
  const OperationInfo* op = FindOperation(req.operation);
  ASSERT_NE(op, nullptr);
  const Json& input = InputShape(op->name);
  std::set<std::string> query_names;
  bool model_has_body = false;
  for (auto it = input["members"].begin(); it != input["members"].end(); ++it) {
    const std::string location = it.value().value("location", "body");
    if (location == "querystring") query_names.insert(it.value()["locationName"]);
    if (location == "body") model_has_body = true;
  }
  EXPECT_EQ(req.method, op->method);
  std::map<std::string, std::string> labels;
  EXPECT_EQ(MatchRoute(req.method, req.path, &labels), op) << req.path;
  for (const auto& [name, value] : req.query) {
    EXPECT_TRUE(query_names.count(name)) << "query parameter " << name;
  }
  if (!model_has_body) {
    EXPECT_EQ(req.body, "");
    EXPECT_FALSE(req.headers.count("content-type"));
    return;
  }
  EXPECT_EQ(req.headers.at("content-type"), "application/json");
  const Json body = Json::parse(req.body);
  ASSERT_TRUE(body.is_object());
  for (auto it = body.begin(); it != body.end(); ++it) {
    ASSERT_TRUE(input["members"].contains(it.key())) << it.key();
    EXPECT_FALSE(input["members"][it.key()].contains("location")) << it.key() << " is not body";
    EXPECT_FALSE(it.value().is_null()) << it.key();
    walker.Walk(it.value(), input["members"][it.key()]["shape"], it.key());
  }
}

std::vector<HttpRequest> EncodeAll(const Inputs& in) {
  std::vector<HttpRequest> requests;
#define BACKUPCTL_ENCODE_SAMPLE(Name, Out, In, ...) requests.push_back(Encode(Sample<In>(in)));
  BACKUPCTL_OPERATIONS(BACKUPCTL_ENCODE_SAMPLE)
#undef BACKUPCTL_ENCODE_SAMPLE
  return requests;
}

TEST(ModelConformance, EncodedRequestsUseOnlyModelNamesAndLocations) {
  Walker walker;
  for (const HttpRequest& req : EncodeAll(FullInputs())) CheckRequest(req, walker);
  for (const HttpRequest& req : EncodeAll(MinimalInputs())) CheckRequest(req, walker);
}

TEST(ModelConformance, FullInputsSendEveryBoundMember) {
  std::vector<HttpRequest> requests = EncodeAll(FullInputs());
  ASSERT_EQ(requests.size(), Operations().size());
  for (const HttpRequest& req : requests) {
    SCOPED_TRACE(req.operation);
    const OperationInfo& op = *FindOperation(req.operation);
    const Json body = req.body.empty() ? Json::object() : Json::parse(req.body);
    for (const MemberBinding& m : op.members) {
      if (m.location == Location::kBody) {
        EXPECT_TRUE(body.contains(m.member)) << m.member;
      } else if (m.location == Location::kQuery) {
        bool found = false;
        for (const auto& [name, value] : req.query) found = found || name == m.location_name;
        EXPECT_TRUE(found) << m.location_name;
      } else {
        EXPECT_EQ(req.path.find("{"), std::string::npos) << req.path;
      }
    }
  }
}

TEST(ModelConformance, OutputsUseOnlyModelNamesAndCoverEveryCarriedMember) {
  const Outputs out = FullOutputs();
  Walker walker;
#define BACKUPCTL_WALK_SAMPLE(Name, Out, In, ...) \
  BACKUPCTL_UNLESS_EMPTY(Out, walker.Walk(ToJson(Sample<Out>(out)), #Out, #Name);)
  BACKUPCTL_OPERATIONS(BACKUPCTL_WALK_SAMPLE)
#undef BACKUPCTL_WALK_SAMPLE
  // The members of each model shape that backupctl's structs carry (backup_types.h).
  const std::map<std::string, std::string> carried = {
      {"CreateBackupVaultOutput", "BackupVaultName BackupVaultArn CreationDate"},
      {"DescribeBackupVaultOutput",
       "BackupVaultName BackupVaultArn VaultType VaultState EncryptionKeyArn CreationDate "
       "CreatorRequestId NumberOfRecoveryPoints Locked MinRetentionDays MaxRetentionDays "
       "LockDate"},
      {"BackupVaultListMember",
       "BackupVaultName BackupVaultArn VaultType VaultState EncryptionKeyArn CreationDate "
       "CreatorRequestId NumberOfRecoveryPoints Locked MinRetentionDays MaxRetentionDays "
       "LockDate"},
      {"ListBackupVaultsOutput", "BackupVaultList NextToken"},
      {"CreateBackupPlanOutput",
       "BackupPlanId BackupPlanArn CreationDate VersionId AdvancedBackupSettings"},
      {"GetBackupPlanOutput",
       "BackupPlan BackupPlanId BackupPlanArn VersionId CreatorRequestId CreationDate "
       "DeletionDate LastExecutionDate AdvancedBackupSettings"},
      {"BackupPlan", "BackupPlanName Rules AdvancedBackupSettings ScanSettings"},
      {"BackupRule",
       "RuleName TargetBackupVaultName ScheduleExpression ScheduleExpressionTimezone "
       "StartWindowMinutes CompletionWindowMinutes Lifecycle RecoveryPointTags RuleId "
       "CopyActions EnableContinuousBackup TargetLogicallyAirGappedBackupVaultArn IndexActions "
       "ScanActions"},
      {"IndexAction", "ResourceTypes"},
      {"ScanAction", "MalwareScanner ScanMode"},
      {"ScanSetting", "MalwareScanner ResourceTypes ScannerRoleArn"},
      {"Lifecycle",
       "MoveToColdStorageAfterDays DeleteAfterDays OptInToArchiveForSupportedResources "
       "DeleteAfterEvent"},
      {"CopyAction", "DestinationBackupVaultArn Lifecycle"},
      {"AdvancedBackupSetting", "ResourceType BackupOptions"},
      {"ListBackupPlansOutput", "NextToken BackupPlansList"},
      {"BackupPlansListMember",
       "BackupPlanArn BackupPlanId CreationDate DeletionDate VersionId BackupPlanName "
       "CreatorRequestId LastExecutionDate AdvancedBackupSettings"},
      {"UpdateBackupPlanOutput",
       "BackupPlanId BackupPlanArn CreationDate VersionId AdvancedBackupSettings"},
      {"DeleteBackupPlanOutput", "BackupPlanId BackupPlanArn DeletionDate VersionId"},
      {"ListBackupPlanVersionsOutput", "NextToken BackupPlanVersionsList"},
      {"CreateBackupSelectionOutput", "SelectionId BackupPlanId CreationDate"},
      {"GetBackupSelectionOutput",
       "BackupSelection SelectionId BackupPlanId CreationDate CreatorRequestId"},
      {"BackupSelection", "SelectionName IamRoleArn Resources ListOfTags NotResources Conditions"},
      {"Condition", "ConditionType ConditionKey ConditionValue"},
      {"Conditions", "StringEquals StringNotEquals StringLike StringNotLike"},
      {"ConditionParameter", "ConditionKey ConditionValue"},
      {"ListBackupSelectionsOutput", "NextToken BackupSelectionsList"},
      {"BackupSelectionsListMember",
       "SelectionId SelectionName BackupPlanId CreationDate CreatorRequestId IamRoleArn"},
      {"GetBackupVaultNotificationsOutput",
       "BackupVaultName BackupVaultArn SNSTopicArn BackupVaultEvents"},
      {"GetBackupVaultAccessPolicyOutput", "BackupVaultName BackupVaultArn Policy"},
      {"ListTagsOutput", "NextToken Tags"},
      {"ListRecoveryPointsByBackupVaultOutput", "NextToken RecoveryPoints"},
      {"RecoveryPointByBackupVault",
       "RecoveryPointArn BackupVaultName BackupVaultArn ResourceArn ResourceType Status "
       "CreationDate"},
      {"StartBackupJobOutput", "BackupJobId RecoveryPointArn CreationDate IsParent"},
      {"DescribeBackupJobOutput",
       "AccountId BackupJobId BackupVaultName BackupVaultArn VaultType RecoveryPointArn "
       "RecoveryPointLifecycle ResourceArn CreationDate CompletionDate State StatusMessage "
       "PercentDone BackupSizeInBytes IamRoleArn CreatedBy ExpectedCompletionDate StartBy "
       "ResourceType BytesTransferred BackupType IsParent ResourceName InitiationDate "
       "MessageCategory "
       "NumberOfChildJobs"},
      {"ListBackupJobsOutput", "BackupJobs NextToken"},
      {"BackupJob",
       "AccountId BackupJobId BackupVaultName BackupVaultArn VaultType RecoveryPointArn "
       "RecoveryPointLifecycle ResourceArn CreationDate CompletionDate State StatusMessage "
       "PercentDone BackupSizeInBytes IamRoleArn CreatedBy ExpectedCompletionDate StartBy "
       "ResourceType BytesTransferred BackupType IsParent ResourceName InitiationDate "
       "MessageCategory"},
      {"RecoveryPointCreator",
       "BackupPlanId BackupPlanArn BackupPlanName BackupPlanVersion BackupRuleId BackupRuleName "
       "BackupRuleCron BackupRuleTimezone"},
      {"ListCopyJobsOutput", "CopyJobs NextToken"},
      {"CopyJob",
       "AccountId CopyJobId SourceBackupVaultArn SourceRecoveryPointArn DestinationBackupVaultArn "
       "DestinationVaultType DestinationRecoveryPointArn DestinationRecoveryPointLifecycle "
       "ResourceArn CreationDate CompletionDate State StatusMessage BackupSizeInBytes IamRoleArn "
       "CreatedBy CreatedByBackupJobId ResourceType ParentJobId IsParent ResourceName "
       "MessageCategory"},
      {"ListBackupJobSummariesOutput", "BackupJobSummaries AggregationPeriod NextToken"},
      {"ListCopyJobSummariesOutput", "CopyJobSummaries AggregationPeriod NextToken"},
      {"ListRestoreJobSummariesOutput", "RestoreJobSummaries AggregationPeriod NextToken"},
      {"BackupJobSummary",
       "Region AccountId State ResourceType MessageCategory Count StartTime EndTime"},
      {"CopyJobSummary",
       "Region AccountId State ResourceType MessageCategory Count StartTime EndTime"},
      {"RestoreJobSummary", "Region AccountId State ResourceType Count StartTime EndTime"},
      {"DescribeRegionSettingsOutput",
       "ResourceTypeOptInPreference ResourceTypeManagementPreference"},
      {"DescribeGlobalSettingsOutput", "GlobalSettings LastUpdateTime"},
  };
  for (const auto& [shape, members] : carried) {
    EXPECT_EQ(walker.seen[shape], Split(members)) << shape;
  }
}

TEST(ModelConformance, NestedRequestShapesCoverEveryCarriedMember) {
  Walker walker;
  for (const HttpRequest& req : EncodeAll(FullInputs())) CheckRequest(req, walker);
  // The plan document: every member of the model's input shapes (output-only
  // DeleteAfterEvent aside), so a newer model's member fails here first.
  for (const char* shape : {"BackupPlanInput", "BackupRuleInput", "CopyAction", "Lifecycle",
                            "AdvancedBackupSetting", "IndexAction", "ScanAction", "ScanSetting"}) {
    std::set<std::string> members;
    for (auto it = Shape(shape)["members"].begin(); it != Shape(shape)["members"].end(); ++it) {
      if (it.key() != "DeleteAfterEvent") members.insert(it.key());
    }
    EXPECT_EQ(walker.seen[shape], members) << shape;
  }
  EXPECT_EQ(walker.seen["BackupSelection"],
            Split("SelectionName IamRoleArn Resources ListOfTags NotResources Conditions"));
  EXPECT_EQ(walker.seen["Conditions"],
            Split("StringEquals StringNotEquals StringLike StringNotLike"));
}

TEST(ModelConformance, ModelErrorsAreKnownToErrorKindFromCode) {
  for (const OperationInfo& op : Operations()) {
    for (const Json& error : Model()["operations"][op.name].value("errors", Json::array())) {
      const std::string code = error["shape"];
      EXPECT_NE(ErrorKindFromCode(code, 400), ErrorKind::kOther) << op.name << ": " << code;
    }
  }
}

}  // namespace
}  // namespace backupctl::testing
