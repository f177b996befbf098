// EmulatorServer: a LocalOrganization (many accounts, many regions) served
// over HTTP, speaking the AWS Backup REST-JSON protocol and STS's Query
// protocol, so the AWS CLI, any SDK and backupctl's own AWS client can talk
// to it.
//
// Every request goes through one handler. Requests under /_emulator/ are the
// admin endpoint (unsigned; from loopback peers only unless allowed). A
// request to "/" is an STS call (sts_service.h: AssumeRole,
// GetCallerIdentity; never faulted or delayed). Every other request is an
// AWS Backup API call: its SigV4 signature is checked (request_auth.h; a bad
// or missing one gets AWS's 403 error and changes nothing); the signing key
// names the account (a long-term key's mapped account, or an assumed role's)
// and the credential scope the region, which must be served; then the
// FaultInjector may inject a fault, then the wire codec dispatches it to
// that (account, region), then the injected latency is slept.
// Each API call is recorded in the RequestLog. Each response carries
// x-amzn-RequestId. Requests are served by up to `threads` workers with
// keep-alive, so slow (latency-injected) calls overlap instead of queueing.
// Starting a server makes the process ignore SIGPIPE.
//
// Clients are held to `http` (GuardedServer): header and body deadlines, a
// 2 MiB body (413 before any of it is read), at most `threads` connections
// and max_connections_per_peer from one address (503 beyond). Everything the
// headers decide about the signature (scope, key, date, and the signature
// itself when x-amz-content-sha256 is sent) is checked before the body is
// read; the signature over the body after. Stop() ends idle connections at
// once.

#ifndef BACKUPCTL_PROVIDERS_LOCAL_EMULATOR_SERVER_H_
#define BACKUPCTL_PROVIDERS_LOCAL_EMULATOR_SERVER_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "net/http_limits.h"
#include "providers/api_error.h"
#include "providers/local/account.h"
#include "providers/local/faults.h"
#include "providers/local/identities.h"
#include "providers/local/organization.h"
#include "providers/local/request_log.h"
#include "providers/sigv4/sigv4.h"

namespace backupctl {

class GuardedServer;

struct EmulatorOptions {
  std::string host = "127.0.0.1";
  int port = 0;            // 0: an ephemeral port, see EmulatorServer::port()
  AccountOptions account;  // the default account and region; state_file empty: in memory
  std::vector<Credentials> credentials = {{"test", "test", "", std::nullopt}};
  // Access key id -> the 12-digit account its calls act in; unmapped keys act
  // in account.account_id.
  std::map<std::string, std::string> key_accounts;
  // Regions served besides account.region; "*" serves any well-formed region name.
  std::vector<std::string> regions;
  // Role ARN -> the ExternalId AssumeRole must be given for it.
  std::map<std::string, std::string> role_external_ids;
  size_t max_accounts = 1000;  // (account, region) pairs
  FaultConfig faults;
  int threads = 128;  // http.max_connections
  int keep_alive_timeout_seconds = 30;
  // max_connections and keep_alive_timeout come from the two above;
  // max_connections_per_peer 0 means all but an eighth of `threads`, kept
  // for other peers.
  HttpLimits http{.max_connections_per_peer = 0};
  bool admin_from_any_host = false;  // else admin requests from non-loopback peers get 403
  size_t request_log_capacity = 100000;
};

class EmulatorServer {
 public:
  // Opens the account (loading its state file) and starts serving on a
  // background thread. Fails when the state file is unusable or the address
  // cannot be bound.
  static Outcome<std::unique_ptr<EmulatorServer>> Start(const EmulatorOptions& options);
  ~EmulatorServer();  // Stop()
  EmulatorServer(const EmulatorServer&) = delete;
  EmulatorServer& operator=(const EmulatorServer&) = delete;

  int port() const { return port_; }
  std::string url() const;  // "http://127.0.0.1:4566"

  // Stops accepting, finishes the requests in flight, flushes the state file.
  // Idempotent.
  EmptyOutcome Stop();

  LocalAccount& account() { return org_->Default(); }  // the default account and region
  LocalOrganization& organization() { return *org_; }
  IdentityStore& identities() { return identities_; }
  RequestLog& request_log() { return log_; }
  FaultInjector& faults() { return faults_; }

 private:
  struct Handler;

  EmulatorServer(const EmulatorOptions& options, std::unique_ptr<LocalOrganization> org);
  std::optional<ApiError> Listen();

  const EmulatorOptions options_;
  std::unique_ptr<LocalOrganization> org_;
  IdentityStore identities_;
  RequestLog log_;
  FaultInjector faults_;
  std::unique_ptr<GuardedServer> http_;
  std::unique_ptr<Handler> handler_;
  std::thread listener_;
  int port_ = 0;
  bool stopped_ = false;
};

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_LOCAL_EMULATOR_SERVER_H_
