// A throwaway directory tree for loader tests, removed when the test ends.
#ifndef BACKUPCTL_TESTS_DESIRED_TEMP_TREE_H_
#define BACKUPCTL_TESTS_DESIRED_TEMP_TREE_H_

#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "desired/loader.h"

namespace backupctl {

class TempTree {
 public:
  TempTree() {
    std::string pattern = (std::filesystem::temp_directory_path() / "backupctl-XXXXXX").string();
    root_ = mkdtemp(pattern.data());
  }
  ~TempTree() { std::filesystem::remove_all(root_); }
  TempTree(const TempTree&) = delete;
  TempTree& operator=(const TempTree&) = delete;

  void Write(const std::string& rel, const std::string& text) const {
    std::filesystem::path p = std::filesystem::path(root_) / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
  }
  const std::string& root() const { return root_; }

 private:
  std::string root_;
};

inline std::vector<std::string> Lines(const LoadResult& r) {
  std::vector<std::string> out;
  for (const Diagnostic& d : r.diagnostics) out.push_back(d.ToString());
  return out;
}

inline const std::string kProject = "stack: test\n";

// Loads a tree made of backupctl.yaml (kProject) and one file, main.yaml.
inline LoadResult LoadOne(const std::string& main_yaml) {
  TempTree tree;
  tree.Write("backupctl.yaml", kProject);
  tree.Write("main.yaml", main_yaml);
  return LoadTree(tree.root());
}

// True when some diagnostic line contains `needle`.
inline bool Mentions(const LoadResult& r, const std::string& needle) {
  std::vector<std::string> lines = Lines(r);
  return std::any_of(lines.begin(), lines.end(),
                     [&](const std::string& l) { return l.find(needle) != std::string::npos; });
}

}  // namespace backupctl

#endif  // BACKUPCTL_TESTS_DESIRED_TEMP_TREE_H_
