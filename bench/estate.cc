#include "bench/estate.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>

namespace backupctl::bench {
namespace {

namespace fs = std::filesystem;

std::string Padded(const char* prefix, int index) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%s%06d", prefix, index);
  return buf;
}

std::string TeamName(int team) { return Padded("team-", team); }

bool Changed(int index, int change_every) { return change_every > 0 && index % change_every == 0; }

void Header(std::string& out, const EstateShape& shape, const char* kind, const std::string& name) {
  out += "---\napiVersion: backupctl/v1\nkind: ";
  out += kind;
  out += "\nmetadata:\n  name: " + name + "\n" + shape.placement + "spec:\n";
}

void AppendVault(std::string& out, const EstateShape& shape, int i, int change_every) {
  const std::string name = VaultName(i);
  const bool changed = Changed(i, change_every);
  Header(out, shape, "BackupVault", name);
  out += "  backupVaultTags:\n    team: " + TeamName(i / shape.per_team) + "\n";
  out += std::string("    tier: ") + (changed ? "silver" : "gold") + "\n";
  out += "    cost-center: \"4711\"\n";
  if (i % 5 == 0) out += "  lock:\n    minRetentionDays: 7\n    maxRetentionDays: 3650\n";

  Header(out, shape, "BackupVaultNotifications", name + "-alerts");
  out += "  backupVaultName: " + name + "\n";
  out += "  snsTopicArn: arn:aws:sns:" + shape.region + ":" + shape.account_id + ":backup-alerts-" +
         TeamName(i / shape.per_team) + "\n";
  out +=
      changed
          ? "  backupVaultEvents: [BACKUP_JOB_COMPLETED, COPY_JOB_FAILED, RESTORE_JOB_COMPLETED]\n"
          : "  backupVaultEvents: [BACKUP_JOB_COMPLETED, COPY_JOB_FAILED]\n";

  Header(out, shape, "BackupVaultAccessPolicy", name + "-policy");
  out += "  backupVaultName: " + name + "\n";
  out += "  policy:\n    Version: \"2012-10-17\"\n    Statement:\n";
  out += std::string("      - Sid: ") + (changed ? "DenyDeleteV2" : "DenyDelete") + "\n";
  out +=
      "        Effect: Deny\n        Principal: \"*\"\n        Action:\n"
      "          - backup:DeleteRecoveryPoint\n"
      "          - backup:UpdateRecoveryPointLifecycle\n"
      "        Resource: \"*\"\n";
}

void AppendPlan(std::string& out, const EstateShape& shape, int i, int change_every) {
  const std::string vault = VaultName(i % shape.vaults);
  const std::string next_vault = VaultName((i + 1) % shape.vaults);
  Header(out, shape, "BackupPlan", PlanName(i));
  out += "  backupPlanTags:\n    team: " + TeamName(i / shape.per_team) + "\n  rules:\n";
  out += "    - ruleName: daily\n      targetBackupVaultName: " + vault + "\n";
  out +=
      "      scheduleExpression: cron(0 5 ? * * *)\n      startWindowMinutes: 60\n"
      "      completionWindowMinutes: 720\n      lifecycle:\n";
  out += std::string("        deleteAfterDays: ") + (Changed(i, change_every) ? "36" : "35") + "\n";
  out += "      recoveryPointTags:\n        schedule: daily\n      copyActions:\n";
  out += "        - destinationBackupVaultArn: arn:aws:backup:eu-central-1:" + shape.account_id +
         ":backup-vault:bench-dr\n          lifecycle:\n            deleteAfterDays: 35\n";
  out += "    - ruleName: weekly\n      targetBackupVaultName: " + next_vault + "\n";
  out +=
      "      scheduleExpression: cron(0 4 ? * SUN *)\n"
      "      scheduleExpressionTimezone: Europe/Berlin\n"
      "      lifecycle:\n        deleteAfterDays: 90\n";
  out += "    - ruleName: monthly\n      targetBackupVaultName: " + vault + "\n";
  out +=
      "      scheduleExpression: cron(0 3 1 * ? *)\n      lifecycle:\n"
      "        moveToColdStorageAfterDays: 30\n        deleteAfterDays: 400\n";
}

void AppendSelection(std::string& out, const EstateShape& shape, int plan, int j,
                     int change_every) {
  const std::string plan_name = PlanName(plan);
  const std::string suffix = Changed(j, change_every) ? "-v2" : "";
  Header(out, shape, "BackupSelection", Padded("sel-", j));
  out += "  plan: " + plan_name + "\n";
  out += "  iamRoleArn: arn:aws:iam::" + shape.account_id +
         ":role/service-role/AWSBackupDefaultServiceRole\n";
  const std::string arn_prefix = "arn:aws:rds:" + shape.region + ":" + shape.account_id + ":db:";
  switch (j % 3) {
    case 0:
      out += "  listOfTags:\n    - conditionType: STRINGEQUALS\n      conditionKey: backup-plan\n";
      out += "      conditionValue: " + plan_name + suffix + "\n";
      break;
    case 1:
      out += "  resources:\n";
      out += "    - " + arn_prefix + Padded("orders-", j) + suffix + "\n";
      out += "    - " + arn_prefix + Padded("payments-", j) + "\n";
      out += "    - arn:aws:s3:::" + Padded("bench-invoices-", j) + "\n";
      out += "  notResources:\n    - " + arn_prefix + Padded("orders-replica-", j) + "\n";
      break;
    default:
      out += "  resources:\n    - \"*\"\n  conditions:\n    stringEquals:\n";
      out += "      - conditionKey: aws:ResourceTag/team\n        conditionValue: " +
             TeamName(plan / shape.per_team) + suffix + "\n";
      out +=
          "    stringNotLike:\n      - conditionKey: aws:ResourceTag/Name\n"
          "        conditionValue: \"*scratch*\"\n";
  }
}

bool WriteFile(const fs::path& path, const std::string& text, std::string* error) {
  std::ofstream out(path, std::ios::trunc | std::ios::binary);
  out << text;
  if (!out.flush()) {
    *error = "cannot write " + path.string();
    return false;
  }
  return true;
}

std::string ProjectFile(const EstateShape& shape) {
  return "# Generated by backupctl_bench: " + std::to_string(shape.vaults) + " vaults, " +
         std::to_string(shape.plans) + " plans, " + std::to_string(shape.selections) +
         " selections.\nstack: " + shape.stack +
         "\ntarget:\n  type: aws\n  region: " + shape.region + "\n";
}

}  // namespace

std::string VaultName(int index) { return Padded("bench-v", index); }
std::string PlanName(int index) { return Padded("bench-p", index); }

int64_t DeclaredResources(const EstateShape& shape) {
  return 3LL * shape.vaults + shape.plans + shape.selections;
}

EstateShape ShapeForResources(int64_t declared) {
  EstateShape shape;
  shape.vaults = static_cast<int>((declared + 6) / 7);
  shape.plans = shape.vaults;
  shape.selections = 3 * shape.plans;
  return shape;
}

bool WriteEstateTree(const EstateShape& shape, int change_every, const std::string& dir,
                     std::string* error) {
  std::error_code ec;
  fs::remove_all(fs::path(dir) / "teams", ec);
  fs::create_directories(dir, ec);
  if (ec) {
    *error = "cannot create " + dir + ": " + ec.message();
    return false;
  }
  if (!WriteFile(fs::path(dir) / "backupctl.yaml", ProjectFile(shape), error)) return false;
  const int teams = (std::max(shape.vaults, shape.plans) + shape.per_team - 1) / shape.per_team;
  for (int team = 0; team < teams; ++team) {
    fs::path team_dir = fs::path(dir) / "teams" / TeamName(team);
    fs::create_directories(team_dir, ec);
    if (ec) {
      *error = "cannot create " + team_dir.string() + ": " + ec.message();
      return false;
    }
    std::string vaults, plans;
    const int first = team * shape.per_team;
    for (int i = first; i < first + shape.per_team; ++i) {
      if (i < shape.vaults) AppendVault(vaults, shape, i, change_every);
      if (i >= shape.plans) continue;
      AppendPlan(plans, shape, i, change_every);
      for (int j = i; j < shape.selections; j += shape.plans) {
        AppendSelection(plans, shape, i, j, change_every);
      }
    }
    if (!vaults.empty() && !WriteFile(team_dir / "vaults.yaml", vaults, error)) return false;
    if (!plans.empty() && !WriteFile(team_dir / "plans.yaml", plans, error)) return false;
  }
  return true;
}

}  // namespace backupctl::bench
