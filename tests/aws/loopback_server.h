// An httplib server (plain HTTP or TLS) on 127.0.0.1 and an ephemeral port,
// listening on its own thread, for the transport and credential tests.
// Register handlers on server() before Start(); the destructor stops it.

#ifndef BACKUPCTL_TESTS_AWS_LOOPBACK_SERVER_H_
#define BACKUPCTL_TESTS_AWS_LOOPBACK_SERVER_H_

#include <httplib.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "tests/support/wait_until.h"

namespace backupctl::testing {

class LoopbackServer {
 public:
  LoopbackServer() : server_(std::make_unique<httplib::Server>()) { Configure(); }
  LoopbackServer(const std::string& cert_path, const std::string& key_path)
      : server_(std::make_unique<httplib::SSLServer>(cert_path.c_str(), key_path.c_str())),
        scheme_("https") {
    Configure();
  }
  ~LoopbackServer() {
    server_->stop();
    if (thread_.joinable()) thread_.join();
  }
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  httplib::Server& server() { return *server_; }

  // Binds and starts listening; false if the server never came up (2 s).
  bool Start() {
    port_ = server_->bind_to_any_port("127.0.0.1");
    if (port_ <= 0) return false;
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    return WaitUntil([this] { return server_->is_running(); }, std::chrono::seconds(2));
  }

  int port() const { return port_; }
  std::string url() const { return scheme_ + "://127.0.0.1:" + std::to_string(port_); }

 private:
  void Configure() {
    server_->set_keep_alive_max_count(1000);
    server_->set_tcp_nodelay(true);  // else Nagle + delayed ACK add 40 ms per response
    server_->set_read_timeout(5, 0);
    server_->set_write_timeout(5, 0);
    server_->new_task_queue = [] { return new httplib::ThreadPool(16); };
  }

  std::unique_ptr<httplib::Server> server_;
  std::string scheme_ = "http";
  std::thread thread_;
  int port_ = -1;
};

}  // namespace backupctl::testing

#endif  // BACKUPCTL_TESTS_AWS_LOOPBACK_SERVER_H_
