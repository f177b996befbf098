// Slow and large clients, through the real binary (issue 15, items 3-5):
//   - slowloris: 40 connections that each send one header line a second
//     leave the daemon's /healthz and the emulator answering within 1 s,
//     whether they come from the probe's own address or from another peer
//     (127.0.0.2) holding more connections than the emulator has workers;
//   - SIGTERM with an idle keep-alive connection open: the emulator and the
//     daemon exit within 2 s (they waited 30 s and 5 s for the idle client);
//   - huge bodies: a Content-Length of 200 MB is answered 413 before the body
//     is sent, a chunked body is cut at the 2 MiB limit, and the emulator's
//     peak RSS stays under 100 MB (a 300 MB body took it to 471 MB).

#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "tests/reliability/test_support.h"
#include "tests/support/raw_http.h"

namespace backupctl::reliability {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using backupctl::testing::ConnectFrom;
using backupctl::testing::Probe;
using backupctl::testing::ReadResponse;
using backupctl::testing::SendAll;
using backupctl::testing::SignedHead;
using backupctl::testing::SlowClients;
using backupctl::testing::StatusOf;

constexpr long kMaxRssKb = 100 * 1024;

int PortOf(const std::string& first_line) {
  size_t colon = first_line.rfind(':');
  return colon == std::string::npos ? 0 : std::atoi(first_line.c_str() + colon + 1);
}

double SecondsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// A connection that made one keep-alive request and now sits idle.
int IdleConnection(int port, const std::string& path) {
  int fd = ConnectFrom(port);
  SendAll(fd, "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  EXPECT_EQ(StatusOf(ReadResponse(fd, 2000ms)), 200);
  return fd;
}

// SIGTERM, then the time until the child has exited.
double SecondsToExit(Child& child, ChildResult* result) {
  auto t0 = std::chrono::steady_clock::now();
  child.Kill(SIGTERM);
  *result = child.Wait(40);
  return SecondsSince(t0);
}

class SlowClientsTest : public ::testing::Test {
 protected:
  std::unique_ptr<Child> Emulator(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args = {"emulator", "--listen", "127.0.0.1:0", "--in-memory"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto child = std::make_unique<Child>(args, std::map<std::string, std::string>{});
    port_ = PortOf(child->FirstLine(10));
    EXPECT_GT(port_, 0) << "the emulator did not start";
    return child;
  }
  std::unique_ptr<Child> Daemon() {
    std::string tree = dir_.path() + "/tree";
    fs::copy(fs::path(BACKUPCTL_SOURCE_DIR) / "examples" / "minimal", tree,
             fs::copy_options::recursive);
    auto child = std::make_unique<Child>(
        std::vector<std::string>{"daemon", tree, "--listen", "127.0.0.1:0", "--target", "local",
                                 "--state", dir_.path() + "/state.json", "--interval", "1h",
                                 "--no-watch"},
        std::map<std::string, std::string>{});
    port_ = PortOf(child->FirstLine(10));
    EXPECT_GT(port_, 0) << "the daemon did not start";
    return child;
  }

  TempDir dir_;
  int port_ = 0;
};

TEST_F(SlowClientsTest, DaemonHealthzAnswersWithinOneSecondUnderFortySlowClients) {
  auto daemon = Daemon();
  ASSERT_GT(port_, 0);
  SlowClients slow(port_, 40);
  ASSERT_EQ(slow.connected(), 40u);
  for (int i = 0; i < 3; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    EXPECT_EQ(Probe(port_, "/healthz", 1000ms), 200) << "probe " << i;
    EXPECT_LT(SecondsSince(t0), 1.0);
    std::this_thread::sleep_for(1s);  // while the slow clients send more lines
  }
  SlowClients other_peer(port_, 60, "127.0.0.2");
  EXPECT_EQ(Probe(port_, "/healthz", 1000ms), 200) << "with 60 more from another peer";
}

TEST_F(SlowClientsTest, EmulatorAnswersWhileSlowClientsHoldMoreConnectionsThanItsWorkers) {
  auto emulator = Emulator({"--threads", "16"});
  ASSERT_GT(port_, 0);
  SlowClients slow(port_, 40, "127.0.0.2");
  for (int i = 0; i < 3; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    EXPECT_EQ(Probe(port_, "/_emulator/health", 1000ms), 200) << "probe " << i;
    EXPECT_LT(SecondsSince(t0), 1.0);
    std::this_thread::sleep_for(1s);
  }
}

TEST_F(SlowClientsTest, EmulatorAnswersUnderFortySlowClientsFromTheSamePeer) {
  auto emulator = Emulator();
  ASSERT_GT(port_, 0);
  SlowClients slow(port_, 40);
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(Probe(port_, "/_emulator/health", 1000ms), 200);
  EXPECT_LT(SecondsSince(t0), 1.0);
}

TEST_F(SlowClientsTest, EmulatorExitsAtOnceOnSigtermWithAnIdleClient) {
  auto emulator = Emulator();
  ASSERT_GT(port_, 0);
  int idle = IdleConnection(port_, "/_emulator/health");
  int bare = ConnectFrom(port_);  // a bare TCP connect, nothing sent
  ChildResult result;
  double seconds = SecondsToExit(*emulator, &result);
  EXPECT_TRUE(result.exited && result.exit_code == 0) << result.err;
  EXPECT_LT(seconds, 2.0) << "the emulator waited for its idle clients";
  ::close(idle);
  ::close(bare);
}

TEST_F(SlowClientsTest, DaemonExitsAtOnceOnSigtermWithAnIdleClientAndSlowClients) {
  auto daemon = Daemon();
  ASSERT_GT(port_, 0);
  int idle = IdleConnection(port_, "/healthz");
  SlowClients slow(port_, 4);
  ChildResult result;
  double seconds = SecondsToExit(*daemon, &result);
  EXPECT_TRUE(result.exited && result.exit_code == 0) << result.err;
  EXPECT_LT(seconds, 2.0) << "the daemon waited for its idle clients";
  ::close(idle);
}

// Sends up to `total` bytes of body after `head`; returns how many went
// before the server refused them, and its answer in *response.
size_t SendBody(int port, const std::string& head, size_t total, bool chunked,
                std::string* response) {
  int fd = ConnectFrom(port);
  SendAll(fd, head);
  const std::string block(64 * 1024, 'x');
  char size_line[32];
  std::snprintf(size_line, sizeof(size_line), "%zx\r\n", block.size());
  const std::string piece = chunked ? size_line + block + "\r\n" : block;
  size_t sent = 0;
  while (sent < total && SendAll(fd, piece)) sent += block.size();
  *response = ReadResponse(fd, 2000ms);
  ::close(fd);
  return sent;
}

TEST_F(SlowClientsTest, HugeBodiesAre413BeforeTheyAreReadAndMemoryStaysBounded) {
  auto emulator = Emulator();
  ASSERT_GT(port_, 0);
  constexpr size_t kHuge = 200u * 1024 * 1024;
  SigV4Options options;
  options.region = "us-east-1";

  // A declared length over the limit: 413 at once, before any byte of the body.
  std::string head = SignedHead("PUT", "/backup-vaults/big", port_, "", options,
                                {{"Content-Length", std::to_string(kHuge)}});
  int fd = ConnectFrom(port_);
  SendAll(fd, head);
  auto t0 = std::chrono::steady_clock::now();
  std::string answer = ReadResponse(fd, 2000ms);
  EXPECT_EQ(StatusOf(answer), 413) << answer;
  EXPECT_LT(SecondsSince(t0), 1.0);
  ::close(fd);

  // Four such uploads and two chunked ones, in parallel, all sent in full
  // unless the emulator refuses them.
  std::vector<std::thread> uploads;
  std::vector<std::string> responses(6);
  std::vector<size_t> sent(6);
  for (int i = 0; i < 6; ++i) {
    bool chunked = i >= 4;
    std::string h = SignedHead(
        "PUT", "/backup-vaults/big" + std::to_string(i), port_, "", options,
        {chunked ? std::pair<std::string, std::string>{"Transfer-Encoding", "chunked"}
                 : std::pair<std::string, std::string>{"Content-Length", std::to_string(kHuge)}});
    uploads.emplace_back(
        [&, i, h, chunked] { sent[i] = SendBody(port_, h, kHuge, chunked, &responses[i]); });
  }
  for (std::thread& t : uploads) t.join();
  for (int i = 0; i < 6; ++i) {
    EXPECT_LT(sent[i], kHuge / 4) << "upload " << i << " was read: " << responses[i];
  }
  // The emulator still answers, then exits; its peak memory stayed bounded.
  EXPECT_EQ(Probe(port_, "/_emulator/health", 1000ms), 200);
  ChildResult result;
  SecondsToExit(*emulator, &result);
  EXPECT_LT(result.max_rss_kb, kMaxRssKb);
  ReportFigure("slow_clients_rss", "emulator peak RSS after 6 uploads of 200 MB: " +
                                       std::to_string(result.max_rss_kb / 1024) + " MB");
}

}  // namespace
}  // namespace backupctl::reliability
