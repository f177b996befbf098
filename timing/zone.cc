#include "timing/zone.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <vector>

namespace backupctl {

struct ZoneData {
  std::string name;
  std::vector<int64_t> transitions;  // ascending, epoch seconds
  std::vector<int32_t> offsets;      // offset from each transition on
  int32_t initial_offset = 0;        // before the first transition
  // POSIX TZ footer, for instants after the last transition.
  bool has_rule = false;
  int32_t std_offset = 0, dst_offset = 0;
  bool has_dst = false;
  struct When {
    char kind = 'M';  // 'M' (month.week.day), 'J' (1..365, no leap day), 'N' (0..365)
    int month = 0, week = 0, weekday = 0, day = 0;
    int32_t time = 7200;  // seconds after local midnight
  } start, end;
};

namespace {

constexpr size_t kMaxZoneFile = 1 << 20;

int64_t ReadBig(const std::string& s, size_t pos, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | static_cast<unsigned char>(s[pos + i]);
  if (bytes == 4) return static_cast<int32_t>(static_cast<uint32_t>(v));
  return static_cast<int64_t>(v);
}

bool ValidName(std::string_view name) {
  if (name.empty() || name.size() > 128 || name.front() == '/') return false;
  size_t start = 0;
  while (start <= name.size()) {
    size_t slash = name.find('/', start);
    std::string_view part = name.substr(start, slash - start);
    if (part.empty() || part == "." || part == "..") return false;
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' ||
           c == '_' || c == '-' || c == '+';
  });
}

// ---- POSIX TZ strings: "CET-1CEST,M3.5.0,M10.5.0/3" ---------------------------

struct Cursor {
  std::string_view s;
  size_t i = 0;
  bool done() const { return i >= s.size(); }
  char peek() const { return done() ? '\0' : s[i]; }
};

bool SkipZoneName(Cursor& c) {
  if (c.peek() == '<') {
    size_t close = c.s.find('>', c.i);
    if (close == std::string_view::npos) return false;
    c.i = close + 1;
    return true;
  }
  size_t start = c.i;
  while (!c.done() &&
         ((c.peek() >= 'A' && c.peek() <= 'Z') || (c.peek() >= 'a' && c.peek() <= 'z'))) {
    ++c.i;
  }
  return c.i - start >= 3;
}

bool ReadInt(Cursor& c, int* out) {
  size_t start = c.i;
  int v = 0;
  while (!c.done() && c.peek() >= '0' && c.peek() <= '9' && c.i - start < 4) {
    v = v * 10 + (c.peek() - '0');
    ++c.i;
  }
  *out = v;
  return c.i > start;
}

// [+-]hh[:mm[:ss]] in seconds.
bool ReadTime(Cursor& c, int32_t* out) {
  int sign = 1;
  if (c.peek() == '+' || c.peek() == '-') sign = c.s[c.i++] == '-' ? -1 : 1;
  int h = 0, m = 0, sec = 0;
  if (!ReadInt(c, &h)) return false;
  if (c.peek() == ':') {
    ++c.i;
    if (!ReadInt(c, &m)) return false;
    if (c.peek() == ':') {
      ++c.i;
      if (!ReadInt(c, &sec)) return false;
    }
  }
  *out = sign * (h * 3600 + m * 60 + sec);
  return true;
}

bool ReadWhen(Cursor& c, ZoneData::When* w) {
  if (c.peek() == 'M') {
    ++c.i;
    w->kind = 'M';
    if (!ReadInt(c, &w->month) || c.peek() != '.') return false;
    ++c.i;
    if (!ReadInt(c, &w->week) || c.peek() != '.') return false;
    ++c.i;
    if (!ReadInt(c, &w->weekday)) return false;
  } else if (c.peek() == 'J') {
    ++c.i;
    w->kind = 'J';
    if (!ReadInt(c, &w->day)) return false;
  } else {
    w->kind = 'N';
    if (!ReadInt(c, &w->day)) return false;
  }
  if (c.peek() == '/') {
    ++c.i;
    if (!ReadTime(c, &w->time)) return false;
  }
  if (w->kind == 'M') {
    return w->month >= 1 && w->month <= 12 && w->week >= 1 && w->week <= 5 && w->weekday >= 0 &&
           w->weekday <= 6;
  }
  return w->kind == 'J' ? w->day >= 1 && w->day <= 365 : w->day >= 0 && w->day <= 365;
}

bool ParseRule(std::string_view tz, ZoneData* z) {
  Cursor c{tz};
  int32_t std_west = 0;
  if (!SkipZoneName(c) || !ReadTime(c, &std_west)) return false;
  z->std_offset = -std_west;
  z->has_rule = true;
  if (c.done()) return true;
  if (!SkipZoneName(c)) return false;
  z->has_dst = true;
  z->dst_offset = z->std_offset + 3600;
  if (c.peek() != ',' && !c.done()) {
    int32_t dst_west = 0;
    if (!ReadTime(c, &dst_west)) return false;
    z->dst_offset = -dst_west;
  }
  if (c.peek() != ',') return false;
  ++c.i;
  if (!ReadWhen(c, &z->start) || c.peek() != ',') return false;
  ++c.i;
  return ReadWhen(c, &z->end) && c.done();
}

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned DaysInMonth(int64_t y, unsigned m) {
  static const unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// Local seconds (as if UTC) of a rule's transition in `year`.
int64_t RuleLocal(const ZoneData::When& w, int64_t year) {
  int64_t day = 0;
  if (w.kind == 'M') {
    int64_t first = DaysFromCivil(year, static_cast<unsigned>(w.month), 1);
    int weekday_of_first = static_cast<int>(((first % 7) + 11) % 7);  // 1970-01-01 was a Thursday
    int delta = (w.weekday - weekday_of_first + 7) % 7;
    int64_t d = first + delta + 7 * (w.week - 1);
    const int64_t last = first + DaysInMonth(year, static_cast<unsigned>(w.month)) - 1;
    while (d > last) d -= 7;
    day = d;
  } else if (w.kind == 'J') {
    int n = w.day;  // 1..365, Feb 29 never counted
    day = DaysFromCivil(year, 1, 1) + n - 1 + (IsLeap(year) && n >= 60 ? 1 : 0);
  } else {
    day = DaysFromCivil(year, 1, 1) + w.day;
  }
  return day * 86400 + w.time;
}

int32_t RuleOffsetAt(const ZoneData& z, int64_t utc) {
  if (!z.has_dst) return z.std_offset;
  int64_t year = 0;
  unsigned m = 0, d = 0;
  const int64_t local = utc + z.std_offset;
  CivilFromDays(local / 86400 - (local % 86400 < 0 ? 1 : 0), &year, &m, &d);
  const int64_t start = RuleLocal(z.start, year) - z.std_offset;  // given in standard time
  const int64_t end = RuleLocal(z.end, year) - z.dst_offset;      // given in daylight time
  const bool dst = start < end ? (utc >= start && utc < end) : !(utc >= end && utc < start);
  return dst ? z.dst_offset : z.std_offset;
}

bool ParseTzif(const std::string& s, ZoneData* z, std::string* error) {
  auto bad = [&](const char* why) {
    *error = "time zone file for " + z->name + " is not valid TZif: " + why;
    return false;
  };
  if (s.size() < 44 || s.compare(0, 4, "TZif") != 0) return bad("no TZif header");
  const char version = s[4];
  size_t pos = 0;
  int time_size = 4;
  for (int pass = 0; pass < 2; ++pass) {
    if (pos + 44 > s.size() || s.compare(pos, 4, "TZif") != 0) return bad("truncated header");
    const int64_t isutcnt = ReadBig(s, pos + 20, 4), isstdcnt = ReadBig(s, pos + 24, 4),
                  leapcnt = ReadBig(s, pos + 28, 4), timecnt = ReadBig(s, pos + 32, 4),
                  typecnt = ReadBig(s, pos + 36, 4), charcnt = ReadBig(s, pos + 40, 4);
    if (isutcnt < 0 || isstdcnt < 0 || leapcnt < 0 || timecnt < 0 || typecnt <= 0 || charcnt < 0 ||
        timecnt > 100000 || typecnt > 256 || leapcnt > 10000) {
      return bad("bad counts");
    }
    const size_t body = static_cast<size_t>(timecnt * time_size + timecnt + typecnt * 6 + charcnt +
                                            leapcnt * (time_size + 4) + isstdcnt + isutcnt);
    const size_t data = pos + 44;
    if (data + body > s.size()) return bad("truncated data");
    if (pass == 0 && version >= '2') {  // skip the 32-bit block; read the 64-bit one
      pos = data + body;
      time_size = 8;
      continue;
    }
    std::vector<int32_t> type_offsets(static_cast<size_t>(typecnt));
    const size_t types = data + static_cast<size_t>(timecnt * time_size + timecnt);
    for (int64_t t = 0; t < typecnt; ++t) {
      type_offsets[static_cast<size_t>(t)] = static_cast<int32_t>(ReadBig(s, types + t * 6, 4));
    }
    z->initial_offset = type_offsets[0];
    for (int64_t t = 0; t < timecnt; ++t) {
      const size_t index = static_cast<unsigned char>(s[data + timecnt * time_size + t]);
      if (index >= type_offsets.size()) return bad("bad type index");
      z->transitions.push_back(ReadBig(s, data + t * time_size, time_size));
      z->offsets.push_back(type_offsets[index]);
    }
    if (time_size == 8) {
      size_t footer = data + body;
      if (footer < s.size() && s[footer] == '\n') {
        size_t close = s.find('\n', footer + 1);
        if (close != std::string::npos && close > footer + 1) {
          ZoneData rule;
          if (ParseRule(std::string_view(s).substr(footer + 1, close - footer - 1), &rule)) {
            z->has_rule = true;
            z->std_offset = rule.std_offset;
            z->dst_offset = rule.dst_offset;
            z->has_dst = rule.has_dst;
            z->start = rule.start;
            z->end = rule.end;
          }
        }
      }
    }
    break;
  }
  return true;
}

}  // namespace

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int64_t* year, unsigned* month, unsigned* day) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *day = doy - (153 * mp + 2) / 5 + 1;
  *month = mp < 10 ? mp + 3 : mp - 9;
  *year = static_cast<int64_t>(yoe) + era * 400 + (*month <= 2);
}

TimeZone::TimeZone() {
  auto utc = std::make_shared<ZoneData>();
  utc->name = "UTC";
  data_ = std::move(utc);
}

std::optional<TimeZone> TimeZone::Load(std::string_view name, std::string* error) {
  if (name.empty() || name == "UTC" || name == "Etc/UTC") return TimeZone();
  if (!ValidName(name)) {
    *error = "\"" + std::string(name) + "\" is not a time zone name";
    return std::nullopt;
  }
  const char* dir = std::getenv("TZDIR");
  const std::string path =
      std::string(dir != nullptr && *dir != '\0' ? dir : "/usr/share/zoneinfo") + "/" +
      std::string(name);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = "no time zone data for " + std::string(name) + " (" + path + ")";
    return std::nullopt;
  }
  std::string bytes;
  bytes.resize(kMaxZoneFile + 1);
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  bytes.resize(static_cast<size_t>(in.gcount()));
  if (bytes.size() > kMaxZoneFile) {
    *error = path + " is larger than 1 MiB";
    return std::nullopt;
  }
  auto data = std::make_shared<ZoneData>();
  data->name = std::string(name);
  if (!ParseTzif(bytes, data.get(), error)) return std::nullopt;
  TimeZone zone;
  zone.data_ = std::move(data);
  return zone;
}

const std::string& TimeZone::name() const { return data_->name; }

int64_t TimeZone::OffsetAt(int64_t utc) const {
  const ZoneData& z = *data_;
  if (z.transitions.empty() || utc < z.transitions.front()) {
    if (z.transitions.empty() && z.has_rule) return RuleOffsetAt(z, utc);
    return z.initial_offset;
  }
  if (utc >= z.transitions.back() && z.has_rule) return RuleOffsetAt(z, utc);
  auto it = std::upper_bound(z.transitions.begin(), z.transitions.end(), utc);
  return z.offsets[static_cast<size_t>(std::distance(z.transitions.begin(), it) - 1)];
}

int64_t TimeZone::LocalToUtc(int64_t local) const {
  const int64_t before = local - OffsetAt(local - 86400);
  const int64_t after = local - OffsetAt(local + 86400);
  const bool before_ok = before + OffsetAt(before) == local;
  const bool after_ok = after + OffsetAt(after) == local;
  if (before_ok && after_ok) return std::min(before, after);
  if (before_ok) return before;
  if (after_ok) return after;
  return before;  // skipped by a jump forward: the same distance after it
}

}  // namespace backupctl
