// The route table of the AWS Backup operations backupctl speaks: the rows of
// providers/backup_operations.h, as service-2.json states them: HTTP method,
// requestUri (trailing slashes are significant) and where each input member
// travels (URI label, query string or JSON body). Only members that
// backupctl's shapes carry are listed; the model-conformance test checks
// every row against service-2.json. The IAM action is "backup:" + name.

#ifndef BACKUPCTL_PROVIDERS_WIRE_OPERATIONS_H_
#define BACKUPCTL_PROVIDERS_WIRE_OPERATIONS_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace backupctl {

enum class Location { kUri, kQuery, kBody };

struct MemberBinding {
  std::string member;         // name in the input shape: "BackupVaultName"
  Location location;          //
  std::string location_name;  // label or query name: "backupVaultName"; empty for body
  std::string type;           // model type: "string", "integer", "long", "boolean", ...
};

struct OperationInfo {
  std::string name;    // "CreateBackupVault"
  std::string method;  // "PUT"
  std::string uri;     // "/backup-vaults/{backupVaultName}"
  std::vector<MemberBinding> members;

  bool HasBody() const;  // true when any member travels in the JSON body
  const MemberBinding* Find(std::string_view member) const;
};

const std::vector<OperationInfo>& Operations();
const OperationInfo* FindOperation(std::string_view name);

// Finds the operation whose method and URI template match `path` (wire form,
// before any decoding). Label values are returned percent-decoded, keyed by
// label name. A trailing-slash difference is a different route, as on AWS.
const OperationInfo* MatchRoute(const std::string& method, const std::string& path,
                                std::map<std::string, std::string>* labels);

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_WIRE_OPERATIONS_H_
