// `backupctl emulator` as a process: it prints its address first, serves
// signed calls, persists its state, seeds recovery points by flag, exits 0 on
// SIGTERM after flushing, and refuses bad flags with a clear error.

#include <gtest/gtest.h>
#include <httplib.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "providers/sigv4/sigv4.h"
#include "providers/wire/rest.h"
#include "tests/support/wait_until.h"

namespace backupctl {
namespace {

namespace fs = std::filesystem;

struct Child {
  pid_t pid = -1;
  int out = -1;  // the child's stdout
  int err = -1;  // the child's stderr
};

Child Spawn(const std::vector<std::string>& args) {
  int out[2];
  int err[2];
  if (pipe(out) != 0 || pipe(err) != 0) return {};
  pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    dup2(err[1], STDERR_FILENO);
    close(out[0]);
    close(err[0]);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(BACKUPCTL_BIN));
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(BACKUPCTL_BIN, argv.data());
    _exit(127);
  }
  close(out[1]);
  close(err[1]);
  return {pid, out[0], err[0]};
}

// Reads from fd until a newline or EOF, waiting at most `timeout_ms` overall.
std::string ReadLine(int fd, int timeout_ms) {
  std::string line;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    char c;
    if (read(fd, &c, 1) != 1 || c == '\n') break;
    line += c;
  }
  return line;
}

std::string ReadAll(int fd) {
  std::string all;
  char buf[4096];
  for (int i = 0; i < 1000; ++i) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 5000) <= 0) break;
    ssize_t n = read(fd, buf, sizeof(buf));
    if (n <= 0) break;
    all.append(buf, static_cast<size_t>(n));
  }
  return all;
}

// Waits for the child to exit (at most 10 s); returns its exit code, or -1.
int Wait(pid_t pid) {
  int status = 0;
  if (testing::WaitUntil([&] { return waitpid(pid, &status, WNOHANG) == pid; },
                         std::chrono::seconds(10), std::chrono::milliseconds(10))) {
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  return -1;
}

int PortOf(const std::string& first_line) {
  const std::string prefix = "listening on http://127.0.0.1:";
  if (first_line.rfind(prefix, 0) != 0) return -1;
  return std::stoi(first_line.substr(prefix.size()));
}

HttpResponse SignedCall(int port, HttpRequest req, const std::string& secret = "test") {
  SigV4Request s{req.method, req.path, req.QueryString(), {}, req.body};
  for (const auto& [name, value] : req.headers) s.headers.emplace_back(name, value);
  s.headers.emplace_back("host", "127.0.0.1:" + std::to_string(port));
  SigV4Options options;
  options.region = "us-east-1";
  SignRequest(&s, {"test", secret, "", std::nullopt}, options);
  httplib::Client client("127.0.0.1", port);
  client.set_url_encode(false);
  httplib::Request hreq;
  hreq.method = req.method;
  hreq.path = req.path;
  for (const auto& [name, value] : s.headers) hreq.set_header(name, value);
  hreq.body = req.body;
  httplib::Response res;
  httplib::Error error;
  HttpResponse resp;
  resp.status = client.send(hreq, res, error) ? res.status : -1;
  resp.body = res.body;
  return resp;
}

class EmulatorCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("emulator-cli-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    state_ = (dir_ / "state.json").string();
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
  std::string state_;
};

TEST_F(EmulatorCliTest, ServesPersistsAndStopsCleanlyOnSigterm) {
  Child child = Spawn({"emulator", "--listen", "127.0.0.1:0", "--state", state_});
  ASSERT_GT(child.pid, 0);
  int port = PortOf(ReadLine(child.out, 10000));
  ASSERT_GT(port, 0);

  CreateBackupVaultInput vault;
  vault.backup_vault_name = "from-cli";
  EXPECT_EQ(SignedCall(port, Encode(vault)).status, 200);
  vault.backup_vault_name = "rejected";
  EXPECT_EQ(SignedCall(port, Encode(vault), "wrong-secret").status, 403);

  kill(child.pid, SIGTERM);
  EXPECT_EQ(Wait(child.pid), 0);
  std::string logs = ReadAll(child.err);
  EXPECT_EQ(logs.find("wrong-secret"), std::string::npos);
  close(child.out);
  close(child.err);

  std::ifstream in(state_);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(text.str().find("from-cli"), std::string::npos);
  EXPECT_EQ(text.str().find("rejected"), std::string::npos);

  // A restart finds the vault, and the flag seeds recovery points into it.
  child = Spawn({"emulator", "--listen", "127.0.0.1:0", "--state", state_, "--seed-recovery-points",
                 "from-cli=2"});
  port = PortOf(ReadLine(child.out, 10000));
  ASSERT_GT(port, 0);
  httplib::Client admin("127.0.0.1", port);
  auto state = admin.Get("/_emulator/state");
  ASSERT_TRUE(state);
  auto json = nlohmann::json::parse(state->body, nullptr, false);
  EXPECT_NE(json.dump().find("from-cli"), std::string::npos);
  ListRecoveryPointsByBackupVaultInput list;
  list.backup_vault_name = "from-cli";
  auto points = DecodeOutput<ListRecoveryPointsByBackupVaultOutput>(SignedCall(port, Encode(list)));
  ASSERT_TRUE(points.ok());
  EXPECT_EQ(points.value().recovery_points.size(), 2u);
  kill(child.pid, SIGINT);
  EXPECT_EQ(Wait(child.pid), 0);
  close(child.out);
  close(child.err);
}

TEST_F(EmulatorCliTest, BadFlagsAreRefusedWithAClearError) {
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  std::vector<Case> cases = {
      {{"--faults", "throttle,explode", "--fault-rate", "0.1"}, "explode"},
      {{"--latency", "fast"}, "--latency"},
      {{"--credentials", "no-colon-secret"}, "KEY:SECRET"},
      {{"--account-id", "12"}, "12 digits"},
      {{"--listen", "127.0.0.1"}, "HOST:PORT"},
      {{"--account", "test=12"}, "ACCESS_KEY=ACCOUNT_ID"},
      {{"--account", "AKIDNOBODY=111111111111"}, "no such key in --credentials"},
      {{"--region", "*"}, "the first region must be a region code"},
      {{"--region", "us-east-1,Mars"}, "invalid region \"Mars\""},
      {{"--role-external-id", "not-a-role"}, "ROLE_ARN=EXTERNAL_ID"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args = {"emulator", "--in-memory"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    Child child = Spawn(args);
    ASSERT_GT(child.pid, 0);
    std::string out = ReadAll(child.out);
    std::string err = ReadAll(child.err);
    EXPECT_EQ(Wait(child.pid), 1) << c.args[0];
    EXPECT_EQ(out.find("listening"), std::string::npos);
    EXPECT_NE(err.find(c.message), std::string::npos) << err;
    EXPECT_EQ(err.find("no-colon-secret"), std::string::npos) << "a secret was echoed";
    close(child.out);
    close(child.err);
  }
}

}  // namespace
}  // namespace backupctl
