#include "desired/schedule.h"

#include <bitset>
#include <cctype>
#include <cstdint>
#include <optional>
#include <vector>

#include "base/strings.h"

namespace backupctl {
namespace {

constexpr const char* kMonths[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                   "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr const char* kDays[] = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

struct CronField {
  const char* name;
  int min;
  int max;
  const char* const* names;  // names[i] means min + i
  bool day_of_month;         // ? L LW nW
  bool day_of_week;          // ? L nL n#k
};

constexpr CronField kFields[] = {
    {"minutes", 0, 59, nullptr, false, false},     {"hours", 0, 23, nullptr, false, false},
    {"day-of-month", 1, 31, nullptr, true, false}, {"month", 1, 12, kMonths, false, false},
    {"day-of-week", 1, 7, kDays, false, true},     {"year", 1970, 2199, nullptr, false, false},
};

using Bits = std::bitset<60>;  // the minutes a minutes field fires on

std::optional<int> ParseNumber(std::string_view s) {
  if (s.empty() || s.size() > 4) return std::nullopt;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

std::optional<int> ParseValue(const CronField& f, std::string_view s) {
  std::optional<int> v = ParseNumber(s);
  if (!v && f.names != nullptr && s.size() == 3) {
    for (int i = 0; i <= f.max - f.min; ++i) {
      if (EqualsIgnoreCase(s, f.names[i])) v = f.min + i;
    }
  }
  if (v && (*v < f.min || *v > f.max)) return std::nullopt;
  return v;
}

std::string Range(const CronField& f) {
  return std::to_string(f.min) + "-" + std::to_string(f.max);
}

// Day specials that take no step or range: L, LW, nW (day-of-month); L, nL, n#k (day-of-week).
bool IsDaySpecial(const CronField& f, std::string_view item) {
  if (item == "L") return f.day_of_month || f.day_of_week;
  if (f.day_of_month) {
    if (item == "LW") return true;
    return item.size() >= 2 && item.back() == 'W' && ParseValue(f, item.substr(0, item.size() - 1));
  }
  if (!f.day_of_week) return false;
  if (item.size() >= 2 && item.back() == 'L') {
    return ParseValue(f, item.substr(0, item.size() - 1)).has_value();
  }
  size_t hash = item.find('#');
  if (hash == std::string_view::npos) return false;
  std::optional<int> nth = ParseNumber(item.substr(hash + 1));
  return ParseValue(f, item.substr(0, hash)) && nth && *nth >= 1 && *nth <= 5;
}

// One comma-separated item: *, n, a-b, each optionally /step. Returns an error or "".
std::string ParseItem(const CronField& f, std::string_view item, Bits* minutes) {
  if (IsDaySpecial(f, item)) return "";
  int lo = f.min, hi = f.max, step = 1;
  size_t slash = item.find('/');
  std::string_view base = item.substr(0, slash);
  if (slash != std::string_view::npos) {
    std::optional<int> s = ParseNumber(item.substr(slash + 1));
    if (!s || *s < 1 || *s > f.max) return "bad step in \"" + std::string(item) + "\"";
    step = *s;
  }
  if (base != "*") {
    size_t dash = base.find('-');
    std::optional<int> a = ParseValue(f, base.substr(0, dash));
    std::optional<int> b =
        dash == std::string_view::npos ? a : ParseValue(f, base.substr(dash + 1));
    if (!a || !b) {
      return "\"" + std::string(item) + "\" is not a valid value (range " + Range(f) + ")";
    }
    if (*a > *b) return "range \"" + std::string(base) + "\" runs backwards";
    lo = *a;
    hi = (dash == std::string_view::npos && slash == std::string_view::npos) ? *a : *b;
    if (dash == std::string_view::npos && slash != std::string_view::npos) hi = f.max;
  }
  if (minutes != nullptr) {
    for (int m = lo; m <= hi; m += step) minutes->set(m);
  }
  return "";
}

std::string ParseField(const CronField& f, std::string_view text, Bits* minutes) {
  if (text == "?") {
    if (f.day_of_month || f.day_of_week) return "";
    return "\"?\" is only allowed in day-of-month or day-of-week";
  }
  while (true) {
    size_t comma = text.find(',');
    std::string error = ParseItem(f, text.substr(0, comma), minutes);
    if (!error.empty()) return error;
    if (comma == std::string_view::npos) return "";
    text.remove_prefix(comma + 1);
  }
}

std::vector<std::string_view> SplitSpaces(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    size_t start = i;
    while (i < s.size() && s[i] != ' ') ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

std::string CheckCron(std::string_view body) {
  std::vector<std::string_view> fields = SplitSpaces(body);
  if (fields.size() != 6) {
    return "cron needs 6 fields (minutes hours day-of-month month day-of-week year), got " +
           std::to_string(fields.size());
  }
  Bits minutes;
  for (size_t i = 0; i < 6; ++i) {
    std::string error = ParseField(kFields[i], fields[i], i == 0 ? &minutes : nullptr);
    if (!error.empty()) return std::string(kFields[i].name) + " field: " + error;
  }
  if ((fields[2] == "?") == (fields[4] == "?")) {
    return "exactly one of day-of-month and day-of-week must be \"?\"";
  }
  if (minutes.count() > 1) {
    return "runs more than once an hour; AWS Backup needs at least 60 minutes between runs";
  }
  return "";
}

std::string CheckRate(std::string_view body) {
  std::vector<std::string_view> parts = SplitSpaces(body);
  std::optional<int> n =
      parts.size() == 2 && parts[0][0] != '0' ? ParseNumber(parts[0]) : std::nullopt;
  if (!n) return "rate needs a positive number and a unit, like rate(12 hours)";
  std::string_view unit = parts[1];
  bool plural = *n != 1;
  bool has_s = unit.back() == 's';
  std::string_view stem = has_s ? unit.substr(0, unit.size() - 1) : unit;
  if (stem != "minute" && stem != "hour" && stem != "day") {
    return "unit must be minute(s), hour(s) or day(s)";
  }
  if (has_s != plural) {
    return plural ? "use the plural unit when the value is not 1"
                  : "use the singular unit when the value is 1";
  }
  if (stem == "minute" && *n < 60) {
    return "runs more than once an hour; AWS Backup needs at least 60 minutes between runs";
  }
  return "";
}

}  // namespace

std::string CheckSchedule(std::string_view expression) {
  std::string error;
  std::string_view e = expression;
  if (e.size() > 6 && e.substr(0, 5) == "cron(" && e.back() == ')') {
    error = CheckCron(e.substr(5, e.size() - 6));
  } else if (e.size() > 6 && e.substr(0, 5) == "rate(" && e.back() == ')') {
    error = CheckRate(e.substr(5, e.size() - 6));
  } else {
    error = "expected cron(...) or rate(...)";
  }
  if (error.empty()) return "";
  return "invalid schedule \"" + std::string(expression) + "\": " + error;
}

}  // namespace backupctl
