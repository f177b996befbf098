// ISO-8601 timestamps, and the JSON codecs of the shapes nested in the
// operations' inputs and outputs, one description each (json_io.h).

#include "providers/wire/json_shapes.h"

#include <cstdint>

#include "providers/wire/json_io.h"

namespace backupctl {
namespace {

using json_io::kAlways;
using json_io::kRequired;

// ---- ISO-8601 ---------------------------------------------------------------

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

bool Digits(const std::string& s, size_t pos, size_t n, int64_t* out) {
  if (pos + n > s.size()) return false;
  int64_t v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

// Parses the zone suffix at `pos`: "Z", "+HH:MM", "-HHMM". Returns its offset in seconds.
std::optional<int64_t> ParseZone(const std::string& s, size_t pos) {
  if (pos == s.size()) return 0;  // no zone: UTC, as botocore assumes
  if (s[pos] == 'Z' || s[pos] == 'z')
    return pos + 1 == s.size() ? std::optional<int64_t>(0) : std::nullopt;
  if (s[pos] != '+' && s[pos] != '-') return std::nullopt;
  int64_t hh = 0, mm = 0;
  size_t p = pos + 1;
  if (!Digits(s, p, 2, &hh)) return std::nullopt;
  p += 2;
  if (p < s.size() && s[p] == ':') ++p;
  if (!Digits(s, p, 2, &mm) || p + 2 != s.size() || hh > 23 || mm > 59) return std::nullopt;
  const int64_t offset = hh * 3600 + mm * 60;
  return s[pos] == '-' ? -offset : offset;
}

}  // namespace

std::optional<Timestamp> ParseIso8601(const std::string& s) {
  int64_t year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!Digits(s, 0, 4, &year) || s.size() < 19 || s[4] != '-' || !Digits(s, 5, 2, &month) ||
      s[7] != '-' || !Digits(s, 8, 2, &day) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
      !Digits(s, 11, 2, &hour) || s[13] != ':' || !Digits(s, 14, 2, &minute) || s[16] != ':' ||
      !Digits(s, 17, 2, &second)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    return std::nullopt;
  }
  size_t pos = 19;
  double fraction = 0;
  if (pos < s.size() && s[pos] == '.') {
    double scale = 0.1;
    size_t digits = 0;
    for (++pos; pos < s.size() && s[pos] >= '0' && s[pos] <= '9'; ++pos, ++digits) {
      fraction += (s[pos] - '0') * scale;
      scale /= 10;
    }
    if (digits == 0) return std::nullopt;
  }
  std::optional<int64_t> offset = ParseZone(s, pos);
  if (!offset) return std::nullopt;
  const int64_t whole =
      DaysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - *offset;
  return static_cast<double>(whole) + fraction;
}

// clang-format off
// ---- plan document shapes ---------------------------------------------------

BACKUPCTL_JSON_CODEC(Lifecycle,
    BACKUPCTL_MEMBER(move_to_cold_storage_after_days),
    BACKUPCTL_MEMBER(delete_after_days),
    BACKUPCTL_MEMBER(opt_in_to_archive_for_supported_resources),
    BACKUPCTL_MEMBER(delete_after_event))

BACKUPCTL_JSON_CODEC(CopyAction,
    BACKUPCTL_MEMBER(destination_backup_vault_arn, kRequired),
    BACKUPCTL_MEMBER(lifecycle))

BACKUPCTL_JSON_CODEC(IndexAction,
    BACKUPCTL_MEMBER(resource_types))

BACKUPCTL_JSON_CODEC(ScanAction,
    BACKUPCTL_MEMBER(malware_scanner),
    BACKUPCTL_MEMBER(scan_mode))

BACKUPCTL_JSON_CODEC(ScanSetting,
    BACKUPCTL_MEMBER(malware_scanner),
    BACKUPCTL_MEMBER(resource_types),
    BACKUPCTL_MEMBER(scanner_role_arn))

BACKUPCTL_JSON_CODEC(BackupRule,
    BACKUPCTL_MEMBER(rule_name, kRequired),
    BACKUPCTL_MEMBER(target_backup_vault_name, kRequired),
    BACKUPCTL_MEMBER(schedule_expression),
    BACKUPCTL_MEMBER(schedule_expression_timezone),
    BACKUPCTL_MEMBER(start_window_minutes),
    BACKUPCTL_MEMBER(completion_window_minutes),
    BACKUPCTL_MEMBER(lifecycle),
    BACKUPCTL_MEMBER(recovery_point_tags),
    BACKUPCTL_MEMBER(rule_id),
    BACKUPCTL_MEMBER(copy_actions),
    BACKUPCTL_MEMBER(enable_continuous_backup),
    BACKUPCTL_MEMBER(target_logically_air_gapped_backup_vault_arn),
    BACKUPCTL_MEMBER(index_actions),
    BACKUPCTL_MEMBER(scan_actions))

BACKUPCTL_JSON_CODEC(AdvancedBackupSetting,
    BACKUPCTL_MEMBER(resource_type),
    BACKUPCTL_MEMBER(backup_options))

BACKUPCTL_JSON_CODEC(BackupPlan,
    BACKUPCTL_MEMBER(backup_plan_name, kRequired),
    BACKUPCTL_MEMBER(rules, kRequired),
    BACKUPCTL_MEMBER(advanced_backup_settings),
    BACKUPCTL_MEMBER(scan_settings))

// ---- selection shapes -------------------------------------------------------

BACKUPCTL_JSON_CODEC(Condition,
    BACKUPCTL_MEMBER(condition_type, kRequired),
    BACKUPCTL_MEMBER(condition_key, kRequired),
    BACKUPCTL_MEMBER(condition_value, kRequired))

BACKUPCTL_JSON_CODEC(ConditionParameter,
    BACKUPCTL_MEMBER(condition_key),
    BACKUPCTL_MEMBER(condition_value))

BACKUPCTL_JSON_CODEC(Conditions,
    BACKUPCTL_MEMBER(string_equals),
    BACKUPCTL_MEMBER(string_not_equals),
    BACKUPCTL_MEMBER(string_like),
    BACKUPCTL_MEMBER(string_not_like))

BACKUPCTL_JSON_CODEC(BackupSelection,
    BACKUPCTL_MEMBER(selection_name, kRequired),
    BACKUPCTL_MEMBER(iam_role_arn, kRequired),
    BACKUPCTL_MEMBER(resources),
    BACKUPCTL_MEMBER(list_of_tags),
    BACKUPCTL_MEMBER(not_resources),
    BACKUPCTL_MEMBER(conditions))

// ---- list members -----------------------------------------------------------

BACKUPCTL_JSON_CODEC(BackupPlansListMember,
    BACKUPCTL_MEMBER(backup_plan_arn),
    BACKUPCTL_MEMBER(backup_plan_id),
    BACKUPCTL_MEMBER(creation_date),
    BACKUPCTL_MEMBER(deletion_date),
    BACKUPCTL_MEMBER(version_id),
    BACKUPCTL_MEMBER(backup_plan_name),
    BACKUPCTL_MEMBER(creator_request_id),
    BACKUPCTL_MEMBER(last_execution_date),
    BACKUPCTL_MEMBER(advanced_backup_settings))

BACKUPCTL_JSON_CODEC(BackupSelectionsListMember,
    BACKUPCTL_MEMBER(selection_id),
    BACKUPCTL_MEMBER(selection_name),
    BACKUPCTL_MEMBER(backup_plan_id),
    BACKUPCTL_MEMBER(creation_date),
    BACKUPCTL_MEMBER(creator_request_id),
    BACKUPCTL_MEMBER(iam_role_arn))

BACKUPCTL_JSON_CODEC(RecoveryPointByBackupVault,
    BACKUPCTL_MEMBER(recovery_point_arn),
    BACKUPCTL_MEMBER(backup_vault_name),
    BACKUPCTL_MEMBER(backup_vault_arn),
    BACKUPCTL_MEMBER(resource_arn),
    BACKUPCTL_MEMBER(resource_type),
    BACKUPCTL_MEMBER(status),
    BACKUPCTL_MEMBER(creation_date))
// clang-format on

}  // namespace backupctl
