// AwsBackupClient: BackupApi over HTTPS to AWS Backup, or to anything that
// speaks its REST-JSON protocol (the emulator server, moto).
//
// Each call encodes its input (providers/wire), signs it with SigV4 for
// service `backup` in the endpoint's region, sends it (Transport) and decodes
// the response into the typed output or an ApiError of a typed kind.
//
// Retries: throttling, 5xx and transport failures (refused, reset, timeout)
// are retried with full-jitter exponential backoff, up to max_attempts and
// while the client-wide retry quota lasts; each attempt is signed afresh.
// Nothing else is ever retried (ApiError::Retryable). In adaptive mode the
// first throttle turns on client-side rate limiting (see retry.h).
// Creates are retried too, even after a failure that may have come after the
// service applied them. The client does not make that safe: the reconciler
// does, by sending a deterministic CreatorRequestId with every create.
//
// Thread-safe; at most max_in_flight HTTP requests are outstanding at once.
// Logging (spdlog default logger): at debug, one line per attempt with the
// operation, HTTP status, error code, latency, attempt and request id; at
// trace, the method and path. Never a header value, a body, or a credential;
// credentials echoed back in a service's error message are redacted.

#ifndef BACKUPCTL_PROVIDERS_AWS_CLIENT_H_
#define BACKUPCTL_PROVIDERS_AWS_CLIENT_H_

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>

#include "providers/api_observer.h"
#include "providers/aws/credentials.h"
#include "providers/aws/endpoint.h"
#include "providers/aws/retry.h"
#include "providers/aws/transport.h"
#include "providers/backup_api.h"
#include "providers/wire/rest.h"

namespace backupctl {

struct ClientOptions {
  std::optional<std::string> region;    // else AWS_REGION, ... (endpoint.h)
  std::optional<std::string> endpoint;  // else AWS_ENDPOINT_URL_BACKUP, ...
  std::optional<std::string> profile;   // for the region and the default credential chain
  std::shared_ptr<CredentialsProvider> credentials;  // null: DefaultCredentialChain
  TransportOptions transport;
  int max_in_flight = 32;
  RetryOptions retry;
  ApiObserver* observer = nullptr;       // not owned; told about every attempt
  std::string user_agent = "backupctl";  // the CLI sends "backupctl/<version>"

  // Test seams.
  Clock clock = SystemClock();        // backoff and rate-limit waits, latencies
  std::function<double()> uniform01;  // jitter in [0, 1); null: a seeded PRNG
  EndpointEnv endpoint_env;
};

struct ClientStats {
  long long attempts = 0;  // HTTP attempts made, retries included
  long long retries = 0;
  int retry_quota_available = 0;
  bool rate_limited = false;      // adaptive limiting is on (a throttle was seen)
  double send_rate = 0;           // its current fill rate, requests per second
  long long new_connections = 0;  // TCP connections opened so far (keep-alive reuses them)
};

class AwsBackupClient : public BackupApi {
 public:
  // Resolves region, endpoint and (unless given) credentials; a missing region
  // or a malformed endpoint is an error here, before any request.
  static Outcome<std::unique_ptr<AwsBackupClient>> Create(ClientOptions options);
  ~AwsBackupClient() override;
  AwsBackupClient(const AwsBackupClient&) = delete;
  AwsBackupClient& operator=(const AwsBackupClient&) = delete;

  const Endpoint& endpoint() const { return endpoint_; }
  ClientStats stats() const;

  BACKUPCTL_BACKUP_API_OVERRIDES  // providers/backup_operations.h

 private:
  // Bounds the HTTP requests in flight across all threads.
  class InFlightLimit {
   public:
    explicit InFlightLimit(int limit) : free_(limit) {}
    void Acquire();
    void Release();

   private:
    std::mutex mu_;
    std::condition_variable cv_;
    int free_;
  };
  class InFlightSlot {
   public:
    explicit InFlightSlot(InFlightLimit* limit) : limit_(limit) { limit_->Acquire(); }
    ~InFlightSlot() { limit_->Release(); }
    InFlightSlot(const InFlightSlot&) = delete;
    InFlightSlot& operator=(const InFlightSlot&) = delete;

   private:
    InFlightLimit* limit_;
  };

  AwsBackupClient(ClientOptions options, Endpoint endpoint,
                  std::shared_ptr<CredentialsProvider> credentials);

  template <typename Output, typename Input>
  Outcome<Output> Call(const Input& input);
  // Sends with retries; a non-2xx response comes back as its decoded error.
  Outcome<HttpResponse> Execute(const HttpRequest& request);
  // One signed attempt. `credentials` is what it was signed with.
  Outcome<HttpResponse> Attempt(const HttpRequest& request, const Credentials& credentials,
                                int attempt);
  HttpRequest Sign(const HttpRequest& request, const Credentials& credentials) const;
  Outcome<HttpResponse> SendSigned(const HttpRequest& request, const Credentials& credentials,
                                   HttpRequest* wire, double* seconds);
  void Report(const HttpRequest& request, int attempt, double seconds, int status,
              const ApiError* error, const std::string& request_id);
  double Uniform01();

  const ClientOptions options_;
  const Endpoint endpoint_;
  std::shared_ptr<CredentialsProvider> credentials_;
  Transport transport_;
  InFlightLimit in_flight_;
  RetryQuota quota_;
  AdaptiveRateLimiter limiter_;
  std::atomic<long long> attempts_{0};
  std::atomic<long long> retries_{0};
  std::mutex rng_mu_;
  std::mt19937_64 rng_;  // jitter, when no uniform01 seam is given
};

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_AWS_CLIENT_H_
