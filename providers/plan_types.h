// The backup plan and backup selection operations' shapes.

#ifndef BACKUPCTL_PROVIDERS_PLAN_TYPES_H_
#define BACKUPCTL_PROVIDERS_PLAN_TYPES_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "providers/backup_documents.h"

namespace backupctl {

// ---- plans ----------------------------------------------------------------

struct CreateBackupPlanInput {
  BackupPlanInput backup_plan;
  Tags backup_plan_tags;
  std::optional<std::string> creator_request_id;
};
struct CreateBackupPlanOutput {
  std::string backup_plan_id;
  std::string backup_plan_arn;
  Timestamp creation_date = 0;
  std::string version_id;
  std::vector<AdvancedBackupSetting> advanced_backup_settings;
};

struct GetBackupPlanInput {
  std::string backup_plan_id;
  std::optional<std::string> version_id;
};
struct GetBackupPlanOutput {
  BackupPlan backup_plan;
  std::string backup_plan_id;
  std::string backup_plan_arn;
  std::string version_id;
  std::optional<std::string> creator_request_id;
  Timestamp creation_date = 0;
  std::optional<Timestamp> deletion_date;
  std::optional<Timestamp> last_execution_date;
  std::vector<AdvancedBackupSetting> advanced_backup_settings;
};

struct BackupPlansListMember {
  std::string backup_plan_arn;
  std::string backup_plan_id;
  Timestamp creation_date = 0;
  std::optional<Timestamp> deletion_date;
  std::string version_id;
  std::string backup_plan_name;
  std::optional<std::string> creator_request_id;
  std::optional<Timestamp> last_execution_date;
  std::vector<AdvancedBackupSetting> advanced_backup_settings;
};

struct ListBackupPlansInput {
  std::optional<std::string> next_token;
  std::optional<int> max_results;
  std::optional<bool> include_deleted;
};
struct ListBackupPlansOutput {
  std::optional<std::string> next_token;
  std::vector<BackupPlansListMember> backup_plans_list;
};

struct UpdateBackupPlanInput {
  std::string backup_plan_id;
  BackupPlanInput backup_plan;
};
struct UpdateBackupPlanOutput {
  std::string backup_plan_id;
  std::string backup_plan_arn;
  Timestamp creation_date = 0;
  std::string version_id;
  std::vector<AdvancedBackupSetting> advanced_backup_settings;
};

struct DeleteBackupPlanInput {
  std::string backup_plan_id;
};
struct DeleteBackupPlanOutput {
  std::string backup_plan_id;
  std::string backup_plan_arn;
  Timestamp deletion_date = 0;
  std::string version_id;
};

struct ListBackupPlanVersionsInput {
  std::string backup_plan_id;
  std::optional<std::string> next_token;
  std::optional<int> max_results;
};
struct ListBackupPlanVersionsOutput {
  std::optional<std::string> next_token;
  std::vector<BackupPlansListMember> backup_plan_versions_list;
};

// ---- selections -----------------------------------------------------------

struct CreateBackupSelectionInput {
  std::string backup_plan_id;
  BackupSelection backup_selection;
  std::optional<std::string> creator_request_id;
};
struct CreateBackupSelectionOutput {
  std::string selection_id;
  std::string backup_plan_id;
  Timestamp creation_date = 0;
};

struct GetBackupSelectionInput {
  std::string backup_plan_id;
  std::string selection_id;
};
struct GetBackupSelectionOutput {
  BackupSelection backup_selection;
  std::string selection_id;
  std::string backup_plan_id;
  Timestamp creation_date = 0;
  std::optional<std::string> creator_request_id;
};

struct BackupSelectionsListMember {
  std::string selection_id;
  std::string selection_name;
  std::string backup_plan_id;
  Timestamp creation_date = 0;
  std::optional<std::string> creator_request_id;
  std::string iam_role_arn;
};

struct ListBackupSelectionsInput {
  std::string backup_plan_id;
  std::optional<std::string> next_token;
  std::optional<int> max_results;
};
struct ListBackupSelectionsOutput {
  std::optional<std::string> next_token;
  std::vector<BackupSelectionsListMember> backup_selections_list;
};

struct DeleteBackupSelectionInput {
  std::string backup_plan_id;
  std::string selection_id;
};

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_PLAN_TYPES_H_
