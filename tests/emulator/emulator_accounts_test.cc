// `backupctl emulator` serving an organisation, driven by Debian's AWS CLI v2
// (/usr/bin/aws): --account maps a key to an account, --region serves several
// regions, and a profile with role_arn + source_profile (in a temporary
// AWS_CONFIG_FILE) assumes a role through the emulator's STS, ExternalId
// included, so the CLI acts in the role's account. The CLI of Debian 12
// (2.9) has no endpoint setting for STS; botocore's data path
// (AWS_DATA_PATH) takes an STS endpoint rule set pointing at the emulator
// instead, which is what the CLI's own tests do to redirect a service.
// The state file left at SIGTERM holds every (account, region).

#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "tests/support/peers.h"

namespace backupctl {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

constexpr char kRole[] = "arn:aws:iam::444455556666:role/backup";

std::string ShellQuote(const std::string& s) {
  std::string quoted = "'";
  for (char c : s) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

struct Result {
  int exit_code = -1;
  std::string out, err;
  Json json() const { return Json::parse(out.empty() ? "{}" : out, nullptr, false); }
};

class EmulatorAccountsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (access("/usr/bin/aws", X_OK) != 0) PEER_MISSING("no /usr/bin/aws (apt-get install awscli)");
    dir_ = fs::temp_directory_path() / ("emulator-accounts-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    state_ = (dir_ / "state.json").string();
    Start();
    ASSERT_GT(port_, 0);
    WriteAwsFiles();
  }
  void TearDown() override {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    fs::remove_all(dir_);
  }

  void Start() {
    int out[2];
    ASSERT_EQ(pipe(out), 0);
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], STDOUT_FILENO);
      close(out[0]);
      execl(BACKUPCTL_BIN, BACKUPCTL_BIN, "emulator", "--listen", "127.0.0.1:0", "--state",
            state_.c_str(), "--credentials", "test:test,AKIDBASE:base-secret", "--account",
            "AKIDBASE=333333333333", "--region", "us-east-1,eu-west-1", "--role-external-id",
            (std::string(kRole) + "=ext-123").c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    close(out[1]);
    std::string line;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd p{out[0], POLLIN, 0};
      if (poll(&p, 1, 100) <= 0) continue;
      char c;
      if (read(out[0], &c, 1) != 1 || c == '\n') break;
      line += c;
    }
    close(out[0]);
    const std::string prefix = "listening on http://127.0.0.1:";
    if (line.rfind(prefix, 0) == 0) port_ = std::stoi(line.substr(prefix.size()));
  }

  int Stop() {
    kill(pid_, SIGTERM);
    int status = 0;
    for (int i = 0; i < 1000; ++i) {
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return -1;
  }

  std::string Url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  // The shared config: a base profile, and a role profile on top of it; and
  // an STS endpoint rule set that sends every STS call to the emulator.
  void WriteAwsFiles() {
    std::ofstream(dir_ / "config")
        << "[profile base]\nregion = us-east-1\n\n"
           "[profile org]\nrole_arn = "
        << kRole
        << "\nsource_profile = base\nexternal_id = ext-123\n"
           "role_session_name = cli-session\nregion = eu-west-1\n\n"
           "[profile wrong-id]\nrole_arn = "
        << kRole << "\nsource_profile = base\nexternal_id = ext-999\nregion = eu-west-1\n";
    std::ofstream(dir_ / "credentials")
        << "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = base-secret\n";
    fs::path rules = dir_ / "data" / "sts" / "2011-06-15";
    fs::create_directories(rules);
    Json ruleset = {
        {"version", "1.0"},
        {"parameters",
         {{"Region",
           {{"builtIn", "AWS::Region"},
            {"required", false},
            {"documentation", "The region"},
            {"type", "String"}}}}},
        {"rules",
         {{{"conditions", Json::array()},
           {"endpoint",
            {{"url", Url()},
             {"properties",
              {{"authSchemes",
                {{{"name", "sigv4"}, {"signingName", "sts"}, {"signingRegion", "us-east-1"}}}}}},
             {"headers", Json::object()}}},
           {"type", "endpoint"}}}}};
    std::ofstream(rules / "endpoint-rule-set-1.json") << ruleset.dump(2);
  }

  // `aws ARGS` with only the environment set here.
  Result Aws(const std::string& env, const std::vector<std::string>& args) {
    std::string cmd =
        "env -i PATH=/usr/bin:/bin LC_ALL=C.UTF-8 HOME=" + ShellQuote(dir_.string()) +
        " AWS_CONFIG_FILE=" + ShellQuote((dir_ / "config").string()) +
        " AWS_SHARED_CREDENTIALS_FILE=" + ShellQuote((dir_ / "credentials").string()) +
        " AWS_DATA_PATH=" + ShellQuote((dir_ / "data").string()) +
        " AWS_PAGER= AWS_EC2_METADATA_DISABLED=true " + env + " timeout 60 /usr/bin/aws";
    for (const std::string& arg : args) cmd += " " + ShellQuote(arg);
    cmd += " --output json >" + ShellQuote((dir_ / "out").string()) + " 2>" +
           ShellQuote((dir_ / "err").string());
    int status = std::system(cmd.c_str());
    Result r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = ReadFile(dir_ / "out");
    r.err = ReadFile(dir_ / "err");
    return r;
  }

  Result Backup(const std::string& env, std::vector<std::string> args) {
    args.insert(args.begin(), "backup");
    args.push_back("--endpoint-url");
    args.push_back(Url());
    return Aws(env, args);
  }

  fs::path dir_;
  std::string state_;
  pid_t pid_ = -1;
  int port_ = -1;
};

TEST_F(EmulatorAccountsTest, TheAwsCliReachesEachAccountAndRegion) {
  const std::string base = "AWS_PROFILE=base";
  // A mapped key: its account, in the region --region names.
  Result east = Backup(base, {"create-backup-vault", "--backup-vault-name", "shared"});
  ASSERT_EQ(east.exit_code, 0) << east.err;
  EXPECT_EQ(east.json()["BackupVaultArn"],
            "arn:aws:backup:us-east-1:333333333333:backup-vault:shared");
  Result west = Backup(
      base, {"--region", "eu-west-1", "create-backup-vault", "--backup-vault-name", "shared"});
  ASSERT_EQ(west.exit_code, 0) << west.err;
  EXPECT_EQ(west.json()["BackupVaultArn"],
            "arn:aws:backup:eu-west-1:333333333333:backup-vault:shared");
  Result west_only = Backup(
      base, {"--region", "eu-west-1", "create-backup-vault", "--backup-vault-name", "west-only"});
  ASSERT_EQ(west_only.exit_code, 0) << west_only.err;
  Result listed = Backup(base, {"list-backup-vaults"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_EQ(listed.json()["BackupVaultList"].size(), 1u) << listed.out;
  Result unserved = Backup(base, {"--region", "ap-south-1", "list-backup-vaults"});
  EXPECT_EQ(unserved.exit_code, 254);
  EXPECT_NE(unserved.err.find("InvalidSignatureException"), std::string::npos) << unserved.err;

  // The key without --account: the default account, which has nothing.
  Result fallback =
      Aws("AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1",
          {"backup", "list-backup-vaults", "--endpoint-url", Url()});
  ASSERT_EQ(fallback.exit_code, 0) << fallback.err;
  EXPECT_TRUE(fallback.json()["BackupVaultList"].empty()) << fallback.out;

  // The role profile: STS AssumeRole at the emulator, then the role's account.
  Result who = Aws("AWS_PROFILE=org", {"sts", "get-caller-identity"});
  ASSERT_EQ(who.exit_code, 0) << who.err;
  EXPECT_EQ(who.json()["Account"], "444455556666") << who.out;
  EXPECT_EQ(who.json()["Arn"], "arn:aws:sts::444455556666:assumed-role/backup/cli-session");
  Result role_vault =
      Backup("AWS_PROFILE=org", {"create-backup-vault", "--backup-vault-name", "shared"});
  ASSERT_EQ(role_vault.exit_code, 0) << role_vault.err;
  EXPECT_EQ(role_vault.json()["BackupVaultArn"],
            "arn:aws:backup:eu-west-1:444455556666:backup-vault:shared");
  Result role_east = Backup("AWS_PROFILE=org", {"--region", "us-east-1", "list-backup-vaults"});
  ASSERT_EQ(role_east.exit_code, 0) << role_east.err;
  EXPECT_TRUE(role_east.json()["BackupVaultList"].empty()) << role_east.out;

  // A wrong ExternalId: AccessDenied from AssumeRole, nothing made.
  Result denied =
      Backup("AWS_PROFILE=wrong-id", {"create-backup-vault", "--backup-vault-name", "nope"});
  EXPECT_NE(denied.exit_code, 0);
  EXPECT_NE(denied.err.find("AccessDenied"), std::string::npos) << denied.err;

  ASSERT_EQ(Stop(), 0);
  Json state = Json::parse(ReadFile(state_));
  EXPECT_EQ(state["version"], 3);  // several accounts (organization_store.h)
  std::set<std::string> pairs;
  for (const Json& account : state["accounts"]) {
    std::string names;
    for (const auto& vault : account["Vaults"].items()) names += vault.key() + ";";
    pairs.insert(account["AccountId"].get<std::string>() + "/" +
                 account["Region"].get<std::string>() + ":" + names);
  }
  EXPECT_EQ(pairs,
            (std::set<std::string>{"123456789012/us-east-1:", "333333333333/us-east-1:shared;",
                                   "333333333333/eu-west-1:shared;west-only;",
                                   "444455556666/eu-west-1:shared;", "444455556666/us-east-1:"}))
      << state.dump();
}

}  // namespace
}  // namespace backupctl
