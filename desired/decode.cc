#include "desired/decode.h"

#include <map>
#include <unordered_set>
#include <utility>

#include "desired/fields.h"
#include "desired/policy_json.h"
#include "desired/values.h"

namespace backupctl {
namespace {

void DecodeVault(const YamlNode& spec, const YamlNode& name, FileContext& ctx, DesiredState* state,
                 TreeIndex* index) {
  Vault v;
  v.name = std::string(name.Scalar());
  ReportIfError(ctx, name, CheckVaultName(v.name));
  if (auto key = GetString(spec, "encryptionKeyArn")) {
    v.encryption_key_arn = *key;
    ReportIfError(ctx, Child(spec, "encryptionKeyArn"), CheckArn(ArnKind::kKmsKey, *key));
  }
  v.tags = DecodeTags(spec, "backupVaultTags", ctx);
  const YamlNode lock = Child(spec, "lock");
  if (lock.IsMap()) {
    VaultLock l;
    l.min_retention_days = GetInteger(lock, "minRetentionDays");
    l.max_retention_days = GetInteger(lock, "maxRetentionDays");
    l.changeable_for_days = GetInteger(lock, "changeableForDays");
    if (l.min_retention_days && l.max_retention_days &&
        *l.min_retention_days > *l.max_retention_days) {
      ctx.Error(Child(lock, "maxRetentionDays"), "lock maxRetentionDays (" +
                                                     std::to_string(*l.max_retention_days) +
                                                     ") is less than minRetentionDays (" +
                                                     std::to_string(*l.min_retention_days) + ")");
    }
    v.lock = l;
  }
  state->vaults.push_back(std::move(v));
  index->vault_names.push_back(ctx.Mark(name));
}

void DecodeNotifications(const YamlNode& spec, FileContext& ctx, DesiredState* state,
                         TreeIndex* index) {
  std::optional<std::string> vault = GetString(spec, "backupVaultName");
  if (!vault) return;
  VaultNotifications n;
  n.vault = *vault;
  n.sns_topic_arn = GetString(spec, "snsTopicArn").value_or("");
  if (Child(spec, "snsTopicArn").IsScalar()) {
    ReportIfError(ctx, Child(spec, "snsTopicArn"), CheckArn(ArnKind::kSnsTopic, n.sns_topic_arn));
  }
  n.events = GetStringList(spec, "backupVaultEvents");
  const YamlNode events = Child(spec, "backupVaultEvents");
  std::unordered_set<std::string_view> seen;
  for (const YamlNode event : events.Items()) {
    if (event.IsScalar() && !seen.insert(event.Scalar()).second) {
      ctx.Error(event, "event \"" + std::string(event.Scalar()) + "\" is listed twice");
    }
  }
  if (events.IsSequence() && events.size() == 0)
    ctx.Error(events, "backupVaultEvents must not be empty");
  const YamlNode vault_node = Child(spec, "backupVaultName");
  index->vault_refs.push_back({n.vault, ctx.Mark(vault_node)});
  index->notification_vaults.push_back(ctx.Mark(vault_node));
  state->notifications.push_back(std::move(n));
}

std::string CheckPolicyDocument(const nlohmann::json& policy) {
  if (!policy.is_object()) return "policy must be a JSON object";
  auto version = policy.find("Version");
  if (version == policy.end() || !version->is_string()) {
    return "policy needs a \"Version\" (e.g. \"2012-10-17\")";
  }
  auto statement = policy.find("Statement");
  if (statement == policy.end() || !(statement->is_array() || statement->is_object())) {
    return "policy needs a \"Statement\" (a list of statements)";
  }
  return "";
}

void DecodePolicy(const YamlNode& spec, FileContext& ctx, DesiredState* state, TreeIndex* index) {
  std::optional<std::string> vault = GetString(spec, "backupVaultName");
  const YamlNode policy = Child(spec, "policy");
  if (!vault) return;
  VaultAccessPolicy p;
  p.vault = *vault;
  if (policy.IsScalar()) {
    std::string error = ParsePolicyText(policy.Scalar(), &p.policy);
    ReportIfError(ctx, policy, error.empty() ? CheckPolicyDocument(p.policy) : error);
  } else if (policy.IsMap()) {
    YamlPolicyError error;
    if (PolicyFromYaml(policy, &p.policy, &error)) {
      ReportIfError(ctx, policy, CheckPolicyDocument(p.policy));
    } else {
      ctx.Error(error.at, error.message);
    }
  }
  const YamlNode vault_node = Child(spec, "backupVaultName");
  index->vault_refs.push_back({p.vault, ctx.Mark(vault_node)});
  index->policy_vaults.push_back(ctx.Mark(vault_node));
  state->access_policies.push_back(std::move(p));
}

// Unknown keys were reported by the field table's check (allowed names);
// only known ones with a boolean value are kept.
std::map<std::string, bool> DecodeBooleanMap(const YamlNode& spec, std::string_view key) {
  std::map<std::string, bool> out;
  const YamlNode map = Child(spec, key);
  const FieldSpec* field = FindKind("BackupRegionSettings")->spec->Find(key);
  for (const auto& kv : map.Entries()) {
    if (!kv.first.IsScalar()) continue;
    const std::string_view name = kv.first.Scalar();
    bool known = false;
    for (std::string_view allowed : field->allowed) known = known || allowed == name;
    std::optional<bool> value = ParseBoolean(kv.second);
    if (known && value) out[std::string(name)] = *value;
  }
  return out;
}

void DecodeRegionSettings(const YamlNode& spec, const YamlNode& name, const YamlNode& kind,
                          FileContext& ctx, DesiredState* state, TreeIndex* index) {
  RegionSettings r;
  r.name = std::string(name.Scalar());
  r.resource_type_opt_in = DecodeBooleanMap(spec, "resourceTypeOptIn");
  r.resource_type_management = DecodeBooleanMap(spec, "resourceTypeManagement");
  state->region_settings.push_back(std::move(r));
  index->region_settings.push_back(ctx.Mark(kind));
}

void DecodeGlobalSettings(const YamlNode& spec, const YamlNode& name, const YamlNode& kind,
                          FileContext& ctx, DesiredState* state, TreeIndex* index) {
  GlobalSettings g;
  g.name = std::string(name.Scalar());
  for (const GlobalSettingName& n : kGlobalSettingNames) {
    if (std::optional<bool> v = GetBoolean(spec, n.field)) g.settings[n.aws] = *v;
  }
  state->global_settings.push_back(std::move(g));
  index->global_settings.push_back(ctx.Mark(kind));
}

// The name rule of each kind, as its decoder applies it.
std::string CheckDocumentName(std::string_view kind, std::string_view name) {
  if (kind == "BackupVault") return CheckVaultName(name);
  if (kind == "BackupPlan") return CheckResourceName("plan", name);
  if (kind == "BackupSelection") return CheckResourceName("selection", name);
  return CheckResourceName("document", name);
}

// Other tools' documents (kustomization.yaml, Kubernetes manifests) may share
// the tree; only apiVersion backupctl/... is ours.
bool IsForeign(const YamlNode& doc, FileContext& ctx) {
  const YamlNode api = Child(doc, "apiVersion");
  if (!api.IsScalar() || api.Scalar().rfind("backupctl", 0) == 0) return false;
  ctx.Warning(ctx.At(api),
              "skipped: apiVersion \"" + std::string(api.Scalar()) + "\" is not " + kApiVersion);
  return true;
}

// backupctl.yaml's `targets`: names and account/region pairs are unique (two
// entries for one account and region would prune each other's resources).
void DecodeTargets(const YamlNode& root, FileContext& ctx, Project* project) {
  const YamlNode list = Child(root, "targets");
  std::unordered_set<std::string> names, places;
  for (const YamlNode item : list.Items()) {
    if (!item.IsMap()) continue;
    TargetSpec t;
    t.name = GetString(item, "name").value_or("");
    t.account_id = GetString(item, "accountId").value_or("");
    t.region = GetString(item, "region").value_or("");
    if (t.name.empty() || t.account_id.empty() || t.region.empty()) continue;
    ReportIfError(ctx, Child(item, "region"), CheckRegion(t.region));
    ReportIfError(ctx, Child(item, "accountId"), CheckAccountId(t.account_id));
    t.partition = PartitionOf(t.region);
    for (auto& [key, value] : GetStringMap(item, "labels"))
      t.labels[std::string(key.Scalar())] = value;
    const YamlNode role = Child(item, "assumeRole");
    if (role.IsMap() && GetString(role, "roleArn")) {
      AssumeRoleSpec r;
      r.role_arn = *GetString(role, "roleArn");
      r.external_id = GetString(role, "externalId");
      r.session_name = GetString(role, "sessionName");
      ReportIfError(ctx, Child(role, "roleArn"), CheckArn(ArnKind::kIamRole, r.role_arn));
      t.assume_role = std::move(r);
    }
    t.endpoint = GetString(item, "endpoint");
    if (t.endpoint) ReportIfError(ctx, Child(item, "endpoint"), CheckEndpoint(*t.endpoint));
    if (!names.insert(t.name).second) {
      ctx.Error(Child(item, "name"), "target \"" + t.name + "\" is declared twice");
      continue;
    }
    if (!places.insert(t.account_id + "/" + t.region).second) {
      ctx.Error(item, "target \"" + t.name + "\" is account " + t.account_id + " in " + t.region +
                          " again: one target per account and region, or each would prune the "
                          "other's resources");
      continue;
    }
    project->targets.push_back(std::move(t));
  }
  if (list.IsSequence() && list.size() == 0) ctx.Error(list, "targets must not be empty");
  if (project->targets.empty()) return;
  const YamlNode region = Child(Child(root, "target"), "region");
  if (region.IsDefined()) {
    ctx.Error(region, "with targets, each target names its region; remove target.region");
  }
  const YamlNode account = Child(Child(root, "target"), "accountId");
  if (account.IsDefined()) {
    ctx.Error(account, "with targets, each target names its account; remove target.accountId");
  }
}

}  // namespace

std::string PartitionOf(std::string_view region) {
  if (region.rfind("cn-", 0) == 0) return "aws-cn";
  if (region.rfind("us-gov-", 0) == 0) return "aws-us-gov";
  return "aws";
}

std::optional<TargetSpec> SingleTargetSpec(const Project& project) {
  const Target& t = project.target;
  if (!project.targets.empty() || !t.account_id || !t.region) return std::nullopt;
  if (!CheckAccountId(*t.account_id).empty() || !CheckRegion(*t.region).empty()) {
    return std::nullopt;  // reported where they are declared
  }
  TargetSpec spec;
  spec.account_id = *t.account_id;
  spec.region = *t.region;
  spec.partition = PartitionOf(spec.region);
  return spec;
}

std::string VaultArnOn(const TargetSpec& target, std::string_view vault) {
  return "arn:" + target.partition + ":backup:" + target.region + ":" + target.account_id +
         ":backup-vault:" + std::string(vault);
}

void ReportIfError(FileContext& ctx, const YamlNode& at, std::string message) {
  if (!message.empty()) ctx.Error(at, std::move(message));
}

TagMap DecodeTags(const YamlNode& map, std::string_view key, FileContext& ctx) {
  TagMap tags;
  for (auto& [key_node, value] : GetStringMap(map, key)) {
    ReportIfError(ctx, key_node, CheckTagKey(key_node.Scalar()));
    ReportIfError(ctx, key_node, CheckTagValue(key_node.Scalar(), value));
    tags[std::string(key_node.Scalar())] = value;
  }
  return tags;
}

void DecodeDocument(const YamlNode& doc, FileContext& ctx, DesiredState* state, TreeIndex* index) {
  if (!doc.IsMap()) {
    ctx.Error(doc, "a document must be a mapping with apiVersion, kind, metadata and spec");
    return;
  }
  if (IsForeign(doc, ctx) || !CheckObject(doc, DocumentShape(), ctx)) return;
  const KindSpec* kind = FindKind(GetString(doc, "kind").value_or(""));
  if (kind == nullptr) return;
  const YamlNode spec = Child(doc, "spec");
  const YamlNode name = Child(Child(doc, "metadata"), "name");
  // A spec that is not a mapping was reported by the document's check.
  bool spec_ok = spec.IsDefined() ? spec.IsMap() && CheckObject(spec, *kind->spec, ctx)
                                  : SpecMayBeOmitted(*kind);
  if (!spec.IsDefined() && !spec_ok) {
    ctx.Error(doc, "missing required field \"spec\" in document");
  }
  if (!name.IsScalar()) return;
  if (!spec_ok) {  // nothing to decode, but the name is still checked
    ReportIfError(ctx, name, CheckDocumentName(kind->kind, name.Scalar()));
    return;
  }
  size_t vaults = state->vaults.size(), plans = state->plans.size();
  size_t selections = state->selections.size(), notes = state->notifications.size();
  size_t policies = state->access_policies.size();
  size_t regions = state->region_settings.size(), globals = state->global_settings.size();
  std::string_view k = kind->kind;
  if (k == "BackupVault") {
    DecodeVault(spec, name, ctx, state, index);
  } else if (k == "BackupPlan") {
    DecodePlan(spec, name, ctx, state, index);
  } else if (k == "BackupSelection") {
    DecodeSelection(spec, name, ctx, state, index);
  } else {
    ReportIfError(ctx, name, CheckDocumentName(k, name.Scalar()));
    const YamlNode kind_node = Child(doc, "kind");
    if (k == "BackupRegionSettings") {
      DecodeRegionSettings(spec, name, kind_node, ctx, state, index);
    } else if (k == "BackupGlobalSettings") {
      DecodeGlobalSettings(spec, name, kind_node, ctx, state, index);
    } else if (k == "BackupVaultNotifications") {
      DecodeNotifications(spec, ctx, state, index);
    } else {
      DecodePolicy(spec, ctx, state, index);
    }
  }
  const SourcePosition at = ctx.Position(doc);
  SourceMap& sources = index->sources;
  if (state->vaults.size() > vaults) sources.Add(Kind::kVault, state->vaults.back().name, "", at);
  if (state->plans.size() > plans) sources.Add(Kind::kBackupPlan, state->plans.back().name, "", at);
  if (state->selections.size() > selections) {
    const Selection& s = state->selections.back();
    sources.Add(Kind::kSelection, s.plan + "/" + s.name, "", at);
  }
  if (state->notifications.size() > notes) {
    sources.Add(Kind::kVaultNotifications, state->notifications.back().vault, "", at);
  }
  if (state->access_policies.size() > policies) {
    sources.Add(Kind::kVaultAccessPolicy, state->access_policies.back().vault, "", at);
  }
  if (state->region_settings.size() > regions) sources.Add(Kind::kRegionSettings, "", "", at);
  if (state->global_settings.size() > globals) sources.Add(Kind::kGlobalSettings, "", "", at);
}

void DecodeProject(const YamlNode& root, FileContext& ctx, Project* project) {
  if (!CheckObject(root, ProjectShape(), ctx)) return;
  project->stack = GetString(root, "stack").value_or("");
  if (Child(root, "stack").IsScalar()) {
    ReportIfError(ctx, Child(root, "stack"), CheckStackName(project->stack));
  }
  const YamlNode target = Child(root, "target");
  if (target.IsMap()) {
    Target& t = project->target;
    t.type = GetString(target, "type").value_or("local");
    t.region = GetString(target, "region");
    t.account_id = GetString(target, "accountId");
    t.profile = GetString(target, "profile");
    t.endpoint = GetString(target, "endpoint");
    t.state_file = GetString(target, "stateFile");
    if (t.region) ReportIfError(ctx, Child(target, "region"), CheckRegion(*t.region));
    if (t.account_id) {
      ReportIfError(ctx, Child(target, "accountId"), CheckAccountId(*t.account_id));
    }
    if (t.endpoint) ReportIfError(ctx, Child(target, "endpoint"), CheckEndpoint(*t.endpoint));
  }
  DecodeTargets(root, ctx, project);
  project->external_vaults = GetStringList(root, "externalVaults");
  const YamlNode external = Child(root, "externalVaults");
  std::unordered_set<std::string_view> seen;
  for (const YamlNode vault : external.Items()) {
    if (!vault.IsScalar()) continue;
    ReportIfError(ctx, vault, CheckVaultName(vault.Scalar()));
    if (!seen.insert(vault.Scalar()).second) {
      ctx.Error(vault, "external vault \"" + std::string(vault.Scalar()) + "\" is listed twice");
    }
  }
}

}  // namespace backupctl
