// YamlWriter: backupctl documents written through yaml-cpp's YAML::Emitter.
//
// `export` writes trees that people review and that `validate` must read back
// exactly, so no text is ever pasted together: the emitter decides indentation
// and quoting, and escapes what a hand-built string would get wrong (a tag
// value "a: b", "#x", a newline, a leading space). On top of its own rules a
// string a YAML 1.1 reader would take for another type (true, yes, ~, null,
// 4711, 1e3, 2012-10-17, <<) is double-quoted, so yq and editors read the
// text backupctl reads.
//
// Documents are separated by "---"; each opens with its comment lines. Keys
// are written in the order they are given. Depth is bounded by the caller's
// shapes, except Json(), which refuses values nested deeper than
// kMaxPolicyDepth (desired/policy_json.h).

#ifndef BACKUPCTL_RECONCILE_YAML_WRITER_H_
#define BACKUPCTL_RECONCILE_YAML_WRITER_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace YAML {
class Emitter;
}

namespace backupctl {

class YamlWriter {
 public:
  YamlWriter();
  ~YamlWriter();
  YamlWriter(const YamlWriter&) = delete;
  YamlWriter& operator=(const YamlWriter&) = delete;

  // Starts a document (a mapping) whose first lines are `comment` ("" = none).
  void BeginDocument(std::string_view comment);
  void EndDocument();

  // Inside a mapping: one key and its value. `comment` goes after the value.
  void String(std::string_view key, std::string_view value, std::string_view comment = "");
  void Integer(std::string_view key, int64_t value);
  void Boolean(std::string_view key, bool value);
  void StringList(std::string_view key, const std::vector<std::string>& values);
  void StringMap(std::string_view key, const std::map<std::string, std::string>& values);
  // A JSON value as YAML: objects as mappings, arrays as sequences, strings
  // quoted when needed, numbers and booleans plain, null as null. Returns
  // false (writing nothing) when it is nested deeper than kMaxPolicyDepth.
  bool Json(std::string_view key, const nlohmann::json& value);
  // A multi-line string as a literal block (|).
  void Literal(std::string_view key, std::string_view value);

  void BeginMap(std::string_view key);  // a nested mapping under `key`
  void EndMap();
  void BeginList(std::string_view key);  // a sequence under `key`
  void EndList();
  // A string as the next item of the current sequence, `comment` beside it.
  void ListItem(std::string_view value, std::string_view comment = "");
  void BeginListItem();  // a mapping as the next item of the current sequence
  void EndListItem();

  // The text so far; "" and `error` set when the emitter refused a call
  // (a bug in the caller: unbalanced Begin/End).
  std::string Text(std::string* error) const;

  // True when a YAML 1.1 reader would not read `text` written plain as that
  // string: booleans, null, numbers, timestamps, the merge key.
  static bool LooksLikeOtherType(std::string_view text);

 private:
  void Key(std::string_view key);
  void Scalar(std::string_view value);
  void JsonValue(const nlohmann::json& value);

  std::unique_ptr<YAML::Emitter> out_;
  int documents_ = 0;
};

}  // namespace backupctl

#endif  // BACKUPCTL_RECONCILE_YAML_WRITER_H_
