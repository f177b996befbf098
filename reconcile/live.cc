#include "reconcile/live.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <tuple>

#include <spdlog/spdlog.h>

#include "desired/policy_json.h"
#include "providers/paginate.h"
#include "reconcile/convert.h"
#include "reconcile/identity.h"
#include "reconcile/worker_pool.h"

namespace backupctl {

namespace {

// One read: shared state guarded by mu_, calls fanned out on the pool.
class Reader {
 public:
  Reader(BackupApi& api, const DesiredState& desired, const ReadOptions& options)
      : api_(api), options_(options), pool_(options.parallelism) {
    for (const auto& v : desired.vaults) declared_vaults_.insert(v.name);
    for (const auto& n : desired.notifications) declared_vaults_.insert(n.vault);
    for (const auto& p : desired.access_policies) declared_vaults_.insert(p.vault);
    for (const auto& p : desired.plans) {
      declared_plans_.insert(p.name);
      for (const auto& r : p.rules) targeted_vaults_.insert(r.target_vault);
    }
    region_settings_declared_ = !desired.region_settings.empty();
    read_region_settings_ = region_settings_declared_ || !desired.selections.empty();
    read_global_settings_ = !desired.global_settings.empty();
  }

  ReadResult Run() {
    // Each page's members fan out on the pool while the next page is fetched;
    // a walk stops early once the other listing has failed the read.
    pool_.Submit(
        [this] {
          ListAll("ListBackupVaults", &BackupApi::ListBackupVaults,
                  &ListBackupVaultsOutput::backup_vault_list, &Reader::OnVault);
        },
        true);
    pool_.Submit(
        [this] {
          ListAll("ListBackupPlans", &BackupApi::ListBackupPlans,
                  &ListBackupPlansOutput::backup_plans_list, &Reader::OnPlan);
        },
        true);
    if (read_region_settings_) pool_.Submit([this] { ReadRegionSettings(); });
    if (read_global_settings_) pool_.Submit([this] { ReadGlobalSettings(); });
    pool_.Wait();
    return Finish();
  }

 private:
  template <typename Call>
  auto Count(Call call) {
    ++calls_;
    return call();
  }

  // Every page of the List call `list` from `first` (Paginate), each call counted.
  template <typename Input, typename Output, typename OnPage>
  EmptyOutcome Walk(const char* operation, Outcome<Output> (BackupApi::*list)(const Input&),
                    Input first, OnPage on_page) {
    return Paginate(
        operation, std::move(first),
        [&](const Input& page) { return Count([&] { return (api_.*list)(page); }); }, on_page);
  }

  // A top-level listing (vaults, plans): on_member for each of every page's
  // `members`, stopping once the read has failed; a failed walk fails the read.
  template <typename Input, typename Output, typename Member>
  void ListAll(const char* operation, Outcome<Output> (BackupApi::*list)(const Input&),
               std::vector<Member> Output::*members, void (Reader::*on_member)(const Member&)) {
    Input in;
    in.max_results = options_.page_size;
    EmptyOutcome done = Walk(operation, list, in, [&](const Output& page) {
      for (const auto& member : page.*members) (this->*on_member)(member);
      return !Failed();
    });
    if (!done.ok()) Fail(operation, done.error());
  }

  bool Failed() {
    std::lock_guard<std::mutex> lock(mu_);
    return !error_.empty();
  }

  void Fail(const std::string& what, const ApiError& error) {
    std::lock_guard<std::mutex> lock(mu_);
    if (error_.empty()) error_ = what + ": " + error.ToString();
  }

  void AddUnknown(Kind kind, const std::string& name, const char* operation,
                  const ApiError& error) {
    spdlog::warn("could not read {} {} ({}): {}", KindName(kind), name, operation,
                 error.ToString());
    std::lock_guard<std::mutex> lock(mu_);
    live_.unknowns.push_back({kind, name, operation, error.ToString()});
  }

  // Whether a listed vault or plan is read further: a service-managed one
  // (unless read_managed) is only named read-only; an undeclared one only
  // with include_undeclared, and otherwise noted when its id says it is ours.
  bool Admit(Kind kind, const char* noun, const std::string& name, bool declared, bool ours_by_id) {
    std::lock_guard<std::mutex> lock(mu_);
    if (IsManagedName(name) && !options_.read_managed) {
      live_.read_only.push_back(std::string(KindName(kind)) + " " + name);
      return false;
    }
    if (!declared && !options_.include_undeclared) {
      if (ours_by_id) live_.undeclared_owned.push_back(noun + (" " + name));
      return false;
    }
    return true;
  }

  // Undeclared: ours only once its tags say so.
  template <typename Live>
  static void SetOwnership(Live* live, bool declared, bool ours_by_id) {
    live->ownership.made_here = ours_by_id;
    live->owned = declared && ours_by_id;
  }

  // ---- account and Region settings ----

  // Undeclared settings read only for the opt-in warning: a failure there
  // (an older IAM policy without the permission) only loses the warning.
  void ReadRegionSettings() {
    auto r = Count([&] { return api_.DescribeRegionSettings({}); });
    if (!r.ok()) {
      if (region_settings_declared_) {
        AddUnknown(Kind::kRegionSettings, "", "DescribeRegionSettings", r.error());
      } else {
        spdlog::info(
            "region settings not read, so selections' resource types are not checked "
            "against them: {}",
            r.error().ToString());
      }
      return;
    }
    RegionSettings live;
    live.resource_type_opt_in = r.value().resource_type_opt_in_preference;
    live.resource_type_management = r.value().resource_type_management_preference;
    std::lock_guard<std::mutex> lock(mu_);
    live_.region_settings = std::move(live);
  }

  void ReadGlobalSettings() {
    auto r = Count([&] { return api_.DescribeGlobalSettings({}); });
    if (!r.ok()) {
      AddUnknown(Kind::kGlobalSettings, "", "DescribeGlobalSettings", r.error());
      return;
    }
    GlobalSettings live;
    for (const auto& [name, value] : r.value().global_settings) {
      live.settings[name] = value == "true";
    }
    std::lock_guard<std::mutex> lock(mu_);
    live_.global_settings = std::move(live);
  }

  // ---- vaults ----

  // The account and region an ARN the lists returned names (arn:P:backup:REGION:ACCOUNT:...).
  void NotePlace(const std::string& arn) {
    size_t colons[5], at = 0;
    for (size_t& c : colons) {
      at = arn.find(':', at);
      if (at == std::string::npos) return;
      c = at++;
    }
    std::string region = arn.substr(colons[2] + 1, colons[3] - colons[2] - 1);
    std::string account = arn.substr(colons[3] + 1, colons[4] - colons[3] - 1);
    std::lock_guard<std::mutex> lock(mu_);
    live_.arn_places.emplace(std::make_pair(std::move(account), std::move(region)), arn);
  }

  void OnVault(const BackupVaultListMember& member) {
    const std::string& name = member.backup_vault_name;
    NotePlace(member.backup_vault_arn);
    bool declared = options_.read_everything || declared_vaults_.count(name) > 0;
    if (!declared && targeted_vaults_.count(name)) {
      std::lock_guard<std::mutex> lock(mu_);
      live_.external_vaults_present.insert(name);
    }
    bool ours_by_id = HasStackPrefix(member.creator_request_id, options_.stack);
    if (!Admit(Kind::kVault, "vault", name, declared, ours_by_id)) return;
    LiveVault vault;
    vault.spec.name = name;
    vault.spec.encryption_key_arn = member.encryption_key_arn;
    vault.spec.lock = LockFromApi(member);
    vault.arn = member.backup_vault_arn;
    vault.creator_request_id = member.creator_request_id;
    vault.recovery_points = member.number_of_recovery_points;
    vault.locked = member.locked;
    vault.lock_date = member.lock_date;
    SetOwnership(&vault, declared, ours_by_id);
    vault.vault_type = member.vault_type.value_or("");
    {
      std::lock_guard<std::mutex> lock(mu_);
      live_.vaults[name] = std::move(vault);
    }
    pool_.Submit([this, name, arn = member.backup_vault_arn] { ReadVaultTags(name, arn); });
    if (!declared) return;
    pool_.Submit([this, name] { ReadNotifications(name); });
    pool_.Submit([this, name] { ReadPolicy(name); });
  }

  void ReadVaultTags(const std::string& name, const std::string& arn) {
    auto tags = ReadTags(arn);
    if (!tags.ok()) return AddUnknown(Kind::kVault, name, "ListTags", tags.error());
    std::lock_guard<std::mutex> lock(mu_);
    LiveVault& vault = live_.vaults[name];
    vault.owned = DecideOwnership(tags.value(), vault.ownership);
    vault.spec.tags = std::move(tags.value());
    vault.tags_known = true;
  }

  // The tag names the owner; without it, our CreatorRequestId prefix does.
  bool DecideOwnership(const TagMap& tags, Ownership& ownership) const {
    auto it = tags.find(kStackTagKey);
    ownership.stack_tag = it == tags.end() ? "" : it->second;
    return it == tags.end() ? ownership.made_here : it->second == options_.stack;
  }

  Outcome<TagMap> ReadTags(const std::string& arn) {
    TagMap all;
    ListTagsInput in;
    in.resource_arn = arn;
    EmptyOutcome done = Walk("ListTags", &BackupApi::ListTags, in, [&](const ListTagsOutput& page) {
      all.insert(page.tags.begin(), page.tags.end());
    });
    if (!done.ok()) return done.error();
    return all;
  }

  void ReadNotifications(const std::string& name) {
    GetBackupVaultNotificationsInput in{name};
    auto out = Count([&] { return api_.GetBackupVaultNotifications(in); });
    if (!out.ok() && out.error().kind != ErrorKind::kNotFound) {
      return AddUnknown(Kind::kVaultNotifications, name, "GetBackupVaultNotifications",
                        out.error());
    }
    std::lock_guard<std::mutex> lock(mu_);
    LiveVault& vault = live_.vaults[name];
    vault.notifications_known = true;
    if (out.ok()) {
      vault.notifications =
          VaultNotifications{name, out.value().sns_topic_arn, out.value().backup_vault_events};
    }
  }

  void ReadPolicy(const std::string& name) {
    GetBackupVaultAccessPolicyInput in{name};
    auto out = Count([&] { return api_.GetBackupVaultAccessPolicy(in); });
    if (!out.ok() && out.error().kind != ErrorKind::kNotFound) {
      return AddUnknown(Kind::kVaultAccessPolicy, name, "GetBackupVaultAccessPolicy", out.error());
    }
    // Unreadable, not absent: nothing walks it, and nothing is planned on it.
    if (out.ok() && JsonTextDepth(out.value().policy) > kMaxPolicyDepth) {
      return AddUnknown(Kind::kVaultAccessPolicy, name, "GetBackupVaultAccessPolicy",
                        MakeError(ErrorKind::kOther, "PolicyTooDeep",
                                  "the policy is nested deeper than " +
                                      std::to_string(kMaxPolicyDepth) + " levels",
                                  /*http_status=*/0));
    }
    std::lock_guard<std::mutex> lock(mu_);
    LiveVault& vault = live_.vaults[name];
    vault.policy_known = true;
    if (out.ok()) {
      nlohmann::json doc = nlohmann::json::parse(out.value().policy, nullptr, false);
      if (doc.is_discarded()) doc = out.value().policy;  // compared as the raw string
      vault.policy = VaultAccessPolicy{name, std::move(doc)};
    }
  }

  // ---- plans ----

  void OnPlan(const BackupPlansListMember& member) {
    const std::string& name = member.backup_plan_name;
    NotePlace(member.backup_plan_arn);
    if (member.deletion_date) return;
    bool declared = options_.read_everything || declared_plans_.count(name) > 0;
    bool ours_by_id = HasStackPrefix(member.creator_request_id, options_.stack);
    if (!Admit(Kind::kBackupPlan, "plan", name, declared, ours_by_id)) return;
    LiveBackupPlan plan;
    plan.spec.name = name;
    plan.id = member.backup_plan_id;
    plan.arn = member.backup_plan_arn;
    plan.version_id = member.version_id;
    plan.creator_request_id = member.creator_request_id;
    SetOwnership(&plan, declared, ours_by_id);
    const std::string id = plan.id;
    {
      std::lock_guard<std::mutex> lock(mu_);
      plans_by_id_[id] = std::move(plan);
    }
    if (declared) {
      pool_.Submit([this, id, version = member.version_id] { ReadPlanDocument(id, version); });
      pool_.Submit([this, id, arn = member.backup_plan_arn] { ReadPlanTags(id, arn, false); });
      pool_.Submit([this, id, name] { ListSelections(id, name, true); }, true);
    } else {
      pool_.Submit([this, id, arn = member.backup_plan_arn] { ReadPlanTags(id, arn, true); });
    }
  }

  void ReadPlanDocument(const std::string& id, const std::string& version) {
    std::optional<BackupPlanSpec> doc;
    if (options_.cache) doc = options_.cache->FindBackupPlan(id, version);
    if (!doc) {
      GetBackupPlanInput in;
      in.backup_plan_id = id;
      auto out = Count([&] { return api_.GetBackupPlan(in); });
      if (!out.ok())
        return AddUnknown(Kind::kBackupPlan, PlanName(id), "GetBackupPlan", out.error());
      doc = BackupPlanFromApi(out.value().backup_plan);
      if (doc->advanced_backup_settings.empty()) {  // some answers carry them only at the top
        for (const auto& s : out.value().advanced_backup_settings) {
          doc->advanced_backup_settings.push_back({s.resource_type, s.backup_options});
        }
      }
      if (options_.cache) options_.cache->PutBackupPlan(id, out.value().version_id, *doc);
    }
    std::lock_guard<std::mutex> lock(mu_);
    LiveBackupPlan& plan = plans_by_id_[id];
    plan.spec.rules = std::move(doc->rules);
    plan.spec.advanced_backup_settings = std::move(doc->advanced_backup_settings);
    plan.spec.kept = std::move(doc->kept);
    plan.document_known = true;
  }

  // For an undeclared plan (`undeclared`), the tags decide ownership. When it
  // is ours, its selections are listed so a prune can delete them; when it is
  // ours or was made here and taken over, its document is read: the vaults
  // its rules target are in use (a prune deletes them after it, or never).
  void ReadPlanTags(const std::string& id, const std::string& arn, bool undeclared) {
    auto tags = ReadTags(arn);
    if (!tags.ok()) return AddUnknown(Kind::kBackupPlan, PlanName(id), "ListTags", tags.error());
    std::string name, version;
    bool owned, taken_over;
    {
      std::lock_guard<std::mutex> lock(mu_);
      LiveBackupPlan& plan = plans_by_id_[id];
      plan.owned = DecideOwnership(tags.value(), plan.ownership);
      plan.spec.tags = std::move(tags.value());
      plan.tags_known = true;
      name = plan.spec.name;
      version = plan.version_id;
      owned = plan.owned;
      taken_over = TakenOver(plan.ownership);
    }
    if (!undeclared) return;
    if (owned) {
      pool_.Submit([this, id, name] { ListSelections(id, name, false); }, true);
    }
    if (owned || taken_over) pool_.Submit([this, id, version] { ReadPlanDocument(id, version); });
  }

  // Selections are known once the last page is in; an error leaves them
  // unknown, and the pages already in are never taken for the whole list.
  void ListSelections(const std::string& id, const std::string& plan_name, bool read_content) {
    ListBackupSelectionsInput in;
    in.backup_plan_id = id;
    in.max_results = options_.page_size;
    EmptyOutcome done = Walk("ListBackupSelections", &BackupApi::ListBackupSelections, in,
                             [&](const ListBackupSelectionsOutput& page) {
                               OnSelectionsPage(id, plan_name, page, read_content);
                             });
    if (!done.ok()) {
      return AddUnknown(Kind::kSelection, plan_name + "/*", "ListBackupSelections", done.error());
    }
    std::lock_guard<std::mutex> lock(mu_);
    plans_by_id_[id].selections_known = true;
  }

  void OnSelectionsPage(const std::string& id, const std::string& plan_name,
                        const ListBackupSelectionsOutput& page, bool read_content) {
    std::vector<std::pair<size_t, std::string>> to_read;
    {
      std::lock_guard<std::mutex> lock(mu_);
      LiveBackupPlan& plan = plans_by_id_[id];
      for (const auto& member : page.backup_selections_list) {
        LiveSelection selection;
        selection.spec.name = member.selection_name;
        selection.spec.plan = plan_name;
        selection.spec.iam_role_arn = member.iam_role_arn;
        selection.selection_id = member.selection_id;
        selection.creator_request_id = member.creator_request_id;
        to_read.emplace_back(plan.selections.size(), member.selection_id);
        plan.selections.push_back(std::move(selection));
      }
    }
    if (!read_content) return;
    for (const auto& [index, selection_id] : to_read) {
      pool_.Submit([this, id, plan_name, index, selection_id] {
        ReadSelection(id, plan_name, index, selection_id);
      });
    }
  }

  void ReadSelection(const std::string& plan_id, const std::string& plan_name, size_t index,
                     const std::string& selection_id) {
    std::optional<Selection> spec;
    if (options_.cache) spec = options_.cache->FindSelection(selection_id);
    if (!spec) {
      GetBackupSelectionInput in{plan_id, selection_id};
      auto out = Count([&] { return api_.GetBackupSelection(in); });
      if (!out.ok()) {
        std::string name;
        {
          std::lock_guard<std::mutex> lock(mu_);
          name = plans_by_id_[plan_id].selections[index].spec.name;
        }
        return AddUnknown(Kind::kSelection, plan_name + "/" + name, "GetBackupSelection",
                          out.error());
      }
      spec = SelectionFromApi(out.value().backup_selection, plan_name);
      if (options_.cache) options_.cache->PutSelection(selection_id, *spec);
    }
    spec->plan = plan_name;
    std::lock_guard<std::mutex> lock(mu_);
    LiveSelection& selection = plans_by_id_[plan_id].selections[index];
    selection.spec = std::move(*spec);
    selection.known = true;
  }

  std::string PlanName(const std::string& id) {
    std::lock_guard<std::mutex> lock(mu_);
    return plans_by_id_[id].spec.name;
  }

  // ---- result ----

  bool Declared(const std::string& plan) const {
    return options_.read_everything || declared_plans_.count(plan) > 0;
  }

  bool TakenOver(const Ownership& o) const {
    return o.made_here && !o.OtherStack(options_.stack).empty();
  }

  ReadResult Finish() {
    ReadResult result;
    result.error = error_;
    if (!result.ok()) return result;
    std::set<std::string> plan_ids, selection_ids;
    for (auto& [id, plan] : plans_by_id_) {
      plan_ids.insert(id);
      for (const auto& s : plan.selections) selection_ids.insert(s.selection_id);
      // Undeclared plans whose ownership could not be shown are not in our
      // world, except those made here and taken over: the plan shows them.
      if (!Declared(plan.spec.name) && !plan.owned && !TakenOver(plan.ownership)) {
        continue;
      }
      live_.plans[plan.spec.name].push_back(std::move(plan));
    }
    std::erase_if(live_.vaults, [this](const auto& e) {
      const LiveVault& v = e.second;
      return !options_.read_everything && !declared_vaults_.count(e.first) && !v.owned &&
             v.tags_known && !TakenOver(v.ownership);
    });
    if (options_.cache) options_.cache->Retain(plan_ids, selection_ids);
    std::sort(live_.unknowns.begin(), live_.unknowns.end(), [](const Unknown& a, const Unknown& b) {
      return std::tie(a.kind, a.name, a.operation) < std::tie(b.kind, b.name, b.operation);
    });
    std::sort(live_.read_only.begin(), live_.read_only.end());
    std::sort(live_.undeclared_owned.begin(), live_.undeclared_owned.end());
    live_.calls = calls_.load();
    result.live = std::move(live_);
    return result;
  }

  BackupApi& api_;
  const ReadOptions& options_;
  std::set<std::string> declared_vaults_;
  std::set<std::string> declared_plans_;
  std::set<std::string> targeted_vaults_;
  bool region_settings_declared_ = false;
  bool read_region_settings_ = false;
  bool read_global_settings_ = false;
  std::mutex mu_;
  std::string error_;
  LiveState live_;
  std::map<std::string, LiveBackupPlan> plans_by_id_;
  std::atomic<int64_t> calls_{0};
  WorkerPool pool_;  // last: joined before the state it touches goes away
};

}  // namespace

ReadResult ReadLive(BackupApi& api, const DesiredState& desired, const ReadOptions& options) {
  Reader reader(api, desired, options);
  return reader.Run();
}

}  // namespace backupctl
