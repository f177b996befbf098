#include "tests/wire/samples.h"

namespace backupctl::testing {
namespace {

const char kVault[] = "prod-vault_01";
const char kPlanId[] = "8f81f553-3a74-4a3f-b93d-b3360dc80c50";
const char kPlanArn[] =
    "arn:aws:backup:us-east-1:123456789012:backup-plan:8f81f553-3a74-4a3f-b93d-b3360dc80c50";
const char kVaultArn[] = "arn:aws:backup:us-east-1:123456789012:backup-vault:prod-vault_01";
const char kRole[] = "arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole";
const char kToken[] = "AAEA+/tok=en with space&and=amp";  // base64-ish, URI-hostile
const char kVersion[] = "ZjQ2MjQ1YzgtYmUzMy00ODI1LThlMjktZjZiMzI4YTkwNjRh";

Lifecycle FullLifecycle() {
  Lifecycle l;
  l.move_to_cold_storage_after_days = 30;
  l.delete_after_days = 365;
  l.opt_in_to_archive_for_supported_resources = false;
  return l;
}

BackupJob FullBackupJob() {
  BackupJob j;
  j.account_id = "123456789012";
  j.backup_job_id = "job-1";
  j.backup_vault_name = kVault;
  j.backup_vault_arn = kVaultArn;
  j.vault_type = "BACKUP_VAULT";
  j.recovery_point_arn = "arn:aws:ec2:us-east-1::snapshot/snap-1";
  j.recovery_point_lifecycle = FullLifecycle();
  j.resource_arn = "arn:aws:ec2:us-east-1:123456789012:volume/vol-0";
  j.creation_date = 1700000000.5;
  j.completion_date = 1700000100;
  j.state = "FAILED";
  j.status_message = "IAM Role lacks permissions é";
  j.percent_done = "0.0";
  j.backup_size_in_bytes = 1 << 20;
  j.iam_role_arn = kRole;
  RecoveryPointCreator by;
  by.backup_plan_id = kPlanId;
  by.backup_plan_arn = kPlanArn;
  by.backup_plan_name = "plan-é";
  by.backup_plan_version = kVersion;
  by.backup_rule_id = "rule-0a1b";
  by.backup_rule_name = "daily";
  by.backup_rule_cron = "cron(0 5 ? * * *)";
  by.backup_rule_timezone = "Europe/Berlin";
  j.created_by = by;
  j.expected_completion_date = 1700000200;
  j.start_by = 1700028800;
  j.resource_type = "EBS";
  j.bytes_transferred = 0;
  j.backup_type = "FULL";
  j.is_parent = false;
  j.resource_name = "vol";
  j.initiation_date = 1700000000.5;
  j.message_category = "ACCESS_DENIED";
  return j;
}

BackupRule FullRule() {
  BackupRule r;
  r.rule_name = "daily.rule-1";
  r.target_backup_vault_name = kVault;
  r.schedule_expression = "cron(0 5 ? * * *)";
  r.schedule_expression_timezone = "Europe/Berlin";
  r.start_window_minutes = 60;
  r.completion_window_minutes = 10080;
  r.lifecycle = FullLifecycle();
  r.recovery_point_tags = {{"team", "platform"}, {"ключ", "値 ✓"}};
  r.copy_actions = {{"arn:aws:backup:eu-west-1:123456789012:backup-vault:dr", Lifecycle{}},
                    {"arn:aws:backup:us-west-2:123456789012:backup-vault:dr2", std::nullopt}};
  r.copy_actions[0].lifecycle->delete_after_days = 35;
  r.enable_continuous_backup = true;
  r.target_logically_air_gapped_backup_vault_arn =
      "arn:aws:backup:us-east-1:123456789012:backup-vault:air-gapped";
  r.index_actions = {{{"EBS"}}};
  r.scan_actions = {{"GUARDDUTY", "INCREMENTAL_SCAN"}};
  return r;
}

BackupRule MinimalRule() {
  BackupRule r;
  r.rule_name = "weekly";
  r.target_backup_vault_name = "Default";
  return r;
}

BackupPlansListMember PlanListMember(bool full) {
  BackupPlansListMember m;
  m.backup_plan_arn = kPlanArn;
  m.backup_plan_id = kPlanId;
  m.creation_date = 1700000000.123;
  m.version_id = kVersion;
  m.backup_plan_name = "plan-é";
  if (full) {
    m.deletion_date = 1700000500;
    m.creator_request_id = "stack-abc.plan-1";
    m.last_execution_date = 1700000100.5;
    m.advanced_backup_settings = {{"EC2", {{"WindowsVSS", "enabled"}}}};
  }
  return m;
}

DescribeBackupVaultOutput Vault(bool full) {
  DescribeBackupVaultOutput v;
  v.backup_vault_name = kVault;
  v.backup_vault_arn = kVaultArn;
  v.creation_date = 1516925490.087;
  v.number_of_recovery_points = full ? 12 : 0;
  v.locked = full;
  if (full) {
    v.vault_type = "BACKUP_VAULT";
    v.vault_state = "AVAILABLE";
    v.encryption_key_arn = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab";
    v.creator_request_id = "stack-abc.vault";
    v.min_retention_days = 7;
    v.max_retention_days = 36500;
    v.lock_date = 1700259200;
  }
  return v;
}

}  // namespace

BackupPlan FullPlan() {
  BackupPlan p;
  p.backup_plan_name = "plan-é.1";
  p.rules = {FullRule(), MinimalRule()};
  p.advanced_backup_settings = {{"EC2", {{"WindowsVSS", "enabled"}}}};
  p.scan_settings = {{"GUARDDUTY", {"EBS", "S3"}, kRole}};
  return p;
}

BackupSelection FullSelection() {
  BackupSelection s;
  s.selection_name = "sel.tagged-1";
  s.iam_role_arn = kRole;
  s.resources = {"arn:aws:ec2:us-east-1:123456789012:volume/*", "arn:aws:rds:*:*:db:x"};
  s.list_of_tags = {{"STRINGEQUALS", "backup", "daily"}};
  s.not_resources = {"arn:aws:ec2:us-east-1:123456789012:volume/vol-0"};
  Conditions c;
  c.string_equals = {{"aws:ResourceTag/env", "prod"}};
  c.string_not_equals = {{"aws:ResourceTag/tier", "scratch"}};
  c.string_like = {{"aws:ResourceTag/app", "web*"}};
  c.string_not_like = {{"aws:ResourceTag/name", "*tmp*"}};
  s.conditions = c;
  return s;
}

Inputs FullInputs() {
  Inputs in;
  in.create_vault = {kVault,
                     {{"owner", "platform"}, {"ключ", "値"}},
                     "arn:aws:kms:us-east-1:1:key/k",
                     "stack-abc.vault"};
  in.describe_vault = {kVault};
  in.list_vaults = {kToken, 1000};
  in.delete_vault = {kVault};
  in.create_plan = {FullPlan(), {{"managed-by", "backupctl"}}, "stack-abc.plan"};
  in.get_plan = {kPlanId, kVersion};
  in.list_plans = {kToken, 1, true};
  in.update_plan = {kPlanId, FullPlan()};
  in.delete_plan = {kPlanId};
  in.list_plan_versions = {kPlanId, kToken, 50};
  in.create_selection = {kPlanId, FullSelection(), "stack-abc.sel"};
  in.get_selection = {kPlanId, "sel-0a1b2c"};
  in.list_selections = {kPlanId, kToken, 25};
  in.delete_selection = {kPlanId, "sel-0a1b2c"};
  in.put_notifications = {kVault,
                          "arn:aws:sns:us-east-1:123456789012:topic",
                          {"BACKUP_JOB_COMPLETED", "RESTORE_JOB_COMPLETED"}};
  in.get_notifications = {kVault};
  in.delete_notifications = {kVault};
  in.put_policy = {kVault,
                   R"({"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*",)"
                   R"("Action":"backup:DeleteRecoveryPoint","Resource":"*"}]})"};
  in.get_policy = {kVault};
  in.delete_policy = {kVault};
  in.put_lock = {kVault, 7, 36500, 3};
  in.delete_lock = {kVault};
  in.tag = {kHostileArn, {{"a b", "c/d"}, {"ключ", "値 ✓"}}};
  in.untag = {kHostileArn, {"a b", "ключ"}};
  in.list_tags = {kHostileArn, kToken, 10};
  in.list_recovery_points = {kVault, kToken, 2};
  in.start_backup_job.backup_vault_name = kVault;
  in.start_backup_job.logically_air_gapped_backup_vault_arn =
      "arn:aws:backup:us-east-1:123456789012:backup-vault:air-gapped";
  in.start_backup_job.resource_arn = "arn:aws:ec2:us-east-1:123456789012:volume/vol-0";
  in.start_backup_job.iam_role_arn = kRole;
  in.start_backup_job.idempotency_token = "bc-verify é";
  in.start_backup_job.start_window_minutes = 60;
  in.start_backup_job.complete_window_minutes = 120;
  in.start_backup_job.lifecycle = FullLifecycle();
  in.start_backup_job.recovery_point_tags = {{"ключ", "値 ✓"}};
  in.start_backup_job.backup_options = {{"WindowsVSS", "enabled"}};
  in.start_backup_job.index = "ENABLED";
  in.describe_backup_job = {"job/ a+b"};
  in.list_backup_jobs.next_token = kToken;
  in.list_backup_jobs.max_results = 7;
  in.list_backup_jobs.by_resource_arn = kHostileArn;
  in.list_backup_jobs.by_state = "FAILED";
  in.list_backup_jobs.by_backup_vault_name = kVault;
  in.list_backup_jobs.by_created_before = 1700000100;
  in.list_backup_jobs.by_created_after = 1700000000;
  in.list_backup_jobs.by_resource_type = "EBS";
  in.list_backup_jobs.by_account_id = "123456789012";
  in.list_backup_jobs.by_complete_after = 1700000001;
  in.list_backup_jobs.by_complete_before = 1700000200;
  in.list_backup_jobs.by_parent_job_id = "parent-1";
  in.list_backup_jobs.by_message_category = "ACCESS_DENIED";
  in.list_copy_jobs.next_token = kToken;
  in.list_copy_jobs.max_results = 3;
  in.list_copy_jobs.by_resource_arn = kHostileArn;
  in.list_copy_jobs.by_state = "COMPLETED";
  in.list_copy_jobs.by_created_before = 1700000100;
  in.list_copy_jobs.by_created_after = 1700000000;
  in.list_copy_jobs.by_resource_type = "RDS";
  in.list_copy_jobs.by_destination_vault_arn = kVaultArn;
  in.list_copy_jobs.by_account_id = "123456789012";
  in.list_copy_jobs.by_complete_before = 1700000300;
  in.list_copy_jobs.by_complete_after = 1700000001;
  in.list_copy_jobs.by_parent_job_id = "parent-2";
  in.list_copy_jobs.by_message_category = "SUCCESS";
  in.list_copy_jobs.by_source_recovery_point_arn = "arn:aws:ec2:us-east-1::snapshot/snap-0";
  for (ListJobSummariesInput* s : std::initializer_list<ListJobSummariesInput*>{
           &in.backup_job_summaries, &in.copy_job_summaries, &in.restore_job_summaries}) {
    s->account_id = "123456789012";
    s->state = "AGGREGATE_ALL";
    s->resource_type = "EBS";
    s->aggregation_period = "SEVEN_DAYS";
    s->max_results = 50;
    s->next_token = kToken;
  }
  in.backup_job_summaries.message_category = "ANY";
  in.copy_job_summaries.message_category = "SUCCESS";
  in.update_region_settings.resource_type_opt_in_preference = {
      {"EBS", true}, {"S3", false}, {"Storage Gateway", true}};
  in.update_region_settings.resource_type_management_preference = {{"DynamoDB", true},
                                                                   {"EFS", false}};
  in.update_global_settings.global_settings = {{"isCrossAccountBackupEnabled", "true"}};
  return in;
}

Inputs MinimalInputs() {
  Inputs in;
  in.create_vault.backup_vault_name = "v1";
  in.describe_vault.backup_vault_name = "v1";
  in.delete_vault.backup_vault_name = "v1";
  in.create_plan.backup_plan.backup_plan_name = "p";
  in.create_plan.backup_plan.rules = {MinimalRule()};
  in.get_plan.backup_plan_id = "p1";
  in.update_plan.backup_plan_id = "p1";
  in.update_plan.backup_plan.backup_plan_name = "p";  // Rules stays empty: a required empty list
  in.delete_plan.backup_plan_id = "p1";
  in.list_plan_versions.backup_plan_id = "p1";
  in.create_selection.backup_plan_id = "p1";
  in.create_selection.backup_selection.selection_name = "s";
  in.create_selection.backup_selection.iam_role_arn = kRole;
  in.create_selection.backup_selection.conditions = Conditions{};  // present but empty
  in.get_selection = {"p1", "s1"};
  in.list_selections.backup_plan_id = "p1";
  in.delete_selection = {"p1", "s1"};
  in.put_notifications.backup_vault_name = "v1";
  in.put_notifications.sns_topic_arn = "arn:aws:sns:us-east-1:123456789012:t";
  in.get_notifications.backup_vault_name = "v1";
  in.delete_notifications.backup_vault_name = "v1";
  in.put_policy.backup_vault_name = "v1";
  in.get_policy.backup_vault_name = "v1";
  in.delete_policy.backup_vault_name = "v1";
  in.put_lock.backup_vault_name = "v1";
  in.delete_lock.backup_vault_name = "v1";
  in.tag.resource_arn = kVaultArn;
  in.untag.resource_arn = kVaultArn;
  in.list_tags.resource_arn = kVaultArn;
  in.list_recovery_points.backup_vault_name = "v1";
  in.start_backup_job.backup_vault_name = "v1";
  in.start_backup_job.resource_arn = "arn:aws:ec2:us-east-1:123456789012:volume/vol-0";
  in.start_backup_job.iam_role_arn = kRole;
  in.describe_backup_job.backup_job_id = "job-1";
  return in;
}

Outputs FullOutputs() {
  Outputs out;
  out.create_vault = {kVault, kVaultArn, 1700000000.25};
  out.describe_vault = Vault(true);
  out.list_vaults = {{Vault(true), Vault(false)}, kToken};
  out.create_plan = {
      kPlanId, kPlanArn, 1700000000, kVersion, {{"EC2", {{"WindowsVSS", "disabled"}}}}};
  out.get_plan.backup_plan = FullPlan();
  out.get_plan.backup_plan.rules[0].rule_id = "rule-0a1b";
  out.get_plan.backup_plan.rules[0].lifecycle->delete_after_event = "DELETE_AFTER_COPY";
  out.get_plan.backup_plan_id = kPlanId;
  out.get_plan.backup_plan_arn = kPlanArn;
  out.get_plan.version_id = kVersion;
  out.get_plan.creator_request_id = "stack-abc.plan";
  out.get_plan.creation_date = 1700000000.123;
  out.get_plan.deletion_date = 1700000900;
  out.get_plan.last_execution_date = 1700000100.5;
  out.get_plan.advanced_backup_settings = {{"EC2", {{"WindowsVSS", "enabled"}}}};
  out.list_plans = {kToken, {PlanListMember(true), PlanListMember(false)}};
  out.update_plan = {kPlanId, kPlanArn, 1700000000, kVersion, {{"EC2", {}}}};
  out.delete_plan = {kPlanId, kPlanArn, 1700000999.001, kVersion};
  out.list_plan_versions = {kToken, {PlanListMember(true)}};
  out.create_selection = {"sel-0a1b2c", kPlanId, 1700000000};
  out.get_selection = {FullSelection(), "sel-0a1b2c", kPlanId, 1700000000, "stack-abc.sel"};
  out.list_selections = {kToken,
                         {{"sel-0a1b2c", "sel.tagged-1", kPlanId, 1700000000, "c1", kRole},
                          {"sel-2", "s2", kPlanId, 1700000001, std::nullopt, kRole}}};
  out.get_notifications = {
      kVault, kVaultArn, "arn:aws:sns:us-east-1:123456789012:topic", {"BACKUP_JOB_COMPLETED"}};
  out.get_policy = {kVault, kVaultArn, R"({"Version":"2012-10-17","Statement":[]})"};
  out.list_tags = {kToken, {{"a b", "c/d"}, {"ключ", "値 ✓"}}};
  out.list_recovery_points = {
      kToken,
      {{"arn:aws:ec2:us-east-1::snapshot/snap-0", kVault, kVaultArn,
        "arn:aws:ec2:us-east-1:123456789012:volume/vol-0", "EBS", "COMPLETED", 1700000000.5}}};
  out.start_backup_job = {"job-1", "arn:aws:ec2:us-east-1::snapshot/snap-1", 1700000000.5, false};
  static_cast<BackupJob&>(out.describe_backup_job) = FullBackupJob();
  out.describe_backup_job.number_of_child_jobs = 0;
  out.list_backup_jobs = {{FullBackupJob(), BackupJob{}}, kToken};
  out.list_backup_jobs.backup_jobs[1].backup_job_id = "job-2";
  CopyJob copy;
  copy.account_id = "123456789012";
  copy.copy_job_id = "copy-1";
  copy.source_backup_vault_arn = kVaultArn;
  copy.source_recovery_point_arn = "arn:aws:ec2:us-east-1::snapshot/snap-1";
  copy.destination_backup_vault_arn = "arn:aws:backup:eu-west-1:123456789012:backup-vault:dr";
  copy.destination_vault_type = "BACKUP_VAULT";
  copy.destination_recovery_point_arn = "arn:aws:ec2:eu-west-1::snapshot/snap-2";
  copy.destination_recovery_point_lifecycle = FullLifecycle();
  copy.resource_arn = "arn:aws:ec2:us-east-1:123456789012:volume/vol-0";
  copy.creation_date = 1700000100;
  copy.completion_date = 1700000200.5;
  copy.state = "COMPLETED";
  copy.status_message = "ok é";
  copy.backup_size_in_bytes = 1 << 20;
  copy.iam_role_arn = kRole;
  copy.created_by = FullBackupJob().created_by;
  copy.created_by_backup_job_id = "job-1";
  copy.resource_type = "EBS";
  copy.parent_job_id = "parent-2";
  copy.is_parent = false;
  copy.resource_name = "vol";
  copy.message_category = "SUCCESS";
  out.list_copy_jobs = {{copy}, kToken};
  JobSummary row;
  row.region = "us-east-1";
  row.account_id = "123456789012";
  row.state = "FAILED";
  row.resource_type = "EBS";
  row.message_category = "ACCESS_DENIED";
  row.count = 3;
  row.start_time = 1700000000;
  row.end_time = 1700086400;
  JobSummary restore_row = row;
  restore_row.message_category.reset();
  out.backup_job_summaries = {{row}, "ONE_DAY", kToken};
  out.copy_job_summaries = {{row}, "SEVEN_DAYS", kToken};
  out.restore_job_summaries = {{restore_row}, "FOURTEEN_DAYS", kToken};
  out.describe_region_settings = {{{"EBS", true}, {"S3", false}, {"SAP HANA on Amazon EC2", false}},
                                  {{"DynamoDB", false}, {"EFS", true}}};
  out.describe_global_settings = {
      {{"isCrossAccountBackupEnabled", "false"}, {"isMpaEnabled", "false"}}, 1700000000.5};
  return out;
}

Outputs MinimalOutputs() {
  Outputs out;
  out.describe_vault = Vault(false);
  return out;
}

}  // namespace backupctl::testing
