#include "desired/json_schema.h"

#include <string>

#include "desired/fields.h"

namespace backupctl {
namespace {

using json = nlohmann::json;

constexpr const char* kDraft = "http://json-schema.org/draft-07/schema#";

std::string Ref(const ObjectShape& shape) { return std::string("#/definitions/") + shape.id; }

void AddObject(const ObjectShape& shape, json* definitions);

json FieldSchema(const FieldSpec& f, json* definitions) {
  json s;
  switch (f.type) {
    case FieldType::kString:
      s["type"] = "string";
      if (!f.allowed.empty())
        s["enum"] = json(std::vector<std::string>(f.allowed.begin(), f.allowed.end()));
      if (f.pattern != nullptr) s["pattern"] = f.pattern;
      break;
    case FieldType::kInteger:
      s["type"] = "integer";
      if (f.minimum != 0) s["minimum"] = f.minimum;
      if (f.maximum != 0) s["maximum"] = f.maximum;
      break;
    case FieldType::kBoolean:
      s["type"] = "boolean";
      break;
    case FieldType::kStringList:
      s["type"] = "array";
      s["items"] = {{"type", "string"}};
      if (!f.allowed.empty()) {
        s["items"]["enum"] = json(std::vector<std::string>(f.allowed.begin(), f.allowed.end()));
      }
      break;
    case FieldType::kStringMap:
      s["type"] = "object";
      s["additionalProperties"] = {{"type", "string"}};
      break;
    case FieldType::kBooleanMap:
      s["type"] = "object";
      s["additionalProperties"] = {{"type", "boolean"}};
      if (!f.allowed.empty()) {
        s["propertyNames"] = {
            {"enum", json(std::vector<std::string>(f.allowed.begin(), f.allowed.end()))}};
      }
      break;
    case FieldType::kObject:
      AddObject(*f.object, definitions);
      s["$ref"] = Ref(*f.object);
      break;
    case FieldType::kObjectList:
      AddObject(*f.object, definitions);
      s["type"] = "array";
      s["items"] = {{"$ref", Ref(*f.object)}};
      break;
    case FieldType::kPolicy:
      s["type"] = json::array({"object", "string"});
      break;
  }
  if (!s.contains("$ref")) s["description"] = f.description;
  return s;
}

json ObjectSchema(const ObjectShape& shape, json* definitions) {
  json s = {{"type", "object"}, {"title", shape.title}, {"additionalProperties", false}};
  json required = json::array();
  json properties = json::object();
  for (const FieldSpec& f : shape.fields) {
    if (f.required) required.push_back(f.name);
    properties[f.name] = FieldSchema(f, definitions);
  }
  s["properties"] = properties;
  if (!required.empty()) s["required"] = required;
  return s;
}

void AddObject(const ObjectShape& shape, json* definitions) {
  if (definitions->contains(shape.id)) return;
  (*definitions)[shape.id] = json::object();  // placeholder against recursion
  (*definitions)[shape.id] = ObjectSchema(shape, definitions);
}

json KindSchema(const KindSpec& kind, json* definitions) {
  AddObject(*kind.spec, definitions);
  AddObject(MetadataShape(), definitions);
  json metadata = {
      {"allOf", json::array({{{"$ref", Ref(MetadataShape())}},
                             {{"properties", {{"name", {{"pattern", kind.name_pattern}}}}}}})}};
  json properties = {{"apiVersion", {{"const", kApiVersion}}},
                     {"kind", {{"const", kind.kind}}},
                     {"metadata", metadata},
                     {"spec", {{"$ref", Ref(*kind.spec)}}}};
  json required = json::array({"apiVersion", "kind", "metadata"});
  if (!SpecMayBeOmitted(kind)) required.push_back("spec");
  return {{"type", "object"},
          {"title", kind.kind},
          {"description", kind.description},
          {"additionalProperties", false},
          {"required", required},
          {"properties", properties}};
}

}  // namespace

json DocumentSchema() {
  json definitions = json::object();
  json one_of = json::array();
  for (const KindSpec& kind : Kinds()) {
    std::string id = std::string("document.") + kind.kind;
    definitions[id] = KindSchema(kind, &definitions);
    one_of.push_back({{"$ref", "#/definitions/" + id}});
  }
  return {{"$schema", kDraft},
          {"title", "backupctl document"},
          {"description", "A backupctl/v1 document; the kind selects the spec"},
          {"oneOf", one_of},
          {"definitions", definitions}};
}

json ProjectSchema() {
  json definitions = json::object();
  json s = ObjectSchema(ProjectShape(), &definitions);
  s["$schema"] = kDraft;
  s["definitions"] = definitions;
  return s;
}

}  // namespace backupctl
