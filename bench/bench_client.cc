#include "bench/bench_client.h"

#include "providers/aws/client.h"
#include "providers/aws/credentials.h"

namespace backupctl::bench {

std::unique_ptr<BackupApi> MakeBenchClient(const std::string& url, const std::string& region,
                                           const Credentials& credentials, int in_flight,
                                           std::string* error) {
  ClientOptions options;
  options.region = region;
  options.endpoint = url;
  options.credentials = StaticCredentials(credentials);
  options.max_in_flight = in_flight;
  auto client = AwsBackupClient::Create(std::move(options));
  if (!client.ok()) {
    *error = "client: " + client.error().ToString();
    return nullptr;
  }
  return std::move(client.value());
}

ClientCounters CountersOf(const BackupApi& client) {
  ClientStats stats = static_cast<const AwsBackupClient&>(client).stats();
  return {stats.new_connections, stats.attempts};
}

}  // namespace backupctl::bench
