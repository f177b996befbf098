// The declared model: what a backupctl tree says an AWS Backup estate is.
//
// DesiredState (loaded from YAML) and LiveState (read from the API by
// reconcile/) use these same types, so the diff compares like with like.
// Fields mirror the AWS shapes; optional fields are std::optional so that
// "not declared" stays distinct from a value. The types are plain data:
// where a declared resource was written is kept beside them, in the
// loader's SourceMap (source_map.h).

#ifndef BACKUPCTL_DESIRED_MODEL_H_
#define BACKUPCTL_DESIRED_MODEL_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "desired/plan_spec.h"
#include "desired/selection_spec.h"

namespace backupctl {

enum class Kind {
  kVault,
  kVaultLock,
  kVaultAccessPolicy,
  kVaultNotifications,
  kBackupPlan,
  kSelection,
  kRegionSettings,  // BackupRegionSettings: one per (account, Region)
  kGlobalSettings   // BackupGlobalSettings: one per account
};
const char* KindName(Kind kind);  // "BackupVault", "BackupPlan", ...

struct VaultLock {
  std::optional<int64_t> min_retention_days;
  std::optional<int64_t> max_retention_days;
  std::optional<int64_t> changeable_for_days;  // write-only: AWS never returns it
};

struct Vault {
  std::string name;
  std::optional<std::string> encryption_key_arn;
  TagMap tags;
  std::optional<VaultLock> lock;
};

struct VaultNotifications {
  std::string vault;
  std::string sns_topic_arn;
  std::vector<std::string> events;
};

struct VaultAccessPolicy {
  std::string vault;
  nlohmann::json policy;  // the parsed document (from YAML mapping or JSON string)
};

// The Region's AWS Backup settings (DescribeRegionSettings), as far as a
// document declares them: a type left out is left as it is, never reset.
// Keys are AWS's resource type names (base/backup_resource_types.h).
struct RegionSettings {
  std::string name;  // a label: the settings are the Region's, whatever the name
  std::map<std::string, bool> resource_type_opt_in;
  std::map<std::string, bool> resource_type_management;
  bool operator==(const RegionSettings&) const = default;
};

// A BackupGlobalSettings field and the AWS global setting it sets.
struct GlobalSettingName {
  const char* field;  // crossAccountBackup
  const char* aws;    // isCrossAccountBackupEnabled
};
inline constexpr GlobalSettingName kGlobalSettingNames[] = {
    {"crossAccountBackup", "isCrossAccountBackupEnabled"},
    {"multiPartyApproval", "isMpaEnabled"},
    {"delegatedAdministrator", "isDelegatedAdministratorEnabled"},
};

// The account's global settings (DescribeGlobalSettings), keyed by AWS's
// setting name (isCrossAccountBackupEnabled, ...); only declared ones.
struct GlobalSettings {
  std::string name;  // a label
  std::map<std::string, bool> settings;
  bool operator==(const GlobalSettings&) const = default;
};

struct Target {
  std::string type = "local";  // "local" or "aws"
  std::optional<std::string> region;
  // The account the tree is for: plan and apply refuse another; with region,
  // destinationVault {name} makes the vault's ARN (docs/targets.md).
  std::optional<std::string> account_id;
  std::optional<std::string> profile;
  std::optional<std::string> endpoint;
  std::optional<std::string> state_file;  // local target: default <tree>/.backupctl/state.json
};

// How a named target is reached from the base credentials: an IAM role to
// assume in its account, through STS.
struct AssumeRoleSpec {
  std::string role_arn;
  std::optional<std::string> external_id;
  std::optional<std::string> session_name;
};

// One account and region of a multi-target tree (docs/targets.md).
struct TargetSpec {
  std::string name;
  std::string account_id;
  std::string region;
  std::string partition;  // from the region: aws, aws-cn, aws-us-gov
  std::map<std::string, std::string> labels;
  std::optional<AssumeRoleSpec> assume_role;
  std::optional<std::string> endpoint;
};

struct Project {
  std::string stack;  // ownership identity recorded on everything backupctl creates
  Target target;      // with `targets`: how every target is reached (type, profile, ...)
  std::vector<std::string> external_vaults;
  std::vector<TargetSpec> targets;  // empty: the tree is the one account of `target`
};

struct DesiredState {
  Project project;
  std::vector<Vault> vaults;
  std::vector<BackupPlanSpec> plans;
  std::vector<Selection> selections;
  std::vector<VaultNotifications> notifications;
  std::vector<VaultAccessPolicy> access_policies;
  // At most one of each once validated (more is an error of the tree).
  std::vector<RegionSettings> region_settings;
  std::vector<GlobalSettings> global_settings;

  size_t ResourceCount() const;
};

}  // namespace backupctl

#endif  // BACKUPCTL_DESIRED_MODEL_H_
