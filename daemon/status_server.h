// The daemon's HTTP endpoint for operators and orchestrators (cpp-httplib).
//
//   GET  /healthz    200 when health().ok, else 503; body: the probe's JSON detail
//   GET  /readyz     200 when ready().ok, else 503; body: the probe's JSON detail
//   GET  /metrics    200, Prometheus text format 0.0.4
//   POST /reconcile  202 after calling reconcile_now(); served only when
//                    reconcile_now is set (otherwise 404, like any unknown path)
// Start() binds before returning, so a bad address is reported at once and
// port 0 picks a free port (see port()). Requests are served by a
// GuardedServer (header and body deadlines of 5 s, at most 128 connections
// and 48 per peer address, 503 beyond), so slow clients cannot starve a probe;
// the handlers must be thread-safe. Stop() closes idle connections at once.

#ifndef BACKUPCTL_DAEMON_STATUS_SERVER_H_
#define BACKUPCTL_DAEMON_STATUS_SERVER_H_

#include <functional>
#include <memory>
#include <string>
#include <thread>

namespace backupctl {

class GuardedServer;

struct Probe {
  bool ok = false;
  std::string detail;  // a JSON object, sent as the response body
};

struct StatusHandlers {
  std::function<Probe()> health;
  std::function<Probe()> ready;
  std::function<std::string()> metrics;
  std::function<void()> reconcile_now;  // empty: POST /reconcile is not served
};

// Splits "host:port" ("[::1]:9464" for IPv6). False on a malformed address or port.
bool ParseListenAddress(const std::string& listen, std::string* host, int* port);

class StatusServer {
 public:
  explicit StatusServer(StatusHandlers handlers);
  ~StatusServer();  // stops and joins
  StatusServer(const StatusServer&) = delete;
  StatusServer& operator=(const StatusServer&) = delete;

  // Binds `listen` and serves on a thread. False (with *error set) when the
  // address is malformed or cannot be bound.
  bool Start(const std::string& listen, std::string* error);
  void Stop();
  int port() const { return port_; }
  const std::string& host() const { return host_; }

 private:
  StatusHandlers handlers_;
  std::unique_ptr<GuardedServer> server_;
  std::thread thread_;
  std::string host_;
  int port_ = 0;
};

}  // namespace backupctl

#endif  // BACKUPCTL_DAEMON_STATUS_SERVER_H_
