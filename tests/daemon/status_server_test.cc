#include "daemon/status_server.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>

#include "tests/support/raw_http.h"

namespace backupctl {
namespace {

class StatusServerTest : public ::testing::Test {
 protected:
  StatusHandlers Handlers(bool with_reconcile) {
    StatusHandlers h;
    h.health = [this] { return Probe{healthy_.load(), "{\"status\":\"h\"}"}; };
    h.ready = [this] { return Probe{ready_.load(), "{\"detail\":\"last load failed: x\"}"}; };
    h.metrics = [] { return std::string("backupctl_build_info{version=\"t\"} 1\n"); };
    if (with_reconcile) h.reconcile_now = [this] { ++reconciles_; };
    return h;
  }
  httplib::Client Client(const StatusServer& server) {
    httplib::Client c("127.0.0.1", server.port());
    c.set_connection_timeout(2);
    c.set_read_timeout(5);
    return c;
  }

  std::atomic<bool> healthy_{true};
  std::atomic<bool> ready_{false};
  std::atomic<int> reconciles_{0};
};

TEST_F(StatusServerTest, ProbesAnswer200Or503WithTheirDetail) {
  StatusServer server(Handlers(false));
  std::string error;
  ASSERT_TRUE(server.Start("127.0.0.1:0", &error)) << error;
  ASSERT_GT(server.port(), 0);
  auto c = Client(server);
  auto health = c.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  auto ready = c.Get("/readyz");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 503);
  EXPECT_NE(ready->body.find("last load failed: x"), std::string::npos);
  ready_ = true;
  healthy_ = false;
  EXPECT_EQ(c.Get("/readyz")->status, 200);
  EXPECT_EQ(c.Get("/healthz")->status, 503);
}

TEST_F(StatusServerTest, MetricsUseThePrometheusTextContentType) {
  StatusServer server(Handlers(false));
  std::string error;
  ASSERT_TRUE(server.Start("127.0.0.1:0", &error)) << error;
  auto res = Client(server).Get("/metrics");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_EQ(res->body, "backupctl_build_info{version=\"t\"} 1\n");
}

TEST_F(StatusServerTest, ReconcileEndpointIsOffByDefault) {
  StatusServer server(Handlers(false));
  std::string error;
  ASSERT_TRUE(server.Start("127.0.0.1:0", &error)) << error;
  auto res = Client(server).Post("/reconcile", "", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  EXPECT_EQ(reconciles_, 0);
}

TEST_F(StatusServerTest, ReconcileEndpointWhenEnabledAnswers202) {
  StatusServer server(Handlers(true));
  std::string error;
  ASSERT_TRUE(server.Start("127.0.0.1:0", &error)) << error;
  auto c = Client(server);
  auto res = c.Post("/reconcile", "", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 202);
  EXPECT_EQ(reconciles_, 1);
  auto get = c.Get("/reconcile");  // only POST starts a cycle
  ASSERT_TRUE(get);
  EXPECT_NE(get->status, 202);
  EXPECT_EQ(reconciles_, 1);
}

TEST_F(StatusServerTest, BadOrBusyAddressesFailAtStart) {
  StatusServer first(Handlers(false));
  std::string error;
  ASSERT_TRUE(first.Start("127.0.0.1:0", &error)) << error;
  StatusServer second(Handlers(false));
  EXPECT_FALSE(second.Start("127.0.0.1:" + std::to_string(first.port()), &error));
  EXPECT_NE(error.find("cannot listen"), std::string::npos) << error;
  StatusServer third(Handlers(false));
  EXPECT_FALSE(third.Start("localhost", &error));
  EXPECT_NE(error.find("invalid --listen"), std::string::npos) << error;
}

// Slowloris (issue 15): clients that send a header line a second must not
// hold the probes; 8 of them used to take every worker.
TEST_F(StatusServerTest, FortySlowClientsLeaveHealthzAnsweringWithinOneSecond) {
  StatusServer server(Handlers(false));
  std::string error;
  ASSERT_TRUE(server.Start("127.0.0.1:0", &error)) << error;
  testing::SlowClients slow(server.port(), 40);
  ASSERT_EQ(slow.connected(), 40u);
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(testing::Probe(server.port(), "/healthz", std::chrono::milliseconds(1000)), 200);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(1));
}

TEST_F(StatusServerTest, OnePeerCannotTakeEveryConnection) {
  StatusServer server(Handlers(false));
  std::string error;
  ASSERT_TRUE(server.Start("127.0.0.1:0", &error)) << error;
  testing::SlowClients slow(server.port(), 200, "127.0.0.2");
  EXPECT_EQ(testing::Probe(server.port(), "/healthz", std::chrono::milliseconds(1000)), 200);
  EXPECT_EQ(testing::Probe(server.port(), "/healthz", std::chrono::milliseconds(1000), "127.0.0.2"),
            503);
}

TEST_F(StatusServerTest, StopClosesIdleKeepAliveConnectionsAtOnce) {
  StatusServer server(Handlers(false));
  std::string error;
  ASSERT_TRUE(server.Start("127.0.0.1:0", &error)) << error;
  int idle = testing::ConnectFrom(server.port());
  testing::SendAll(idle, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  ASSERT_EQ(testing::StatusOf(testing::ReadResponse(idle, std::chrono::milliseconds(1000))), 200);
  auto t0 = std::chrono::steady_clock::now();
  server.Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(1));
  ::close(idle);
}

TEST(ParseListenAddressTest, AcceptsHostPortAndBracketedIpv6) {
  std::string host;
  int port = -1;
  ASSERT_TRUE(ParseListenAddress("127.0.0.1:9464", &host, &port));
  EXPECT_EQ(host, "127.0.0.1");
  EXPECT_EQ(port, 9464);
  ASSERT_TRUE(ParseListenAddress("[::1]:0", &host, &port));
  EXPECT_EQ(host, "::1");
  EXPECT_EQ(port, 0);
  ASSERT_TRUE(ParseListenAddress("0.0.0.0:65535", &host, &port));
  for (const char* bad : {"", "9464", ":9464", "host:", "host:99999", "host:12x", "[::1:80"}) {
    EXPECT_FALSE(ParseListenAddress(bad, &host, &port)) << bad;
  }
}

}  // namespace
}  // namespace backupctl
