// Fuzzes the desired-state loader (LoadTree) end to end: file reading, the
// UTF-8 check, libyaml and the document tree (desired/yaml_doc.h), every
// kind's decoder and the whole-tree checks.
//
// Input: the text of one resources file. When it holds a line
// "#--- backupctl.yaml", what follows that line is the project file instead of
// the fixed "stack: fuzz". Both are written to a private temp tree (tmpfs when
// /dev/shm exists) and loaded with LoadTree.
// Properties: never crashes or throws; a tree with an error diagnostic is not
// ok(); every diagnostic names a file of the tree (or the tree itself).

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "desired/loader.h"

namespace backupctl {
namespace {

namespace fs = std::filesystem;

const fs::path& TreeDir() {
  static const fs::path dir = [] {
    fs::path base = fs::is_directory("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
    fs::path d = base / ("backupctl-fuzz-" + std::to_string(getpid()));
    fs::create_directories(d);
    std::atexit([] {
      std::error_code ec;
      fs::remove_all(TreeDir(), ec);
    });
    return d;
  }();
  return dir;
}

void Write(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

}  // namespace
}  // namespace backupctl

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace backupctl;
  std::string resources(reinterpret_cast<const char*>(data), size);
  std::string project = "stack: fuzz\n";
  const std::string marker = "#--- backupctl.yaml\n";
  if (size_t at = resources.find(marker); at != std::string::npos) {
    project = resources.substr(at + marker.size());
    resources.resize(at);
  }
  Write(TreeDir() / "backupctl.yaml", project);
  Write(TreeDir() / "resources.yaml", resources);

  LoadResult result = LoadTree(TreeDir().string());
  bool has_error = false;
  for (const Diagnostic& d : result.diagnostics) {
    has_error |= d.severity == Severity::kError;
    const std::string& file = d.where.file;
    if (file != "backupctl.yaml" && file != "resources.yaml" && file != TreeDir().string()) {
      std::abort();
    }
    (void)d.ToString();
  }
  if (has_error == result.ok()) std::abort();
  return 0;
}
