// The files of a desired-state tree, read as untrusted input (internal to
// desired/, for loader.cc). A *.yaml or *.yml entry must be a regular file,
// or a symlink to one inside the tree; anything else by that name is an
// error, never skipped. A file is read only if it is regular once opened
// (without blocking), at most 16 MiB, and UTF-8.

#ifndef BACKUPCTL_DESIRED_TREE_FILES_H_
#define BACKUPCTL_DESIRED_TREE_FILES_H_

#include <filesystem>
#include <string>
#include <vector>

#include "desired/loader.h"
#include "desired/yaml_check.h"

namespace backupctl {

inline constexpr const char* kProjectFile = "backupctl.yaml";

// Sorted paths (relative to root, '/'-separated) of the tree's YAML files,
// skipping hidden entries, .backupctl/ state and the project file. A YAML
// entry that cannot be loaded, and a symlink to a directory (never followed,
// so its files would be missed in silence), are errors in `out`; false when
// there was any.
bool ListYamlFiles(const std::filesystem::path& root, const std::filesystem::path& canonical_root,
                   std::vector<std::string>* files, std::vector<Diagnostic>* out);

// Why the entry `path` (`own`: its lstat) cannot be loaded as a file; ""
// when it can. `root` is the tree's canonical path.
std::string WhyUnloadable(const std::filesystem::path& path, std::filesystem::file_status own,
                          const std::filesystem::path& root);

// The error for an entry that cannot be loaded, `why` being WhyUnloadable's.
std::string Refusal(const std::string& why);

// The file's text; false, with the error reported through `ctx`, when it
// cannot be read or is not UTF-8.
bool ReadTreeFile(const std::filesystem::path& path, FileContext& ctx, std::string* text);

}  // namespace backupctl

#endif  // BACKUPCTL_DESIRED_TREE_FILES_H_
