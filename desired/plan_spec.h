// What a BackupPlan declares: its rules (schedule, windows, lifecycle, copy
// and index actions) and advanced settings, plus TagMap, the tags of any
// resource. Part of the model (model.h), which includes it; plain data like
// the rest.

#ifndef BACKUPCTL_DESIRED_PLAN_SPEC_H_
#define BACKUPCTL_DESIRED_PLAN_SPEC_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace backupctl {

using TagMap = std::map<std::string, std::string>;

struct LifecycleSpec {
  std::optional<int64_t> move_to_cold_storage_after_days;
  std::optional<int64_t> delete_after_days;
  std::optional<bool> opt_in_to_archive_for_supported_resources;
};

struct CopyActionSpec {
  std::string destination_vault_arn;
  std::optional<LifecycleSpec> lifecycle;
};

struct IndexActionSpec {
  std::vector<std::string> resource_types;  // "EBS", "S3"
  bool operator==(const IndexActionSpec&) const = default;
};

// Members of an AWS plan shape that backupctl reads but does not declare
// (ScanActions, ScanSettings), keyed by the AWS member name, in their wire
// JSON form. Never compared and never declared: an update sends the live
// values back unchanged, and the plan shows them (docs/reconcile.md).
using KeptMembers = std::map<std::string, nlohmann::json>;

struct Rule {
  std::string name;
  std::string target_vault;
  std::optional<std::string> schedule;           // cron(...) or rate(...)
  std::optional<std::string> schedule_timezone;  // IANA name; AWS default "Etc/UTC"
  std::optional<int64_t> start_window_minutes;
  std::optional<int64_t> completion_window_minutes;
  std::optional<LifecycleSpec> lifecycle;
  TagMap recovery_point_tags;
  std::vector<CopyActionSpec> copy_actions;
  std::optional<bool> enable_continuous_backup;
  std::optional<std::string> target_logically_air_gapped_backup_vault_arn;
  std::vector<IndexActionSpec> index_actions;
  KeptMembers kept;  // live only
};

struct AdvancedSetting {
  std::string resource_type;
  std::map<std::string, std::string> backup_options;
};

struct BackupPlanSpec {
  std::string name;
  TagMap tags;
  std::vector<Rule> rules;
  std::vector<AdvancedSetting> advanced_backup_settings;
  KeptMembers kept;  // live only
};

}  // namespace backupctl

#endif  // BACKUPCTL_DESIRED_PLAN_SPEC_H_
