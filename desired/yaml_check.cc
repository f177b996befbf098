#include "desired/yaml_check.h"

#include <array>
#include <charconv>
#include <unordered_set>

#include "desired/values.h"

namespace backupctl {
namespace {

// The keys of one mapping seen so far: a scan for the few keys a document's
// mappings hold, a hash set for big ones; never a copy of a key.
class KeySet {
 public:
  explicit KeySet(size_t expected) : hashed_(expected > kScanned) {
    if (hashed_) big_.reserve(expected);
  }
  bool Insert(std::string_view key) {  // false when already there
    if (hashed_) return big_.insert(key).second;
    if (Contains(key)) return false;
    small_[size_++] = key;
    return true;
  }
  bool Contains(std::string_view key) const {
    if (hashed_) return big_.count(key) != 0;
    for (size_t i = 0; i < size_; ++i) {
      if (small_[i] == key) return true;
    }
    return false;
  }

 private:
  static constexpr size_t kScanned = 16;
  bool hashed_;
  size_t size_ = 0;
  std::array<std::string_view, kScanned> small_;
  std::unordered_set<std::string_view> big_;
};

std::string Describe(const YamlNode& node) {
  switch (node.type()) {
    case YamlNode::Type::kMap:
      return "a mapping";
    case YamlNode::Type::kSequence:
      return "a list";
    case YamlNode::Type::kScalar:
      return "\"" + std::string(node.Scalar()) + "\"";
    default:
      return "nothing";
  }
}

// A key as messages name it; a null key reads "null", as yaml-cpp wrote it.
std::string KeyText(const YamlNode& key) {
  return key.IsNull() ? "null" : std::string(key.Scalar());
}

const char* Expected(FieldType type) {
  switch (type) {
    case FieldType::kString:
      return "a string";
    case FieldType::kInteger:
      return "an integer";
    case FieldType::kBoolean:
      return "true or false";
    case FieldType::kStringList:
      return "a list of strings";
    case FieldType::kStringMap:
      return "a mapping of strings";
    case FieldType::kBooleanMap:
      return "a mapping of true or false";
    case FieldType::kObject:
      return "a mapping";
    case FieldType::kObjectList:
      return "a list of mappings";
    case FieldType::kPolicy:
      return "a mapping or a JSON string";
  }
  return "a value";
}

// A null value (`key:`) has no useful mark of its own: point at the key.
SourceLocation ValueAt(const FileContext& ctx, const YamlNode& key, const YamlNode& value) {
  return value.IsNull() || value.Mark().line < 0 ? ctx.At(key) : ctx.At(value);
}

void CheckAllowed(const FieldSpec& f, const YamlNode& value, FileContext& ctx) {
  std::string_view v = value.Scalar();
  for (std::string_view n : f.allowed) {
    if (v == n) return;
  }
  std::string what = f.name;  // "backupVaultEvents" lists one "backupVaultEvent" per entry
  if (f.type == FieldType::kStringList && what.back() == 's') what.pop_back();
  if (f.type == FieldType::kBooleanMap) what += " key";
  for (const RetiredValue& r : f.retired) {
    if (v == r.name) {
      ctx.Error(value, "deprecated " + what + " \"" + std::string(v) +
                           "\": AWS accepts it but never sends it; " + r.why);
      return;
    }
  }
  std::vector<std::string_view> names(f.allowed.begin(), f.allowed.end());
  std::string message = "unknown " + what + " \"" + std::string(v) + "\"";
  // A short list of map keys reads better whole ("EBS" is not a misspelt "EFS").
  const bool list_all = f.type == FieldType::kBooleanMap && names.size() <= 6;
  std::string close = list_all ? "" : ClosestMatch(v, names);
  if (!close.empty()) {
    message += "; did you mean \"" + close + "\"?";
  } else if (names.size() <= 6 || f.type == FieldType::kBooleanMap) {
    message += "; expected one of:";
    const bool quote = f.type == FieldType::kBooleanMap;  // "Storage Gateway" has a space
    for (std::string_view n : names) {
      message += quote ? " \"" + std::string(n) + "\"" : " " + std::string(n);
    }
  } else {
    message += "; `backupctl schema` lists the allowed values";
  }
  ctx.Error(value, std::move(message));
}

void CheckIntegerBounds(const FieldSpec& f, const YamlNode& value, int64_t v, FileContext& ctx) {
  if (f.minimum != 0 && v < f.minimum) {
    ctx.Error(value, "\"" + std::string(f.name) + "\" must be at least " +
                         std::to_string(f.minimum) + " (got " + std::to_string(v) + ")");
  } else if (f.maximum != 0 && v > f.maximum) {
    ctx.Error(value, "\"" + std::string(f.name) + "\" must be at most " +
                         std::to_string(f.maximum) + " (got " + std::to_string(v) + ")");
  }
}

bool CheckStringMap(const YamlNode& map, FileContext& ctx) {
  if (!map.IsMap()) return false;
  KeySet seen(map.size());
  for (const auto& kv : map.Entries()) {
    if (!kv.first.IsScalar()) {
      ctx.Error(kv.first, "keys must be strings");
    } else if (!seen.Insert(kv.first.Scalar())) {
      ctx.Error(kv.first, "duplicate key \"" + std::string(kv.first.Scalar()) + "\"");
    }
    if (!kv.second.IsScalar()) {
      ctx.Error(
          ValueAt(ctx, kv.first, kv.second),
          "value of \"" + KeyText(kv.first) + "\" must be a string, got " + Describe(kv.second));
    }
  }
  return true;
}

// Keys from the field's `allowed` names (each unknown one reported at the
// key), values true or false.
bool CheckBooleanMap(const FieldSpec& f, const YamlNode& map, FileContext& ctx) {
  if (!map.IsMap()) return false;
  KeySet seen(map.size());
  for (const auto& kv : map.Entries()) {
    if (!kv.first.IsScalar()) {
      ctx.Error(kv.first, "keys must be strings");
      continue;
    }
    if (!seen.Insert(kv.first.Scalar())) {
      ctx.Error(kv.first, "duplicate key \"" + std::string(kv.first.Scalar()) + "\"");
    } else if (!f.allowed.empty()) {
      CheckAllowed(f, kv.first, ctx);
    }
    if (!ParseBoolean(kv.second).has_value()) {
      ctx.Error(ValueAt(ctx, kv.first, kv.second), "value of \"" + KeyText(kv.first) +
                                                       "\" must be true or false, got " +
                                                       Describe(kv.second));
    }
  }
  return true;
}

// Returns false when the value has the wrong type (reported here).
bool CheckValue(const FieldSpec& f, const YamlNode& key, const YamlNode& value, FileContext& ctx) {
  bool ok = true;
  switch (f.type) {
    case FieldType::kString:
      ok = value.IsScalar();
      if (ok && !f.allowed.empty()) CheckAllowed(f, value, ctx);
      break;
    case FieldType::kInteger: {
      std::optional<int64_t> v = ParseInteger(value);
      ok = v.has_value();
      if (ok) CheckIntegerBounds(f, value, *v, ctx);
      break;
    }
    case FieldType::kBoolean:
      ok = ParseBoolean(value).has_value();
      break;
    case FieldType::kStringList:
      ok = value.IsSequence();
      for (const YamlNode item : value.Items()) {
        if (!item.IsScalar()) {
          ctx.Error(
              item.IsNull() ? ctx.At(value) : ctx.At(item),
              "entries of \"" + std::string(f.name) + "\" must be strings, got " + Describe(item));
        } else if (!f.allowed.empty()) {
          CheckAllowed(f, item, ctx);
        }
      }
      break;
    case FieldType::kStringMap:
      ok = CheckStringMap(value, ctx);
      break;
    case FieldType::kBooleanMap:
      ok = CheckBooleanMap(f, value, ctx);
      break;
    case FieldType::kObject:
      ok = value.IsMap();
      if (ok && f.object != nullptr) CheckObject(value, *f.object, ctx);
      break;
    case FieldType::kObjectList:
      ok = value.IsSequence();
      for (const YamlNode item : value.Items()) {
        if (!item.IsMap()) {
          ctx.Error(
              item.IsNull() ? ctx.At(value) : ctx.At(item),
              "entries of \"" + std::string(f.name) + "\" must be mappings, got " + Describe(item));
        } else {
          CheckObject(item, *f.object, ctx);
        }
      }
      break;
    case FieldType::kPolicy:
      ok = value.IsMap() || value.IsScalar();
      break;
  }
  if (!ok) {
    ctx.Error(ValueAt(ctx, key, value), "\"" + std::string(f.name) + "\" must be " +
                                            Expected(f.type) + ", got " + Describe(value));
  }
  return ok;
}

void ReportUnknown(const YamlNode& key, const ObjectShape& shape, FileContext& ctx) {
  std::vector<std::string_view> names;
  for (const FieldSpec& f : shape.fields) names.push_back(f.name);
  std::string message = "unknown field \"" + std::string(key.Scalar()) + "\" in " + shape.title;
  std::string close;
  for (const RenamedField& r : shape.renamed) {
    if (key.Scalar() == r.old_name) close = r.new_name;
  }
  if (close.empty()) close = ClosestMatch(key.Scalar(), names);
  if (!close.empty()) message += "; did you mean \"" + close + "\"?";
  ctx.Error(key, std::move(message));
}

// A field written under its former name was reported as such: saying it is
// also missing would only repeat that.
bool HasOldName(const ObjectShape& shape, const FieldSpec& f, const KeySet& seen) {
  for (const RenamedField& r : shape.renamed) {
    if (std::string_view(r.new_name) == f.name && seen.Contains(r.old_name)) return true;
  }
  return false;
}

}  // namespace

SourceLocation FileContext::At(const YamlMark& mark) const {
  SourceLocation where{file, 0, 0};
  if (mark.line >= 0) {
    where.line = mark.line + 1;
    where.column = mark.column + 1;
  }
  return where;
}

SourcePosition FileContext::Position(const YamlNode& node) const {
  const SourceLocation where = At(node);
  return {file_index, where.line, where.column};
}

void FileContext::Error(const SourceLocation& where, std::string message) {
  out->push_back({Severity::kError, where, std::move(message)});
}

void FileContext::Warning(const SourceLocation& where, std::string message) {
  out->push_back({Severity::kWarning, where, std::move(message)});
}

bool CheckObject(const YamlNode& node, const ObjectShape& shape, FileContext& ctx) {
  if (!node.IsMap()) {
    ctx.Error(node, std::string(shape.title) + " must be a mapping, got " + Describe(node));
    return false;
  }
  KeySet seen(node.size());
  for (const auto& kv : node.Entries()) {
    const YamlNode& key = kv.first;
    if (!key.IsScalar()) {
      ctx.Error(key, "keys in " + std::string(shape.title) + " must be strings");
      continue;
    }
    if (!seen.Insert(key.Scalar())) {
      ctx.Error(key, "duplicate field \"" + std::string(key.Scalar()) + "\" in " + shape.title);
      continue;
    }
    const FieldSpec* f = shape.Find(key.Scalar());
    if (f == nullptr) {
      ReportUnknown(key, shape, ctx);
    } else {
      CheckValue(*f, key, kv.second, ctx);
    }
  }
  for (const FieldSpec& f : shape.fields) {
    if (f.required && !seen.Contains(f.name) && !HasOldName(shape, f, seen)) {
      ctx.Error(node, "missing required field \"" + std::string(f.name) + "\" in " + shape.title);
    }
  }
  return true;
}

std::optional<int64_t> ParseInteger(const YamlNode& node) {
  if (!node.IsPlain()) return std::nullopt;
  std::string_view s = node.Scalar();
  const char* begin = s.data() + (s.size() > 1 && s[0] == '+' ? 1 : 0);
  int64_t v = 0;
  auto [end, ec] = std::from_chars(begin, s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || begin == end) return std::nullopt;
  return v;
}

std::optional<bool> ParseBoolean(const YamlNode& node) {
  if (!node.IsPlain()) return std::nullopt;
  std::string_view s = node.Scalar();
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  return std::nullopt;
}

YamlNode Child(const YamlNode& map, std::string_view key) { return map.Get(key); }

std::optional<std::string> GetString(const YamlNode& map, std::string_view key) {
  const YamlNode n = Child(map, key);
  if (!n.IsScalar()) return std::nullopt;
  return std::string(n.Scalar());
}

std::optional<int64_t> GetInteger(const YamlNode& map, std::string_view key) {
  return ParseInteger(Child(map, key));
}

std::optional<bool> GetBoolean(const YamlNode& map, std::string_view key) {
  return ParseBoolean(Child(map, key));
}

std::vector<std::string> GetStringList(const YamlNode& map, std::string_view key) {
  std::vector<std::string> out;
  const YamlNode n = Child(map, key);
  if (!n.IsSequence()) return out;
  out.reserve(n.size());
  for (const YamlNode item : n.Items()) {
    if (item.IsScalar()) out.emplace_back(item.Scalar());
  }
  return out;
}

std::vector<std::pair<YamlNode, std::string>> GetStringMap(const YamlNode& map,
                                                           std::string_view key) {
  std::vector<std::pair<YamlNode, std::string>> out;
  const YamlNode n = Child(map, key);
  if (!n.IsMap()) return out;
  for (const auto& kv : n.Entries()) {
    if (kv.first.IsScalar() && kv.second.IsScalar()) {
      out.emplace_back(kv.first, std::string(kv.second.Scalar()));
    }
  }
  return out;
}

}  // namespace backupctl
