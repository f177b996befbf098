// The fuzz smoke run: scripts/fuzz.sh builds the libFuzzer targets with clang
// (ASan + UBSan) in a sub-build next to this build, then runs each one for a
// few seconds from its seed corpus. Any crash, leak, sanitizer report or
// broken property fails the test. Prints the executions per target. The
// `policy` target reaches the normaliser and the differ with policies nested
// far deeper than their limit.
// BACKUPCTL_LONG=1 runs each target for 60 s.

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <regex>
#include <sstream>

#include "tests/reliability/test_support.h"

namespace backupctl::reliability {
namespace {

namespace fs = std::filesystem;

// Runs `command` through the shell; returns its exit status and stdout.
int Shell(const std::string& command, std::string* out) {
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return -1;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) out->append(buf.data(), n);
  int status = pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(FuzzSmoke, EveryTargetRunsCleanFromItsSeedCorpus) {
  if (Sanitized()) GTEST_SKIP() << "the fuzz targets carry their own sanitizers";
  std::string ignored;
  if (Shell("command -v clang++", &ignored) != 0) GTEST_SKIP() << "clang++ is not installed";
  fs::path build = fs::path(BACKUPCTL_BIN).parent_path() / "fuzz";
  std::string seconds = LongRun() ? "60" : "5";
  std::string out;
  int status = Shell("FUZZ_BUILD_DIR='" + build.string() + "' bash '" + BACKUPCTL_SOURCE_DIR +
                         "/scripts/fuzz.sh' smoke " + seconds + " 2>&1",
                     &out);
  ASSERT_EQ(status, 0) << out;

  std::regex line_re("fuzz: target=(\\w+) executions=(\\d+)");
  std::ostringstream figures;
  figures << "fuzz:";
  int targets = 0;
  for (std::sregex_iterator it(out.begin(), out.end(), line_re), end; it != end; ++it) {
    ++targets;
    EXPECT_GT(std::stoll((*it)[2]), 100) << (*it)[1] << " barely ran";
    figures << " " << (*it)[1] << "=" << (*it)[2];
  }
  EXPECT_EQ(targets, 5) << out;
  figures << " (executions in " << seconds << " s each)";
  ReportFigure("fuzz", figures.str());
}

}  // namespace
}  // namespace backupctl::reliability
