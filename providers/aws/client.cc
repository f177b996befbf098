#include "providers/aws/client.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <ctime>
#include <utility>

#include "base/strings.h"
#include "providers/sigv4/sigv4.h"

namespace backupctl {

namespace {

std::string Header(const HttpResponse& response, const std::string& lower_name) {
  auto it = response.headers.find(lower_name);
  return it == response.headers.end() ? std::string() : it->second;
}

std::string RequestId(const HttpResponse& response) {
  std::string id = Header(response, "x-amzn-requestid");
  return id.empty() ? Header(response, "x-amz-request-id") : id;
}

// A timeout may mean the service is overloaded, so its retry costs more quota.
bool IsTimeout(const ApiError& error) {
  return error.kind == ErrorKind::kTransport && error.code == "RequestTimeout";
}

// Retryable, minus what a retry cannot fix: a certificate that fails
// verification fails the same way a second later.
bool ShouldRetry(const ApiError& error) {
  return error.Retryable() && !(error.kind == ErrorKind::kTransport && error.code == "TlsError");
}

// Some services echo the canonical request (session token included) or the
// signature in an error message, and callers log error messages. Strings
// shorter than these are no real credentials; replacing them would only
// mangle messages.
void Redact(ApiError* error, const Credentials& credentials, const HttpRequest& signed_request) {
  constexpr size_t kMinSecretLength = 8;
  std::string signature;
  if (auto it = signed_request.headers.find("authorization"); it != signed_request.headers.end()) {
    size_t at = it->second.find("Signature=");
    if (at != std::string::npos) signature = it->second.substr(at + 10);
  }
  const std::array<const std::string*, 3> secrets = {&credentials.secret_access_key,
                                                     &credentials.session_token, &signature};
  for (const std::string* secret : secrets) {
    if (secret->size() < kMinSecretLength) continue;
    const std::string kMark = "[redacted]";
    for (size_t at = error->message.find(*secret); at != std::string::npos;
         at = error->message.find(*secret, at + kMark.size())) {
      error->message.replace(at, secret->size(), kMark);
    }
  }
}

std::optional<ApiError> CheckOptions(const ClientOptions& options) {
  auto bad = [](const std::string& what) {
    return MakeError(ErrorKind::kInvalidParameter, "InvalidConfiguration", what, 0);
  };
  const RetryOptions& r = options.retry;
  if (options.max_in_flight < 1) return bad("max_in_flight must be at least 1");
  if (r.max_attempts < 1) return bad("retry max_attempts must be at least 1");
  if (r.base_delay_seconds < 0 || r.max_backoff_seconds < 0) {
    return bad("retry delays must not be negative");
  }
  if (r.quota_capacity < 0 || r.retry_cost < 0 || r.timeout_retry_cost < 0 ||
      r.success_increment < 0) {
    return bad("retry quota settings must not be negative");
  }
  if (!options.clock.now || !options.clock.sleep) return bad("the clock needs now and sleep");
  return std::nullopt;
}

}  // namespace

void AwsBackupClient::InFlightLimit::Acquire() {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [this] { return free_ > 0; });
  --free_;
}

void AwsBackupClient::InFlightLimit::Release() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++free_;
  }
  cv_.notify_one();
}

Outcome<std::unique_ptr<AwsBackupClient>> AwsBackupClient::Create(ClientOptions options) {
  if (std::optional<ApiError> error = CheckOptions(options)) return *error;
  EndpointInputs inputs{options.region, options.endpoint, options.profile};
  Outcome<Endpoint> endpoint = ResolveEndpoint(inputs, options.endpoint_env);
  if (!endpoint.ok()) return endpoint.error();
  std::shared_ptr<CredentialsProvider> credentials = options.credentials;
  if (!credentials) {
    ChainOptions chain;
    chain.profile = options.profile;
    chain.region = endpoint.value().region;
    credentials = DefaultCredentialChain(chain);
  }
  spdlog::debug("aws backup client: endpoint {} region {} credentials {}", endpoint.value().url,
                endpoint.value().region, credentials->Name());
  return std::unique_ptr<AwsBackupClient>(
      new AwsBackupClient(std::move(options), endpoint.value(), std::move(credentials)));
}

AwsBackupClient::AwsBackupClient(ClientOptions options, Endpoint endpoint,
                                 std::shared_ptr<CredentialsProvider> credentials)
    : options_(std::move(options)),
      endpoint_(std::move(endpoint)),
      credentials_(std::move(credentials)),
      transport_(options_.transport),
      in_flight_(options_.max_in_flight),
      quota_(options_.retry),
      limiter_(options_.clock.now),
      rng_(std::random_device{}()) {}

AwsBackupClient::~AwsBackupClient() = default;

ClientStats AwsBackupClient::stats() const {
  ClientStats stats;
  stats.attempts = attempts_.load();
  stats.retries = retries_.load();
  stats.retry_quota_available = quota_.available();
  stats.rate_limited = limiter_.enabled();
  stats.send_rate = limiter_.fill_rate();
  stats.new_connections = transport_.stats().new_connections;
  return stats;
}

template <typename Output, typename Input>
Outcome<Output> AwsBackupClient::Call(const Input& input) {
  HttpRequest request = Encode(input);
  if (std::optional<ApiError> invalid = ValidateEncoded(request)) return *invalid;
  Outcome<HttpResponse> response = Execute(request);
  if (!response.ok()) return response.error();
  Outcome<Output> output = DecodeOutput<Output>(response.value());
  if (!output.ok()) {
    ApiError error = output.error();
    if (error.request_id.empty()) error.request_id = RequestId(response.value());
    return error;
  }
  return output;
}

Outcome<HttpResponse> AwsBackupClient::Execute(const HttpRequest& request) {
  const RetryOptions& retry = options_.retry;
  int last_retry_cost = 0;
  for (int attempt = 1;; ++attempt) {
    if (retry.adaptive) {
      double wait = limiter_.Reserve();
      if (wait > 0) {
        spdlog::debug("aws backup {}: rate limited, waiting {:.0f} ms", request.operation,
                      wait * 1000);
        options_.clock.sleep(wait);
      }
    }
    Outcome<Credentials> credentials = credentials_->Get();
    if (!credentials.ok()) return credentials.error();
    Outcome<HttpResponse> result = Attempt(request, credentials.value(), attempt);
    if (result.ok()) {
      quota_.OnSuccess(last_retry_cost);
      return result;
    }
    const ApiError& error = result.error();
    if (!ShouldRetry(error)) return result;
    if (attempt >= retry.max_attempts) {
      spdlog::debug("aws backup {}: giving up after {} attempts", request.operation, attempt);
      return result;
    }
    std::optional<int> cost = quota_.TryAcquire(IsTimeout(error));
    if (!cost) {
      spdlog::debug("aws backup {}: retry quota exhausted, not retrying", request.operation);
      return result;
    }
    last_retry_cost = *cost;
    ++retries_;
    options_.clock.sleep(BackoffSeconds(retry, attempt - 1, Uniform01()));
  }
}

HttpRequest AwsBackupClient::Sign(const HttpRequest& request,
                                  const Credentials& credentials) const {
  HttpRequest wire = request;
  wire.path = endpoint_.path_prefix + request.path;
  wire.headers["host"] = endpoint_.host;
  wire.headers["user-agent"] = options_.user_agent;
  SigV4Request sig;
  sig.method = wire.method;
  sig.path = wire.path;
  sig.query = wire.QueryString();
  sig.body = wire.body;
  sig.headers.assign(wire.headers.begin(), wire.headers.end());
  SigV4Options sig_options;
  sig_options.region = endpoint_.region;
  sig_options.service = "backup";
  sig_options.amz_date = FormatAmzDate(static_cast<long long>(std::time(nullptr)));
  SignRequest(&sig, credentials, sig_options);
  for (const auto& [name, value] : sig.headers) wire.headers[Lower(name)] = value;
  return wire;
}

Outcome<HttpResponse> AwsBackupClient::Attempt(const HttpRequest& request,
                                               const Credentials& credentials, int attempt) {
  HttpRequest wire;
  double seconds = 0;
  Outcome<HttpResponse> sent = SendSigned(request, credentials, &wire, &seconds);

  if (!sent.ok()) {
    ApiError error = sent.error();
    Redact(&error, credentials, wire);
    Report(request, attempt, seconds, 0, &error, "");
    return error;
  }
  const HttpResponse& response = sent.value();
  std::string request_id = RequestId(response);
  if (response.status >= 200 && response.status < 300) {
    if (options_.retry.adaptive) limiter_.OnResponse(false);
    Report(request, attempt, seconds, response.status, nullptr, request_id);
    return sent;
  }
  ApiError error = DecodeError(response);
  if (error.http_status == 0) error.http_status = response.status;
  if (error.request_id.empty()) error.request_id = request_id;
  Redact(&error, credentials, wire);
  if (options_.retry.adaptive) limiter_.OnResponse(error.kind == ErrorKind::kThrottling);
  Report(request, attempt, seconds, response.status, &error, request_id);
  return error;
}

// Signs only once a slot is free, so time spent queued cannot stale the date.
Outcome<HttpResponse> AwsBackupClient::SendSigned(const HttpRequest& request,
                                                  const Credentials& credentials, HttpRequest* wire,
                                                  double* seconds) {
  InFlightSlot slot(&in_flight_);
  *wire = Sign(request, credentials);
  spdlog::trace("aws backup {}: {} {}", request.operation, wire->method, wire->path);
  double start = options_.clock.now();
  Outcome<HttpResponse> sent = transport_.Send(endpoint_.base_url, *wire);
  *seconds = options_.clock.now() - start;
  ++attempts_;
  return sent;
}

void AwsBackupClient::Report(const HttpRequest& request, int attempt, double seconds, int status,
                             const ApiError* error, const std::string& request_id) {
  if (options_.observer != nullptr) {
    ApiCallRecord record;
    record.operation = request.operation;
    record.http_status = status;
    if (error != nullptr) record.error_code = error->code.empty() ? "Transport" : error->code;
    record.seconds = seconds;
    record.attempt = attempt;
    options_.observer->OnApiCall(record);
  }
  if (error == nullptr) {
    spdlog::debug("aws backup {} status={} latency_ms={:.1f} attempt={} request_id={}",
                  request.operation, status, seconds * 1000, attempt, request_id);
  } else if (status == 0) {
    // Transport messages name what failed (refused, reset, timeout), never a header.
    spdlog::debug("aws backup {} transport error ({}) latency_ms={:.1f} attempt={}",
                  request.operation, error->message, seconds * 1000, attempt);
  } else {
    spdlog::debug("aws backup {} status={} error={} latency_ms={:.1f} attempt={} request_id={}",
                  request.operation, status, error->code, seconds * 1000, attempt, request_id);
  }
}

double AwsBackupClient::Uniform01() {
  if (options_.uniform01) return options_.uniform01();
  std::lock_guard<std::mutex> lock(rng_mu_);
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng_);
}

// Every operation is the same round trip; only its types differ.
#define BACKUPCTL_CLIENT_OPERATION(Name, Out, In, ...) \
  Outcome<Out> AwsBackupClient::Name(const In& in) { return Call<Out>(in); }
BACKUPCTL_OPERATIONS(BACKUPCTL_CLIENT_OPERATION)
#undef BACKUPCTL_CLIENT_OPERATION

}  // namespace backupctl
