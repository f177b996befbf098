#include "desired/loader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>
#include <tuple>

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include "desired/decode.h"
#include "desired/tree_checks.h"
#include "desired/yaml_check.h"

namespace backupctl {
namespace fs = std::filesystem;
namespace {

constexpr uintmax_t kMaxFileBytes = 16u << 20;
// yaml-cpp spends about 400 bytes a node, so 16 MiB of tiny nodes would take
// gigabytes: the nodes are counted (streaming) before any is built.
constexpr size_t kMaxNodesPerFile = 200000;
constexpr const char* kProjectFile = "backupctl.yaml";

bool IsYaml(const fs::path& p) { return p.extension() == ".yaml" || p.extension() == ".yml"; }

// Sorted paths (relative to root, '/'-separated) of the tree's YAML files,
// skipping hidden entries and .backupctl/ state.
std::vector<std::string> ListYamlFiles(const fs::path& root, std::vector<Diagnostic>* out) {
  std::vector<std::string> files;
  std::error_code ec;
  fs::recursive_directory_iterator it(root, ec), end;
  while (!ec && it != end) {
    const fs::path& p = it->path();
    bool hidden = p.filename().string().rfind('.', 0) == 0;
    if (hidden && it->is_directory(ec)) {
      it.disable_recursion_pending();
    } else if (!hidden && IsYaml(p) && it->is_regular_file(ec)) {
      files.push_back(p.lexically_relative(root).generic_string());
    }
    it.increment(ec);
  }
  if (ec) out->push_back({Severity::kError, {root.string()}, "cannot list: " + ec.message()});
  std::sort(files.begin(), files.end());
  return files;
}

// Where the first byte that is not UTF-8 sits, as 1-based line and column.
bool FindBadByte(const std::string& text, int* line, int* column) {
  *line = 1;
  *column = 1;
  for (size_t i = 0; i < text.size();) {
    unsigned char c = text[i];
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    bool ok = n != 0 && i + n <= text.size() && c != 0;
    for (size_t k = 1; ok && k < n; ++k) ok = (static_cast<unsigned char>(text[i + k]) >> 6) == 2;
    if (!ok) return true;
    if (c == '\n') {
      ++*line;
      *column = 0;
    }
    ++*column;
    i += n;
  }
  return false;
}

bool ReadFile(const fs::path& path, FileContext& ctx, std::string* text) {
  std::error_code ec;
  uintmax_t size = fs::file_size(path, ec);
  if (ec) {
    ctx.Error(SourceLocation{ctx.file}, "cannot read: " + ec.message());
    return false;
  }
  if (size > kMaxFileBytes) {
    ctx.Error(SourceLocation{ctx.file}, "file is larger than 16 MiB; split it");
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  if (!in) {
    ctx.Error(SourceLocation{ctx.file}, "cannot read the file");
    return false;
  }
  *text = std::move(buf).str();
  int line, column;
  if (FindBadByte(*text, &line, &column)) {
    ctx.Error(SourceLocation{ctx.file, line, column},
              "not a UTF-8 text file (binary or another encoding)");
    return false;
  }
  return true;
}

// Counts a text's YAML nodes from parser events, without building them;
// throws TooMany past kMaxNodesPerFile.
class NodeCounter : public YAML::EventHandler {
 public:
  struct TooMany {};
  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override { Count(); }
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override { Count(); }
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {
    Count();
  }
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    Count();
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    Count();
  }
  void OnMapEnd() override {}

 private:
  void Count() {
    if (++nodes_ > kMaxNodesPerFile) throw TooMany{};
  }
  size_t nodes_ = 0;
};

void CountNodes(const std::string& text) {
  std::istringstream in(text);
  YAML::Parser parser(in);
  NodeCounter counter;
  while (parser.HandleNextDocument(counter)) {
  }
}

// Parses every document of a file; false (with the error reported) on bad YAML.
bool ParseFile(const fs::path& path, FileContext& ctx, std::vector<YAML::Node>* docs) {
  std::string text;
  if (!ReadFile(path, ctx, &text)) return false;
  try {
    CountNodes(text);
    *docs = YAML::LoadAll(text);
    return true;
  } catch (const NodeCounter::TooMany&) {
    ctx.Error(SourceLocation{ctx.file}, "more than " + std::to_string(kMaxNodesPerFile) +
                                            " YAML nodes in one file; split it");
  } catch (const YAML::DeepRecursion& e) {
    ctx.Error(ctx.At(e.mark),
              "YAML nested more than " + std::to_string(e.depth() - 1) + " levels deep");
  } catch (const YAML::ParserException& e) {
    ctx.Error(ctx.At(e.mark), "YAML syntax error: " + e.msg);
  } catch (const std::exception& e) {
    ctx.Error(SourceLocation{ctx.file}, std::string("cannot parse: ") + e.what());
  }
  return false;
}

void LoadProject(const fs::path& root, LoadResult* result) {
  FileContext ctx{kProjectFile, &result->diagnostics};
  std::error_code ec;
  if (!fs::is_regular_file(root / kProjectFile, ec)) {
    ctx.Error(SourceLocation{kProjectFile},
              "no backupctl.yaml at the root of the tree: create one with at least "
              "\"stack: NAME\"");
    return;
  }
  std::vector<YAML::Node> docs;
  ++result->files_read;
  if (!ParseFile(root / kProjectFile, ctx, &docs)) return;
  docs.erase(std::remove_if(docs.begin(), docs.end(), [](auto& d) { return d.IsNull(); }),
             docs.end());
  if (docs.empty()) {
    ctx.Error(SourceLocation{kProjectFile, 1, 1},
              "missing required field \"stack\" in backupctl.yaml");
    return;
  }
  if (docs.size() > 1) ctx.Error(docs[1], "backupctl.yaml holds one document only");
  DecodeProject(docs[0], ctx, &result->state.project);
}

bool LoadDocuments(const fs::path& root, LoadResult* result, TreeIndex* index) {
  bool all_parsed = true;
  for (const std::string& file : ListYamlFiles(root, &result->diagnostics)) {
    if (file == kProjectFile) continue;
    FileContext ctx{file, &result->diagnostics};
    if (fs::path(file).filename() == kProjectFile) {
      ctx.Error(SourceLocation{file}, "backupctl.yaml is only read at the root of the tree");
      continue;
    }
    std::vector<YAML::Node> docs;
    ++result->files_read;
    if (!ParseFile(root / file, ctx, &docs)) {
      all_parsed = false;
      continue;
    }
    for (const YAML::Node& doc : docs) {
      if (!doc.IsNull()) DecodeDocument(doc, ctx, &result->state, index);
    }
  }
  return all_parsed;
}

}  // namespace

std::string Diagnostic::ToString() const {
  return where.ToString() + (severity == Severity::kError ? ": error: " : ": warning: ") + message;
}

bool LoadResult::ok() const {
  return std::none_of(diagnostics.begin(), diagnostics.end(),
                      [](const Diagnostic& d) { return d.severity == Severity::kError; });
}

LoadResult LoadTree(const std::string& root) {
  LoadResult result;
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    result.diagnostics.push_back(
        {Severity::kError, {root}, fs::exists(root, ec) ? "not a directory" : "no such directory"});
    return result;
  }
  LoadProject(root, &result);
  TreeIndex index;
  bool all_parsed = LoadDocuments(root, &result, &index);
  CheckTree(result.state, index, all_parsed, &result.diagnostics);
  std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     return std::tie(a.where.file, a.where.line, a.where.column) <
                            std::tie(b.where.file, b.where.line, b.where.column);
                   });
  return result;
}

}  // namespace backupctl
