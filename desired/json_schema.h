// JSON Schemas (draft-07, as yaml-language-server reads them) generated from
// the field table in fields.h: one for the documents (oneOf by kind), one
// for backupctl.yaml. Editors then flag unknown fields, wrong types and bad
// enum values as people type, with the same rules validate applies.

#ifndef BACKUPCTL_DESIRED_JSON_SCHEMA_H_
#define BACKUPCTL_DESIRED_JSON_SCHEMA_H_

#include <nlohmann/json.hpp>

namespace backupctl {

nlohmann::json DocumentSchema();
nlohmann::json ProjectSchema();

}  // namespace backupctl

#endif  // BACKUPCTL_DESIRED_JSON_SCHEMA_H_
