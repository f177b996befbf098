// The one description of a shape's JSON form, and the reading and writing
// rules every shape shares; internal to providers/wire and the emulator's
// state file (providers/local/state_store.cc).
//
// A shape is described once, a member per line:
//
//   BACKUPCTL_JSON_CODEC(CopyAction,
//                        BACKUPCTL_MEMBER(destination_backup_vault_arn, kRequired),
//                        BACKUPCTL_MEMBER(lifecycle))
//
// defines both ToJson and FromJson of CopyAction from that list, so the two
// directions cannot disagree on a name. BACKUPCTL_MEMBER names the member
// once: its wire name is the member's in PascalCase (destination_backup_vault_arn
// is "DestinationBackupVaultArn"). Where the two differ (an acronym such as
// "SNSTopicArn", or the state file's own names), Field("Name", &S::member)
// spells the wire name out. The rules of json_shapes.h apply:
// unset optionals and empty lists/maps are not written, unless the member is
// kRequired or kAlways (the item list of a List answer); a timestamp (the
// only double) is written as epoch seconds; a kRequired member missing from
// a request is an error naming its path.
//
// json_read.h and json_write.h hold the per-type rules of each direction.

#ifndef BACKUPCTL_PROVIDERS_WIRE_JSON_IO_H_
#define BACKUPCTL_PROVIDERS_WIRE_JSON_IO_H_

#include <cstddef>
#include <string_view>
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

// The PascalCase wire name of a snake_case member name, made at compile time.
template <size_t N>
struct WireName {
  char text[N] = {};
  constexpr WireName(const char (&snake)[N]) {  // NOLINT: implicit, for kWireName<"...">
    size_t out = 0;
    bool word_start = true;
    for (size_t i = 0; i + 1 < N; ++i) {
      const char c = snake[i];
      if (c == '_') {
        word_start = true;
        continue;
      }
      text[out++] = word_start && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
      word_start = false;
    }
  }
};

template <WireName Name>
inline constexpr const char* kWireName = Name.text;

static_assert(std::string_view(kWireName<"backup_vault_name">) == "BackupVaultName");
static_assert(std::string_view(kWireName<"is_parent">) == "IsParent");

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

// A Field whose wire name is `member` in PascalCase; the rules follow it.
#define BACKUPCTL_MEMBER(member, ...)                                   \
  ::backupctl::json_io::Field(::backupctl::json_io::kWireName<#member>, \
                              &S::member __VA_OPT__(, ) __VA_ARGS__)

#endif  // BACKUPCTL_PROVIDERS_WIRE_JSON_IO_H_
