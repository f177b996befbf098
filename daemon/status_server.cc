#include "daemon/status_server.h"

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>

#include <httplib.h>

#include "net/guarded_server.h"

namespace backupctl {

namespace {

constexpr char kMetricsContentType[] = "text/plain; version=0.0.4; charset=utf-8";

// Probes and scrapes are small and few: slow or many clients are cut early,
// so that a kubelet probe is always answered (docs/reliability.md, "Limits").
HttpLimits StatusLimits() {
  HttpLimits limits;
  limits.max_connections = 128;
  limits.max_connections_per_peer = 48;
  limits.header_timeout = std::chrono::seconds(5);
  limits.body_timeout = std::chrono::seconds(5);
  limits.keep_alive_timeout = std::chrono::seconds(5);
  limits.max_body_bytes = 64 * 1024;  // no endpoint reads a body
  return limits;
}

void ServeProbe(const std::function<Probe()>& probe, httplib::Response& res) {
  Probe result = probe();
  res.status = result.ok ? 200 : 503;
  res.set_content(result.detail + "\n", "application/json");
}

}  // namespace

bool ParseListenAddress(const std::string& listen, std::string* host, int* port) {
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon + 1 >= listen.size()) return false;
  std::string h = listen.substr(0, colon);
  if (h.size() >= 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  if (h.empty() || h.find_first_of("[]") != std::string::npos) return false;
  std::string p = listen.substr(colon + 1);
  int value = -1;
  auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), value);
  if (ec != std::errc() || end != p.data() + p.size() || value < 0 || value > 65535) return false;
  *host = h;
  *port = value;
  return true;
}

StatusServer::StatusServer(StatusHandlers handlers) : handlers_(std::move(handlers)) {}

StatusServer::~StatusServer() { Stop(); }

bool StatusServer::Start(const std::string& listen, std::string* error) {
  int port = 0;
  if (!ParseListenAddress(listen, &host_, &port)) {
    *error = "invalid --listen address '" + listen + "': want HOST:PORT, e.g. 127.0.0.1:9464";
    return false;
  }
  server_ = std::make_unique<GuardedServer>(StatusLimits());
  // httplib's default is SO_REUSEPORT, which would let a second daemon share
  // the port silently; SO_REUSEADDR alone makes a busy port an error.
  server_->set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  server_->Get("/healthz", [this](const httplib::Request&, httplib::Response& res) {
    ServeProbe(handlers_.health, res);
  });
  server_->Get("/readyz", [this](const httplib::Request&, httplib::Response& res) {
    ServeProbe(handlers_.ready, res);
  });
  server_->Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
    res.set_content(handlers_.metrics(), kMetricsContentType);
  });
  if (handlers_.reconcile_now) {
    server_->Post("/reconcile", [this](const httplib::Request&, httplib::Response& res) {
      handlers_.reconcile_now();
      res.status = 202;
      res.set_content("{\"status\":\"cycle requested\"}\n", "application/json");
    });
  }
  bool bound = false;
  if (port == 0) {
    port_ = server_->bind_to_any_port(host_);
    bound = port_ > 0;
  } else {
    port_ = port;
    bound = server_->bind_to_port(host_, port);
  }
  if (!bound) {
    *error = "cannot listen on " + listen + ": " + std::strerror(errno);
    server_.reset();
    port_ = 0;
    return false;
  }
  server_->RaiseListenBacklog();
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  // httplib's stop() is a no-op until the listener runs: wait for it (bounded)
  // so that a Stop() right after Start() cannot leave the thread in accept().
  for (int i = 0; i < 5000 && !server_->is_running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

void StatusServer::Stop() {
  if (server_) server_->Stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace backupctl
