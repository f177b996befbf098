#include "base/backup_resource_types.h"

#include <iterator>
#include <vector>

namespace backupctl {
namespace {

constexpr bool NamesMatchTheTable() {
  size_t all = 0, managed = 0;
  for (const BackupResourceType& type : kBackupResourceTypes) {
    if (all >= std::size(kOptInResourceTypes) ||
        std::string_view(kOptInResourceTypes[all++]) != type.name) {
      return false;
    }
    if (type.has_management &&
        (managed >= std::size(kManagementResourceTypes) ||
         std::string_view(kManagementResourceTypes[managed++]) != type.name)) {
      return false;
    }
  }
  return all == std::size(kOptInResourceTypes) && managed == std::size(kManagementResourceTypes);
}
static_assert(NamesMatchTheTable(),
              "kOptInResourceTypes and kManagementResourceTypes follow "
              "kBackupResourceTypes");

}  // namespace

const BackupResourceType* FindBackupResourceType(std::string_view name) {
  for (const BackupResourceType& type : kBackupResourceTypes) {
    if (name == type.name) return &type;
  }
  return nullptr;
}

std::string BackupResourceTypeNames(bool management_only) {
  std::string out;
  for (const BackupResourceType& type : kBackupResourceTypes) {
    if (management_only && !type.has_management) continue;
    if (!out.empty()) out += ", ";
    out += type.name;
  }
  return out;
}

namespace {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

}  // namespace

std::string ResourceTypeOfArn(std::string_view arn) {
  // arn:partition:service:region:account:resource
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (int i = 0; i < 5; ++i) {
    size_t colon = arn.find(':', start);
    if (colon == std::string_view::npos) return "";
    parts.push_back(arn.substr(start, colon - start));
    start = colon + 1;
  }
  const std::string_view resource = arn.substr(start);
  if (parts[0] != "arn" || resource.empty() || resource == "*") return "";
  const std::string_view service = parts[2];
  if (service == "ec2") {
    if (StartsWith(resource, "volume/")) return "EBS";
    if (StartsWith(resource, "instance/")) return "EC2";
    return "";
  }
  if (service == "rds") {
    if (StartsWith(resource, "cluster:")) return "Aurora";
    if (StartsWith(resource, "db:")) return "RDS";
    return "";
  }
  if (service == "dynamodb") return "DynamoDB";
  if (service == "elasticfilesystem") return "EFS";
  if (service == "fsx") return "FSx";
  if (service == "s3") return "S3";
  if (service == "storagegateway") return "Storage Gateway";
  if (service == "redshift") return "Redshift";
  if (service == "cloudformation") return "CloudFormation";
  if (service == "timestream") return "Timestream";
  if (service == "ssm-sap") return "SAP HANA on Amazon EC2";
  if (service == "backup-gateway") return "VirtualMachine";
  return "";
}

}  // namespace backupctl
