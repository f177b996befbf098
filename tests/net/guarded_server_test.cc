// net/guarded_server.h on its own (this binary links backupctl_net only, not
// the emulator): the body limit, before_body and a prompt Stop().

#include "net/guarded_server.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <thread>

namespace backupctl {
namespace {

class GuardedServerTest : public ::testing::Test {
 protected:
  void StartServer(HttpLimits limits, GuardedServer::BeforeBody before_body = nullptr) {
    server_ = std::make_unique<GuardedServer>(limits, std::move(before_body));
    server_->Post("/echo", [](const httplib::Request& req, httplib::Response& res) {
      res.set_content(req.body, "text/plain");
    });
    port_ = server_->bind_to_any_port("127.0.0.1");
    ASSERT_GT(port_, 0);
    server_->RaiseListenBacklog();
    thread_ = std::thread([this] { server_->listen_after_bind(); });
  }
  void TearDown() override {
    if (server_) server_->Stop();
    if (thread_.joinable()) thread_.join();
  }
  httplib::Client Client() {
    httplib::Client client("127.0.0.1", port_);
    client.set_connection_timeout(5);
    client.set_read_timeout(5);
    return client;
  }

  std::unique_ptr<GuardedServer> server_;
  std::thread thread_;
  int port_ = 0;
};

TEST_F(GuardedServerTest, ServesWithinTheLimits) {
  StartServer(HttpLimits{});
  httplib::Client client = Client();
  auto res = client.Post("/echo", "hello", "text/plain");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "hello");
}

TEST_F(GuardedServerTest, RefusesABodyOverTheLimitWith413) {
  HttpLimits limits;
  limits.max_body_bytes = 16;
  StartServer(limits);
  httplib::Client client = Client();
  auto res = client.Post("/echo", std::string(17, 'x'), "text/plain");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
  auto ok = Client().Post("/echo", std::string(16, 'x'), "text/plain");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
}

TEST_F(GuardedServerTest, BeforeBodyAnswersAndTheHandlerNeverRuns) {
  StartServer(HttpLimits{}, [](const httplib::Request& req, httplib::Response& res) {
    if (req.get_header_value("X-Key") == "good") return false;
    res.status = 403;
    res.set_content("denied", "text/plain");
    return true;
  });
  auto denied = Client().Post("/echo", "body", "text/plain");
  ASSERT_TRUE(denied);
  EXPECT_EQ(denied->status, 403);
  EXPECT_EQ(denied->body, "denied");
  httplib::Headers headers = {{"X-Key", "good"}};
  auto allowed = Client().Post("/echo", headers, "body", "text/plain");
  ASSERT_TRUE(allowed);
  EXPECT_EQ(allowed->status, 200);
  EXPECT_EQ(allowed->body, "body");
}

TEST_F(GuardedServerTest, StopEndsAnIdleKeepAliveConnectionPromptly) {
  StartServer(HttpLimits{});
  httplib::Client client = Client();
  client.set_keep_alive(true);
  ASSERT_TRUE(client.Post("/echo", "x", "text/plain"));
  auto start = std::chrono::steady_clock::now();
  server_->Stop();
  thread_.join();
  // keep_alive_timeout is 30 s: Stop() must not wait for it.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

}  // namespace
}  // namespace backupctl
