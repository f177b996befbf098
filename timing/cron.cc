#include "timing/cron.h"

#include <algorithm>
#include <bitset>
#include <cctype>
#include <cmath>
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

using Bits = std::bitset<232>;  // value - field.min

// What one field allows: plain values, and the day specials.
struct FieldValues {
  Bits bits;
  bool any = false;  // "?"
  bool last = false, last_weekday = false;
  std::vector<int> nearest_weekday, last_of_weekday;
  std::vector<std::pair<int, int>> nth;
};

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

// Day specials that take no step or range: L, LW, nW (day-of-month); L, nL, n#k
// (day-of-week). Records the special in *out when it is one.
bool ParseDaySpecial(const CronField& f, std::string_view item, FieldValues* out) {
  if (item == "L") {
    if (f.day_of_month) out->last = true;
    if (f.day_of_week) out->bits.set(7 - f.min);  // L alone in day-of-week: Saturday
    return f.day_of_month || f.day_of_week;
  }
  if (f.day_of_month) {
    if (item == "LW") {
      out->last_weekday = true;
      return true;
    }
    if (item.size() < 2 || item.back() != 'W') return false;
    std::optional<int> day = ParseValue(f, item.substr(0, item.size() - 1));
    if (day) out->nearest_weekday.push_back(*day);
    return day.has_value();
  }
  if (!f.day_of_week) return false;
  if (item.size() >= 2 && item.back() == 'L') {
    std::optional<int> day = ParseValue(f, item.substr(0, item.size() - 1));
    if (day) out->last_of_weekday.push_back(*day);
    return day.has_value();
  }
  size_t hash = item.find('#');
  if (hash == std::string_view::npos) return false;
  std::optional<int> nth = ParseNumber(item.substr(hash + 1));
  std::optional<int> day = ParseValue(f, item.substr(0, hash));
  if (!day || !nth || *nth < 1 || *nth > 5) return false;
  out->nth.emplace_back(*day, *nth);
  return true;
}

// One comma-separated item: *, n, a-b, each optionally /step. Returns an error or "".
std::string ParseItem(const CronField& f, std::string_view item, FieldValues* out) {
  if (ParseDaySpecial(f, item, out)) return "";
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
  for (int v = lo; v <= hi; v += step) out->bits.set(static_cast<size_t>(v - f.min));
  return "";
}

std::string ParseField(const CronField& f, std::string_view text, FieldValues* out) {
  if (text == "?") {
    out->any = true;
    if (f.day_of_month || f.day_of_week) return "";
    return "\"?\" is only allowed in day-of-month or day-of-week";
  }
  while (true) {
    size_t comma = text.find(',');
    std::string error = ParseItem(f, text.substr(0, comma), out);
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

template <size_t N>
void CopyBits(const Bits& from, int offset, std::bitset<N>* to) {
  for (size_t i = 0; i + offset < N && i < from.size(); ++i) {
    if (from.test(i)) to->set(i + offset);
  }
}

std::string ParseCron(std::string_view body, Schedule* out) {
  std::vector<std::string_view> fields = SplitSpaces(body);
  if (fields.size() != 6) {
    return "cron needs 6 fields (minutes hours day-of-month month day-of-week year), got " +
           std::to_string(fields.size());
  }
  FieldValues values[6];
  for (size_t i = 0; i < 6; ++i) {
    std::string error = ParseField(kFields[i], fields[i], &values[i]);
    if (!error.empty()) return std::string(kFields[i].name) + " field: " + error;
  }
  if ((fields[2] == "?") == (fields[4] == "?")) {
    return "exactly one of day-of-month and day-of-week must be \"?\"";
  }
  if (values[0].bits.count() > 1) {
    return "runs more than once an hour; AWS Backup needs at least 60 minutes between runs";
  }
  CopyBits(values[0].bits, 0, &out->minutes);
  CopyBits(values[1].bits, 0, &out->hours);
  CopyBits(values[2].bits, 1, &out->days_of_month);
  CopyBits(values[3].bits, 1, &out->months);
  CopyBits(values[4].bits, 1, &out->days_of_week);
  CopyBits(values[5].bits, 0, &out->years);
  out->any_day_of_month = values[2].any;
  out->any_day_of_week = values[4].any;
  out->last_day_of_month = values[2].last;
  out->last_weekday_of_month = values[2].last_weekday;
  out->nearest_weekday_to = values[2].nearest_weekday;
  out->last_weekday_in_month = values[4].last_of_weekday;
  out->nth_weekday = values[4].nth;
  return "";
}

std::string ParseRate(std::string_view body, Schedule* out) {
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
  out->is_rate = true;
  out->rate_seconds = *n * (stem == "minute" ? 60.0 : stem == "hour" ? 3600.0 : 86400.0);
  return "";
}

// ---- evaluation -------------------------------------------------------------------

constexpr int64_t kSearchDays = 3660;  // ten years

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

int Weekday(int64_t days) { return static_cast<int>(((days % 7) + 11) % 7) + 1; }  // SUN=1

unsigned MonthLength(int64_t year, unsigned month) {
  return static_cast<unsigned>(DaysFromCivil(year + (month == 12), month % 12 + 1, 1) -
                               DaysFromCivil(year, month, 1));
}

bool IsWeekday(int64_t days) {
  int w = Weekday(days);
  return w >= 2 && w <= 6;
}

// The weekday nearest to day n of the month, never leaving the month.
int64_t NearestWeekday(int64_t first, unsigned length, unsigned n) {
  int64_t d = first + std::min(n, length) - 1;
  if (IsWeekday(d)) return d;
  const int w = Weekday(d);
  if (w == 7) return d - 1 >= first ? d - 1 : d + 2;   // Saturday
  return d + 1 <= first + length - 1 ? d + 1 : d - 2;  // Sunday
}

bool DayMatches(const Schedule& s, int64_t days) {
  int64_t year = 0;
  unsigned month = 0, day = 0;
  CivilFromDays(days, &year, &month, &day);
  if (year < 1970 || year > 2200 || !s.years.test(static_cast<size_t>(year - 1970))) return false;
  if (!s.months.test(month)) return false;
  const int64_t first = days - (day - 1);
  const unsigned length = MonthLength(year, month);
  if (s.any_day_of_week) {
    if (s.days_of_month.test(day)) return true;
    if (s.last_day_of_month && day == length) return true;
    if (s.last_weekday_of_month && days == NearestWeekday(first, length, length)) return true;
    for (int n : s.nearest_weekday_to) {
      if (days == NearestWeekday(first, length, static_cast<unsigned>(n))) return true;
    }
    return false;
  }
  const int weekday = Weekday(days);
  if (s.days_of_week.test(static_cast<size_t>(weekday))) return true;
  for (int d : s.last_weekday_in_month) {
    if (weekday == d && day + 7 > length) return true;
  }
  for (const auto& [d, k] : s.nth_weekday) {
    if (weekday == d && static_cast<int>((day - 1) / 7 + 1) == k) return true;
  }
  return false;
}

}  // namespace

std::optional<Schedule> ParseSchedule(std::string_view expression, std::string* error) {
  Schedule schedule;
  std::string problem;
  std::string_view e = expression;
  if (e.size() > 6 && e.substr(0, 5) == "cron(" && e.back() == ')') {
    problem = ParseCron(e.substr(5, e.size() - 6), &schedule);
  } else if (e.size() > 6 && e.substr(0, 5) == "rate(" && e.back() == ')') {
    problem = ParseRate(e.substr(5, e.size() - 6), &schedule);
  } else {
    problem = "expected cron(...) or rate(...)";
  }
  if (problem.empty()) return schedule;
  if (error != nullptr) *error = "invalid schedule \"" + std::string(expression) + "\": " + problem;
  return std::nullopt;
}

std::string CheckSchedule(std::string_view expression) {
  std::string error;
  return ParseSchedule(expression, &error) ? "" : error;
}

std::optional<double> NextRun(const Schedule& s, const TimeZone& zone, double after) {
  if (s.is_rate) return (std::floor(after / s.rate_seconds) + 1) * s.rate_seconds;
  const int64_t start = static_cast<int64_t>(std::floor(after));
  const int64_t first_day = FloorDiv(start + zone.OffsetAt(start), 86400) - 1;
  for (int64_t d = first_day; d < first_day + kSearchDays; ++d) {
    if (!DayMatches(s, d)) continue;
    for (int h = 0; h < 24; ++h) {
      if (!s.hours.test(static_cast<size_t>(h))) continue;
      for (int m = 0; m < 60; ++m) {
        if (!s.minutes.test(static_cast<size_t>(m))) continue;
        const int64_t utc = zone.LocalToUtc(d * 86400 + h * 3600 + m * 60);
        if (static_cast<double>(utc) > after) return static_cast<double>(utc);
      }
    }
  }
  return std::nullopt;
}

std::optional<double> PreviousRun(const Schedule& s, const TimeZone& zone, double at) {
  if (s.is_rate) return std::floor(at / s.rate_seconds) * s.rate_seconds;
  const int64_t end = static_cast<int64_t>(std::floor(at));
  const int64_t last_day = FloorDiv(end + zone.OffsetAt(end), 86400) + 1;
  for (int64_t d = last_day; d > last_day - kSearchDays; --d) {
    if (!DayMatches(s, d)) continue;
    for (int h = 23; h >= 0; --h) {
      if (!s.hours.test(static_cast<size_t>(h))) continue;
      for (int m = 59; m >= 0; --m) {
        if (!s.minutes.test(static_cast<size_t>(m))) continue;
        const int64_t utc = zone.LocalToUtc(d * 86400 + h * 3600 + m * 60);
        if (static_cast<double>(utc) <= at) return static_cast<double>(utc);
      }
    }
  }
  return std::nullopt;
}

}  // namespace backupctl
