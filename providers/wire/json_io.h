// Reading and writing helpers shared by the shape codecs (json_shapes.cc,
// json_operations.cc); internal to providers/wire.
//
// Get(in, "Member", &field[, kRequired]) reads one member with the rules of
// json_shapes.h; Put(j, "Member", field) writes it, omitting unset optionals
// and empty lists/maps; PutAlways writes a list or map even when empty;
// PutTime writes a timestamp as epoch seconds.

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
inline const Json* Member(const JsonIn& in, const char* name, bool required) {
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

inline void ReadValue(const Json& v, const std::string& path, ReadMode mode,
                      std::map<std::string, std::string>* out) {
  if (!v.is_object()) WrongType(path, "a JSON object of strings");
  out->clear();
  for (auto it = v.begin(); it != v.end(); ++it) {
    ReadValue(it.value(), path + "." + it.key(), mode, &(*out)[it.key()]);
  }
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
void Get(const JsonIn& in, const char* name, T* out, bool required = false) {
  if (const Json* v = Member(in, name, required)) ReadValue(*v, Join(in.path, name), in.mode, out);
}

template <typename T>
void Get(const JsonIn& in, const char* name, std::optional<T>* out, bool required = false) {
  const Json* v = Member(in, name, required);
  if (v == nullptr) return;
  T value{};
  ReadValue(*v, Join(in.path, name), in.mode, &value);
  *out = std::move(value);
}

inline constexpr bool kRequired = true;

// ---- writing ----------------------------------------------------------------

inline Json TimeJson(Timestamp t) {
  // Whole seconds go out as integers, as AWS usually sends them.
  if (std::trunc(t) == t && std::fabs(t) < 9.0e15) return static_cast<int64_t>(t);
  return t;
}

template <typename T>
Json ElementJson(const T& v) {
  if constexpr (std::is_same_v<T, std::string>) {
    return v;
  } else {
    return ToJson(v);
  }
}

template <typename T>
Json ListJson(const std::vector<T>& list) {
  Json out = Json::array();
  for (const T& v : list) out.push_back(ElementJson(v));
  return out;
}

inline void Put(Json& j, const char* name, const std::string& v) { j[name] = v; }
inline void Put(Json& j, const char* name, int64_t v) { j[name] = v; }
inline void Put(Json& j, const char* name, int v) { j[name] = v; }
inline void Put(Json& j, const char* name, bool v) { j[name] = v; }
inline void PutTime(Json& j, const char* name, Timestamp v) { j[name] = TimeJson(v); }
inline void PutTime(Json& j, const char* name, const std::optional<Timestamp>& v) {
  if (v) j[name] = TimeJson(*v);
}

template <typename T>
void Put(Json& j, const char* name, const T& v) {
  j[name] = ToJson(v);
}

template <typename T>
void Put(Json& j, const char* name, const std::optional<T>& v) {
  if (v) Put(j, name, *v);
}

// Optional lists and maps: empty means absent.
template <typename T>
void Put(Json& j, const char* name, const std::vector<T>& v) {
  if (!v.empty()) j[name] = ListJson(v);
}
inline void Put(Json& j, const char* name, const Tags& v) {
  if (!v.empty()) j[name] = v;
}

// Required lists and maps, and the item lists of list operations: always written.
template <typename T>
void PutAlways(Json& j, const char* name, const std::vector<T>& v) {
  j[name] = ListJson(v);
}
inline void PutAlways(Json& j, const char* name, const Tags& v) { j[name] = v; }

}  // namespace backupctl::json_io

#endif  // BACKUPCTL_PROVIDERS_WIRE_JSON_IO_H_
