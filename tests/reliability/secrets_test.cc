// Secrets never reach a log line or an output file: an emulator process and
// a full plan / saved-plan apply / drift repair / refused-signature round of
// backupctl, all at --log-level trace (text and JSON logs), with distinctive
// credentials. Every stdout, stderr and file they wrote is searched for the
// secret key, the session token (raw and percent-encoded) and "Signature=".

#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "providers/wire/rest.h"
#include "tests/reliability/test_support.h"

namespace backupctl::reliability {
namespace {

namespace fs = std::filesystem;

constexpr char kKeyId[] = "AKIDSECRETSCAN00001";
constexpr char kSecret[] = "SeCrEtKeY/ScAn+0123456789abcdefghijKLMN";
constexpr char kToken[] = "SeSsIoNtOkEn/ScAn+IQoJb3JpZ2luX2VjEOr//////////wEaCXVzLWVhc3QtMSJH";
constexpr char kWrongSecret[] = "WrOnGsEcReT/ScAn+9876543210zyxwvutsrq";

std::map<std::string, std::string> ClientEnv(const std::string& url, const std::string& secret) {
  std::map<std::string, std::string> env = EmulatorEnv(url);
  env["AWS_ACCESS_KEY_ID"] = kKeyId;
  env["AWS_SECRET_ACCESS_KEY"] = secret;
  env["AWS_SESSION_TOKEN"] = kToken;
  return env;
}

std::vector<std::string> Needles() {
  std::vector<std::string> needles;
  for (const std::string s : {kSecret, kToken, kWrongSecret}) {
    needles.push_back(s);
    needles.push_back(UriEncode(s));
    needles.push_back(s.substr(0, 16));  // a prefix: truncated or wrapped secrets count too
  }
  needles.push_back("Signature=");
  return needles;
}

struct Scan {
  int sources = 0;
  size_t bytes = 0;
  std::vector<std::string> hits;

  void Search(const std::string& source, const std::string& text) {
    ++sources;
    bytes += text.size();
    for (const std::string& needle : Needles()) {
      if (text.find(needle) != std::string::npos) hits.push_back(source + " holds " + needle);
    }
  }
};

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The estate with a changed tag and retention: applying it updates in place.
std::string ChangedEstate(const std::string& dir) {
  std::string tree = dir + "/changed";
  fs::create_directories(tree);
  fs::copy_file(EstateDir() + "/backupctl.yaml", tree + "/backupctl.yaml");
  std::string text = ReadFile(EstateDir() + "/estate.yaml");
  text.replace(text.find("tier: gold"), 10, "tier: silver");
  text.replace(text.find("deleteAfterDays: 90"), 19, "deleteAfterDays: 91");
  std::ofstream(tree + "/estate.yaml") << text;
  return tree;
}

TEST(Secrets, NoSecretInAnyLogLineOrOutputFileAtTraceLevel) {
  TempDir dir;
  std::string state = dir.path() + "/emulator.json";
  Child emulator({"--log-level", "trace", "emulator", "--listen", "127.0.0.1:0", "--state", state,
                  "--credentials", std::string(kKeyId) + ":" + kSecret},
                 {});
  std::string first = emulator.FirstLine(20);
  ASSERT_EQ(first.rfind("listening on ", 0), 0u) << first;
  std::string url = first.substr(13);

  Scan scan;
  std::string plan_file = dir.path() + "/plan.json";
  std::vector<std::vector<std::string>> runs = {
      {"--log-level", "trace", "plan", EstateDir(), "--out", plan_file, "-o", "json"},
      {"--log-level", "trace", "apply", plan_file},
      {"--log-level", "trace", "--log-format", "json", "plan", EstateDir(), "-o", "markdown"},
      {"--log-level", "trace", "--log-format", "json", "apply", ChangedEstate(dir.path()),
       "--prune"},
  };
  std::string trace_lines;
  for (auto& args : runs) {
    args.insert(args.end(), {"--target", "aws", "--endpoint", url, "--region", "us-east-1"});
    ChildResult r = RunBackupctl(args, ClientEnv(url, kSecret));
    const std::string& verb = args[args[2] == "--log-format" ? 4 : 2];
    EXPECT_EQ(r.exit_code, 0) << verb << ": " << r.err.substr(0, 2000);
    scan.Search(verb + " stdout", r.out);
    scan.Search(verb + " stderr", r.err);
    trace_lines += r.err;
  }
  // A refused signature: the error path must not echo what was sent either.
  std::vector<std::string> refused = {"--log-level", "trace",    "plan",       EstateDir(),
                                      "--target",    "aws",      "--endpoint", url,
                                      "--region",    "us-east-1"};
  ChildResult bad = RunBackupctl(refused, ClientEnv(url, kWrongSecret));
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("InvalidSignatureException"), std::string::npos) << bad.err;
  scan.Search("refused stdout", bad.out);
  scan.Search("refused stderr", bad.err);

  emulator.Kill(SIGTERM);
  ChildResult stopped = emulator.Wait(20);
  EXPECT_EQ(stopped.exit_code, 0) << stopped.err;
  scan.Search("emulator stdout", stopped.out);
  scan.Search("emulator stderr", stopped.err);
  for (const auto& entry : fs::recursive_directory_iterator(dir.path())) {
    if (entry.is_regular_file()) scan.Search(entry.path().string(), ReadFile(entry.path()));
  }

  // The logs were really at trace level: per-call lines are there to search.
  EXPECT_NE(trace_lines.find("ListBackupVaults"), std::string::npos);
  EXPECT_TRUE(fs::exists(plan_file));
  EXPECT_TRUE(fs::exists(state));
  for (const std::string& hit : scan.hits) ADD_FAILURE() << hit;
  std::ostringstream line;
  line << "secrets: sources_scanned=" << scan.sources << " bytes_scanned=" << scan.bytes
       << " hits=" << scan.hits.size();
  ReportFigure("secrets", line.str());
}

}  // namespace
}  // namespace backupctl::reliability
