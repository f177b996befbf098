// Hostile input through the built binary (issue 15 items 2, 9, 10 and 11): a
// tree entry that cannot be read stops plan and apply before any write, even
// with --prune; errors never print what they quote verbatim; a damaged saved
// plan is "corrupt"; a state file that is not one fails fast and plan creates
// nothing. The local target keeps the account in a state file, so "nothing
// was written" is that file unchanged.
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/shell.h"

namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

struct CliRun {
  int exit_code = -1;
  std::string out;  // stdout and stderr
  double seconds = 0;
};

// Runs `backupctl ARGS` in `cwd`; a hang ends after 60 s (exit 124).
CliRun Backupctl(const std::string& args, const fs::path& cwd) {
  std::string command =
      "cd '" + cwd.string() + "' && NO_COLOR=1 timeout 60 '" BACKUPCTL_BIN "' " + args + " 2>&1";
  auto start = std::chrono::steady_clock::now();
  backupctl::testing::ShellRun shell = backupctl::testing::RunShell(command);
  CliRun run{shell.exit_code, std::move(shell.out),
             std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()};
  return run;
}

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void WriteFile(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

std::string Vault(const std::string& name) {
  return "apiVersion: backupctl/v1\nkind: BackupVault\nmetadata: {name: " + name + "}\nspec: {}\n";
}

// A work directory holding tree/ (backupctl.yaml, a.yaml: vault va, b.yaml:
// vault vb) and the state file st.json beside it.
class HostileInput : public ::testing::Test {
 protected:
  HostileInput() {
    std::string pattern = (fs::temp_directory_path() / "backupctl-hostile-XXXXXX").string();
    work_ = mkdtemp(pattern.data());
    tree_ = work_ / "tree";
    state_ = work_ / "st.json";
    WriteFile(tree_ / "backupctl.yaml", "stack: hostile\n");
    WriteFile(tree_ / "a.yaml", Vault("va"));
    WriteFile(tree_ / "b.yaml", Vault("vb"));
  }
  ~HostileInput() override { fs::remove_all(work_); }

  CliRun Run(const std::string& args) { return Backupctl(args, work_); }

  fs::path work_, tree_, state_;
};

// ---- item 2 ------------------------------------------------------------------

TEST_F(HostileInput, AnUnreadableEntryStopsPruneBeforeAnyWrite) {
  CliRun applied = Run("apply tree --state st.json");
  ASSERT_EQ(applied.exit_code, 0) << applied.out;
  const std::string before = ReadAll(state_);
  ASSERT_THAT(before, HasSubstr("\"vb\""));

  struct Case {
    std::string name;
    std::function<void(const fs::path&)> make;
    std::string message;
  };
  std::vector<Case> cases = {
      {"dangling symlink", [](const fs::path& p) { fs::create_symlink("/missing/b.yaml", p); },
       "a symlink to a missing file"},
      {"symlink loop", [](const fs::path& p) { fs::create_symlink("b.yaml", p); },
       "a symlink loop"},
      {"FIFO", [](const fs::path& p) { ASSERT_EQ(mkfifo(p.c_str(), 0600), 0); }, "a FIFO"},
      {"directory", [](const fs::path& p) { fs::create_directory(p); }, "a directory"},
      {"symlink out of the tree",
       [this](const fs::path& p) {
         WriteFile(work_ / "outside.yaml", Vault("vb"));
         fs::create_symlink("../outside.yaml", p);
       },
       "a symlink out of the tree"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    fs::remove_all(tree_ / "b.yaml");
    c.make(tree_ / "b.yaml");
    CliRun validate = Run("validate tree");
    EXPECT_EQ(validate.exit_code, 1) << validate.out;
    EXPECT_THAT(validate.out, HasSubstr("b.yaml: error: cannot load: " + c.message));
    CliRun plan = Run("plan tree --prune --state st.json");
    EXPECT_EQ(plan.exit_code, 1) << plan.out;
    EXPECT_THAT(plan.out, HasSubstr("the tree in tree is invalid"));
    EXPECT_THAT(plan.out, Not(HasSubstr("vault:vb")));
    CliRun apply = Run("apply tree --prune --state st.json");
    EXPECT_EQ(apply.exit_code, 1) << apply.out;
    EXPECT_EQ(ReadAll(state_), before) << "the account changed";
  }
}

// ---- item 9 ------------------------------------------------------------------

TEST_F(HostileInput, AProjectFileLinkedToEtcPasswdIsNotPrinted) {
  fs::remove(tree_ / "backupctl.yaml");
  fs::create_symlink("/etc/passwd", tree_ / "backupctl.yaml");
  for (const char* verb : {"validate tree", "validate tree -o json", "plan tree --state st.json"}) {
    CliRun run = Run(verb);
    EXPECT_EQ(run.exit_code, 1) << verb << "\n" << run.out;
    EXPECT_THAT(run.out, HasSubstr("a symlink out of the tree")) << verb;
    EXPECT_THAT(run.out, Not(HasSubstr("root:"))) << verb;
  }
  EXPECT_FALSE(fs::exists(state_));
}

TEST_F(HostileInput, ErrorLinesAreBoundedAndCannotBeForged) {
  WriteFile(tree_ / "b.yaml", Vault(std::string(10 << 20, 'x')));
  WriteFile(tree_ / "evil\nforged.yaml:1:1: error: \x1b[31mred.yaml", "kind: [\n");
  CliRun run = Run("validate tree");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_LT(run.out.size(), 4000u) << run.out.substr(0, 4000);
  EXPECT_THAT(run.out, HasSubstr("... (10485760 bytes)"));
  EXPECT_THAT(run.out, HasSubstr("evil\\nforged.yaml:1:1: error: \\x1b[31mred.yaml:"));
  EXPECT_EQ(run.out.find('\x1b'), std::string::npos);
  for (std::istringstream lines(run.out); !lines.eof();) {
    std::string line;
    std::getline(lines, line);
    EXPECT_EQ(line.rfind("forged.yaml", 0), std::string::npos) << line;
  }
}

// ---- item 10 -----------------------------------------------------------------

TEST_F(HostileInput, ADamagedPlanFileIsCorruptAndChangesNothing) {
  CliRun plan = Run("plan tree --state st.json --out plan.json");
  ASSERT_EQ(plan.exit_code, 0) << plan.out;
  const std::string saved = ReadAll(work_ / "plan.json");
  nlohmann::json j = nlohmann::json::parse(saved);
  auto edited = [&](const std::function<void(nlohmann::json&)>& edit) {
    nlohmann::json copy = j;
    edit(copy);
    return copy.dump(2);
  };
  std::vector<std::pair<std::string, std::string>> damaged = {
      {"truncated", saved.substr(0, saved.size() / 2)},
      {"empty", ""},
      {"null", "null\n"},
      {"desired", edited([](auto& p) { p["desired"]["vaults"][0]["name"] = "vz"; })},
      {"actions", edited([](auto& p) { p["actions"].erase(p["actions"].begin()); })},
      {"stack", edited([](auto& p) { p["stack"] = "other"; })},
      {"target", edited([](auto& p) { p["target"] = "aws eu-west-1"; })},
  };
  for (const auto& [name, text] : damaged) {
    SCOPED_TRACE(name);
    WriteFile(work_ / "bad.json", text);
    CliRun apply = Run("apply bad.json --state st.json");
    EXPECT_EQ(apply.exit_code, 1) << apply.out;
    EXPECT_THAT(apply.out, HasSubstr("bad.json: the plan file is corrupt"));
    EXPECT_THAT(apply.out, Not(HasSubstr("not a directory")));
    EXPECT_FALSE(fs::exists(state_)) << "apply wrote the account";
  }
  CliRun apply = Run("apply plan.json --state st.json");
  EXPECT_EQ(apply.exit_code, 0) << apply.out;
  EXPECT_THAT(ReadAll(state_), HasSubstr("\"vb\""));
}

// ---- item 11 -----------------------------------------------------------------

TEST_F(HostileInput, PlanOnAnAbsentStateCreatesNothing) {
  CliRun plan = Run("plan tree --state new/dir/st.json --detailed-exitcode");
  EXPECT_EQ(plan.exit_code, 2) << plan.out;
  EXPECT_THAT(plan.out, HasSubstr("vault:va"));
  EXPECT_FALSE(fs::exists(work_ / "new"));
  CliRun default_state = Run("plan tree");
  EXPECT_EQ(default_state.exit_code, 0) << default_state.out;
  EXPECT_FALSE(fs::exists(tree_ / ".backupctl"));
  CliRun out = Run("plan tree --out plan.json");  // the plan file only
  EXPECT_EQ(out.exit_code, 0) << out.out;
  EXPECT_FALSE(fs::exists(tree_ / ".backupctl"));
}

TEST_F(HostileInput, AStateThatIsNotARegularFileFailsFast) {
  ASSERT_EQ(mkfifo((work_ / "fifo").c_str(), 0600), 0);
  for (const char* state : {"/dev/zero", "fifo"}) {
    SCOPED_TRACE(state);
    CliRun plan = Run(std::string("plan tree --state ") + state);
    EXPECT_EQ(plan.exit_code, 1) << plan.out;
    EXPECT_THAT(plan.out, HasSubstr("not a regular file"));
    EXPECT_LT(plan.seconds, 10);
    CliRun apply = Run(std::string("apply tree --state ") + state);
    EXPECT_EQ(apply.exit_code, 1) << apply.out;
    EXPECT_THAT(apply.out, HasSubstr("not a regular file"));
    EXPECT_LT(apply.seconds, 10);
  }
}

TEST_F(HostileInput, AStateFileOverTheCapIsRefusedUnread) {
  { std::ofstream(state_) << ""; }
  fs::resize_file(state_, (256u << 20) + 1);  // sparse: no disk used
  CliRun plan = Run("plan tree --state st.json");
  EXPECT_EQ(plan.exit_code, 1) << plan.out;
  EXPECT_THAT(plan.out, HasSubstr("larger than 256 MiB"));
  EXPECT_LT(plan.seconds, 10);
}

}  // namespace
