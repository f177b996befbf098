// EtcdClient: the few etcd v3 calls the daemon's coordination needs, spoken
// to etcd's JSON gateway (POST /v3/...) over HTTP(S) with libcurl.
//
// Keys and values are plain strings here; the client base64-encodes them on
// the wire as the gateway requires. Every call has a deadline
// (request_timeout) and fails over to the next endpoint when one cannot be
// reached, so a call answers "unavailable" quickly when quorum is lost.
// With `user` set, the client authenticates (POST /v3/auth/authenticate) and
// sends the token; the password never reaches a log line or an error.
// TLS is verified unless insecure_skip_tls_verify, as with etcdctl.
// Thread-safe: calls from several threads run concurrently.

#ifndef BACKUPCTL_DAEMON_COORDINATION_ETCD_CLIENT_H_
#define BACKUPCTL_DAEMON_COORDINATION_ETCD_CLIENT_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace backupctl {

// Named as etcdctl names them (--endpoints, --cacert, --cert, --key, --user).
struct EtcdOptions {
  std::vector<std::string> endpoints;  // "http://127.0.0.1:2379", "https://etcd-0:2379"
  std::string cacert;                  // PEM bundle that verifies the servers
  std::string cert;                    // client certificate (mutual TLS)
  std::string key;                     // its private key
  std::string user;                    // role-based auth: the user name
  std::string password;                // ... and its password
  bool insecure_skip_tls_verify = false;
  std::chrono::milliseconds connect_timeout{1000};
  std::chrono::milliseconds request_timeout{2000};
};

struct EtcdError {
  std::string message;       // "etcdserver: requested lease not found", "connect: refused"
  int grpc_code = 0;         // the gateway's "code" (5 NotFound, 14 Unavailable, ...); 0 if none
  bool unreachable = false;  // no endpoint answered within the deadline
};

template <typename T>
struct EtcdResult {
  std::optional<T> value;
  EtcdError error;
  bool ok() const { return value.has_value(); }
};

struct EtcdKv {
  std::string key;
  std::string value;
  int64_t create_revision = 0;
  int64_t mod_revision = 0;
  int64_t lease = 0;
};

struct EtcdRange {
  int64_t revision = 0;  // the store's revision when read
  std::vector<EtcdKv> kvs;
};

struct EtcdLease {
  int64_t id = 0;
  int64_t ttl_seconds = 0;  // 0 after a keep-alive: the lease is gone
};

// One event of a watch: a put or a delete (expired leases delete their keys).
struct EtcdEvent {
  bool deleted = false;
  EtcdKv kv;
};

// "prefix" -> the range_end that selects every key starting with it.
std::string EtcdPrefixEnd(const std::string& prefix);

class EtcdClient {
 public:
  explicit EtcdClient(EtcdOptions options);
  ~EtcdClient();
  EtcdClient(const EtcdClient&) = delete;
  EtcdClient& operator=(const EtcdClient&) = delete;

  EtcdResult<EtcdLease> Grant(int64_t ttl_seconds);
  EtcdResult<EtcdLease> KeepAliveOnce(int64_t lease);
  EtcdResult<bool> Revoke(int64_t lease);
  EtcdResult<EtcdRange> GetPrefix(const std::string& prefix);
  EtcdResult<bool> Put(const std::string& key, const std::string& value, int64_t lease);

  // Creates `key` = `value` bound to `lease` only if it does not exist; true
  // when this call created it. Otherwise false, with the holder in *current.
  EtcdResult<bool> PutIfAbsent(const std::string& key, const std::string& value, int64_t lease,
                               EtcdKv* current);
  // Deletes `key` only while it still holds `value` (our own claim).
  EtcdResult<bool> DeleteIfValue(const std::string& key, const std::string& value);

  // Watches every key under `prefix` from `start_revision` and calls
  // `on_events` per batch, until `stop` becomes true, the stream ends, or
  // `max_duration` passes. Returns the error that ended it, or ok.
  EtcdResult<bool> Watch(const std::string& prefix, int64_t start_revision,
                         std::chrono::milliseconds max_duration, const std::atomic<bool>& stop,
                         const std::function<void(const std::vector<EtcdEvent>&)>& on_events);

  // "http://a:2379,http://b:2379" for logs.
  std::string Describe() const;

 private:
  struct Reply {
    long status = 0;
    std::string body;
  };
  // POSTs `body` to `path` on a reachable endpoint; parses the JSON answer
  // or fills *error (the gateway's error JSON, or the transport's).
  std::optional<nlohmann::json> Call(const std::string& path, const nlohmann::json& body,
                                     EtcdError* error);
  std::optional<Reply> Post(const std::string& endpoint, const std::string& path,
                            const std::string& body, const std::string& token,
                            std::chrono::milliseconds timeout,
                            const std::function<bool(const std::string&)>& on_chunk,
                            const std::atomic<bool>* stop, std::string* transport_error);
  std::string Token(EtcdError* error);
  void Authenticate(const std::string& endpoint, EtcdError* error);

  const EtcdOptions options_;
  std::atomic<size_t> preferred_{0};  // the endpoint that answered last
  std::mutex token_mu_;
  std::string token_;
};

}  // namespace backupctl

#endif  // BACKUPCTL_DAEMON_COORDINATION_ETCD_CLIENT_H_
