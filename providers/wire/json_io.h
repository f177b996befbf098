// The one description of a shape's JSON form, and the reading and writing
// rules every shape shares; internal to providers/wire and the emulator's
// state file (providers/local/state_store.cc).
//
// A shape is described once, a Field per member:
//
//   BACKUPCTL_JSON_CODEC(CopyAction,
//                        Field("DestinationBackupVaultArn", &S::destination_backup_vault_arn,
//                              kRequired),
//                        Field("Lifecycle", &S::lifecycle))
//
// defines both ToJson and FromJson of CopyAction from that list, so the two
// directions cannot disagree on a name. The rules of json_shapes.h apply:
// unset optionals and empty lists/maps are not written, unless the member is
// kRequired or kAlways (the item list of a List answer); a timestamp (the
// only double) is written as epoch seconds; a kRequired member missing from
// a request is an error naming its path.

#ifndef BACKUPCTL_PROVIDERS_WIRE_JSON_IO_H_
#define BACKUPCTL_PROVIDERS_WIRE_JSON_IO_H_

#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "providers/wire/json_shapes.h"

namespace backupctl::json_io {

// ---- describing a shape -----------------------------------------------------

enum FieldRule : unsigned {
  kOptional = 0,
  kRequired = 1,  // a request must carry it; always written
  kAlways = 2,    // written even when empty
};

template <typename Shape, typename T>
struct FieldOf {
  const char* name;  // the member name of service-2.json
  T Shape::*member;
  unsigned rules;
};

template <typename Shape, typename T>
constexpr FieldOf<Shape, T> Field(const char* name, T Shape::*member, unsigned rules = kOptional) {
  return {name, member, rules};
}

// ---- reading ----------------------------------------------------------------

inline std::string Join(const std::string& path, const char* name) {
  return path.empty() ? std::string(name) : path + "." + name;
}

[[noreturn]] inline void WrongType(const std::string& path, const char* expected) {
  throw ShapeError(
      "SerializationException",
      "member " + (path.empty() ? std::string("(request body)") : path) + " must be " + expected);
}

inline void RequireObject(const JsonIn& in) {
  if (!in.json.is_object()) WrongType(in.path, "a JSON object");
}

// The member's value, or nullptr when it is absent or null.
inline const Json* Find(const JsonIn& in, const char* name, bool required) {
  auto it = in.json.find(name);
  if (it == in.json.end() || it->is_null()) {
    if (required && in.mode == ReadMode::kRequest) {
      throw ShapeError("MissingParameterValueException",
                       "Missing required parameter: " + Join(in.path, name));
    }
    return nullptr;
  }
  return &*it;
}

inline void ReadValue(const Json& v, const std::string& path, ReadMode, std::string* out) {
  if (!v.is_string()) WrongType(path, "a string");
  *out = v.get<std::string>();
}

inline void ReadValue(const Json& v, const std::string& path, ReadMode, int64_t* out) {
  if (v.is_number_unsigned()) {
    if (v.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      WrongType(path, "a 64-bit integer");
    }
    *out = static_cast<int64_t>(v.get<uint64_t>());
  } else if (v.is_number_integer()) {
    *out = v.get<int64_t>();
  } else if (v.is_number_float() && std::trunc(v.get<double>()) == v.get<double>() &&
             std::fabs(v.get<double>()) < 9.0e15) {
    *out = static_cast<int64_t>(v.get<double>());
  } else {
    WrongType(path, "an integer");
  }
}

inline void ReadValue(const Json& v, const std::string& path, ReadMode mode, int* out) {
  int64_t wide = 0;
  ReadValue(v, path, mode, &wide);
  if (wide < std::numeric_limits<int>::min() || wide > std::numeric_limits<int>::max()) {
    WrongType(path, "a 32-bit integer");
  }
  *out = static_cast<int>(wide);
}

inline void ReadValue(const Json& v, const std::string& path, ReadMode, bool* out) {
  if (!v.is_boolean()) WrongType(path, "a boolean");
  *out = v.get<bool>();
}

// Timestamp is the only double in the shapes.
inline void ReadValue(const Json& v, const std::string& path, ReadMode, double* out) {
  if (v.is_number()) {
    *out = v.get<double>();
    return;
  }
  if (v.is_string()) {
    std::optional<Timestamp> t = ParseIso8601(v.get<std::string>());
    if (t) {
      *out = *t;
      return;
    }
  }
  WrongType(path, "a timestamp (epoch seconds or ISO-8601)");
}

template <typename T>
void ReadValue(const Json& v, const std::string& path, ReadMode mode, T* out) {
  FromJson(JsonIn{v, path, mode}, out);
}

template <typename T>
void ReadValue(const Json& v, const std::string& path, ReadMode mode, std::vector<T>* out) {
  if (!v.is_array()) WrongType(path, "a JSON array");
  out->clear();
  out->resize(v.size());
  for (size_t i = 0; i < v.size(); ++i) {
    ReadValue(v[i], path + "[" + std::to_string(i) + "]", mode, &(*out)[i]);
  }
}

template <typename T>
void ReadValue(const Json& v, const std::string& path, ReadMode mode,
               std::map<std::string, T>* out) {
  if (!v.is_object()) WrongType(path, "a JSON object");
  out->clear();
  for (auto it = v.begin(); it != v.end(); ++it) {
    ReadValue(it.value(), path + "." + it.key(), mode, &(*out)[it.key()]);
  }
}

template <typename T>
void ReadValue(const Json& v, const std::string& path, ReadMode mode, std::optional<T>* out) {
  T value{};
  ReadValue(v, path, mode, &value);
  *out = std::move(value);
}

// Reads one member into `out`; leaves `out` alone when the member is absent.
template <typename T>
void Get(const JsonIn& in, const char* name, T* out, bool required = false) {
  if (const Json* v = Find(in, name, required)) ReadValue(*v, Join(in.path, name), in.mode, out);
}

// ---- writing ----------------------------------------------------------------

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

// ---- one description, both directions ----------------------------------------

// A field may name a member of one of Shape's bases (DescribeBackupJobOutput
// is a BackupJob with one more member).
template <typename Shape, typename... Of, typename... T>
Json Encode([[maybe_unused]] const Shape& v, const FieldOf<Of, T>&... fields) {
  static_assert((std::is_base_of_v<Of, Shape> && ...));
  Json j = Json::object();
  (Put(j, fields.name, v.*fields.member, fields.rules), ...);
  return j;
}

template <typename Shape, typename... Of, typename... T>
void Decode(const JsonIn& in, [[maybe_unused]] Shape* out, const FieldOf<Of, T>&... fields) {
  static_assert((std::is_base_of_v<Of, Shape> && ...));
  RequireObject(in);
  (Get(in, fields.name, &(out->*fields.member), (fields.rules & kRequired) != 0), ...);
}

}  // namespace backupctl::json_io

// Defines `Json ToJson(const Type&)` and `void FromJson(const JsonIn&, Type*)`
// (declared in json_shapes.h, or by the caller for its own shapes) from one
// list of Fields (none for a shape without members), in which `S` names Type.
#define BACKUPCTL_JSON_CODEC(Type, ...)                                \
  Json ToJson(const Type& v) {                                         \
    using S [[maybe_unused]] = Type;                                   \
    return ::backupctl::json_io::Encode(v __VA_OPT__(, ) __VA_ARGS__); \
  }                                                                    \
  void FromJson(const JsonIn& in, Type* out) {                         \
    using S [[maybe_unused]] = Type;                                   \
    ::backupctl::json_io::Decode(in, out __VA_OPT__(, ) __VA_ARGS__);  \
  }

#endif  // BACKUPCTL_PROVIDERS_WIRE_JSON_IO_H_
