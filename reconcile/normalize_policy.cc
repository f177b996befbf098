// Access policies in the form IAM compares them (the contract: normalize.h).
// First the IAM rules, which know the grammar's few fixed places (a
// statement's Action, Principal and Condition), then the generic walk, which
// makes every list a sorted set; both stop at kMaxPolicyDepth.

#include <algorithm>
#include <cctype>
#include <string>
#include <utility>
#include <vector>

#include "base/strings.h"
#include "desired/policy_json.h"
#include "reconcile/normalize.h"

namespace backupctl {
namespace {

using nlohmann::json;

const json& TooDeepMarker() {
  static const json marker =
      "(nested deeper than " + std::to_string(kMaxPolicyDepth) + " levels: not compared)";
  return marker;
}

// IAM's "one or many": `f` on a string, or on each string of a list.
template <typename F>
void ForEachString(json& value, F f) {
  if (value.is_string()) f(value);
  if (!value.is_array()) return;
  for (json& item : value) {
    if (item.is_string()) f(item);
  }
}

bool IsAccountId(std::string_view text) {
  return text.size() == 12 && std::all_of(text.begin(), text.end(), [](char c) {
           return std::isdigit(static_cast<unsigned char>(c));
         });
}

// IAM stores an account principal as its root ARN, in the account's own
// partition; the canonical form is the account id.
void CanonicalPrincipal(json& principal, std::string_view partition) {
  if (principal == "*") principal = {{"AWS", "*"}};
  if (!principal.is_object() || !principal.contains("AWS")) return;
  const std::string prefix = "arn:" + std::string(partition) + ":iam::";
  constexpr std::string_view kRoot = ":root";
  ForEachString(principal["AWS"], [&](json& value) {
    std::string_view arn = value.get_ref<const std::string&>();
    if (arn.size() != prefix.size() + 12 + kRoot.size() || arn.substr(0, prefix.size()) != prefix ||
        arn.substr(prefix.size() + 12) != kRoot || !IsAccountId(arn.substr(prefix.size(), 12))) {
      return;
    }
    value = std::string(arn.substr(prefix.size(), 12));
  });
}

// IAM compares Bool, Numeric and Date values from their text.
json ConditionText(const json& value) {
  return value.is_boolean() || value.is_number() ? json(value.dump()) : value;
}

// A key written twice in different cases is one key to IAM: its values join.
void JoinValues(json& into, const json& values) {
  json text = values.is_array() ? json::array() : ConditionText(values);
  if (values.is_array()) {
    for (const json& v : values) text.push_back(ConditionText(v));
  }
  if (into.is_null()) {
    into = std::move(text);
    return;
  }
  if (!into.is_array()) into = json::array({std::move(into)});
  if (!text.is_array()) text = json::array({std::move(text)});
  for (json& v : text) into.push_back(std::move(v));
}

// Operators and keys in any case; values as written (IAM compares them with case).
void CanonicalCondition(json& condition) {
  if (!condition.is_object()) return;
  json out = json::object();
  for (const auto& [op, block] : condition.items()) {
    json& into = out[Lower(op)];
    if (!block.is_object()) {  // not IAM's grammar: compared as written
      into = block;
      continue;
    }
    if (!into.is_object()) into = json::object();
    for (const auto& [key, values] : block.items()) JoinValues(into[Lower(key)], values);
  }
  condition = std::move(out);
}

void CanonicalStatement(json& statement, std::string_view partition) {
  if (!statement.is_object()) return;
  for (const char* key : {"Action", "NotAction"}) {
    if (!statement.contains(key)) continue;
    ForEachString(statement[key], [](json& action) { action = Lower(action.get<std::string>()); });
  }
  for (const char* key : {"Principal", "NotPrincipal"}) {
    if (statement.contains(key)) CanonicalPrincipal(statement[key], partition);
  }
  if (statement.contains("Condition")) CanonicalCondition(statement["Condition"]);
}

void CanonicalIam(json& policy, std::string_view partition) {
  if (!policy.is_object() || !policy.contains("Statement")) return;
  json& statements = policy["Statement"];
  if (statements.is_object()) CanonicalStatement(statements, partition);
  if (!statements.is_array()) return;
  for (json& statement : statements) CanonicalStatement(statement, partition);
}

json NormalizeValue(const json& value, int depth);

// Arrays are sets in IAM policy grammar: normalise members, sort, dedupe.
// `depth` is the array's own; its members are one deeper.
json NormalizeArray(const json& array, int depth) {
  std::vector<std::pair<std::string, json>> members;
  members.reserve(array.size());
  for (const auto& item : array) {
    json normal = NormalizeValue(item, depth + 1);
    std::string key = normal.dump();
    members.emplace_back(std::move(key), std::move(normal));
  }
  std::sort(members.begin(), members.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  json out = json::array();
  for (size_t i = 0; i < members.size(); ++i) {
    if (i > 0 && members[i].first == members[i - 1].first) continue;
    out.push_back(std::move(members[i].second));
  }
  return out;
}

// `depth` counts containers from the policy (1) down to `value`. Callers
// check PolicyTooDeep first; the bound here keeps the walk safe on its own.
json NormalizeValue(const json& value, int depth) {
  if (!value.is_structured()) return value;
  if (depth > kMaxPolicyDepth) return TooDeepMarker();
  if (value.is_array()) return NormalizeArray(value, depth);
  json out = json::object();
  for (const auto& [key, member] : value.items()) {
    // A member may be a list or a single value; the single value is the one-element list.
    out[key] = member.is_array() ? NormalizeArray(member, depth + 1)
                                 : NormalizeArray(json::array({member}), depth);
  }
  return out;
}

}  // namespace

bool PolicyTooDeep(const json& policy) {
  if (policy.is_string())
    return JsonTextDepth(policy.get_ref<const std::string&>()) > kMaxPolicyDepth;
  return JsonDepth(policy) > kMaxPolicyDepth;
}

json NormalizePolicy(const json& policy, std::string_view partition) {
  if (PolicyTooDeep(policy)) return TooDeepMarker();
  json doc = policy;
  // A live answer that is not JSON stays the string: compared as written.
  if (policy.is_string() && !ParsePolicyText(policy.get_ref<const std::string&>(), &doc).empty()) {
    return policy;
  }
  CanonicalIam(doc, partition);
  return NormalizeValue(doc, 1);
}

VaultAccessPolicy NormalizeAccessPolicy(const VaultAccessPolicy& policy,
                                        std::string_view partition) {
  return VaultAccessPolicy{policy.vault, NormalizePolicy(policy.policy, partition)};
}

std::string_view ArnPartition(std::string_view arn) {
  constexpr std::string_view kPrefix = "arn:";
  if (arn.substr(0, kPrefix.size()) != kPrefix) return "aws";
  std::string_view rest = arn.substr(kPrefix.size());
  size_t colon = rest.find(':');
  if (colon == std::string_view::npos || colon == 0) return "aws";
  return rest.substr(0, colon);
}

}  // namespace backupctl
