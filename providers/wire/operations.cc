#include "providers/wire/operations.h"

#include "providers/backup_operations.h"
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

// The route table is the rows of providers/backup_operations.h; the member
// bindings there are calls of the helpers above.
std::vector<OperationInfo> BuildTable() {
#define BACKUPCTL_ROUTE(Name, Out, In, method, uri, ...) {#Name, method, uri, {__VA_ARGS__}},
  return {BACKUPCTL_OPERATIONS(BACKUPCTL_ROUTE)};
#undef BACKUPCTL_ROUTE
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
