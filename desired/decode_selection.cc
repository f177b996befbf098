// BackupSelection documents: what a plan backs up.
#include "desired/decode.h"
#include "desired/values.h"

namespace backupctl {
namespace {

constexpr size_t kMaxResources = 500;
constexpr size_t kMaxWildcardResources = 30;
constexpr std::string_view kTagConditionPrefix = "aws:ResourceTag/";

std::vector<std::string> DecodeArns(const YamlNode& spec, std::string_view key, FileContext& ctx) {
  std::vector<std::string> out;
  const YamlNode list = Child(spec, key);
  size_t wildcards = 0;
  for (const YamlNode arn : list.Items()) {
    if (!arn.IsScalar()) continue;
    out.emplace_back(arn.Scalar());
    ReportIfError(ctx, arn, CheckArn(ArnKind::kResource, out.back()));
    if (out.back().find('*') != std::string::npos) ++wildcards;
  }
  if (out.size() > kMaxResources) {
    ctx.Error(list, std::string(key) + " lists " + std::to_string(out.size()) +
                        " ARNs; AWS allows at most 500 (select by tags instead)");
  } else if (wildcards > kMaxWildcardResources) {
    ctx.Error(list, std::string(key) + " has " + std::to_string(wildcards) +
                        " ARNs with wildcards; AWS allows at most 30");
  }
  return out;
}

std::vector<TagCondition> DecodeListOfTags(const YamlNode& spec, FileContext& ctx) {
  std::vector<TagCondition> out;
  const YamlNode list = Child(spec, "listOfTags");
  for (const YamlNode item : list.Items()) {
    std::optional<std::string> key = GetString(item, "conditionKey");
    std::optional<std::string> value = GetString(item, "conditionValue");
    if (!key || !value) continue;
    if (key->empty()) {
      ctx.Error(Child(item, "conditionKey"), "listOfTags conditionKey must not be empty");
    }
    out.push_back({GetString(item, "conditionType").value_or("STRINGEQUALS"), *key, *value});
  }
  return out;
}

std::vector<KeyValue> DecodeConditionList(const YamlNode& conditions, std::string_view key,
                                          FileContext& ctx) {
  std::vector<KeyValue> out;
  const YamlNode list = Child(conditions, key);
  for (const YamlNode item : list.Items()) {
    std::optional<std::string> k = GetString(item, "conditionKey");
    std::optional<std::string> v = GetString(item, "conditionValue");
    if (!k || !v) continue;
    if (k->size() <= kTagConditionPrefix.size() || k->rfind(kTagConditionPrefix, 0) != 0) {
      ctx.Error(Child(item, "conditionKey"), "conditionKey \"" + *k + "\" must start with \"" +
                                                 std::string(kTagConditionPrefix) +
                                                 "\", e.g. \"aws:ResourceTag/backup\"");
    }
    out.push_back({*k, *v});
  }
  return out;
}

bool AbsentOrEmpty(const YamlNode& node) {
  return !node.IsDefined() || (node.IsSequence() && node.size() == 0);
}

// AWS refuses a selection whose Resources and ListOfTags are both empty, even
// with Conditions ("Either 'ListOfTags' or 'Resources' section must be
// non-empty"): conditions only narrow what those two select.
void CheckSelectsSomething(const YamlNode& spec, FileContext& ctx) {
  if (AbsentOrEmpty(Child(spec, "resources")) && AbsentOrEmpty(Child(spec, "listOfTags"))) {
    ctx.Error(spec,
              "selection selects nothing: give resources (\"*\" for all, narrowed by "
              "conditions) or listOfTags");
  }
}

}  // namespace

void DecodeSelection(const YamlNode& spec, const YamlNode& name, FileContext& ctx,
                     DesiredState* state, TreeIndex* index) {
  Selection s;
  s.name = std::string(name.Scalar());
  ReportIfError(ctx, name, CheckResourceName("selection", s.name));
  const YamlNode plan = Child(spec, "plan");
  if (plan.IsScalar()) {
    s.plan = std::string(plan.Scalar());
    index->plan_refs.push_back({s.plan, ctx.Mark(plan)});
  }
  if (auto role = GetString(spec, "iamRoleArn")) {
    s.iam_role_arn = *role;
    ReportIfError(ctx, Child(spec, "iamRoleArn"), CheckArn(ArnKind::kIamRole, *role));
  }
  s.resources = DecodeArns(spec, "resources", ctx);
  s.not_resources = DecodeArns(spec, "notResources", ctx);
  s.list_of_tags = DecodeListOfTags(spec, ctx);
  const YamlNode conditions = Child(spec, "conditions");
  ForEachConditionList(
      [&](const char* name, auto& list) { list = DecodeConditionList(conditions, name, ctx); },
      s.conditions);
  CheckSelectsSomething(spec, ctx);
  state->selections.push_back(std::move(s));
  index->selection_names.push_back(ctx.Mark(name));
}

}  // namespace backupctl
