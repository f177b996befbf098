#include "desired/yaml_check.h"

#include <charconv>
#include <unordered_set>

#include "desired/values.h"

namespace backupctl {
namespace {

bool IsPlain(const YAML::Node& node) { return node.Tag() == "?"; }

std::string Describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Scalar:
      return "\"" + node.Scalar() + "\"";
    default:
      return "nothing";
  }
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
SourceLocation ValueAt(const FileContext& ctx, const YAML::Node& key, const YAML::Node& value) {
  return value.IsNull() || value.Mark().line < 0 ? ctx.At(key) : ctx.At(value);
}

void CheckAllowed(const FieldSpec& f, const YAML::Node& value, FileContext& ctx) {
  const std::string& v = value.Scalar();
  std::vector<std::string_view> names(f.allowed.begin(), f.allowed.end());
  for (std::string_view n : names) {
    if (v == n) return;
  }
  std::string what = f.name;  // "events" lists one "event" per entry
  if (f.type == FieldType::kStringList && what.back() == 's') what.pop_back();
  std::string message = "unknown " + what + " \"" + v + "\"";
  std::string close = ClosestMatch(v, names);
  if (!close.empty()) {
    message += "; did you mean \"" + close + "\"?";
  } else if (names.size() <= 6) {
    message += "; expected one of:";
    for (std::string_view n : names) message += " " + std::string(n);
  } else {
    message += "; `backupctl schema` lists the allowed values";
  }
  ctx.Error(value, std::move(message));
}

void CheckIntegerBounds(const FieldSpec& f, const YAML::Node& value, int64_t v, FileContext& ctx) {
  if (f.minimum != 0 && v < f.minimum) {
    ctx.Error(value, "\"" + std::string(f.name) + "\" must be at least " +
                         std::to_string(f.minimum) + " (got " + std::to_string(v) + ")");
  } else if (f.maximum != 0 && v > f.maximum) {
    ctx.Error(value, "\"" + std::string(f.name) + "\" must be at most " +
                         std::to_string(f.maximum) + " (got " + std::to_string(v) + ")");
  }
}

bool CheckStringMap(const YAML::Node& map, FileContext& ctx) {
  if (!map.IsMap()) return false;
  std::unordered_set<std::string> seen;
  for (const auto& kv : map) {
    if (!kv.first.IsScalar()) {
      ctx.Error(kv.first, "keys must be strings");
    } else if (!seen.insert(kv.first.Scalar()).second) {
      ctx.Error(kv.first, "duplicate key \"" + kv.first.Scalar() + "\"");
    }
    if (!kv.second.IsScalar()) {
      ctx.Error(ValueAt(ctx, kv.first, kv.second), "value of \"" + kv.first.as<std::string>("") +
                                                       "\" must be a string, got " +
                                                       Describe(kv.second));
    }
  }
  return true;
}

// Returns false when the value has the wrong type (reported here).
bool CheckValue(const FieldSpec& f, const YAML::Node& key, const YAML::Node& value,
                FileContext& ctx) {
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
      for (size_t i = 0; ok && i < value.size(); ++i) {
        if (!value[i].IsScalar()) {
          ctx.Error(value[i].IsNull() ? ctx.At(value) : ctx.At(value[i]),
                    "entries of \"" + std::string(f.name) + "\" must be strings, got " +
                        Describe(value[i]));
        } else if (!f.allowed.empty()) {
          CheckAllowed(f, value[i], ctx);
        }
      }
      break;
    case FieldType::kStringMap:
      ok = CheckStringMap(value, ctx);
      break;
    case FieldType::kObject:
      ok = value.IsMap();
      if (ok && f.object != nullptr) CheckObject(value, *f.object, ctx);
      break;
    case FieldType::kObjectList:
      ok = value.IsSequence();
      for (size_t i = 0; ok && i < value.size(); ++i) {
        const YAML::Node item = value[i];
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

void ReportUnknown(const YAML::Node& key, const ObjectShape& shape, FileContext& ctx) {
  std::vector<std::string_view> names;
  for (const FieldSpec& f : shape.fields) names.push_back(f.name);
  std::string message = "unknown field \"" + key.Scalar() + "\" in " + shape.title;
  std::string close = ClosestMatch(key.Scalar(), names);
  if (!close.empty()) message += "; did you mean \"" + close + "\"?";
  ctx.Error(key, std::move(message));
}

}  // namespace

SourceLocation FileContext::At(const YAML::Mark& mark) const {
  SourceLocation where{file, 0, 0};
  if (mark.line >= 0) {
    where.line = mark.line + 1;
    where.column = mark.column + 1;
  }
  return where;
}

void FileContext::Error(const SourceLocation& where, std::string message) {
  out->push_back({Severity::kError, where, std::move(message)});
}

void FileContext::Warning(const SourceLocation& where, std::string message) {
  out->push_back({Severity::kWarning, where, std::move(message)});
}

bool CheckObject(const YAML::Node& node, const ObjectShape& shape, FileContext& ctx) {
  if (!node.IsMap()) {
    ctx.Error(node, std::string(shape.title) + " must be a mapping, got " + Describe(node));
    return false;
  }
  std::unordered_set<std::string> seen;
  for (const auto& kv : node) {
    const YAML::Node& key = kv.first;
    if (!key.IsScalar()) {
      ctx.Error(key, "keys in " + std::string(shape.title) + " must be strings");
      continue;
    }
    if (!seen.insert(key.Scalar()).second) {
      ctx.Error(key, "duplicate field \"" + key.Scalar() + "\" in " + shape.title);
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
    if (f.required && seen.count(f.name) == 0) {
      ctx.Error(node, "missing required field \"" + std::string(f.name) + "\" in " + shape.title);
    }
  }
  return true;
}

std::optional<int64_t> ParseInteger(const YAML::Node& node) {
  if (!node.IsScalar() || !IsPlain(node)) return std::nullopt;
  const std::string& s = node.Scalar();
  const char* begin = s.data() + (s.size() > 1 && s[0] == '+' ? 1 : 0);
  int64_t v = 0;
  auto [end, ec] = std::from_chars(begin, s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || begin == end) return std::nullopt;
  return v;
}

std::optional<bool> ParseBoolean(const YAML::Node& node) {
  if (!node.IsScalar() || !IsPlain(node)) return std::nullopt;
  const std::string& s = node.Scalar();
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  return std::nullopt;
}

YAML::Node Child(const YAML::Node& map, const char* key) {
  if (!map.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
  for (const auto& kv : map) {
    if (kv.first.IsScalar() && kv.first.Scalar() == key) return kv.second;
  }
  return YAML::Node(YAML::NodeType::Undefined);
}

std::optional<std::string> GetString(const YAML::Node& map, const char* key) {
  const YAML::Node n = Child(map, key);
  if (!n.IsScalar()) return std::nullopt;
  return n.Scalar();
}

std::optional<int64_t> GetInteger(const YAML::Node& map, const char* key) {
  return ParseInteger(Child(map, key));
}

std::optional<bool> GetBoolean(const YAML::Node& map, const char* key) {
  return ParseBoolean(Child(map, key));
}

std::vector<std::string> GetStringList(const YAML::Node& map, const char* key) {
  std::vector<std::string> out;
  const YAML::Node n = Child(map, key);
  if (!n.IsSequence()) return out;
  for (const YAML::Node& item : n) {
    if (item.IsScalar()) out.push_back(item.Scalar());
  }
  return out;
}

std::vector<std::pair<YAML::Node, std::string>> GetStringMap(const YAML::Node& map,
                                                             const char* key) {
  std::vector<std::pair<YAML::Node, std::string>> out;
  const YAML::Node n = Child(map, key);
  if (!n.IsMap()) return out;
  for (const auto& kv : n) {
    if (kv.first.IsScalar() && kv.second.IsScalar()) {
      out.emplace_back(kv.first, kv.second.Scalar());
    }
  }
  return out;
}

}  // namespace backupctl
