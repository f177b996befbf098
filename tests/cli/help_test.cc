// The command line as users see it: every verb's --help says what it reads
// and writes, and one --log-format flag sets the log lines of every verb.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/shell.h"

namespace {

namespace fs = std::filesystem;

const fs::path kExamples = fs::path(BACKUPCTL_SOURCE_DIR) / "examples";

struct CliRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string Slurp(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

// Runs `backupctl ARGS`, stdout and stderr apart; a hang fails after 60 s.
CliRun Backupctl(const std::string& args) {
  fs::path err = fs::temp_directory_path() / ("backupctl-cli-err-" + std::to_string(getpid()));
  std::string command = "timeout 60 '" BACKUPCTL_BIN "' " + args + " 2>'" + err.string() + "'";
  backupctl::testing::ShellRun shell = backupctl::testing::RunShell(command);
  CliRun run{shell.exit_code, std::move(shell.out), Slurp(err)};
  fs::remove(err);
  return run;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

// The verbs `backupctl --help` lists under "Subcommands:".
std::vector<std::string> Verbs() {
  CliRun help = Backupctl("--help");
  std::vector<std::string> verbs;
  bool in_list = false;
  for (const std::string& line : Lines(help.out)) {
    if (line == "Subcommands:") {
      in_list = true;
    } else if (in_list) {
      std::smatch m;
      if (!std::regex_match(line, m, std::regex("  ([a-z]+)\\b.*"))) break;
      verbs.push_back(m[1]);
    }
  }
  return verbs;
}

bool HasLineStarting(const std::string& text, const std::string& prefix) {
  for (const std::string& line : Lines(text)) {
    if (line.rfind(prefix, 0) == 0 && line.size() > prefix.size()) return true;
  }
  return false;
}

TEST(Help, EveryVerbStatesWhatItReadsAndWrites) {
  std::vector<std::string> verbs = Verbs();
  for (const char* verb :
       {"version", "validate", "schema", "emulator", "plan", "apply", "export", "daemon"}) {
    EXPECT_NE(std::find(verbs.begin(), verbs.end(), verb), verbs.end()) << verb;
  }
  for (const std::string& verb : verbs) {
    CliRun help = Backupctl(verb + " --help");
    EXPECT_EQ(help.exit_code, 0) << verb << "\n" << help.err;
    EXPECT_TRUE(HasLineStarting(help.out, "Reads: ")) << verb << "\n" << help.out;
    EXPECT_TRUE(HasLineStarting(help.out, "Writes: ")) << verb << "\n" << help.out;
  }
}

TEST(Help, PlanSaysItWritesNothingToTheAccount) {
  CliRun help = Backupctl("plan --help");
  EXPECT_NE(help.out.find("Writes: nothing to the account"), std::string::npos) << help.out;
  EXPECT_NE(help.out.find("--out"), std::string::npos);
}

class LogFormat : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("backupctl-logfmt-" + std::to_string(getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // `plan` of the minimal example against a fresh local account, at info, so
  // it logs "plan saved to ...".
  CliRun Plan(const std::string& log_flags) {
    return Backupctl("--log-level info " + log_flags + " plan '" +
                     (kExamples / "minimal").string() + "' --state '" +
                     (dir_ / "state.json").string() + "' --out '" + (dir_ / "plan.json").string() +
                     "'");
  }

  fs::path dir_;
};

bool AllJson(const std::string& text) {
  for (const std::string& line : Lines(text)) {
    auto parsed = nlohmann::json::parse(line, nullptr, false);
    if (parsed.is_discarded() || !parsed.contains("msg")) return false;
  }
  return true;
}

TEST_F(LogFormat, JsonGivesOneJsonObjectPerLine) {
  CliRun run = Plan("--log-format json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  ASSERT_NE(run.err.find("plan saved to"), std::string::npos) << run.err;
  EXPECT_TRUE(AllJson(run.err)) << run.err;
}

TEST_F(LogFormat, TextIsTheVerbsDefault) {
  for (const std::string flags : {"", "--log-format text"}) {
    CliRun run = Plan(flags);
    ASSERT_EQ(run.exit_code, 0) << run.err;
    ASSERT_NE(run.err.find("plan saved to"), std::string::npos) << run.err;
    EXPECT_EQ(run.err.find("\"msg\""), std::string::npos) << flags << "\n" << run.err;
  }
}

TEST_F(LogFormat, DeprecatedLogJsonStillMeansJsonButIsNotAdvertised) {
  CliRun run = Plan("--log-json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(AllJson(run.err)) << run.err;
  EXPECT_EQ(Backupctl("--help").out.find("--log-json"), std::string::npos);
}

TEST(LogFlags, ServicesTakeThemAfterTheVerbAndRefuseUnknownFormats) {
  for (const std::string verb : {"daemon", "emulator"}) {
    CliRun help = Backupctl(verb + " --help");
    EXPECT_NE(help.out.find("--log-format"), std::string::npos) << verb << "\n" << help.out;
    EXPECT_NE(help.out.find("--log-level"), std::string::npos) << verb << "\n" << help.out;
    CliRun bad = Backupctl(verb + " --log-format yaml");
    EXPECT_NE(bad.exit_code, 0) << verb;
    EXPECT_NE(bad.err.find("--log-format"), std::string::npos) << verb << "\n" << bad.err;
  }
  CliRun bad = Backupctl("--log-format yaml version");
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.err.find("--log-format"), std::string::npos) << bad.err;
}

}  // namespace
