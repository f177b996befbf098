// `backupctl validate` and `backupctl schema` as users run them: the built
// binary over the invalid corpus and the example trees.
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/shell.h"

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

const fs::path kSource = BACKUPCTL_SOURCE_DIR;
const fs::path kCorpus = kSource / "tests/data/invalid";
const fs::path kExamples = kSource / "examples";

struct CliRun {
  int exit_code = -1;
  std::string out;  // stdout and stderr
};

// Runs `backupctl ARGS` in `cwd`; a hang fails after 60 s instead of blocking.
CliRun Backupctl(const std::string& args, const fs::path& cwd = kSource) {
  std::string command =
      "cd '" + cwd.string() + "' && timeout 60 '" BACKUPCTL_BIN "' " + args + " 2>&1";
  backupctl::testing::ShellRun run = backupctl::testing::RunShell(command);
  return {run.exit_code, std::move(run.out)};
}

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

std::vector<std::string> ReadLines(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream buf;
  buf << in.rdbuf();
  return SplitLines(buf.str());
}

std::vector<std::string> Dirs(const fs::path& root) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(root)) {
    if (entry.is_directory()) names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string TestName(const testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

class CorpusCase : public testing::TestWithParam<std::string> {};

TEST_P(CorpusCase, ExitsOneWithTheExpectedLines) {
  fs::path dir = kCorpus / GetParam();
  std::vector<std::string> expected = ReadLines(dir / "expected.txt");
  CliRun run = Backupctl("validate '" + dir.string() + "'");
  EXPECT_EQ(run.exit_code, 1) << run.out;
  std::vector<std::string> lines = SplitLines(run.out);
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines.back().rfind("FAILED: ", 0), 0u) << lines.back();
  lines.pop_back();
  EXPECT_EQ(lines, expected);
}

INSTANTIATE_TEST_SUITE_P(Invalid, CorpusCase, testing::ValuesIn(Dirs(kCorpus)), TestName);

class ExampleTree : public testing::TestWithParam<std::string> {};

TEST_P(ExampleTree, ExitsZeroWithAOneLineSummary) {
  CliRun run = Backupctl("validate examples/" + GetParam());
  EXPECT_EQ(run.exit_code, 0) << run.out;
  std::vector<std::string> lines = SplitLines(run.out);
  // A tree with targets adds one line per target below the summary.
  size_t targets = std::count_if(lines.begin(), lines.end(),
                                 [](const std::string& l) { return l.rfind("  target ", 0) == 0; });
  ASSERT_EQ(lines.size(), 1u + targets) << run.out;
  EXPECT_EQ(lines[0].rfind("OK: ", 0), 0u) << lines[0];
  EXPECT_NE(lines[0].find("BackupVault"), std::string::npos);
  EXPECT_NE(lines[0].find(" files (stack \""), std::string::npos) << lines[0];
}

INSTANTIATE_TEST_SUITE_P(Examples, ExampleTree, testing::ValuesIn(Dirs(kExamples)), TestName);

TEST(Validate, DefaultsToTheCurrentDirectory) {
  CliRun run = Backupctl("validate", kExamples / "minimal");
  EXPECT_EQ(run.exit_code, 0) << run.out;
  EXPECT_EQ(run.out,
            "OK: 1 BackupVault, 1 BackupPlan, 1 BackupSelection in 2 files (stack \"minimal\")\n");
}

TEST(Validate, JsonOutputForAValidTree) {
  CliRun run = Backupctl("validate examples/production --output json");
  ASSERT_EQ(run.exit_code, 0) << run.out;
  json out = json::parse(run.out);
  EXPECT_EQ(out["valid"], true);
  EXPECT_EQ(out["summary"]["stack"], "prod");
  EXPECT_EQ(out["summary"]["errors"], 0);
  EXPECT_EQ(out["summary"]["resources"]["BackupVault"], 3);
  EXPECT_EQ(out["summary"]["resources"]["BackupVaultAccessPolicy"], 2);
  EXPECT_TRUE(out["diagnostics"].empty());
}

TEST(Validate, JsonOutputListsEveryDiagnostic) {
  fs::path dir = kCorpus / "copy-without-lifecycle";
  CliRun run = Backupctl("validate -o json '" + dir.string() + "'");
  ASSERT_EQ(run.exit_code, 1) << run.out;
  json out = json::parse(run.out);
  EXPECT_EQ(out["valid"], false);
  EXPECT_EQ(out["summary"]["errors"], 1);
  EXPECT_EQ(out["summary"]["warnings"], 1);
  ASSERT_EQ(out["diagnostics"].size(), 2u);
  const json& d = out["diagnostics"][1];
  EXPECT_EQ(d["file"], "bad.yaml");
  EXPECT_EQ(d["line"], 17);
  EXPECT_EQ(d["column"], 27);
  EXPECT_EQ(d["severity"], "error");
  EXPECT_EQ(d["message"], "\"startWindowMinutes\" must be at least 60 (got 10)");
  EXPECT_EQ(out["diagnostics"][0]["severity"], "warning");
}

TEST(Validate, RejectsAnUnknownOutputFormat) {
  CliRun run = Backupctl("validate examples/minimal --output yaml");
  EXPECT_NE(run.exit_code, 0);
}

TEST(Schema, PrintsTheCommittedDocumentSchema) {
  CliRun run = Backupctl("schema");
  ASSERT_EQ(run.exit_code, 0) << run.out;
  std::ifstream committed(kExamples / "backupctl.schema.json");
  EXPECT_EQ(json::parse(run.out), json::parse(committed));
  CliRun project = Backupctl("schema --project");
  ASSERT_EQ(project.exit_code, 0);
  json required = json::parse(project.out)["required"];
  EXPECT_NE(std::find(required.begin(), required.end(), "stack"), required.end()) << required;
}

TEST(Help, ListsValidateAndSchema) {
  CliRun run = Backupctl("--help");
  EXPECT_NE(run.out.find("validate"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("schema"), std::string::npos) << run.out;
}

}  // namespace
