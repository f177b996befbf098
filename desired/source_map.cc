#include "desired/source_map.h"

#include <functional>

namespace backupctl {

std::string SourceLocation::ToString() const {
  std::string out = file;
  if (line > 0) out += ":" + std::to_string(line) + ":" + std::to_string(column);
  return out;
}

std::string SourceMap::RulePath(size_t index) {
  return "spec.rules[" + std::to_string(index) + "]";
}

size_t SourceMap::KeyHash::operator()(const Key& key) const {
  size_t h = std::hash<std::string>()(key.name);
  h ^= std::hash<std::string>()(key.path) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  return h ^ static_cast<size_t>(key.kind);
}

void SourceMap::Add(Kind kind, std::string name, std::string path, SourcePosition at) {
  entries_.emplace(Key{kind, std::move(name), std::move(path)}, at);
}

void SourceMap::Merge(SourceMap&& other) {
  if (entries_.empty()) {
    entries_ = std::move(other.entries_);
  } else {
    entries_.merge(other.entries_);
  }
  other.entries_.clear();
}

std::optional<SourceLocation> SourceMap::Find(Kind kind, std::string_view name,
                                              std::string_view path) const {
  auto it = entries_.find(Key{kind, std::string(name), std::string(path)});
  if (it == entries_.end()) return std::nullopt;
  const SourcePosition& at = it->second;
  return SourceLocation{at.file < files_.size() ? files_[at.file] : "", at.line, at.column};
}

}  // namespace backupctl
