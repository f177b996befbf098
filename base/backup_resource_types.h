// The resource types AWS Backup names in its Region settings (the keys of
// ResourceTypeOptInPreference and ResourceTypeManagementPreference), the one
// list that validate (desired/), the emulator (providers/local) and the
// planner's opt-in warning (reconcile/) share, with the defaults the emulator
// gives a new Region: the long-supported types opted in, the newer ones
// (CloudFormation, Redshift, S3, SAP HANA, Timestream) opted out, as AWS
// does for types added after an account first used AWS Backup.

#ifndef BACKUPCTL_BASE_BACKUP_RESOURCE_TYPES_H_
#define BACKUPCTL_BASE_BACKUP_RESOURCE_TYPES_H_

#include <string>
#include <string_view>

namespace backupctl {

struct BackupResourceType {
  const char* name;         // as AWS writes it: "EBS", "Storage Gateway", ...
  bool default_opt_in;      // in a Region never updated
  bool has_management;      // a key of ResourceTypeManagementPreference too
  bool default_management;  // meaningful when has_management
};

inline constexpr BackupResourceType kBackupResourceTypes[] = {
    {"Aurora", true, false, false},
    {"CloudFormation", false, false, false},
    {"DocumentDB", true, false, false},
    {"DynamoDB", true, true, false},  // advanced DynamoDB backup: off until enabled
    {"EBS", true, false, false},
    {"EC2", true, false, false},
    {"EFS", true, true, true},
    {"FSx", true, false, false},
    {"Neptune", true, false, false},
    {"RDS", true, false, false},
    {"Redshift", false, false, false},
    {"S3", false, false, false},
    {"SAP HANA on Amazon EC2", false, false, false},
    {"Storage Gateway", true, false, false},
    {"Timestream", false, false, false},
    {"VirtualMachine", true, false, false},
};

// The names alone, for validate's field table (desired/fields.cc): every
// type, and the types with a management preference. Checked against
// kBackupResourceTypes when this header's .cc is compiled.
inline constexpr const char* kOptInResourceTypes[] = {"Aurora",
                                                      "CloudFormation",
                                                      "DocumentDB",
                                                      "DynamoDB",
                                                      "EBS",
                                                      "EC2",
                                                      "EFS",
                                                      "FSx",
                                                      "Neptune",
                                                      "RDS",
                                                      "Redshift",
                                                      "S3",
                                                      "SAP HANA on Amazon EC2",
                                                      "Storage Gateway",
                                                      "Timestream",
                                                      "VirtualMachine"};
inline constexpr const char* kManagementResourceTypes[] = {"DynamoDB", "EFS"};

// Nullptr when `name` is not one of kBackupResourceTypes (case-sensitive, as AWS).
const BackupResourceType* FindBackupResourceType(std::string_view name);

// The known names joined with ", ", for error messages.
std::string BackupResourceTypeNames(bool management_only);

// The AWS Backup resource type a selection's resource ARN names
// (arn:aws:ec2:...:volume/v is EBS, an rds cluster is Aurora, ...), or ""
// when it cannot be told: not an ARN, "*", a wildcard service, an unknown
// service.
std::string ResourceTypeOfArn(std::string_view arn);

}  // namespace backupctl

#endif  // BACKUPCTL_BASE_BACKUP_RESOURCE_TYPES_H_
