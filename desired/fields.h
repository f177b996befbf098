// The field table: every kind, object and field a backupctl document may hold.
//
// One table drives both the loader's structural checks (unknown field with a
// "did you mean", wrong type, missing required field) and `backupctl schema`,
// so what editors are told and what validate accepts cannot drift apart.
// Everything here is constexpr data; value rules (name patterns, ARNs,
// arithmetic between fields) live in values.h and decode.cc.

#ifndef BACKUPCTL_DESIRED_FIELDS_H_
#define BACKUPCTL_DESIRED_FIELDS_H_

#include <cstdint>
#include <span>
#include <string_view>

#include "base/vault_events.h"  // RetiredValue, the vault event lists

namespace backupctl {

enum class FieldType {
  kString,
  kInteger,
  kBoolean,
  kStringList,
  kStringMap,   // tags and options: string keys, string values
  kBooleanMap,  // keys from `allowed` (when set), true/false values
  kObject,      // a nested mapping described by `object`
  kObjectList,  // a list of mappings described by `object`
  kPolicy,      // a JSON policy: a YAML mapping or a JSON string
};

struct ObjectShape;

struct FieldSpec {
  const char* name;
  FieldType type;
  bool required;
  const char* description;
  const ObjectShape* object = nullptr;        // kObject, kObjectList
  std::span<const char* const> allowed = {};  // enum of a string, of list items or of map keys
  int64_t minimum = 0;                        // integers: 0 means no bound
  int64_t maximum = 0;
  const char* pattern = nullptr;               // ECMAScript regex for the JSON Schema only
  std::span<const RetiredValue> retired = {};  // refused with a hint, not "unknown"
};

// A field's former spelling: refused as unknown, with the new name as the
// "did you mean".
struct RenamedField {
  const char* old_name;
  const char* new_name;
};

struct ObjectShape {
  const char* id;     // JSON Schema definition name
  const char* title;  // used in messages: "unknown field "x" in <title>"
  std::span<const FieldSpec> fields;
  std::span<const RenamedField> renamed = {};
  const FieldSpec* Find(std::string_view name) const;
};

struct KindSpec {
  const char* kind;  // "BackupVault", ...
  const ObjectShape* spec;
  const char* description;
  const char* name_pattern;  // metadata.name, for the JSON Schema
};

constexpr const char* kApiVersion = "backupctl/v1";

// A kind whose spec has no required field may leave `spec` out: a document
// with nothing to say declares the resource with its defaults.
bool SpecMayBeOmitted(const KindSpec& kind);

std::span<const KindSpec> Kinds();
const KindSpec* FindKind(std::string_view kind);
const ObjectShape& DocumentShape();  // apiVersion, kind, metadata, spec
const ObjectShape& MetadataShape();
const ObjectShape& ProjectShape();  // backupctl.yaml

// The BackupVaultEvent enum of service-2.json without the values AWS lists as
// deprecated (accepted, never sent); those are DeprecatedVaultEvents(). Both
// are base/vault_events.h's lists.
std::span<const char* const> VaultEvents();
std::span<const RetiredValue> DeprecatedVaultEvents();

}  // namespace backupctl

#endif  // BACKUPCTL_DESIRED_FIELDS_H_
