#include "reconcile/yaml_writer.h"

#include <regex>

#include <yaml-cpp/yaml.h>

#include "desired/policy_json.h"

namespace backupctl {

YamlWriter::YamlWriter() : out_(std::make_unique<YAML::Emitter>()) {
  out_->SetIndent(2);
  out_->SetSeqFormat(YAML::Block);
  out_->SetMapFormat(YAML::Block);
}

YamlWriter::~YamlWriter() = default;

bool YamlWriter::LooksLikeOtherType(std::string_view text) {
  // The YAML 1.1 type repository's resolvers (bool, null, int, float,
  // timestamp, merge, value), which most tools still apply to plain scalars.
  static const std::regex kOtherType(
      "y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"
      "|~|null|Null|NULL|<<|="
      "|[-+]?(0b[0-1_]+|0o?[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*(:[0-5]?[0-9])*)"
      "|[-+]?([0-9][0-9_]*)?\\.[0-9_]*([eE][-+]?[0-9]+)?"
      "|[-+]?[0-9][0-9_]*([eE][-+]?[0-9]+)"
      "|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)"
      "|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?");
  if (text.empty() || text.size() > 64) return text.empty();
  return std::regex_match(text.begin(), text.end(), kOtherType);
}

void YamlWriter::BeginDocument(std::string_view comment) {
  if (documents_++ > 0) *out_ << YAML::BeginDoc;
  *out_ << YAML::BeginMap;
  if (!comment.empty()) *out_ << YAML::Comment(std::string(comment));
}

void YamlWriter::EndDocument() { *out_ << YAML::EndMap; }

void YamlWriter::Scalar(std::string_view value) {
  if (LooksLikeOtherType(value)) *out_ << YAML::DoubleQuoted;
  *out_ << std::string(value);
}

void YamlWriter::Key(std::string_view key) {
  *out_ << YAML::Key;
  Scalar(key);
  *out_ << YAML::Value;
}

void YamlWriter::String(std::string_view key, std::string_view value, std::string_view comment) {
  Key(key);
  Scalar(value);
  if (!comment.empty()) *out_ << YAML::Comment(std::string(comment));
}

void YamlWriter::Integer(std::string_view key, int64_t value) {
  Key(key);
  *out_ << static_cast<long long>(value);
}

void YamlWriter::Boolean(std::string_view key, bool value) {
  Key(key);
  *out_ << YAML::TrueFalseBool << YAML::LowerCase << value;
}

void YamlWriter::StringList(std::string_view key, const std::vector<std::string>& values) {
  Key(key);
  *out_ << YAML::BeginSeq;
  for (const auto& v : values) Scalar(v);
  *out_ << YAML::EndSeq;
}

void YamlWriter::StringMap(std::string_view key, const std::map<std::string, std::string>& values) {
  Key(key);
  *out_ << YAML::BeginMap;
  for (const auto& [k, v] : values) {
    *out_ << YAML::Key;
    Scalar(k);
    *out_ << YAML::Value;
    Scalar(v);
  }
  *out_ << YAML::EndMap;
}

bool YamlWriter::Json(std::string_view key, const nlohmann::json& value) {
  if (JsonDepth(value) > kMaxPolicyDepth) return false;
  Key(key);
  JsonValue(value);
  return true;
}

// Bounded by the depth check in Json().
void YamlWriter::JsonValue(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object:
      *out_ << YAML::BeginMap;
      for (const auto& [k, v] : value.items()) {
        *out_ << YAML::Key;
        Scalar(k);
        *out_ << YAML::Value;
        JsonValue(v);
      }
      *out_ << YAML::EndMap;
      return;
    case nlohmann::json::value_t::array:
      *out_ << YAML::BeginSeq;
      for (const auto& v : value) JsonValue(v);
      *out_ << YAML::EndSeq;
      return;
    case nlohmann::json::value_t::string:
      Scalar(value.get_ref<const std::string&>());
      return;
    case nlohmann::json::value_t::boolean:
      *out_ << YAML::TrueFalseBool << YAML::LowerCase << value.get<bool>();
      return;
    case nlohmann::json::value_t::null:
      *out_ << YAML::Null;
      return;
    default:  // numbers: their JSON text is valid plain YAML
      *out_ << value.dump();
      return;
  }
}

void YamlWriter::Literal(std::string_view key, std::string_view value) {
  Key(key);
  *out_ << YAML::Literal << std::string(value);
}

void YamlWriter::BeginMap(std::string_view key) {
  Key(key);
  *out_ << YAML::BeginMap;
}

void YamlWriter::EndMap() { *out_ << YAML::EndMap; }

void YamlWriter::BeginList(std::string_view key) {
  Key(key);
  *out_ << YAML::BeginSeq;
}

void YamlWriter::EndList() { *out_ << YAML::EndSeq; }

void YamlWriter::ListItem(std::string_view value, std::string_view comment) {
  Scalar(value);
  if (!comment.empty()) *out_ << YAML::Comment(std::string(comment));
}

void YamlWriter::BeginListItem() { *out_ << YAML::BeginMap; }

void YamlWriter::EndListItem() { *out_ << YAML::EndMap; }

std::string YamlWriter::Text(std::string* error) const {
  if (!out_->good()) {
    *error = "YAML emitter: " + out_->GetLastError();
    return "";
  }
  std::string text = out_->c_str();
  if (!text.empty() && text.back() != '\n') text += '\n';
  return text;
}

}  // namespace backupctl
