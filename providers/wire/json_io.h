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
//
// json_read.h and json_write.h hold the per-type rules of each direction.

#ifndef BACKUPCTL_PROVIDERS_WIRE_JSON_IO_H_
#define BACKUPCTL_PROVIDERS_WIRE_JSON_IO_H_

#include <type_traits>

#include "providers/wire/json_read.h"
#include "providers/wire/json_shapes.h"
#include "providers/wire/json_write.h"

namespace backupctl::json_io {

// ---- describing a shape -----------------------------------------------------

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
