#include "desired/policy_json.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace backupctl {
namespace {

using nlohmann::json;

const std::string& TooDeep() {
  static const std::string message = "policy is too deeply nested (more than " +
                                     std::to_string(kMaxPolicyDepth) +
                                     " levels; an IAM policy needs at most 6)";
  return message;
}

constexpr char kEmpty[] =
    "empty value in a policy: IAM has no null (write \"\" for an empty string)";

class YamlConverter {
 public:
  explicit YamlConverter(YamlPolicyError* error) : error_(error) {}

  // `depth` counts the containers from the policy's own mapping (1) down to `node`.
  bool Convert(const YamlNode& node, int depth, json* out) {
    if (values_++ == kMaxPolicyValues) {
      return Fail(
          node, "policy is too large (more than " + std::to_string(kMaxPolicyValues) + " values)");
    }
    if (node.IsMap() || node.IsSequence()) {
      if (depth > kMaxPolicyDepth) return Fail(node, TooDeep());
      return node.IsMap() ? ConvertMap(node, depth, out) : ConvertList(node, depth, out);
    }
    if (!node.IsScalar()) return Fail(node, kEmpty);
    *out = std::string(node.Scalar());
    return true;
  }

 private:
  bool ConvertMap(const YamlNode& node, int depth, json* out) {
    *out = json::object();
    for (const auto& [key, value] : node.Entries()) {
      if (!key.IsScalar()) return Fail(key, "policy keys must be strings");
      std::string name(key.Scalar());
      if (out->contains(name)) return Fail(key, "key \"" + name + "\" is repeated in the policy");
      if (value.IsNull()) return Fail(key, kEmpty);  // a null value has no mark of its own
      if (!Convert(value, depth + 1, &(*out)[name])) return false;
    }
    return true;
  }

  bool ConvertList(const YamlNode& node, int depth, json* out) {
    *out = json::array();
    for (const YamlNode item : node.Items()) {
      if (!Convert(item, depth + 1, &out->emplace_back())) return false;
    }
    return true;
  }

  bool Fail(const YamlNode& at, std::string message) {
    *error_ = {at, std::move(message)};
    return false;
  }

  YamlPolicyError* error_;
  size_t values_ = 0;
};

}  // namespace

int JsonTextDepth(std::string_view text) {
  int depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '\0') {
      break;  // where nlohmann's parser ends the input too
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
      if (deepest > kMaxPolicyDepth) return deepest;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

int JsonDepth(const json& value) {
  std::vector<std::pair<const json*, int>> pending = {{&value, 0}};
  int deepest = 0;
  while (!pending.empty()) {
    auto [node, depth] = pending.back();
    pending.pop_back();
    if (!node->is_structured()) continue;
    deepest = std::max(deepest, ++depth);
    if (deepest > kMaxPolicyDepth) return deepest;
    for (const json& child : *node) pending.emplace_back(&child, depth);
  }
  return deepest;
}

std::string ParsePolicyText(std::string_view text, json* out) {
  // nlohmann's parser does not recurse, but what is done with a deep document does.
  if (JsonTextDepth(text) > kMaxPolicyDepth) return TooDeep();
  try {
    *out = json::parse(text);
  } catch (const json::exception& e) {  // a parse_error, or out_of_range for 1E400
    return "policy is not valid JSON: " + std::string(e.what());
  }
  return "";
}

bool PolicyFromYaml(const YamlNode& map, json* out, YamlPolicyError* error) {
  return YamlConverter(error).Convert(map, 1, out);
}

}  // namespace backupctl
