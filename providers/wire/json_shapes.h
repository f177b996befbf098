// The JSON form of every shape in providers/backup_types.h, with the member
// names of service-2.json ("BackupVaultName", "SNSTopicArn", ...).
//
// ToJson of an *Input gives the whole input, URI and query members included,
// keyed by member name: the same dictionary botocore takes as parameters.
// ToJson omits unset optionals and empty optional lists/maps; required members
// and plain scalars are always written. Timestamps are epoch seconds.
//
// FromJson tolerates unknown members and JSON null (treated as absent).
// A member of the wrong JSON type throws ShapeError (code
// "SerializationException"); with ReadMode::kRequest a missing required member
// throws ShapeError (code "MissingParameterValueException"). Both messages name
// the member's path, e.g. "BackupPlan.Rules[0].RuleName".
// Timestamps are read from numbers (epoch seconds, with fraction) or ISO-8601
// strings.

#ifndef BACKUPCTL_PROVIDERS_WIRE_JSON_SHAPES_H_
#define BACKUPCTL_PROVIDERS_WIRE_JSON_SHAPES_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include "providers/backup_operations.h"
#include "providers/backup_types.h"

namespace backupctl {

using Json = nlohmann::json;

struct ShapeError : std::runtime_error {
  ShapeError(std::string code, const std::string& message)
      : std::runtime_error(message), code(std::move(code)) {}
  std::string code;
};

// kRequest enforces the model's required members (server side reading a
// request); kResponse accepts whatever the service chose to send.
enum class ReadMode { kRequest, kResponse };

// Where a value sits inside the document being read, for error messages.
struct JsonIn {
  const Json& json;
  std::string path;  // "" for the document root
  ReadMode mode;
};

// Parses "2024-01-01T00:00:00Z", "...T00:00:00.123Z", "...T00:00:00+02:00".
std::optional<Timestamp> ParseIso8601(const std::string& text);

#define BACKUPCTL_JSON_SHAPE(Type) \
  Json ToJson(const Type& v);      \
  void FromJson(const JsonIn& in, Type* out);

BACKUPCTL_JSON_SHAPE(Lifecycle)
BACKUPCTL_JSON_SHAPE(CopyAction)
BACKUPCTL_JSON_SHAPE(IndexAction)
BACKUPCTL_JSON_SHAPE(ScanAction)
BACKUPCTL_JSON_SHAPE(ScanSetting)
BACKUPCTL_JSON_SHAPE(BackupRule)
BACKUPCTL_JSON_SHAPE(AdvancedBackupSetting)
BACKUPCTL_JSON_SHAPE(BackupPlan)
BACKUPCTL_JSON_SHAPE(Condition)
BACKUPCTL_JSON_SHAPE(ConditionParameter)
BACKUPCTL_JSON_SHAPE(Conditions)
BACKUPCTL_JSON_SHAPE(BackupSelection)
BACKUPCTL_JSON_SHAPE(BackupPlansListMember)
BACKUPCTL_JSON_SHAPE(BackupSelectionsListMember)
BACKUPCTL_JSON_SHAPE(RecoveryPointByBackupVault)
// Job shapes (json_jobs.cc).
BACKUPCTL_JSON_SHAPE(RecoveryPointCreator)
BACKUPCTL_JSON_SHAPE(BackupJob)
BACKUPCTL_JSON_SHAPE(CopyJob)
BACKUPCTL_JSON_SHAPE(JobSummary)

// The inputs and outputs of every operation (providers/backup_operations.h);
// DescribeBackupVaultOutput is also BackupVaultListMember.
#define BACKUPCTL_JSON_OPERATION_SHAPES(Name, Out, In, ...) \
  BACKUPCTL_JSON_SHAPE(In)                                  \
  BACKUPCTL_UNLESS_EMPTY(Out, BACKUPCTL_JSON_SHAPE(Out))
BACKUPCTL_OPERATIONS(BACKUPCTL_JSON_OPERATION_SHAPES)
#undef BACKUPCTL_JSON_OPERATION_SHAPES

#undef BACKUPCTL_JSON_SHAPE

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_WIRE_JSON_SHAPES_H_
