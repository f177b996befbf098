// Structural checks of YAML nodes against the field table, and typed reads.
//
// CheckObject reports, for one mapping and everything below it, unknown
// fields (with a "did you mean"), duplicate keys, wrong types, values outside
// the table's enums and integer bounds, and missing required fields. The Get*
// readers then return only values that passed those checks, so a field that
// was already reported is simply absent and never reported twice.

#ifndef BACKUPCTL_DESIRED_YAML_CHECK_H_
#define BACKUPCTL_DESIRED_YAML_CHECK_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "desired/fields.h"
#include "desired/loader.h"
#include "desired/yaml_doc.h"

namespace backupctl {

// A position in a tree without a copy of its file's name: the file is an
// index into the loader's list of files (TreeIndex::files).
struct TreeMark {
  uint32_t file = 0;
  YamlMark mark;
};

// Collects the diagnostics of one file; positions come from YAML node marks.
struct FileContext {
  std::string file;  // relative to the tree root
  std::vector<Diagnostic>* out;
  uint32_t file_index = 0;  // in the loader's list of files
  // Trees with targets: the target a document is being stamped out for, and
  // every target (for references to another's vaults). Null otherwise.
  const TargetSpec* target = nullptr;
  const std::vector<TargetSpec>* targets = nullptr;

  SourceLocation At(const YamlMark& mark) const;
  SourceLocation At(const YamlNode& node) const { return At(node.Mark()); }
  TreeMark Mark(const YamlNode& node) const { return {file_index, node.Mark()}; }
  SourcePosition Position(const YamlNode& node) const;
  void Error(const SourceLocation& where, std::string message);
  void Warning(const SourceLocation& where, std::string message);
  void Error(const YamlNode& node, std::string message) { Error(At(node), std::move(message)); }
};

// False when `node` is not a mapping (reported); otherwise checks it fully.
bool CheckObject(const YamlNode& node, const ObjectShape& shape, FileContext& ctx);

std::optional<int64_t> ParseInteger(const YamlNode& node);
std::optional<bool> ParseBoolean(const YamlNode& node);

std::optional<std::string> GetString(const YamlNode& map, std::string_view key);
std::optional<int64_t> GetInteger(const YamlNode& map, std::string_view key);
std::optional<bool> GetBoolean(const YamlNode& map, std::string_view key);
std::vector<std::string> GetStringList(const YamlNode& map, std::string_view key);
// Map entries in document order, with the node of each key for positions.
std::vector<std::pair<YamlNode, std::string>> GetStringMap(const YamlNode& map,
                                                           std::string_view key);

// The node at `key`, or an undefined node when absent.
YamlNode Child(const YamlNode& map, std::string_view key);

}  // namespace backupctl

#endif  // BACKUPCTL_DESIRED_YAML_CHECK_H_
