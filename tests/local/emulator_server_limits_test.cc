// The emulator under hostile clients (issue 15, items 3-6), in process:
// the SigV4 scope, refusals before the body is read, the body limit, the
// header deadline, the per-peer cap, and Stop() with idle connections.

#include <gtest/gtest.h>

#include <chrono>

#include "tests/local/server_harness.h"
#include "tests/support/raw_http.h"
#include "tests/support/wait_until.h"

namespace backupctl::testing {
namespace {

using namespace std::chrono_literals;

double SecondsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

SigV4Options Scope(const std::string& region, const std::string& service = "backup") {
  SigV4Options options;
  options.region = region;
  options.service = service;
  return options;
}

// Sends `head` (and no body) on a fresh connection; the answer within 1 s.
std::string Answer(int port, const std::string& head) {
  int fd = ConnectFrom(port);
  SendAll(fd, head);
  std::string answer = ReadResponse(fd, 1000ms);
  ::close(fd);
  return answer;
}

TEST(ServerScopeTest, ASignatureForAnotherRegionOrServiceIsRefusedAsAwsDoes) {
  auto server = StartServer();
  ASSERT_NE(server, nullptr);
  const int port = server->port();
  std::string ok = Answer(port, SignedHead("GET", "/backup-vaults/", port, "", Scope("us-east-1")));
  EXPECT_EQ(StatusOf(ok), 200) << ok;

  std::string region =
      Answer(port, SignedHead("GET", "/backup-vaults/", port, "", Scope("ap-southeast-2")));
  EXPECT_EQ(StatusOf(region), 403) << region;
  EXPECT_NE(region.find("x-amzn-errortype: InvalidSignatureException"), std::string::npos)
      << region;
  EXPECT_NE(region.find("Credential should be scoped to a valid region. "), std::string::npos);

  std::string service =
      Answer(port, SignedHead("GET", "/backup-vaults/", port, "", Scope("us-east-1", "s3")));
  EXPECT_EQ(StatusOf(service), 403) << service;
  EXPECT_NE(service.find("Credential should be scoped to correct service: 'backup'. "),
            std::string::npos)
      << service;

  // A server configured for another region takes that region only.
  EmulatorOptions options;
  options.account.region = "ap-southeast-2";
  auto sydney = StartServer(options);
  ASSERT_NE(sydney, nullptr);
  const int p2 = sydney->port();
  EXPECT_EQ(StatusOf(Answer(p2, SignedHead("GET", "/backup-vaults/", p2, "", Scope("us-east-1")))),
            403);
  EXPECT_EQ(
      StatusOf(Answer(p2, SignedHead("GET", "/backup-vaults/", p2, "", Scope("ap-southeast-2")))),
      200);
  EXPECT_EQ(server->request_log().Stats()["invalid_signatures"], 2);
}

TEST(ServerBodyTest, HeadersThatFailTheSignatureAreAnsweredBeforeTheBody) {
  auto server = StartServer();
  ASSERT_NE(server, nullptr);
  const int port = server->port();
  const std::pair<std::string, std::string> length{"Content-Length", "1000000"};
  // Unsigned, an unknown key, another region: 403 although the body never comes.
  std::string unsigned_head =
      "PUT /backup-vaults/v HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000000\r\n\r\n";
  auto t0 = std::chrono::steady_clock::now();
  std::string answer = Answer(port, unsigned_head);
  EXPECT_EQ(StatusOf(answer), 403) << answer;
  EXPECT_NE(answer.find("MissingAuthenticationToken"), std::string::npos);
  EXPECT_NE(answer.find("Connection: close"), std::string::npos) << answer;
  answer =
      Answer(port, SignedHead("PUT", "/backup-vaults/v", port, "", Scope("eu-west-1"), {length}));
  EXPECT_EQ(StatusOf(answer), 403) << answer;
  // With x-amz-content-sha256 the signature itself is checked first: here
  // it was made over another hash than the one sent.
  SigV4Options with_hash = Scope("us-east-1");
  with_hash.sign_body_header = true;
  std::string head = SignedHead("PUT", "/backup-vaults/v", port, "{}", with_hash, {length});
  size_t at = head.find("x-amz-content-sha256: ") + 22;
  head.replace(at, 64, std::string(64, '0'));
  answer = Answer(port, head);
  EXPECT_EQ(StatusOf(answer), 403) << answer;
  EXPECT_NE(answer.find("InvalidSignatureException"), std::string::npos);
  EXPECT_LT(SecondsSince(t0), 2.0);
  EXPECT_FALSE(VaultExists(*server, "v"));
}

TEST(ServerBodyTest, ABodyOverTheLimitIs413AndIsNotRead) {
  auto server = StartServer();
  ASSERT_NE(server, nullptr);
  const int port = server->port();
  const std::string length = std::to_string(300u * 1024 * 1024);
  auto t0 = std::chrono::steady_clock::now();
  std::string answer = Answer(port, SignedHead("PUT", "/backup-vaults/v", port, "",
                                               Scope("us-east-1"), {{"Content-Length", length}}));
  EXPECT_EQ(StatusOf(answer), 413) << answer;
  EXPECT_LT(SecondsSince(t0), 1.0);

  // A chunked body is cut once it passes the limit.
  int fd = ConnectFrom(port);
  SendAll(fd, SignedHead("PUT", "/backup-vaults/v", port, "", Scope("us-east-1"),
                         {{"Transfer-Encoding", "chunked"}}));
  const std::string chunk = "10000\r\n" + std::string(0x10000, 'x') + "\r\n";
  size_t sent = 0;
  while (sent < 64u * 1024 * 1024 && SendAll(fd, chunk)) sent += 0x10000;
  EXPECT_LT(sent, 32u * 1024 * 1024);
  ::close(fd);

  // A body within the limit is read and answered by the API.
  std::string body = R"({"BackupVaultTags":{"pad":")" + std::string(1500000, 'p') + "\"}}";
  std::string head = SignedHead("PUT", "/backup-vaults/v", port, body, Scope("us-east-1"),
                                {{"Content-Length", std::to_string(body.size())}});
  fd = ConnectFrom(port);
  SendAll(fd, head + body);
  answer = ReadResponse(fd, 2000ms);
  ::close(fd);
  EXPECT_NE(StatusOf(answer), 0);
  EXPECT_NE(StatusOf(answer), 413) << answer.substr(0, 300);
  EXPECT_NE(StatusOf(answer), 403) << answer.substr(0, 300);
}

TEST(ServerDeadlineTest, HeadersMustArriveWithinTheHeaderTimeout) {
  EmulatorOptions options;
  options.http.header_timeout = 300ms;
  auto server = StartServer(options);
  ASSERT_NE(server, nullptr);
  SlowClients slow(server->port(), 4, "127.0.0.1", 100ms);
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_TRUE(WaitUntil([&] { return slow.Ended() == 4; }, 5s)) << slow.Ended() << " ended";
  EXPECT_LT(SecondsSince(t0), 2.0);
}

TEST(ServerConnectionsTest, APeerOverItsCapGets503AndOthersAreStillServed) {
  EmulatorOptions options;
  options.threads = 8;  // 7 per peer
  auto server = StartServer(options);
  ASSERT_NE(server, nullptr);
  const int port = server->port();
  std::vector<int> held;
  for (int i = 0; i < 7; ++i) {
    // One answered request each: the server has taken the connection, and
    // keeps it open (keep-alive) for the rest of the test.
    held.push_back(ConnectFrom(port, "127.0.0.2"));
    SendAll(held.back(), "GET /_emulator/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    ASSERT_EQ(StatusOf(ReadResponse(held.back(), 1000ms)), 200) << "connection " << i;
  }
  int over = ConnectFrom(port, "127.0.0.2");
  std::string answer = ReadResponse(over, 1000ms);
  EXPECT_EQ(StatusOf(answer), 503) << answer;
  EXPECT_EQ(Probe(port, "/_emulator/health", 1000ms), 200);
  ::close(over);
  for (int fd : held) ::close(fd);
}

TEST(ServerStopTest, StopClosesIdleKeepAliveConnectionsAtOnce) {
  auto server = StartServer();  // keep-alive timeout 30 s
  ASSERT_NE(server, nullptr);
  int idle = ConnectFrom(server->port());
  SendAll(idle, "GET /_emulator/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  ASSERT_EQ(StatusOf(ReadResponse(idle, 1000ms)), 200);
  int bare = ConnectFrom(server->port());
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_TRUE(server->Stop().ok());
  EXPECT_LT(SecondsSince(t0), 1.0);
  ::close(idle);
  ::close(bare);
}

}  // namespace
}  // namespace backupctl::testing
