// Transport: sends one HTTP request and returns the response, over libcurl.
//
// Thread-safe: any number of threads may call Send at once; connections are
// kept alive and reused (a free-list of curl easy handles, each used by one
// thread at a time, sharing a DNS and TLS-session cache). TLS is verified
// against the system CA bundle, or `ca_bundle`, or AWS_CA_BUNDLE, unless
// insecure_skip_tls_verify is set (which logs one warning). Proxies come from
// the environment variables libcurl reads itself (http_proxy, HTTPS_PROXY /
// https_proxy, ALL_PROXY, NO_PROXY); the transport never overrides them.
// A transport failure (refused, reset, timeout, TLS) is an ApiError of kind
// kTransport, http_status 0, whose message is curl's description of what
// failed; it never carries a header value. Nothing here logs a header value.
// The body is sent with Content-Length (never chunked, never "Expect:
// 100-continue"); curl's default form Content-Type is never added.

#ifndef BACKUPCTL_PROVIDERS_AWS_TRANSPORT_H_
#define BACKUPCTL_PROVIDERS_AWS_TRANSPORT_H_

#include <memory>
#include <string>

#include "providers/wire/rest.h"

namespace backupctl {

struct TransportOptions {
  long connect_timeout_ms = 3000;
  long total_timeout_ms = 30000;
  bool insecure_skip_tls_verify = false;
  std::string ca_bundle;  // empty: AWS_CA_BUNDLE, else the system bundle
};

struct TransportStats {
  long long requests = 0;
  long long new_connections = 0;  // TCP connections opened (curl's num_connects)
};

class Transport {
 public:
  explicit Transport(const TransportOptions& options);
  ~Transport();  // no Send may be in flight
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;

  // `base_url` is scheme://host[:port] (no trailing slash); req.path and
  // req.QueryString() are appended. Headers are sent as given (the caller
  // signs first). Host is derived from base_url unless present.
  Outcome<HttpResponse> Send(const std::string& base_url, const HttpRequest& req);

  TransportStats stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_AWS_TRANSPORT_H_
