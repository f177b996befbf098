// Backup selections, per plan. Selections are immutable on AWS: there is no
// update, only create and delete. GetBackupSelection returns the empty lists
// and the empty Conditions the service fills in for members the caller left
// out. A repeated CreatorRequestId within a plan returns the selection it
// made. Names need not be unique within a plan.

#include "providers/local/account.h"
#include "providers/local/account_scopes.h"
#include "providers/local/local_errors.h"
#include "providers/local/pagination.h"
#include "providers/local/validation.h"

namespace backupctl {
namespace {

ApiError SelectionNotFound(const std::string& selection_id, const std::string& plan_id) {
  return NotFoundError("Backup selection " + selection_id + " does not exist in plan " + plan_id);
}

}  // namespace

std::optional<ApiError> LocalAccount::CheckSelectionRequest(const std::string& operation,
                                                            const std::string& plan_id,
                                                            const std::string& selection_id) const {
  if (auto e = Denied(operation, {plan_id, selection_id}, PlanArn(plan_id))) return e;
  if (plan_id.empty()) return MissingParameterError("BackupPlanId is required");
  if (selection_id.empty()) return MissingParameterError("SelectionId is required");
  auto plan = FindLivePlan(plan_id);
  if (!plan.ok()) return plan.error();
  return std::nullopt;
}

Outcome<CreateBackupSelectionOutput> LocalAccount::CreateBackupSelection(
    const CreateBackupSelectionInput& in) {
  WriteScope w(*this);
  if (w.error()) return *w.error();
  const std::string& plan_id = in.backup_plan_id;
  auto plan = FindLivePlanFor("CreateBackupSelection", plan_id);
  if (!plan.ok()) return plan.error();
  if (auto e = CheckCreatorRequestId(in.creator_request_id)) return *e;
  auto& selections = state_.selections[plan_id];
  if (in.creator_request_id) {
    for (const auto& [id, s] : selections) {
      if (s.creator_request_id == in.creator_request_id) {
        return CreateBackupSelectionOutput{s.id, plan_id, s.creation_date};
      }
    }
  }
  if (auto e = CheckSelection(in.backup_selection)) {
    if (selections.empty()) state_.selections.erase(plan_id);
    return *e;
  }
  const int quota = options_.quotas.selections_per_plan;
  if (quota > 0 && selections.size() >= static_cast<size_t>(quota)) {
    return LimitExceededError("Backup plan " + plan_id + " already has " + std::to_string(quota) +
                              " resource assignments, its quota");
  }
  SelectionRecord record;
  record.id = NewUuid();
  record.plan_id = plan_id;
  record.creation_date = NowLocked();
  record.creator_request_id = in.creator_request_id;
  record.selection = in.backup_selection;
  if (!record.selection.conditions) record.selection.conditions = Conditions{};
  CreateBackupSelectionOutput out{record.id, plan_id, record.creation_date};
  selections.emplace(record.id, std::move(record));
  if (auto e = w.Commit()) return *e;
  return out;
}

Outcome<GetBackupSelectionOutput> LocalAccount::GetBackupSelection(
    const GetBackupSelectionInput& in) {
  ReadScope r(*this);
  if (r.error()) return *r.error();
  const std::string& plan_id = in.backup_plan_id;
  if (auto e = CheckSelectionRequest("GetBackupSelection", plan_id, in.selection_id)) return *e;
  auto selections = state_.selections.find(plan_id);
  if (selections == state_.selections.end() || selections->second.count(in.selection_id) == 0) {
    return SelectionNotFound(in.selection_id, plan_id);
  }
  const SelectionRecord& s = selections->second.at(in.selection_id);
  return GetBackupSelectionOutput{s.selection, s.id, plan_id, s.creation_date,
                                  s.creator_request_id};
}

Outcome<ListBackupSelectionsOutput> LocalAccount::ListBackupSelections(
    const ListBackupSelectionsInput& in) {
  ReadScope r(*this);
  if (r.error()) return *r.error();
  const std::string& plan_id = in.backup_plan_id;
  auto plan = FindLivePlanFor("ListBackupSelections", plan_id);
  if (!plan.ok()) return plan.error();
  const std::string scope = "ListBackupSelections\n" + plan_id;
  auto page = StartPage(state_.token_secret, scope, in.next_token, in.max_results);
  if (!page.ok()) return page.error();
  ListBackupSelectionsOutput out;
  auto selections = state_.selections.find(plan_id);
  if (selections == state_.selections.end()) return out;
  auto last = WalkPage(
      selections->second, page.value(), [](const SelectionRecord&) { return true; },
      [&](const std::string&, const SelectionRecord& s) {
        out.backup_selections_list.push_back({s.id, s.selection.selection_name, plan_id,
                                              s.creation_date, s.creator_request_id,
                                              s.selection.iam_role_arn});
      });
  if (last) out.next_token = MakePageToken(state_.token_secret, scope, *last);
  return out;
}

EmptyOutcome LocalAccount::DeleteBackupSelection(const DeleteBackupSelectionInput& in) {
  WriteScope w(*this);
  if (w.error()) return *w.error();
  const std::string& plan_id = in.backup_plan_id;
  if (auto e = CheckSelectionRequest("DeleteBackupSelection", plan_id, in.selection_id)) return *e;
  auto selections = state_.selections.find(plan_id);
  if (selections == state_.selections.end() || selections->second.erase(in.selection_id) == 0) {
    return SelectionNotFound(in.selection_id, plan_id);
  }
  if (selections->second.empty()) state_.selections.erase(selections);
  if (auto e = w.Commit()) return *e;
  return Empty{};
}

}  // namespace backupctl
