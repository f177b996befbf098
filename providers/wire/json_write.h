// Writing a shape's members as JSON, for the field-table codecs (json_io.h):
// unset optionals and empty lists or maps are left out unless the member is
// kRequired or kAlways; a timestamp (the only double) is written as epoch
// seconds, whole ones as integers; nested shapes go through their ToJson.

#ifndef BACKUPCTL_PROVIDERS_WIRE_JSON_WRITE_H_
#define BACKUPCTL_PROVIDERS_WIRE_JSON_WRITE_H_

#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "providers/wire/json_shapes.h"

namespace backupctl::json_io {

enum FieldRule : unsigned {
  kOptional = 0,
  kRequired = 1,  // a request must carry it; always written
  kAlways = 2,    // written even when empty
};

inline Json TimeJson(Timestamp t) {
  // Whole seconds go out as integers, as AWS usually sends them.
  if (std::trunc(t) == t && std::fabs(t) < 9.0e15) return static_cast<int64_t>(t);
  return t;
}

template <typename T>
Json ValueJson(const T& v);
template <typename T>
Json ValueJson(const std::vector<T>& list);
template <typename T>
Json ValueJson(const std::map<std::string, T>& map);

template <typename T>
Json ValueJson(const T& v) {
  if constexpr (std::is_same_v<T, double>) {
    return TimeJson(v);
  } else if constexpr (std::is_same_v<T, std::string> || std::is_integral_v<T>) {
    return v;
  } else {
    return ToJson(v);
  }
}

template <typename T>
Json ValueJson(const std::vector<T>& list) {
  Json out = Json::array();
  for (const T& v : list) out.push_back(ValueJson(v));
  return out;
}

template <typename T>
Json ValueJson(const std::map<std::string, T>& map) {
  Json out = Json::object();
  for (const auto& [key, v] : map) out[key] = ValueJson(v);
  return out;
}

// Writes one member unless it is unset, or an empty list or map that is
// neither kRequired nor kAlways.
template <typename T>
void Put(Json& j, const char* name, const T& v, unsigned rules = kOptional) {
  constexpr bool kContainer = requires { v.empty(); }
  &&!std::is_same_v<T, std::string>;
  if constexpr (kContainer) {
    if (v.empty() && (rules & (kRequired | kAlways)) == 0) return;
  }
  j[name] = ValueJson(v);
}

template <typename T>
void Put(Json& j, const char* name, const std::optional<T>& v, unsigned rules = kOptional) {
  if (v) Put(j, name, *v, rules);
}

}  // namespace backupctl::json_io

#endif  // BACKUPCTL_PROVIDERS_WIRE_JSON_WRITE_H_
