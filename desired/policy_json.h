// Access policy documents as JSON: read from JSON text or from a YAML mapping,
// never nested deeper than kMaxPolicyDepth.
//
// Every walk of a policy in backupctl (the normaliser, the differ, the
// renderer, and nlohmann's own copy, == and dump, which recurse) relies on
// that bound, so it is enforced where a document enters: the declared tree
// (validate refuses it at file:line:column), the live read (that vault's
// policy is reported unreadable), a saved plan (refused as corrupt). The walks
// check it again and stop rather than recurse past it.
//
// Why 64: the IAM policy grammar nests at most six containers (the policy,
// Statement, a statement, Condition, an operator, a key's list of values).
// 64 is ten times that, and a recursive walk 64 deep needs a few kilobytes of
// stack, where 20,000 levels overflow it.

#ifndef BACKUPCTL_DESIRED_POLICY_JSON_H_
#define BACKUPCTL_DESIRED_POLICY_JSON_H_

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "desired/yaml_doc.h"

namespace backupctl {

inline constexpr int kMaxPolicyDepth = 64;
// A YAML policy holds at most this many values (an alias counts each time it is used).
inline constexpr size_t kMaxPolicyValues = 100000;

// Nesting depth, counting containers: 0 for a scalar, 1 for {} or [], 2 for
// [[]]. Neither recurses; both stop counting at kMaxPolicyDepth + 1. The text
// form scans brackets outside strings, so it works on any text, JSON or not,
// and stops at a NUL outside a string, where nlohmann's parser stops.
int JsonTextDepth(std::string_view text);
int JsonDepth(const nlohmann::json& value);

// "" when `text` is one JSON value no deeper than kMaxPolicyDepth, with the
// value in *out; otherwise the reason ("policy is too deeply nested ...",
// "policy is not valid JSON: ...") and *out is unchanged.
std::string ParsePolicyText(std::string_view text, nlohmann::json* out);

// A policy written as a YAML mapping. Every scalar becomes the JSON string
// exactly as written (`012345678901` stays "012345678901", `false` stays
// "false"): IAM reads every policy value as a string, and compares Bool,
// Numeric and Date condition values from their text, so no element of the
// grammar needs another JSON type. Refused, with the node at fault: nesting
// deeper than kMaxPolicyDepth, more than kMaxPolicyValues values, a key that
// is not a scalar or is repeated, and an empty (null) value, which IAM has no
// meaning for.
struct YamlPolicyError {
  YamlNode at;
  std::string message;
};
bool PolicyFromYaml(const YamlNode& map, nlohmann::json* out, YamlPolicyError* error);

}  // namespace backupctl

#endif  // BACKUPCTL_DESIRED_POLICY_JSON_H_
