#include "providers/wire/operations.h"

#include "providers/wire/rest.h"

namespace backupctl {
namespace {

MemberBinding Label(const char* member, const char* label) {
  return {member, Location::kUri, label, "string"};
}
MemberBinding Query(const char* member, const char* name, const char* type) {
  return {member, Location::kQuery, name, type};
}
MemberBinding Body(const char* member, const char* type) {
  return {member, Location::kBody, "", type};
}

MemberBinding VaultLabel() { return Label("BackupVaultName", "backupVaultName"); }
MemberBinding PlanLabel() { return Label("BackupPlanId", "backupPlanId"); }
MemberBinding ArnLabel() { return Label("ResourceArn", "resourceArn"); }
MemberBinding NextToken() { return Query("NextToken", "nextToken", "string"); }
MemberBinding MaxResults() { return Query("MaxResults", "maxResults", "integer"); }

std::vector<OperationInfo> BuildTable() {
  const std::string vault = "/backup-vaults/{backupVaultName}";
  const std::string plan = "/backup/plans/{backupPlanId}";
  return {
      {"CreateBackupVault",
       "PUT",
       vault,
       {VaultLabel(), Body("BackupVaultTags", "map"), Body("EncryptionKeyArn", "string"),
        Body("CreatorRequestId", "string")}},
      {"DescribeBackupVault", "GET", vault, {VaultLabel()}},
      {"ListBackupVaults", "GET", "/backup-vaults/", {NextToken(), MaxResults()}},
      {"DeleteBackupVault", "DELETE", vault, {VaultLabel()}},
      {"CreateBackupPlan",
       "PUT",
       "/backup/plans/",
       {Body("BackupPlan", "structure"), Body("BackupPlanTags", "map"),
        Body("CreatorRequestId", "string")}},
      {"GetBackupPlan",
       "GET",
       plan + "/",
       {PlanLabel(), Query("VersionId", "versionId", "string")}},
      {"ListBackupPlans",
       "GET",
       "/backup/plans/",
       {NextToken(), MaxResults(), Query("IncludeDeleted", "includeDeleted", "boolean")}},
      {"UpdateBackupPlan", "POST", plan, {PlanLabel(), Body("BackupPlan", "structure")}},
      {"DeleteBackupPlan", "DELETE", plan, {PlanLabel()}},
      {"ListBackupPlanVersions",
       "GET",
       plan + "/versions/",
       {PlanLabel(), NextToken(), MaxResults()}},
      {"CreateBackupSelection",
       "PUT",
       plan + "/selections/",
       {PlanLabel(), Body("BackupSelection", "structure"), Body("CreatorRequestId", "string")}},
      {"GetBackupSelection",
       "GET",
       plan + "/selections/{selectionId}",
       {PlanLabel(), Label("SelectionId", "selectionId")}},
      {"ListBackupSelections",
       "GET",
       plan + "/selections/",
       {PlanLabel(), NextToken(), MaxResults()}},
      {"DeleteBackupSelection",
       "DELETE",
       plan + "/selections/{selectionId}",
       {PlanLabel(), Label("SelectionId", "selectionId")}},
      {"PutBackupVaultNotifications",
       "PUT",
       vault + "/notification-configuration",
       {VaultLabel(), Body("SNSTopicArn", "string"), Body("BackupVaultEvents", "list")}},
      {"GetBackupVaultNotifications", "GET", vault + "/notification-configuration", {VaultLabel()}},
      {"DeleteBackupVaultNotifications",
       "DELETE",
       vault + "/notification-configuration",
       {VaultLabel()}},
      {"PutBackupVaultAccessPolicy",
       "PUT",
       vault + "/access-policy",
       {VaultLabel(), Body("Policy", "string")}},
      {"GetBackupVaultAccessPolicy", "GET", vault + "/access-policy", {VaultLabel()}},
      {"DeleteBackupVaultAccessPolicy", "DELETE", vault + "/access-policy", {VaultLabel()}},
      {"PutBackupVaultLockConfiguration",
       "PUT",
       vault + "/vault-lock",
       {VaultLabel(), Body("MinRetentionDays", "long"), Body("MaxRetentionDays", "long"),
        Body("ChangeableForDays", "long")}},
      {"DeleteBackupVaultLockConfiguration", "DELETE", vault + "/vault-lock", {VaultLabel()}},
      {"TagResource", "POST", "/tags/{resourceArn}", {ArnLabel(), Body("Tags", "map")}},
      {"UntagResource", "POST", "/untag/{resourceArn}", {ArnLabel(), Body("TagKeyList", "list")}},
      {"ListTags", "GET", "/tags/{resourceArn}/", {ArnLabel(), NextToken(), MaxResults()}},
      {"ListRecoveryPointsByBackupVault",
       "GET",
       vault + "/recovery-points/",
       {VaultLabel(), NextToken(), MaxResults()}},
  };
}

std::vector<std::string> SplitPath(const std::string& path) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t slash = path.find('/', start);
    parts.push_back(
        path.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
    if (slash == std::string::npos) return parts;
    start = slash + 1;
  }
}

bool IsLabel(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

bool MatchTemplate(const std::string& uri, const std::vector<std::string>& path,
                   std::map<std::string, std::string>* labels) {
  std::vector<std::string> pattern = SplitPath(uri);
  if (pattern.size() != path.size()) return false;
  std::map<std::string, std::string> found;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (IsLabel(pattern[i])) {
      if (path[i].empty()) return false;
      found[pattern[i].substr(1, pattern[i].size() - 2)] = UriDecode(path[i]);
    } else if (pattern[i] != path[i]) {
      return false;
    }
  }
  *labels = std::move(found);
  return true;
}

}  // namespace

bool OperationInfo::HasBody() const {
  for (const MemberBinding& m : members) {
    if (m.location == Location::kBody) return true;
  }
  return false;
}

const MemberBinding* OperationInfo::Find(std::string_view member) const {
  for (const MemberBinding& m : members) {
    if (m.member == member) return &m;
  }
  return nullptr;
}

const std::vector<OperationInfo>& Operations() {
  static const std::vector<OperationInfo> kTable = BuildTable();
  return kTable;
}

const OperationInfo* FindOperation(std::string_view name) {
  for (const OperationInfo& op : Operations()) {
    if (op.name == name) return &op;
  }
  return nullptr;
}

const OperationInfo* MatchRoute(const std::string& method, const std::string& path,
                                std::map<std::string, std::string>* labels) {
  const std::vector<std::string> parts = SplitPath(path);
  for (const OperationInfo& op : Operations()) {
    if (op.method == method && MatchTemplate(op.uri, parts, labels)) return &op;
  }
  return nullptr;
}

}  // namespace backupctl
