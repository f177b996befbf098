// Bad input: every tree of the invalid corpus, and trees holding truncated,
// binary, huge (100 MB), deeply nested and alias-bomb YAML, run through
// `backupctl plan` against an emulator. Each is refused with exit 1 and a
// clear error, the emulator's request log shows zero API calls, and the
// process stays within bounded time and memory (peak RSS from wait4).

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "tests/reliability/test_support.h"

namespace backupctl::reliability {
namespace {

namespace fs = std::filesystem;

constexpr long kMaxRssKb = 500 * 1024;
constexpr double kMaxSeconds = 30;

class BadInput : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = StartEmulator();
    ASSERT_NE(server_, nullptr);
  }

  ChildResult Plan(const std::string& tree) {
    return RunBackupctl(
        {"plan", tree, "--target", "aws", "--endpoint", server_->url(), "--region", "us-east-1"},
        EmulatorEnv(server_->url()), kMaxSeconds);
  }

  // A tree of the estate's project file and one resources file `text`.
  std::string TreeWith(const std::string& text) {
    std::string tree = dir_.path() + "/tree" + std::to_string(trees_++);
    fs::create_directories(tree);
    fs::copy_file(EstateDir() + "/backupctl.yaml", tree + "/backupctl.yaml");
    std::ofstream(tree + "/bad.yaml", std::ios::binary) << text;
    return tree;
  }

  // Refused: exit 1, `message` on stderr, bounded, and no API call made.
  void ExpectRefused(const std::string& tree, const std::string& message) {
    ChildResult r = Plan(tree);
    EXPECT_TRUE(r.exited) << tree << ": killed by signal " << r.signal;
    EXPECT_FALSE(r.timed_out) << tree;
    EXPECT_EQ(r.exit_code, 1) << tree << "\n" << r.err.substr(0, 2000);
    EXPECT_NE(r.err.find(message), std::string::npos) << tree << "\n" << r.err.substr(0, 2000);
    EXPECT_LT(r.max_rss_kb, kMaxRssKb) << tree;
    EXPECT_EQ(server_->request_log().Records().size(), 0u) << tree << " made API calls";
    max_rss_kb_ = std::max(max_rss_kb_, r.max_rss_kb);
    max_seconds_ = std::max(max_seconds_, r.seconds);
  }

  std::string Estate() {
    std::ifstream in(EstateDir() + "/estate.yaml");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }

  std::unique_ptr<EmulatorServer> server_;
  TempDir dir_;
  int trees_ = 0;
  long max_rss_kb_ = 0;
  double max_seconds_ = 0;
};

TEST_F(BadInput, InvalidCorpusIsRefusedWithZeroApiCalls) {
  int cases = 0;
  for (const auto& entry :
       fs::directory_iterator(std::string(BACKUPCTL_SOURCE_DIR) + "/tests/data/invalid")) {
    if (!entry.is_directory()) continue;
    ++cases;
    ExpectRefused(entry.path().string(), "error:");
  }
  EXPECT_GE(cases, 50);
  std::ostringstream line;
  line << "bad-input: invalid_corpus_cases=" << cases
       << " api_calls=" << server_->request_log().Records().size()
       << " max_rss_mb=" << max_rss_kb_ / 1024 << " max_seconds=" << max_seconds_;
  ReportFigure("bad_input_corpus", line.str());
}

TEST_F(BadInput, TruncatedYamlIsRefused) {
  std::string estate = Estate();
  // Inside a quoted scalar, inside a flow sequence, and mid-way through a key.
  size_t quoted = estate.find("\"2012-10-17\"") + 5;
  size_t flow = estate.find("[BACKUP_JOB_COMPLETED") + 10;
  ExpectRefused(TreeWith(estate.substr(0, quoted)), "YAML syntax error");
  ExpectRefused(TreeWith(estate.substr(0, flow)), "YAML syntax error");
  ExpectRefused(TreeWith(estate.substr(0, estate.find("targetBackupVaultName: rel-logs") + 6)),
                "error:");
  // Any cut: never a crash, never an API call when refused, never a hang.
  for (size_t cut = 97; cut < estate.size(); cut += 211) {
    ChildResult r = Plan(TreeWith(estate.substr(0, cut)));
    EXPECT_TRUE(r.exited && !r.timed_out) << "cut at " << cut;
    EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1) << "cut at " << cut << ": " << r.err;
    if (r.exit_code == 1) {
      EXPECT_EQ(server_->request_log().Records().size(), 0u) << "cut at " << cut;
    }
    server_->request_log().Clear();
  }
}

TEST_F(BadInput, BinaryFileIsRefused) {
  std::mt19937 rng(7);
  std::string blob(64 * 1024, '\0');
  for (char& c : blob) c = static_cast<char>(rng());
  ExpectRefused(TreeWith(blob), "not a UTF-8 text file");
  ExpectRefused(TreeWith(std::string("apiVersion: backupctl/v1\nkind: Backup\0Vault\n", 43)),
                "not a UTF-8 text file");
}

TEST_F(BadInput, HugeFileIsRefusedInBoundedMemory) {
  std::string tree = TreeWith("");
  {
    std::ofstream out(tree + "/bad.yaml", std::ios::binary | std::ios::trunc);
    std::string line = "- a-list-item-that-never-ends-in-a-file-nobody-should-write\n";
    for (size_t written = 0; written < (100u << 20); written += line.size()) out << line;
  }
  ExpectRefused(tree, "larger than");
}

TEST_F(BadInput, LargestAcceptedFileStaysInBoundedMemory) {
  // Just under the loader's size limit, as many tiny nodes as fit: the worst
  // case for memory that still gets parsed.
  std::string tree = TreeWith("");
  {
    std::ofstream out(tree + "/bad.yaml", std::ios::binary | std::ios::trunc);
    out << "apiVersion: backupctl/v1\nkind: BackupVault\nmetadata: {name: big}\nspec:\n  "
           "backupVaultTags:\n";
    for (size_t i = 0, written = 0; written < (15u << 20); ++i) {
      std::string entry = "    k" + std::to_string(i) + ": v\n";
      out << entry;
      written += entry.size();
    }
  }
  ExpectRefused(tree, "YAML nodes in one file");
}

TEST_F(BadInput, DeeplyNestedYamlIsRefused) {
  ExpectRefused(TreeWith(std::string(100000, '[')), "nested more than");
  std::string maps;
  for (int i = 0; i < 100000; ++i) maps += "{a: ";
  ExpectRefused(TreeWith(maps), "nested more than");
  std::string block;
  for (int i = 0; i < 5000; ++i) block += std::string(i, ' ') + "- \n";
  ExpectRefused(TreeWith(block), "error:");
}

TEST_F(BadInput, AliasBombIsRefusedInBoundedTimeAndMemory) {
  // "Billion laughs": ten levels of ten aliases each, in a field that takes
  // arbitrary structure (an access policy) and one that takes strings.
  std::string bomb =
      "apiVersion: backupctl/v1\nkind: BackupVaultAccessPolicy\n"
      "metadata: {name: bomb}\nspec:\n  backupVaultName: rel-primary\n  policy:\n"
      "    l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (int i = 1; i < 10; ++i) {
    std::string prev = "*l" + std::to_string(i - 1);
    bomb += "    l" + std::to_string(i) + ": &l" + std::to_string(i) + " [";
    for (int k = 0; k < 10; ++k) bomb += prev + (k < 9 ? ", " : "]\n");
  }
  ExpectRefused(TreeWith(bomb), "error:");
  std::string tags = bomb;
  tags.replace(tags.find("kind: BackupVaultAccessPolicy"), 29, "kind: BackupVault");
  ExpectRefused(TreeWith(tags), "error:");
  std::ostringstream line;
  line << "bad-input(alias bomb): max_rss_mb=" << max_rss_kb_ / 1024
       << " max_seconds=" << max_seconds_;
  std::cout << line.str() << std::endl;
}

}  // namespace
}  // namespace backupctl::reliability
