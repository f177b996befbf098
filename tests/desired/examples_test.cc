// The examples/ trees validate clean, and agree with the JSON Schema that
// `backupctl schema` prints (checked with a small draft-07 subset validator).
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "desired/fields.h"
#include "desired/json_schema.h"
#include "desired/loader.h"
#include "desired/yaml_doc.h"
#include "tests/desired/temp_tree.h"

namespace backupctl {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

const fs::path kExamples = fs::path(BACKUPCTL_SOURCE_DIR) / "examples";

std::vector<std::string> ExampleTrees() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(kExamples)) {
    if (entry.is_directory()) names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// YAML to JSON as a YAML 1.2 editor sees it: plain true/false, integers and
// null keep their type, everything else is a string.
json ToJson(const YamlNode& node) {
  if (node.IsMap()) {
    json out = json::object();
    for (const auto& kv : node.Entries()) out[std::string(kv.first.Scalar())] = ToJson(kv.second);
    return out;
  }
  if (node.IsSequence()) {
    json out = json::array();
    for (const YamlNode item : node.Items()) out.push_back(ToJson(item));
    return out;
  }
  if (node.IsNull()) return nullptr;
  const std::string s(node.Scalar());
  if (node.IsPlain()) {
    if (s == "true" || s == "false") return s == "true";
    if (std::regex_match(s, std::regex("-?[0-9]+"))) return std::stoll(s);
  }
  return s;
}

bool HasType(const json& v, const std::string& type) {
  if (type == "object") return v.is_object();
  if (type == "array") return v.is_array();
  if (type == "string") return v.is_string();
  if (type == "integer") return v.is_number_integer();
  if (type == "boolean") return v.is_boolean();
  return false;
}

// Returns the first violation of `schema` by `v`, or "".
std::string Violation(const json& root, const json& schema, const json& v, const std::string& at) {
  if (schema.contains("$ref")) {
    std::string ref =
        schema["$ref"].get<std::string>().substr(std::string("#/definitions/").size());
    return Violation(root, root["definitions"].at(ref), v, at);
  }
  if (schema.contains("type")) {
    json types = schema["type"].is_array() ? schema["type"] : json::array({schema["type"]});
    bool ok = std::any_of(types.begin(), types.end(), [&](const json& t) { return HasType(v, t); });
    if (!ok) return at + ": wrong type";
  }
  if (schema.contains("const") && v != schema["const"])
    return at + ": not " + schema["const"].dump();
  if (schema.contains("enum") &&
      std::find(schema["enum"].begin(), schema["enum"].end(), v) == schema["enum"].end()) {
    return at + ": not in enum";
  }
  if (schema.contains("pattern") && v.is_string() &&
      !std::regex_search(v.get<std::string>(), std::regex(schema["pattern"].get<std::string>()))) {
    return at + ": does not match " + schema["pattern"].get<std::string>();
  }
  if (schema.contains("minimum") && v.is_number() && v < schema["minimum"])
    return at + ": too small";
  if (schema.contains("maximum") && v.is_number() && v > schema["maximum"]) return at + ": too big";
  for (const json& sub : schema.value("allOf", json::array())) {
    std::string error = Violation(root, sub, v, at);
    if (!error.empty()) return error;
  }
  if (schema.contains("oneOf")) {
    int matches = 0;
    for (const json& sub : schema["oneOf"]) matches += Violation(root, sub, v, at).empty() ? 1 : 0;
    if (matches != 1) return at + ": matches " + std::to_string(matches) + " of oneOf";
  }
  if (v.is_object()) {
    for (const json& name : schema.value("required", json::array())) {
      if (!v.contains(name.get<std::string>())) return at + ": missing " + name.get<std::string>();
    }
    json props = schema.value("properties", json::object());
    for (const auto& [key, value] : v.items()) {
      if (props.contains(key)) {
        std::string error = Violation(root, props[key], value, at + "." + key);
        if (!error.empty()) return error;
      } else if (schema.contains("additionalProperties")) {
        const json& extra = schema["additionalProperties"];
        if (extra.is_boolean() && !extra.get<bool>()) return at + ": unknown field " + key;
        if (extra.is_object()) {
          std::string error = Violation(root, extra, value, at + "." + key);
          if (!error.empty()) return error;
        }
      }
    }
  }
  if (v.is_array() && schema.contains("items")) {
    for (size_t i = 0; i < v.size(); ++i) {
      std::string error =
          Violation(root, schema["items"], v[i], at + "[" + std::to_string(i) + "]");
      if (!error.empty()) return error;
    }
  }
  return "";
}

class Example : public testing::TestWithParam<std::string> {};

TEST_P(Example, ValidatesWithoutAnyDiagnostic) {
  LoadResult r = LoadTree((kExamples / GetParam()).string());
  EXPECT_THAT(Lines(r), testing::IsEmpty());
  EXPECT_TRUE(r.ok());
  size_t resources = r.state.ResourceCount();
  for (const PlacedTarget& t : r.targets) resources += t.state.ResourceCount();
  EXPECT_GT(resources, 0u);
  EXPECT_FALSE(r.state.project.stack.empty());
  EXPECT_EQ(r.state.project.target.type, "local");
}

TEST_P(Example, EveryDocumentMatchesTheJsonSchema) {
  const json documents = DocumentSchema();
  const json project = ProjectSchema();
  fs::path root = kExamples / GetParam();
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    fs::path p = entry.path();
    if (p.extension() != ".yaml" && p.extension() != ".yml") continue;
    bool is_project = p == root / "backupctl.yaml";
    std::ifstream in(p, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    YamlFile yaml;
    YamlError error;
    ASSERT_TRUE(yaml.Parse(text.str(), 1u << 20, &error)) << p << ": " << error.message;
    for (const YamlNode& doc : yaml.Documents()) {
      if (doc.IsNull()) continue;
      const json& schema = is_project ? project : documents;
      EXPECT_EQ(Violation(schema, schema, ToJson(doc), p.string()), "");
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Trees, Example, testing::ValuesIn(ExampleTrees()),
                         [](const testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(Examples, AtLeastThreeDistinctStacks) {
  std::set<std::string> stacks;
  for (const std::string& tree : ExampleTrees()) {
    stacks.insert(LoadTree((kExamples / tree).string()).state.project.stack);
  }
  EXPECT_GE(ExampleTrees().size(), 3u);
  EXPECT_EQ(stacks.size(), ExampleTrees().size());
}

TEST(JsonSchema, NamesEveryKindAndFieldTheLoaderAccepts) {
  const json schema = DocumentSchema();
  EXPECT_EQ(schema["$schema"], "http://json-schema.org/draft-07/schema#");
  EXPECT_EQ(schema["oneOf"].size(), Kinds().size());
  std::vector<const ObjectShape*> todo;
  for (const KindSpec& kind : Kinds()) {
    const json& doc = schema["definitions"].at(std::string("document.") + kind.kind);
    EXPECT_EQ(doc["properties"]["kind"]["const"], kind.kind);
    todo.push_back(kind.spec);
  }
  todo.push_back(&MetadataShape());
  for (size_t i = 0; i < todo.size(); ++i) {
    const json& def = schema["definitions"].at(todo[i]->id);
    EXPECT_EQ(def["additionalProperties"], false);
    EXPECT_EQ(def["properties"].size(), todo[i]->fields.size()) << todo[i]->id;
    for (const FieldSpec& f : todo[i]->fields) {
      EXPECT_TRUE(def["properties"].contains(f.name)) << todo[i]->id << "." << f.name;
      if (f.object != nullptr) todo.push_back(f.object);
    }
  }
  EXPECT_TRUE(ProjectSchema()["properties"].contains("externalVaults"));
}

TEST(JsonSchema, RejectsWhatTheLoaderRejects) {
  const json schema = DocumentSchema();
  json plan = {{"apiVersion", "backupctl/v1"},
               {"kind", "BackupPlan"},
               {"metadata", {{"name", "p"}}},
               {"spec", {{"rules", {{{"ruleName", "r"}, {"targetBackupVaultName", "v"}}}}}}};
  EXPECT_EQ(Violation(schema, schema, plan, "doc"), "");
  json typo = plan;
  typo["spec"]["rules"][0]["targetVault"] = "v";
  EXPECT_NE(Violation(schema, schema, typo, "doc"), "");
  json kind = plan;
  kind["kind"] = "BackupVolt";
  EXPECT_NE(Violation(schema, schema, kind, "doc"), "");
  json window = plan;
  window["spec"]["rules"][0]["startWindowMinutes"] = 30;
  EXPECT_NE(Violation(schema, schema, window, "doc"), "");
  json no_spec = plan;
  no_spec.erase("spec");
  EXPECT_NE(Violation(schema, schema, no_spec, "doc"), "");
  json vault = {
      {"apiVersion", "backupctl/v1"}, {"kind", "BackupVault"}, {"metadata", {{"name", "bare"}}}};
  EXPECT_EQ(Violation(schema, schema, vault, "doc"), "");  // a vault with defaults
}

// examples/*.schema.json are what editors load: they must be today's schemas.
TEST(JsonSchema, CommittedSchemaFilesAreCurrent) {
  auto read = [](const fs::path& p) {
    std::ifstream in(p);
    return json::parse(in);
  };
  EXPECT_EQ(read(kExamples / "backupctl.schema.json"), DocumentSchema())
      << "regenerate: backupctl schema > examples/backupctl.schema.json";
  EXPECT_EQ(read(kExamples / "backupctl.project.schema.json"), ProjectSchema())
      << "regenerate: backupctl schema --project > examples/backupctl.project.schema.json";
}

}  // namespace
}  // namespace backupctl
