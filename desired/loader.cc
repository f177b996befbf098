#include "desired/loader.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <iterator>
#include <map>
#include <memory>
#include <string_view>
#include <system_error>
#include <thread>
#include <tuple>

#include "desired/decode.h"
#include "desired/placement.h"
#include "desired/safe_text.h"
#include "desired/tree_checks.h"
#include "desired/tree_files.h"
#include "desired/yaml_check.h"
#include "desired/yaml_doc.h"

namespace backupctl {
namespace fs = std::filesystem;
namespace {

// Past this many nodes (an alias counts one) a file is refused: nothing real
// is that big, and the decoders' work grows with it.
constexpr size_t kMaxNodesPerFile = 200000;
constexpr size_t kMaxLoadThreads = 8;

// Parses every document of a file; false (with the error reported) on bad YAML.
bool ParseFile(const fs::path& path, FileContext& ctx, YamlFile* yaml) {
  std::string text;
  if (!ReadTreeFile(path, ctx, &text)) return false;
  YamlError error;
  if (yaml->Parse(text, kMaxNodesPerFile, &error)) return true;
  ctx.Error(ctx.At(error.mark), std::move(error.message));
  return false;
}

void LoadProject(const fs::path& root, const fs::path& canonical_root, LoadResult* result) {
  FileContext ctx{kProjectFile, &result->diagnostics};
  std::error_code ec;
  fs::path path = root / kProjectFile;
  fs::file_status own = fs::symlink_status(path, ec);
  if (own.type() == fs::file_type::not_found) {
    ctx.Error(SourceLocation{kProjectFile},
              "no backupctl.yaml at the root of the tree: create one with at least "
              "\"stack: NAME\"");
    return;
  }
  std::string why = ec ? ec.message() : WhyUnloadable(path, own, canonical_root);
  if (!why.empty()) {
    ctx.Error(SourceLocation{kProjectFile}, Refusal(why));
    return;
  }
  YamlFile yaml;
  ++result->files_read;
  if (!ParseFile(root / kProjectFile, ctx, &yaml)) return;
  std::vector<YamlNode> docs = yaml.Documents();
  docs.erase(std::remove_if(docs.begin(), docs.end(), [](auto& d) { return d.IsNull(); }),
             docs.end());
  if (docs.empty()) {
    ctx.Error(SourceLocation{kProjectFile, 1, 1},
              "missing required field \"stack\" in backupctl.yaml");
    return;
  }
  if (docs.size() > 1) ctx.Error(docs[1], "backupctl.yaml holds one document only");
  result->sources.SetProject(ctx.At(docs[0]));
  DecodeProject(docs[0], ctx, &result->state.project);
}

// One file's documents, decoded on their own so that files load in parallel.
// A tree with targets has one part per target; otherwise one part.
struct FilePart {
  DesiredState state;  // the resources of this file only
  TreeIndex index;
  std::vector<Diagnostic> diagnostics;
};

struct FileLoad {
  std::vector<FilePart> parts;
  std::vector<Diagnostic> diagnostics;  // of the file itself: syntax, placement
  bool parsed = false;
  std::exception_ptr failure;  // rethrown by the loading thread, as a serial load would
};

void DecodePlaced(const YamlFile& yaml, const std::vector<TargetSpec>& targets,
                  FileContext& file_ctx, FileLoad* out) {
  const bool substitute = yaml.AnyScalarContains("${");
  std::vector<std::unique_ptr<YamlFile>> twins(targets.size());
  std::vector<YamlNode> docs = yaml.Documents();
  for (size_t d = 0; d < docs.size(); ++d) {
    if (docs[d].IsNull()) continue;
    for (size_t t : PlaceDocument(docs[d], file_ctx, targets)) {
      FilePart& part = out->parts[t];
      FileContext ctx{file_ctx.file, &part.diagnostics, file_ctx.file_index, &targets[t], &targets};
      YamlNode doc = docs[d];
      if (substitute) {
        if (!twins[t]) {
          twins[t] = std::make_unique<YamlFile>();
          twins[t]->CopyRewritten(
              yaml, [&](std::string_view text) { return SubstituteTarget(text, targets[t]); });
        }
        doc = twins[t]->Documents()[d];
      }
      DecodeDocument(doc, ctx, &part.state, &part.index);
    }
  }
}

// `own`: a tree without targets, its account when backupctl.yaml declares
// it (SingleTargetSpec), else empty.
void LoadFile(const fs::path& root, const std::string& file, uint32_t file_index,
              const Project& project, const std::vector<TargetSpec>& own, FileLoad* out) {
  try {
    FileContext ctx{file, &out->diagnostics, file_index};
    YamlFile yaml;
    out->parsed = ParseFile(root / file, ctx, &yaml);
    out->parts.resize(std::max<size_t>(1, project.targets.size()));
    if (!project.targets.empty()) {
      DecodePlaced(yaml, project.targets, ctx, out);
      return;
    }
    FilePart& part = out->parts[0];
    FileContext doc_ctx{file, &part.diagnostics, file_index, own.empty() ? nullptr : &own[0],
                        own.empty() ? nullptr : &own};
    for (const YamlNode& doc : yaml.Documents()) {
      if (doc.IsNull()) continue;
      RefusePlacement(doc, doc_ctx);
      DecodeDocument(doc, doc_ctx, &part.state, &part.index);
    }
  } catch (...) {
    out->failure = std::current_exception();
  }
}

template <typename T>
void Append(std::vector<T>& to, std::vector<T>& from) {
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

// Room for every file's part up front: appending then moves each resource once.
void Reserve(const std::vector<FileLoad>& loads, size_t p, DesiredState* state, TreeIndex* index) {
  auto reserve = [&loads, p](auto& to, auto part) {
    size_t n = to.size();
    for (const FileLoad& load : loads) n += part(load.parts[p]).size();
    to.reserve(n);
  };
  DesiredState& s = *state;
  reserve(
      s.vaults, [](const FilePart& l) -> const auto& { return l.state.vaults; });
  reserve(
      s.plans, [](const FilePart& l) -> const auto& { return l.state.plans; });
  reserve(
      s.selections, [](const FilePart& l) -> const auto& { return l.state.selections; });
  reserve(
      s.notifications, [](const FilePart& l) -> const auto& { return l.state.notifications; });
  reserve(
      s.access_policies, [](const FilePart& l) -> const auto& { return l.state.access_policies; });
  reserve(
      index->vault_names, [](const FilePart& l) -> const auto& { return l.index.vault_names; });
  reserve(
      index->plan_names, [](const FilePart& l) -> const auto& { return l.index.plan_names; });
  reserve(
      index->selection_names,
      [](const FilePart& l) -> const auto& { return l.index.selection_names; });
  reserve(
      index->notification_vaults,
      [](const FilePart& l) -> const auto& { return l.index.notification_vaults; });
  reserve(
      index->policy_vaults, [](const FilePart& l) -> const auto& { return l.index.policy_vaults; });
  reserve(
      index->vault_refs, [](const FilePart& l) -> const auto& { return l.index.vault_refs; });
  reserve(
      index->plan_refs, [](const FilePart& l) -> const auto& { return l.index.plan_refs; });
  reserve(
      index->retention, [](const FilePart& l) -> const auto& { return l.index.retention; });
}

// Appends in file order, so the result is exactly that of a serial load.
void Merge(FilePart& file, DesiredState* state, TreeIndex* index, SourceMap* sources,
           std::vector<Diagnostic>* diagnostics) {
  DesiredState& s = *state;
  Append(s.vaults, file.state.vaults);
  Append(s.plans, file.state.plans);
  Append(s.selections, file.state.selections);
  Append(s.notifications, file.state.notifications);
  Append(s.access_policies, file.state.access_policies);
  Append(s.region_settings, file.state.region_settings);
  Append(s.global_settings, file.state.global_settings);
  TreeIndex& i = file.index;
  Append(index->vault_names, i.vault_names);
  Append(index->plan_names, i.plan_names);
  Append(index->selection_names, i.selection_names);
  Append(index->notification_vaults, i.notification_vaults);
  Append(index->policy_vaults, i.policy_vaults);
  Append(index->region_settings, i.region_settings);
  Append(index->global_settings, i.global_settings);
  Append(index->vault_refs, i.vault_refs);
  Append(index->plan_refs, i.plan_refs);
  Append(index->retention, i.retention);
  sources->Merge(std::move(i.sources));
  Append(*diagnostics, file.diagnostics);
}

// Files are independent: they are parsed and decoded on up to one thread per core.
void LoadFiles(const fs::path& root, const std::vector<std::string>& files, const Project& project,
               const std::vector<TargetSpec>& own, std::vector<FileLoad>* loads) {
  loads->resize(files.size());
  const size_t threads = std::min<size_t>(
      {files.size(), std::max(1u, std::thread::hardware_concurrency()), kMaxLoadThreads});
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next++) < files.size();) {
      LoadFile(root, files[i], static_cast<uint32_t>(i), project, own, &(*loads)[i]);
    }
  };
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
}

// A problem found in the copies of several targets is reported once, naming them.
void AppendTagged(const std::vector<std::vector<Diagnostic>>& per_target,
                  const std::vector<TargetSpec>& targets, std::vector<Diagnostic>* out) {
  std::vector<std::pair<Diagnostic, std::string>> merged;
  std::map<std::tuple<std::string, int, int, int, std::string>, size_t> seen;
  for (size_t t = 0; t < per_target.size(); ++t) {
    for (const Diagnostic& d : per_target[t]) {
      auto key = std::make_tuple(d.where.file, d.where.line, d.where.column,
                                 static_cast<int>(d.severity), d.message);
      auto [it, fresh] = seen.emplace(key, merged.size());
      if (fresh) {
        merged.push_back({d, targets[t].name});
      } else {
        merged[it->second].second += ", " + targets[t].name;
      }
    }
  }
  for (auto& [d, names] : merged) {
    d.message += (names.find(',') == std::string::npos ? " [target " : " [targets ") + names + "]";
    out->push_back(std::move(d));
  }
}

bool LoadDocuments(const fs::path& root, const fs::path& canonical_root, LoadResult* result) {
  std::vector<std::string> listed, files;
  bool all_parsed = ListYamlFiles(root, canonical_root, &listed, &result->diagnostics);
  for (std::string& file : listed) {
    if (fs::path(file).filename() == kProjectFile) {
      result->diagnostics.push_back({Severity::kError, SourceLocation{file},
                                     "backupctl.yaml is only read at the root of the tree"});
      continue;
    }
    files.push_back(std::move(file));
  }
  const Project& project = result->state.project;
  std::vector<TargetSpec> own;
  if (auto spec = SingleTargetSpec(project)) own.push_back(std::move(*spec));
  std::vector<FileLoad> loads;
  LoadFiles(root, files, project, own, &loads);
  for (FileLoad& load : loads) {
    if (load.failure) std::rethrow_exception(load.failure);
    ++result->files_read;
    all_parsed = all_parsed && load.parsed;
    Append(result->diagnostics, load.diagnostics);
  }
  result->sources.SetFiles(files);
  if (project.targets.empty()) {
    TreeIndex index;
    index.files = files;
    Reserve(loads, 0, &result->state, &index);
    for (FileLoad& load : loads) {
      Merge(load.parts[0], &result->state, &index, &result->sources, &result->diagnostics);
    }
    CheckTree(result->state, index, all_parsed, &result->diagnostics);
    if (all_parsed && !own.empty()) {
      std::vector<std::vector<Diagnostic>> found(1);
      CheckAcrossTargets({{&own[0], &result->state, &index}}, project, &found);
      Append(result->diagnostics, found[0]);
    }
    return all_parsed;
  }
  const size_t n = project.targets.size();
  std::vector<TreeIndex> indices(n);
  std::vector<std::vector<Diagnostic>> diagnostics(n);
  result->targets.resize(n);
  for (size_t t = 0; t < n; ++t) {
    PlacedTarget& placed = result->targets[t];
    placed.spec = project.targets[t];
    placed.state.project = project;
    placed.sources.SetFiles(files);
    indices[t].files = files;
    Reserve(loads, t, &placed.state, &indices[t]);
    for (FileLoad& load : loads) {
      Merge(load.parts[t], &placed.state, &indices[t], &placed.sources, &diagnostics[t]);
    }
    CheckTree(placed.state, indices[t], all_parsed, &diagnostics[t]);
  }
  if (all_parsed) {
    std::vector<TargetShare> shares;
    for (size_t t = 0; t < n; ++t) {
      shares.push_back({&project.targets[t], &result->targets[t].state, &indices[t]});
    }
    CheckAcrossTargets(shares, project, &diagnostics);
  }
  AppendTagged(diagnostics, project.targets, &result->diagnostics);
  return all_parsed;
}

// File names and messages quote the input: one place makes them safe to print.
void MakePrintable(std::vector<Diagnostic>* diagnostics) {
  for (Diagnostic& d : *diagnostics) {
    d.where.file = EscapeControls(d.where.file);
    d.message = SafeDiagnosticText(d.message);
  }
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
    MakePrintable(&result.diagnostics);
    return result;
  }
  fs::path canonical_root = fs::canonical(root, ec);
  LoadProject(root, canonical_root, &result);
  LoadDocuments(root, canonical_root, &result);

  std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     return std::tie(a.where.file, a.where.line, a.where.column) <
                            std::tie(b.where.file, b.where.line, b.where.column);
                   });
  MakePrintable(&result.diagnostics);
  return result;
}

}  // namespace backupctl
