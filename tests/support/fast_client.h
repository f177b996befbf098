// Client options for tests against a local emulator: its endpoint, the given
// credentials, short timeouts and millisecond backoffs, no adaptive limiting
// (tests that want it turn it on), and nothing from the environment or
// ~/.aws: only what the test sets.

#ifndef BACKUPCTL_TESTS_SUPPORT_FAST_CLIENT_H_
#define BACKUPCTL_TESTS_SUPPORT_FAST_CLIENT_H_

#include <optional>
#include <string>

#include "providers/aws/client.h"

namespace backupctl::testing {

inline ClientOptions FastClientOptions(const std::string& url, const Credentials& credentials) {
  ClientOptions options;
  options.region = "us-east-1";
  options.endpoint = url;
  options.credentials = StaticCredentials(credentials);
  options.transport.connect_timeout_ms = 2000;
  options.transport.total_timeout_ms = 10000;
  options.retry.base_delay_seconds = 0.001;
  options.retry.max_backoff_seconds = 0.01;
  options.retry.adaptive = false;
  options.endpoint_env.env = [](const std::string&) { return std::optional<std::string>(); };
  options.endpoint_env.profile_region = [](const std::optional<std::string>&) {
    return std::optional<std::string>();
  };
  return options;
}

}  // namespace backupctl::testing

#endif  // BACKUPCTL_TESTS_SUPPORT_FAST_CLIENT_H_
