// Reading a shape's members from JSON, for the field-table codecs (json_io.h):
// each C++ type's one reading rule (strings, integers in range, booleans,
// timestamps as epoch seconds or ISO 8601, lists, maps, optionals, nested
// shapes through their FromJson). A wrong type throws ShapeError naming the
// member's path; a required member missing from a request is one too.

#ifndef BACKUPCTL_PROVIDERS_WIRE_JSON_READ_H_
#define BACKUPCTL_PROVIDERS_WIRE_JSON_READ_H_

#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "providers/wire/json_shapes.h"

namespace backupctl::json_io {

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

}  // namespace backupctl::json_io

#endif  // BACKUPCTL_PROVIDERS_WIRE_JSON_READ_H_
