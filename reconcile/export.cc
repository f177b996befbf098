#include "reconcile/export.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "desired/decode.h"
#include "reconcile/export_documents.h"
#include "reconcile/identity.h"
#include "reconcile/yaml_writer.h"

namespace backupctl {
namespace {

void Note(ExportNotes& notes, Kind kind, const std::string& name, const std::string& what) {
  notes.push_back(std::string(KindName(kind)) + " " + name + ": " + what);
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

class Exporter {
 public:
  Exporter(const LiveState& live, const ExportOptions& options) : live_(live), options_(options) {}

  ExportResult Run() {
    ChooseVaults();
    ChoosePlans();
    ChooseHome();
    NoteLeftOut();
    std::string error;
    WriteProject(&error);
    WriteVaults(&error);
    WritePlans(&error);
    if (!error.empty()) {
      result_.files.clear();
      result_.error = error;
    }
    return std::move(result_);
  }

 private:
  ExportNotes& notes() { return result_.notes; }

  // Another stack's resource, exported whole: adopting the tree takes it over.
  void NoteOtherStack(Kind kind, const std::string& name, const Ownership& o) {
    if (o.stack_tag.empty() || o.stack_tag == options_.stack) return;
    Note(notes(), kind, name,
         "belongs to stack \"" + o.stack_tag + "\" (its " + kStackTagKey +
             " tag): adopting this tree takes it over from that stack");
  }

  void ChooseVaults() {
    for (const auto& [name, v] : live_.vaults) {
      if (IsManagedName(name)) {  // read only with include_managed
        Note(notes(), Kind::kVault, name,
             std::string("service-managed: a tree can neither declare nor reference it "
                         "(validate refuses the name); left out") +
                 (v.notifications || v.policy ? ", with its notifications and access policy" : ""));
        continue;
      }
      if (options_.owner && !v.owned) {
        ++left_out_vaults_;
        continue;
      }
      if (!v.vault_type.empty() && v.vault_type != kStandardVaultType) {
        Note(notes(), Kind::kVault, name,
             "its VaultType is " + v.vault_type +
                 ", which a BackupVault document cannot declare (it declares standard vaults); "
                 "left out" +
                 (v.notifications || v.policy ? ", with its notifications and access policy" : ""));
        continue;
      }
      NoteOtherStack(Kind::kVault, name, v.ownership);
      vaults_[name] = &v;
    }
  }

  void ChoosePlans() {
    for (const auto& [name, group] : live_.plans) {
      if (group.empty()) continue;
      if (IsManagedName(name)) {
        Note(notes(), Kind::kBackupPlan, name,
             "service-managed: a tree cannot declare it (validate refuses the name, plan "
             "would block it); left out");
        continue;
      }
      if (options_.owner && !std::any_of(group.begin(), group.end(),
                                         [](const LiveBackupPlan& p) { return p.owned; })) {
        ++left_out_plans_;
        continue;
      }
      if (group.size() > 1) {
        std::string ids;
        for (const auto& p : group) ids += " " + p.id;
        Note(notes(), Kind::kBackupPlan, name,
             std::to_string(group.size()) + " live plans share this name (ids" + ids +
                 "); a tree declares one plan per name, so none is exported");
        continue;
      }
      const LiveBackupPlan& plan = group.front();
      NoteOtherStack(Kind::kBackupPlan, name, plan.ownership);
      plans_[name] = &plan;
      for (const auto& rule : plan.spec.rules) {
        if (vaults_.count(rule.target_vault) || external_.count(rule.target_vault)) continue;
        auto it = live_.vaults.find(rule.target_vault);
        std::string why;
        if (it == live_.vaults.end() && IsManagedName(rule.target_vault)) {
          why = "service-managed; targeted by plan " + name;
        } else if (it == live_.vaults.end()) {
          why = "targeted by plan " + name + "; the account does not hold it";
          Note(notes(), Kind::kBackupPlan, name,
               "rule " + rule.name + " targets vault " + rule.target_vault +
                   ", which the account does not hold (plan will block the plan until it exists)");
        } else {
          why = "targeted by plan " + name + "; not in this export";
        }
        external_[rule.target_vault] = why;
      }
    }
  }

  // target.accountId and target.region are those of the ARNs read. With
  // them, a copy to a vault of this export is written by name, and a copy
  // to another vault of the account lists it in externalVaults, as validate
  // then checks such copies. (A vault name a tree cannot list, aws/..., is
  // no valid copy ARN for validate either: that export does not validate.)
  void ChooseHome() {
    target_ = options_.target;
    if (live_.arn_places.size() > 1) {
      std::string places;
      for (const auto& [place, arn] : live_.arn_places) places += " " + arn;
      notes().push_back("the ARNs read name more than one account or region (" + places.substr(1) +
                        "): target.accountId is not written");
      target_.account_id.reset();
      return;
    }
    if (live_.arn_places.size() == 1) {
      const auto& [account, region] = live_.arn_places.begin()->first;
      if (target_.region && *target_.region != region) {
        notes().push_back("the region given is " + *target_.region + " but the ARNs read are in " +
                          region + ": the tree says " + region);
      }
      target_.account_id = account;
      target_.region = region;
    }
    Project project;
    project.target = target_;
    std::optional<TargetSpec> home = SingleTargetSpec(project);
    if (!home) return;
    const std::string prefix = VaultArnOn(*home, "");
    std::map<std::string, std::string> copied;  // vault name -> the plan copying to it
    for (const auto& [name, plan] : plans_) {
      for (const auto& rule : plan->spec.rules) {
        for (const auto& copy : rule.copy_actions) {
          const std::string& arn = copy.destination_vault_arn;
          if (arn.rfind(prefix, 0) != 0) continue;
          std::string vault = arn.substr(prefix.size());
          if (vaults_.count(vault) == 0) copied.emplace(vault, name);
        }
      }
    }
    for (const auto& [name, v] : vaults_) by_name_[VaultArnOn(*home, name)] = name;
    for (const auto& [vault, plan] : copied) {
      if (external_.count(vault)) continue;
      external_[vault] =
          "copy destination of plan " + plan +
          (live_.vaults.count(vault) ? "; not in this export" : "; the account does not hold it");
    }
  }

  void NoteLeftOut() {
    if (!options_.owner || (left_out_vaults_ == 0 && left_out_plans_ == 0)) return;
    notes().push_back(std::to_string(left_out_vaults_) + " vault(s) and " +
                      std::to_string(left_out_plans_) + " plan(s) that stack \"" + *options_.owner +
                      "\" does not own were left out");
  }

  void Add(std::string path, const YamlWriter& w, std::string* error) {
    std::string text = w.Text(error);
    if (error->empty()) result_.files.push_back({std::move(path), std::move(text)});
  }

  void WriteProject(std::string* error) {
    Project project;
    project.stack = options_.stack;
    project.target = target_;
    for (const auto& [name, why] : external_) project.external_vaults.push_back(name);
    YamlWriter w;
    WriteProjectDocument(w, project, external_);
    Add("backupctl.yaml", w, error);
  }

  void WriteVaults(std::string* error) {
    std::set<std::string> taken;
    for (const auto& [name, v] : vaults_) {
      YamlWriter w;
      WriteVaultDocument(w, *v, notes());
      ++result_.counts.vaults;
      if (v->notifications && WriteNotificationsDocument(w, *v, notes())) {
        ++result_.counts.notifications;
      }
      if (v->policy) {
        WritePolicyDocument(w, *v, notes());
        ++result_.counts.policies;
      }
      Add("vaults/" + ExportFileName(name, &taken) + ".yaml", w, error);
    }
  }

  void WritePlans(std::string* error) {
    std::set<std::string> taken;
    for (const auto& [name, plan] : plans_) {
      YamlWriter w;
      WritePlanDocument(w, *plan, by_name_, notes());
      ++result_.counts.plans;
      std::map<std::string, const LiveSelection*> selections;
      for (const auto& s : plan->selections) {
        auto [it, fresh] = selections.emplace(s.spec.name, &s);
        if (!fresh) {
          Note(notes(), Kind::kSelection, name + "/" + s.spec.name,
               "a second live selection of this name (id " + s.selection_id +
                   ") is not exported: apply would replace the duplicates with the one "
                   "exported (id " +
                   it->second->selection_id + ")");
        }
      }
      for (const auto& [selection_name, s] : selections) {
        WriteSelectionDocument(w, *plan, *s);
        ++result_.counts.selections;
      }
      Add("plans/" + ExportFileName(name, &taken) + ".yaml", w, error);
    }
  }

  const LiveState& live_;
  const ExportOptions& options_;
  ExportResult result_;
  std::map<std::string, const LiveVault*> vaults_;
  std::map<std::string, const LiveBackupPlan*> plans_;
  Target target_;                                // backupctl.yaml's
  std::map<std::string, std::string> by_name_;   // ARN -> exported vault, written by name
  std::map<std::string, std::string> external_;  // name -> why, the comment beside it
  int left_out_vaults_ = 0;
  int left_out_plans_ = 0;
};

}  // namespace

std::string ExportFileName(const std::string& name, std::set<std::string>* taken) {
  std::string base;
  for (char c : name) {
    bool safe = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
    base += safe ? c : '_';
  }
  if (base.empty() || base[0] == '.') base = "_" + base;  // never hidden, never "." or ".."
  std::string candidate = base;
  for (int n = 2; taken->count(Lower(candidate)) > 0; ++n) {
    candidate = base + "-" + std::to_string(n);
  }
  taken->insert(Lower(candidate));
  return candidate;
}

ExportResult BuildExport(const LiveState& live, const ExportOptions& options) {
  Exporter exporter(live, options);
  return exporter.Run();
}

}  // namespace backupctl
