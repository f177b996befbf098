// Builders shared by the LocalAccount tests.

#ifndef BACKUPCTL_TESTS_LOCAL_ACCOUNT_TEST_UTIL_H_
#define BACKUPCTL_TESTS_LOCAL_ACCOUNT_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <string>

#include "providers/local/account.h"

namespace backupctl {

inline CreateBackupVaultInput VaultInput(const std::string& name,
                                         std::optional<std::string> creator_request_id = {}) {
  CreateBackupVaultInput in;
  in.backup_vault_name = name;
  in.creator_request_id = std::move(creator_request_id);
  return in;
}

inline BackupRule Rule(const std::string& name, const std::string& vault) {
  BackupRule rule;
  rule.rule_name = name;
  rule.target_backup_vault_name = vault;
  return rule;
}

inline CreateBackupPlanInput PlanInput(const std::string& name, const std::string& vault,
                                       std::optional<std::string> creator_request_id = {}) {
  CreateBackupPlanInput in;
  in.backup_plan.backup_plan_name = name;
  in.backup_plan.rules.push_back(Rule("daily", vault));
  in.creator_request_id = std::move(creator_request_id);
  return in;
}

inline CreateBackupSelectionInput SelectionInput(
    const std::string& plan_id, const std::string& name,
    std::optional<std::string> creator_request_id = {}) {
  CreateBackupSelectionInput in;
  in.backup_plan_id = plan_id;
  in.backup_selection.selection_name = name;
  in.backup_selection.iam_role_arn = "arn:aws:iam::123456789012:role/backup";
  in.backup_selection.resources = {"arn:aws:ec2:us-east-1:123456789012:volume/vol-1"};
  in.creator_request_id = std::move(creator_request_id);
  return in;
}

inline ListTagsInput TagsIn(const std::string& arn) {
  ListTagsInput in;
  in.resource_arn = arn;
  return in;
}

inline ListRecoveryPointsByBackupVaultInput RecoveryPointsIn(const std::string& vault) {
  ListRecoveryPointsByBackupVaultInput in;
  in.backup_vault_name = vault;
  return in;
}

// Fails the test (and returns the value) unless the outcome is ok.
template <typename T>
T Ok(Outcome<T> outcome) {
  EXPECT_TRUE(outcome.ok()) << (outcome.ok() ? "" : outcome.error().ToString());
  if (!outcome.ok()) return T{};
  return std::move(outcome.value());
}

template <typename T>
std::string CodeOf(const Outcome<T>& outcome) {
  return outcome.ok() ? "OK" : outcome.error().code;
}

}  // namespace backupctl

#endif  // BACKUPCTL_TESTS_LOCAL_ACCOUNT_TEST_UTIL_H_
