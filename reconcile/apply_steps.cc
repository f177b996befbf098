#include "reconcile/apply_steps.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <variant>

#include <spdlog/spdlog.h>

#include "providers/paginate.h"
#include "reconcile/convert.h"
#include "reconcile/identity.h"

namespace backupctl {
namespace {

using Clock = std::chrono::steady_clock;

// Eventual-consistency waits back off from retry_initial_delay_seconds to this.
constexpr double kMaxConsistencyDelaySeconds = 5;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// AWS's own words while a new IAM role or principal propagates; anything
// else (a bad lifecycle, an unknown vault) is permanent and fails at once.
constexpr const char* kPropagationMessages[] = {
    "cannot be assumed by AWS Backup",  // CreateBackupSelection: the role
    "is not authorized to call",        // CreateBackupSelection: the role's policy
    "Provided principal is not valid",  // PutBackupVaultAccessPolicy: a principal
    "Invalid principal",                // PutBackupVaultAccessPolicy: a principal
};

bool IsConsistencyError(const ApiError& e, bool plan_delete) {
  if (plan_delete && e.kind == ErrorKind::kInvalidRequest) return true;
  if (e.kind != ErrorKind::kInvalidParameter) return false;
  for (const char* text : kPropagationMessages) {
    if (e.message.find(text) != std::string::npos) return true;
  }
  return false;
}

StepResult Fail(const std::string& what, const ApiError& e) {
  return {false, what + ": " + e.ToString()};
}

// What a probe of a resource a create answered with found.
struct Presence {
  enum State { kLive, kGone, kNotVisible, kForeign, kUnknown } state = kUnknown;
  std::string detail;  // kForeign, kUnknown: why
};

}  // namespace

class ActionSteps::Impl {
 public:
  Impl(const ActionPlan& plan, const std::map<std::string, BackupApi*>& apis,
       const ApplyOptions& options)
      : apis_(apis), options_(options) {
    for (const auto& a : plan.actions) {
      if (a.kind == Kind::kBackupPlan && !a.backup_plan_id.empty()) {
        backup_plan_ids_[PlanKey(a, a.name)] = a.backup_plan_id;
      }
      const auto* selection = std::get_if<Selection>(&a.payload);
      if (a.kind == Kind::kSelection && selection && !a.backup_plan_id.empty()) {
        backup_plan_ids_[PlanKey(a, selection->plan)] = a.backup_plan_id;
      }
    }
  }

  int64_t write_calls() const { return writes_.load(); }

  // Runs one write. Throttling, 5xx and transport errors are the api's to
  // retry (the AWS client does, under its RetryOptions), so a write is sent
  // at most as often as that policy allows; the in-process local target gets
  // one attempt (see ApplyOptions). The known eventual-consistency refusals
  // are the only thing retried here: with backoff, until the consistency
  // deadline, each wait logged.
  template <typename Call>
  auto Write(const Action& a, const char* operation, Call call, bool plan_delete = false) {
    auto start = Clock::now();
    double delay = options_.retry_initial_delay_seconds;
    for (int attempt = 1;; ++attempt) {
      ++writes_;
      auto r = call();
      if (r.ok() || !IsConsistencyError(r.error(), plan_delete)) return r;
      double waited = SecondsSince(start);
      if (waited + delay >= options_.consistency_retry_seconds) {
        spdlog::warn("{}: {} still refused after {:.1f}s and {} attempts, giving up: {}", a.id,
                     operation, waited, attempt, r.error().ToString());
        return r;
      }
      spdlog::info(
          "{}: {} refused while a change propagates ({}); attempt {} in {:.2f}s, giving up "
          "after {:.0f}s",
          a.id, operation, r.error().message, attempt + 1, delay,
          options_.consistency_retry_seconds);
      std::this_thread::sleep_for(std::chrono::duration<double>(delay));
      delay = std::min(delay * 2, kMaxConsistencyDelaySeconds);
    }
  }

  StepResult Execute(const Action& a) {
    switch (a.kind) {
      case Kind::kVault:
        return ExecuteVault(a);
      case Kind::kVaultLock:
        return ExecuteLock(a);
      case Kind::kVaultAccessPolicy:
        return ExecutePolicy(a);
      case Kind::kVaultNotifications:
        return ExecuteNotifications(a);
      case Kind::kBackupPlan:
        return ExecuteBackupPlan(a);
      case Kind::kSelection:
        return ExecuteSelection(a);
      case Kind::kRegionSettings:
        return ExecuteRegionSettings(a);
      case Kind::kGlobalSettings:
        return ExecuteGlobalSettings(a);
    }
    return {false, "unknown kind"};
  }

  // ---- account and Region settings: updates only, of the changed keys ----

  StepResult ExecuteRegionSettings(const Action& a) {
    if (a.type != ActionType::kUpdate) return {false, "nothing to execute"};
    const RegionSettings& settings = std::get<RegionSettings>(a.payload);
    UpdateRegionSettingsInput in;
    in.resource_type_opt_in_preference = settings.resource_type_opt_in;
    in.resource_type_management_preference = settings.resource_type_management;
    auto r = Write(a, "UpdateRegionSettings", [&] { return Api(a).UpdateRegionSettings(in); });
    if (!r.ok()) return Fail("UpdateRegionSettings", r.error());
    return {};
  }

  StepResult ExecuteGlobalSettings(const Action& a) {
    if (a.type != ActionType::kUpdate) return {false, "nothing to execute"};
    UpdateGlobalSettingsInput in;
    for (const auto& [name, value] : std::get<GlobalSettings>(a.payload).settings) {
      in.global_settings[name] = value ? "true" : "false";
    }
    auto r = Write(a, "UpdateGlobalSettings", [&] { return Api(a).UpdateGlobalSettings(in); });
    if (!r.ok()) return Fail("UpdateGlobalSettings", r.error());
    return {};
  }

  // ---- vaults ----

  StepResult ExecuteVault(const Action& a) {
    switch (a.type) {
      case ActionType::kCreate:
        return CreateVault(a);
      case ActionType::kReplace: {
        StepResult gone = DeleteVault(a);
        return gone.ok ? CreateVault(a) : gone;
      }
      case ActionType::kUpdate:
        return UpdateTags(a.arn, a);
      case ActionType::kDelete:
        return DeleteVault(a);
      default:
        return {false, "nothing to execute"};
    }
  }

  // The name is taken: "already made" only once the vault is seen, made by
  // one of this action's tokens; a vault answered for but gone was deleted,
  // and the next token makes it anew.
  StepResult CreateVault(const Action& a) {
    CreateBackupVaultInput in;
    const Vault& vault = std::get<Vault>(a.payload);
    in.backup_vault_name = vault.name;
    in.backup_vault_tags = vault.tags;
    in.encryption_key_arn = vault.encryption_key_arn;
    for (int generation = 0; generation < kCreatorRequestIdGenerations; ++generation) {
      in.creator_request_id = CreatorRequestIdGeneration(a.creator_request_id, generation);
      auto r = Write(a, "CreateBackupVault", [&] { return Api(a).CreateBackupVault(in); });
      if (r.ok()) return {};
      if (r.error().kind != ErrorKind::kAlreadyExists) return Fail("CreateBackupVault", r.error());
      Presence p = AwaitLive(a, [&] { return ProbeVault(a); });
      if (p.state == Presence::kLive) return {true, "already made"};
      if (p.state == Presence::kForeign || p.state == Presence::kUnknown) {
        return {false, "CreateBackupVault: " + p.detail + " (" + r.error().ToString() + ")"};
      }
      spdlog::warn(
          "vault {}: CreateBackupVault answered \"already made\" for a vault that is "
          "gone; sending the create again under a new CreatorRequestId",
          a.name);
    }
    return {false, "CreateBackupVault kept answering for a vault that is gone"};
  }

  Presence ProbeVault(const Action& a) {
    auto d = Api(a).DescribeBackupVault({std::get<Vault>(a.payload).name});
    if (d.ok()) {
      if (IsGenerationOf(d.value().creator_request_id, a.creator_request_id)) {
        return {Presence::kLive, ""};
      }
      return {Presence::kForeign, "the vault exists and was not made from this declaration"};
    }
    if (d.error().kind == ErrorKind::kNotFound) return {Presence::kNotVisible, ""};
    return {Presence::kUnknown, "the vault could not be confirmed: " + d.error().ToString()};
  }

  StepResult DeleteVault(const Action& a) {
    auto r = Write(a, "DeleteBackupVault", [&] { return Api(a).DeleteBackupVault({a.name}); });
    if (r.ok() || r.error().kind == ErrorKind::kNotFound) return {};
    return Fail("DeleteBackupVault", r.error());
  }

  StepResult UpdateTags(const std::string& arn, const Action& a) {
    if (!a.tags_to_set.empty()) {
      auto r = Write(a, "TagResource", [&] { return Api(a).TagResource({arn, a.tags_to_set}); });
      if (!r.ok()) return Fail("TagResource", r.error());
    }
    if (!a.tags_to_remove.empty()) {
      auto r = Write(a, "UntagResource", [&] {
        return Api(a).UntagResource({arn, a.tags_to_remove});
      });
      if (!r.ok()) return Fail("UntagResource", r.error());
    }
    return {};
  }

  // ---- vault parts ----

  // Deletes a vault part (the lock, policy or notifications of vault a.name);
  // one already gone is done.
  template <typename Input>
  StepResult DeletePart(const Action& a, const char* operation,
                        EmptyOutcome (BackupApi::*remove)(const Input&)) {
    auto r = Write(a, operation, [&] { return (Api(a).*remove)(Input{a.name}); });
    if (r.ok() || r.error().kind == ErrorKind::kNotFound) return {};
    return Fail(operation, r.error());
  }

  template <typename Input>
  StepResult PutPart(const Action& a, const char* operation,
                     EmptyOutcome (BackupApi::*put)(const Input&), const Input& in) {
    auto r = Write(a, operation, [&] { return (Api(a).*put)(in); });
    return r.ok() ? StepResult{} : Fail(operation, r.error());
  }

  StepResult ExecuteLock(const Action& a) {
    if (a.type == ActionType::kDelete) {
      return DeletePart(a, "DeleteBackupVaultLockConfiguration",
                        &BackupApi::DeleteBackupVaultLockConfiguration);
    }
    PutBackupVaultLockConfigurationInput in;
    in.backup_vault_name = a.name;
    const VaultLock& lock = std::get<VaultLock>(a.payload);
    in.min_retention_days = lock.min_retention_days;
    in.max_retention_days = lock.max_retention_days;
    in.changeable_for_days = lock.changeable_for_days;
    return PutPart(a, "PutBackupVaultLockConfiguration",
                   &BackupApi::PutBackupVaultLockConfiguration, in);
  }

  StepResult ExecutePolicy(const Action& a) {
    if (a.type == ActionType::kDelete) {
      return DeletePart(a, "DeleteBackupVaultAccessPolicy",
                        &BackupApi::DeleteBackupVaultAccessPolicy);
    }
    PutBackupVaultAccessPolicyInput in;
    in.backup_vault_name = a.name;
    const nlohmann::json& policy = std::get<VaultAccessPolicy>(a.payload).policy;
    in.policy = policy.is_string() ? policy.get<std::string>() : policy.dump();
    return PutPart(a, "PutBackupVaultAccessPolicy", &BackupApi::PutBackupVaultAccessPolicy, in);
  }

  StepResult ExecuteNotifications(const Action& a) {
    if (a.type == ActionType::kDelete) {
      return DeletePart(a, "DeleteBackupVaultNotifications",
                        &BackupApi::DeleteBackupVaultNotifications);
    }
    const VaultNotifications& notifications = std::get<VaultNotifications>(a.payload);
    PutBackupVaultNotificationsInput in{a.name, notifications.sns_topic_arn, notifications.events};
    return PutPart(a, "PutBackupVaultNotifications", &BackupApi::PutBackupVaultNotifications, in);
  }

  // ---- plans ----

  StepResult ExecuteBackupPlan(const Action& a) {
    switch (a.type) {
      case ActionType::kCreate:
        return CreateBackupPlan(a);
      case ActionType::kUpdate: {
        if (a.document_changed) {
          UpdateBackupPlanInput in{a.backup_plan_id,
                                   BackupPlanToApi(std::get<BackupPlanSpec>(a.payload))};
          auto r = Write(a, "UpdateBackupPlan", [&] { return Api(a).UpdateBackupPlan(in); });
          if (!r.ok()) return Fail("UpdateBackupPlan", r.error());
        }
        return UpdateTags(a.arn, a);
      }
      case ActionType::kDelete: {
        auto r = Write(
            a, "DeleteBackupPlan", [&] { return Api(a).DeleteBackupPlan({a.backup_plan_id}); },
            true);
        if (r.ok() || r.error().kind == ErrorKind::kNotFound) return {};
        return Fail("DeleteBackupPlan", r.error());
      }
      default:
        return {false, "nothing to execute"};
    }
  }

  // A repeated token is answered with the plan it made (an answer, or
  // AlreadyExists naming it), which may have been deleted since: AWS keeps
  // deleted plans. The plan counts once GetBackupPlan shows it without a
  // DeletionDate; a deleted one sends the create again under the next token.
  StepResult CreateBackupPlan(const Action& a) {
    CreateBackupPlanInput in;
    const BackupPlanSpec& plan = std::get<BackupPlanSpec>(a.payload);
    in.backup_plan = BackupPlanToApi(plan);
    in.backup_plan_tags = plan.tags;
    for (int generation = 0; generation < kCreatorRequestIdGenerations; ++generation) {
      in.creator_request_id = CreatorRequestIdGeneration(a.creator_request_id, generation);
      auto r = Write(a, "CreateBackupPlan", [&] { return Api(a).CreateBackupPlan(in); });
      std::string id;
      bool already = false;
      if (r.ok()) {
        id = r.value().backup_plan_id;
      } else if (r.error().kind == ErrorKind::kAlreadyExists &&
                 r.error().creator_request_id == in.creator_request_id &&
                 !PlanIdFromArn(r.error().arn).empty()) {
        id = PlanIdFromArn(r.error().arn);
        already = true;
      } else {
        return Fail("CreateBackupPlan", r.error());
      }
      // A fresh plan may not be visible yet; only an "already made" one must be.
      Presence p =
          already ? AwaitLive(a, [&] { return ProbeBackupPlan(a, id); }) : ProbeBackupPlan(a, id);
      if (p.state == Presence::kLive || (!already && p.state != Presence::kGone)) {
        std::lock_guard<std::mutex> lock(mu_);
        backup_plan_ids_[PlanKey(a, a.name)] = id;
        return {true, already ? "already made" : ""};
      }
      if (p.state == Presence::kUnknown) return {false, "CreateBackupPlan: " + p.detail};
      spdlog::warn(
          "plan {}: CreateBackupPlan answered with plan {}, which is deleted; sending the "
          "create again under a new CreatorRequestId",
          a.name, id);
    }
    return {false, "CreateBackupPlan kept answering with deleted plans"};
  }

  Presence ProbeBackupPlan(const Action& a, const std::string& id) {
    GetBackupPlanInput in;
    in.backup_plan_id = id;
    auto r = Api(a).GetBackupPlan(in);
    if (r.ok()) {
      if (r.value().deletion_date) return {Presence::kGone, ""};
      return {Presence::kLive, ""};
    }
    if (r.error().kind == ErrorKind::kNotFound) return {Presence::kNotVisible, ""};
    return {Presence::kUnknown, "plan " + id + " could not be confirmed: " + r.error().ToString()};
  }

  // ---- selections ----

  StepResult ExecuteSelection(const Action& a) {
    if (a.type == ActionType::kCreate || a.type == ActionType::kReplace) {
      // Absent: only duplicates left by an interrupted replace go.
      if (std::holds_alternative<Selection>(a.payload)) {
        StepResult made = CreateSelection(a);
        if (!made.ok) return made;  // the old selection stays: coverage never lapses
      }
    }
    std::string plan_id = a.backup_plan_id;
    for (const auto& id : a.old_selection_ids) {
      auto r = Write(a, "DeleteBackupSelection", [&] {
        return Api(a).DeleteBackupSelection({plan_id, id});
      });
      if (!r.ok() && r.error().kind != ErrorKind::kNotFound) {
        return Fail("DeleteBackupSelection " + id, r.error());
      }
    }
    return {};
  }

  StepResult CreateSelection(const Action& a) {
    const Selection& selection = std::get<Selection>(a.payload);
    std::string plan_id;
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto it = backup_plan_ids_.find(PlanKey(a, selection.plan));
      if (it != backup_plan_ids_.end()) plan_id = it->second;
    }
    if (plan_id.empty()) return {false, "the id of plan " + selection.plan + " is not known"};
    // A replace deletes the old selection next: the new one must be seen first.
    const bool replacing = !a.old_selection_ids.empty();
    CreateBackupSelectionInput in{plan_id, SelectionToApi(selection), ""};
    for (int generation = 0; generation < kCreatorRequestIdGenerations; ++generation) {
      in.creator_request_id = CreatorRequestIdGeneration(a.creator_request_id, generation);
      auto r = Write(a, "CreateBackupSelection", [&] { return Api(a).CreateBackupSelection(in); });
      std::string id;
      bool already = false;
      if (r.ok()) {
        id = r.value().selection_id;
      } else if (r.error().kind == ErrorKind::kAlreadyExists &&
                 r.error().creator_request_id == in.creator_request_id) {
        already = true;
      } else {
        return Fail("CreateBackupSelection", r.error());
      }
      if (!already && !replacing) return {};
      const std::string token = *in.creator_request_id;
      Presence p = AwaitLive(a, [&] { return ProbeSelection(a, plan_id, id, token); });
      if (p.state == Presence::kLive) return {true, already ? "already made" : ""};
      if (!already || p.state == Presence::kUnknown) {
        return {false, "CreateBackupSelection: the new selection could not be confirmed" +
                           (p.detail.empty() ? "" : ": " + p.detail) +
                           (replacing ? "; the old selection is kept" : "")};
      }
      spdlog::warn(
          "selection {}: CreateBackupSelection answered \"already made\" for a "
          "selection that is gone; sending the create again under a new "
          "CreatorRequestId",
          a.name);
    }
    return {false, "CreateBackupSelection kept answering for selections that are gone" +
                       std::string(replacing ? "; the old selection is kept" : "")};
  }

  // By id when the answer carried one, else by the token among the plan's selections.
  Presence ProbeSelection(const Action& a, const std::string& plan_id, const std::string& id,
                          const std::string& token) {
    if (!id.empty()) {
      auto r = Api(a).GetBackupSelection({plan_id, id});
      if (r.ok()) return {Presence::kLive, ""};
      if (r.error().kind == ErrorKind::kNotFound) return {Presence::kNotVisible, ""};
      return {Presence::kUnknown, r.error().ToString()};
    }
    ListBackupSelectionsInput in;
    in.backup_plan_id = plan_id;
    bool seen = false;
    EmptyOutcome listed = Paginate(
        "ListBackupSelections", in,
        [&](const ListBackupSelectionsInput& page) { return Api(a).ListBackupSelections(page); },
        [&](const ListBackupSelectionsOutput& page) {
          for (const auto& s : page.backup_selections_list) seen |= s.creator_request_id == token;
          return !seen;
        });
    if (seen) return {Presence::kLive, ""};
    if (!listed.ok()) return {Presence::kUnknown, listed.error().ToString()};
    return {Presence::kNotVisible, ""};
  }

  // Probes until the resource is seen, is known gone or foreign, or the
  // eventual-consistency deadline passes (then the last answer stands).
  template <typename Probe>
  Presence AwaitLive(const Action& a, Probe probe) {
    auto start = Clock::now();
    double delay = options_.retry_initial_delay_seconds;
    for (;;) {
      Presence p = probe();
      if (p.state != Presence::kNotVisible ||
          SecondsSince(start) + delay >= options_.consistency_retry_seconds) {
        return p;
      }
      spdlog::info(
          "{}: made but not visible yet; looking again in {:.2f}s, giving up after {:.0f}s", a.id,
          delay, options_.consistency_retry_seconds);
      std::this_thread::sleep_for(std::chrono::duration<double>(delay));
      delay = std::min(delay * 2, kMaxConsistencyDelaySeconds);
    }
  }

  // The account an action runs against: its target's (one, "", without targets).
  BackupApi& Api(const Action& a) const { return *apis_.at(a.target); }
  static std::string PlanKey(const Action& a, const std::string& plan) {
    return a.target + '\x1f' + plan;
  }

 private:
  const std::map<std::string, BackupApi*>& apis_;
  const ApplyOptions& options_;
  std::mutex mu_;
  std::map<std::string, std::string> backup_plan_ids_;  // plan name -> id (live or just created)
  std::atomic<int64_t> writes_{0};
};

ActionSteps::ActionSteps(const ActionPlan& plan, const std::map<std::string, BackupApi*>& apis,
                         const ApplyOptions& options)
    : impl_(std::make_unique<Impl>(plan, apis, options)) {}

ActionSteps::~ActionSteps() = default;

StepResult ActionSteps::Execute(const Action& a) { return impl_->Execute(a); }

int64_t ActionSteps::write_calls() const { return impl_->write_calls(); }

}  // namespace backupctl
