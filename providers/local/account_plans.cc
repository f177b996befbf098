// Backup plans and their versions.
//
// What AWS does and this copies: plan names are not unique (a second create
// with the same name makes a second plan); a repeated CreatorRequestId
// returns the live plan it made (a deleted plan's id is not handed back);
// every update makes a new version with a new VersionId and keeps the plan
// id; GetBackupPlan returns the rules with the service's defaults filled in;
// a deleted plan still answers GetBackupPlan, with its DeletionDate.
// A rule keeps its RuleId across updates while its name stays the same.

#include <functional>

#include "providers/local/account.h"
#include "providers/local/account_scopes.h"
#include "providers/local/local_errors.h"
#include "providers/local/pagination.h"
#include "providers/local/validation.h"

namespace backupctl {
namespace {

constexpr char kDefaultSchedule[] = "cron(0 5 ? * * *)";
constexpr char kDefaultTimezone[] = "Etc/UTC";
constexpr int64_t kDefaultStartWindowMinutes = 480;
constexpr int64_t kDefaultCompletionWindowMinutes = 10080;

// The plan as GetBackupPlan will return it.
BackupPlan StoredPlan(const BackupPlan& input, const PlanRecord* previous,
                      const std::function<std::string()>& new_id) {
  BackupPlan plan = input;
  for (BackupRule& rule : plan.rules) {
    if (!rule.schedule_expression) rule.schedule_expression = kDefaultSchedule;
    if (!rule.schedule_expression_timezone) rule.schedule_expression_timezone = kDefaultTimezone;
    if (!rule.start_window_minutes) rule.start_window_minutes = kDefaultStartWindowMinutes;
    if (!rule.completion_window_minutes) {
      rule.completion_window_minutes = kDefaultCompletionWindowMinutes;
    }
    // DeleteAfterEvent is output-only: never taken from a request.
    if (rule.lifecycle) rule.lifecycle->delete_after_event.reset();
    for (CopyAction& copy : rule.copy_actions) {
      if (copy.lifecycle) copy.lifecycle->delete_after_event.reset();
    }
    rule.rule_id.reset();
    if (previous) {
      for (const BackupRule& old : previous->current().plan.rules) {
        if (old.rule_name == rule.rule_name) rule.rule_id = old.rule_id;
      }
    }
    if (!rule.rule_id) rule.rule_id = new_id();
  }
  return plan;
}

BackupPlansListMember ListMemberOf(const PlanRecord& plan, const PlanVersionRecord& version) {
  BackupPlansListMember m;
  m.backup_plan_arn = plan.arn;
  m.backup_plan_id = plan.id;
  m.creation_date = version.creation_date;
  m.deletion_date = plan.deletion_date;
  m.version_id = version.version_id;
  m.backup_plan_name = version.plan.backup_plan_name;
  m.creator_request_id = plan.creator_request_id;
  m.advanced_backup_settings = version.plan.advanced_backup_settings;
  return m;
}

CreateBackupPlanOutput CreateOutputOf(const PlanRecord& plan) {
  const PlanVersionRecord& v = plan.current();
  return {plan.id, plan.arn, v.creation_date, v.version_id, v.plan.advanced_backup_settings};
}

}  // namespace

Outcome<CreateBackupPlanOutput> LocalAccount::CreateBackupPlan(const CreateBackupPlanInput& in) {
  WriteScope w(*this);
  if (w.error()) return *w.error();
  if (auto e = Denied("CreateBackupPlan", {}, PlanArn("*"))) return *e;
  if (auto e = CheckCreatorRequestId(in.creator_request_id)) return *e;
  if (in.creator_request_id) {
    for (const auto& [id, plan] : state_.plans) {
      if (!plan.deleted() && plan.creator_request_id == in.creator_request_id) {
        return CreateOutputOf(plan);  // a retry of the request that made it
      }
    }
  }
  auto vault_exists = [&](const std::string& name) { return state_.vaults.count(name) > 0; };
  if (auto e = CheckPlanDocument(in.backup_plan, vault_exists)) return *e;
  if (auto e = CheckTags(in.backup_plan_tags)) return *e;
  if (auto e = CheckPlanQuota()) return *e;
  PlanRecord plan;
  plan.id = NewUuid();
  plan.arn = PlanArn(plan.id);
  plan.creator_request_id = in.creator_request_id;
  plan.creation_date = NowLocked();
  plan.tags = in.backup_plan_tags;
  plan.versions.push_back({NewVersionId(), plan.creation_date,
                           StoredPlan(in.backup_plan, nullptr, [&] { return NewUuid(); })});
  CreateBackupPlanOutput out = CreateOutputOf(plan);
  state_.plans.emplace(plan.id, std::move(plan));
  if (auto e = w.Commit()) return *e;
  return out;
}

std::optional<ApiError> LocalAccount::CheckPlanQuota() const {
  const int quota = options_.quotas.plans;
  if (quota <= 0) return std::nullopt;
  size_t live = 0;
  for (const auto& [id, plan] : state_.plans) live += plan.deleted() ? 0 : 1;
  if (live < static_cast<size_t>(quota)) return std::nullopt;
  return LimitExceededError("Backup plan quota (" + std::to_string(quota) + " per Region) reached");
}

Outcome<GetBackupPlanOutput> LocalAccount::GetBackupPlan(const GetBackupPlanInput& in) {
  ReadScope r(*this);
  if (r.error()) return *r.error();
  const std::string& id = in.backup_plan_id;
  if (auto e = Denied("GetBackupPlan", {id}, PlanArn(id))) return *e;
  if (id.empty()) return MissingParameterError("BackupPlanId is required");
  auto it = state_.plans.find(id);
  if (it == state_.plans.end()) return NotFoundError("Backup plan " + id + " does not exist");
  const PlanRecord& plan = it->second;
  const PlanVersionRecord* version = &plan.current();
  if (in.version_id) {
    version = nullptr;
    for (const PlanVersionRecord& v : plan.versions) {
      if (v.version_id == *in.version_id) version = &v;
    }
    if (!version) return NotFoundError("Failed reading Backup plan with provided version");
  }
  GetBackupPlanOutput out;
  out.backup_plan = version->plan;
  out.backup_plan_id = plan.id;
  out.backup_plan_arn = plan.arn;
  out.version_id = version->version_id;
  out.creator_request_id = plan.creator_request_id;
  out.creation_date = version->creation_date;
  out.deletion_date = plan.deletion_date;
  out.advanced_backup_settings = version->plan.advanced_backup_settings;
  return out;
}

Outcome<ListBackupPlansOutput> LocalAccount::ListBackupPlans(const ListBackupPlansInput& in) {
  ReadScope r(*this);
  if (r.error()) return *r.error();
  if (auto e = Denied("ListBackupPlans", {}, PlanArn("*"))) return *e;
  const bool include_deleted = in.include_deleted.value_or(false);
  const std::string scope = std::string("ListBackupPlans\n") + (include_deleted ? "1" : "0");
  auto page = StartPage(state_.token_secret, scope, in.next_token, in.max_results);
  if (!page.ok()) return page.error();
  ListBackupPlansOutput out;
  auto last = WalkPage(
      state_.plans, page.value(),
      [&](const PlanRecord& p) { return include_deleted || !p.deleted(); },
      [&](const std::string&, const PlanRecord& p) {
        out.backup_plans_list.push_back(ListMemberOf(p, p.current()));
      });
  if (last) out.next_token = MakePageToken(state_.token_secret, scope, *last);
  return out;
}

Outcome<UpdateBackupPlanOutput> LocalAccount::UpdateBackupPlan(const UpdateBackupPlanInput& in) {
  WriteScope w(*this);
  if (w.error()) return *w.error();
  const std::string& id = in.backup_plan_id;
  auto found = FindLivePlanFor("UpdateBackupPlan", id);
  if (!found.ok()) return found.error();
  auto vault_exists = [&](const std::string& name) { return state_.vaults.count(name) > 0; };
  if (auto e = CheckPlanDocument(in.backup_plan, vault_exists)) return *e;
  PlanRecord& plan = *found.value();
  PlanVersionRecord version{NewVersionId(), NowLocked(),
                            StoredPlan(in.backup_plan, &plan, [&] { return NewUuid(); })};
  plan.versions.push_back(std::move(version));
  const PlanVersionRecord& v = plan.current();
  UpdateBackupPlanOutput out{plan.id, plan.arn, v.creation_date, v.version_id,
                             v.plan.advanced_backup_settings};
  if (auto e = w.Commit()) return *e;
  return out;
}

Outcome<DeleteBackupPlanOutput> LocalAccount::DeleteBackupPlan(const DeleteBackupPlanInput& in) {
  WriteScope w(*this);
  if (w.error()) return *w.error();
  const std::string& id = in.backup_plan_id;
  auto found = FindLivePlanFor("DeleteBackupPlan", id);
  if (!found.ok()) return found.error();
  auto selections = state_.selections.find(id);
  if (selections != state_.selections.end() && !selections->second.empty()) {
    return InvalidRequestError(
        "Related backup plan selections must be deleted prior to backup plan deletion");
  }
  PlanRecord& plan = *found.value();
  plan.deletion_date = NowLocked();
  DeleteBackupPlanOutput out{plan.id, plan.arn, *plan.deletion_date, plan.current().version_id};
  if (auto e = w.Commit()) return *e;
  return out;
}

Outcome<ListBackupPlanVersionsOutput> LocalAccount::ListBackupPlanVersions(
    const ListBackupPlanVersionsInput& in) {
  ReadScope r(*this);
  if (r.error()) return *r.error();
  const std::string& id = in.backup_plan_id;
  if (auto e = Denied("ListBackupPlanVersions", {id}, PlanArn(id))) return *e;
  if (id.empty()) return MissingParameterError("BackupPlanId is required");
  auto it = state_.plans.find(id);
  if (it == state_.plans.end()) return NotFoundError("Backup plan " + id + " does not exist");
  const PlanRecord& plan = it->second;
  const std::string scope = "ListBackupPlanVersions\n" + id;
  auto page = StartPage(state_.token_secret, scope, in.next_token, in.max_results);
  if (!page.ok()) return page.error();
  // Newest first. Versions are only ever appended, so the index of the last
  // returned version is a stable cursor.
  size_t next = plan.versions.size();
  if (page.value().after) {
    next = 0;
    for (size_t i = 0; i < plan.versions.size(); ++i) {
      if (plan.versions[i].version_id == *page.value().after) next = i;
    }
  }
  ListBackupPlanVersionsOutput out;
  while (next > 0 && static_cast<int>(out.backup_plan_versions_list.size()) < page.value().limit) {
    --next;
    out.backup_plan_versions_list.push_back(ListMemberOf(plan, plan.versions[next]));
  }
  if (next > 0) {
    out.next_token = MakePageToken(state_.token_secret, scope, plan.versions[next].version_id);
  }
  return out;
}

}  // namespace backupctl
