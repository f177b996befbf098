// Every case of tests/data/invalid must produce exactly its expected.txt lines.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "desired/loader.h"
#include "tests/desired/temp_tree.h"

namespace backupctl {
namespace {

namespace fs = std::filesystem;

const fs::path kCorpus = fs::path(BACKUPCTL_SOURCE_DIR) / "tests/data/invalid";

std::vector<std::string> CaseNames() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(kCorpus)) {
    if (entry.is_directory()) names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<std::string> ReadLines(const fs::path& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

class InvalidCorpus : public testing::TestWithParam<std::string> {};

TEST_P(InvalidCorpus, LoadTreeReportsExactlyTheExpectedLines) {
  fs::path dir = kCorpus / GetParam();
  std::vector<std::string> expected = ReadLines(dir / "expected.txt");
  ASSERT_FALSE(expected.empty()) << "no expected.txt in " << dir;
  LoadResult r = LoadTree(dir.string());
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(Lines(r), expected);
}

INSTANTIATE_TEST_SUITE_P(Cases, InvalidCorpus, testing::ValuesIn(CaseNames()),
                         [](const testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(InvalidCorpusSize, HoldsAtLeastFortyCases) { EXPECT_GE(CaseNames().size(), 40u); }

}  // namespace
}  // namespace backupctl
