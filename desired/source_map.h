// Where each declared resource was written: a side table beside the model.
//
// The model's types (model.h) are plain data shared with the live state, so
// positions are not in them. The loader records here the file:line:column of
// every declared document, keyed by its kind, its name (for notifications
// and access policies: the vault's; for a selection: "plan/selection", as
// in the plan's action names) and a field path inside it ("" for the
// document itself, "spec.rules[2]" for a rule). The project file's root has
// a place of its own. When a name is declared twice, the first in file order
// is kept (the tree is then invalid anyway). Lookups of what was never
// recorded return nothing.

#ifndef BACKUPCTL_DESIRED_SOURCE_MAP_H_
#define BACKUPCTL_DESIRED_SOURCE_MAP_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "desired/model.h"

namespace backupctl {

struct SourceLocation {
  std::string file;
  int line = 0;                  // 1-based; 0 when unknown
  int column = 0;                // 1-based; 0 when unknown
  std::string ToString() const;  // "file:line:column"
};

// A position whose file is an index into the loader's list of files.
struct SourcePosition {
  uint32_t file = 0;
  int line = 0;
  int column = 0;
};

class SourceMap {
 public:
  static std::string RulePath(size_t index);  // "spec.rules[index]"

  void Add(Kind kind, std::string name, std::string path, SourcePosition at);
  // Moves `other`'s entries in; entries this map already holds are kept.
  void Merge(SourceMap&& other);
  void SetFiles(std::vector<std::string> files) { files_ = std::move(files); }
  void SetProject(SourceLocation at) { project_ = std::move(at); }

  std::optional<SourceLocation> Find(Kind kind, std::string_view name,
                                     std::string_view path = "") const;
  const SourceLocation& project() const { return project_; }
  size_t size() const { return entries_.size(); }

 private:
  struct Key {
    Kind kind;
    std::string name;
    std::string path;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    size_t operator()(const Key& key) const;
  };

  std::unordered_map<Key, SourcePosition, KeyHash> entries_;
  std::vector<std::string> files_;  // what SourcePosition::file counts
  SourceLocation project_;
};

}  // namespace backupctl

#endif  // BACKUPCTL_DESIRED_SOURCE_MAP_H_
