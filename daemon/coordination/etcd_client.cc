#include "daemon/coordination/etcd_client.h"

#include <curl/curl.h>
#include <openssl/evp.h>

namespace backupctl {
namespace {

constexpr size_t kMaxReplyBytes = 16 << 20;  // a range over our prefix is far smaller

std::string Base64(const std::string& in) {
  std::string out(4 * ((in.size() + 2) / 3), '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(in.data()),
                          static_cast<int>(in.size()));
  out.resize(n < 0 ? 0 : static_cast<size_t>(n));
  return out;
}

std::string Unbase64(const std::string& in) {
  if (in.empty() || in.size() % 4 != 0) return "";
  std::string out(in.size() / 4 * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(in.data()),
                          static_cast<int>(in.size()));
  if (n < 0) return "";
  size_t pad = (in.back() == '=') + (in.size() > 1 && in[in.size() - 2] == '=');
  out.resize(static_cast<size_t>(n) - pad);
  return out;
}

// The gateway writes 64-bit integers as JSON strings and leaves out zeros.
int64_t Int(const nlohmann::json& j, const char* name) {
  auto it = j.find(name);
  if (it == j.end()) return 0;
  if (it->is_number_integer()) return it->get<int64_t>();
  if (it->is_string()) {
    try {
      return std::stoll(it->get<std::string>());
    } catch (const std::exception&) {
      return 0;
    }
  }
  return 0;
}

EtcdKv ParseKv(const nlohmann::json& j) {
  EtcdKv kv;
  kv.key = Unbase64(j.value("key", ""));
  kv.value = Unbase64(j.value("value", ""));
  kv.create_revision = Int(j, "create_revision");
  kv.mod_revision = Int(j, "mod_revision");
  kv.lease = Int(j, "lease");
  return kv;
}

size_t OnChunk(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<std::function<bool(const std::string&)>*>(user);
  return (*sink)(std::string(data, size * count)) ? size * count : 0;
}

int OnProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* stop = static_cast<const std::atomic<bool>*>(user);
  return stop != nullptr && stop->load() ? 1 : 0;
}

template <typename T>
EtcdResult<T> Fail(EtcdError error) {
  EtcdResult<T> r;
  r.error = std::move(error);
  return r;
}

template <typename T>
EtcdResult<T> Ok(T value) {
  EtcdResult<T> r;
  r.value = std::move(value);
  return r;
}

}  // namespace

std::string EtcdPrefixEnd(const std::string& prefix) {
  std::string end = prefix;
  while (!end.empty()) {
    auto last = static_cast<unsigned char>(end.back());
    if (last < 0xff) {
      end.back() = static_cast<char>(last + 1);
      return end;
    }
    end.pop_back();
  }
  return std::string(1, '\0');  // every key
}

EtcdClient::EtcdClient(EtcdOptions options) : options_(std::move(options)) {}
EtcdClient::~EtcdClient() = default;

std::string EtcdClient::Describe() const {
  std::string out;
  for (const std::string& e : options_.endpoints) out += (out.empty() ? "" : ",") + e;
  return out;
}

std::optional<EtcdClient::Reply> EtcdClient::Post(
    const std::string& endpoint, const std::string& path, const std::string& body,
    const std::string& token, std::chrono::milliseconds timeout,
    const std::function<bool(const std::string&)>& on_chunk, const std::atomic<bool>* stop,
    std::string* transport_error) {
  CURL* h = curl_easy_init();
  if (h == nullptr) {
    *transport_error = "cannot start an HTTP request";
    return std::nullopt;
  }
  Reply reply;
  std::function<bool(const std::string&)> sink = [&](const std::string& chunk) {
    if (on_chunk) return on_chunk(chunk);
    if (reply.body.size() + chunk.size() > kMaxReplyBytes) return false;
    reply.body += chunk;
    return true;
  };
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
  std::string auth = "Authorization: " + token;
  if (!token.empty()) headers = curl_slist_append(headers, auth.c_str());
  std::string url = endpoint + path;
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(std::min(options_.connect_timeout, timeout).count()));
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &OnChunk);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, &OnProgress);
  curl_easy_setopt(h, CURLOPT_XFERINFODATA, stop);
  curl_easy_setopt(h, CURLOPT_NOPROGRESS, stop == nullptr ? 1L : 0L);
  long verify = options_.insecure_skip_tls_verify ? 0L : 1L;
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, verify);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, verify * 2);
  if (!options_.cacert.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, options_.cacert.c_str());
  if (!options_.cert.empty()) curl_easy_setopt(h, CURLOPT_SSLCERT, options_.cert.c_str());
  if (!options_.key.empty()) curl_easy_setopt(h, CURLOPT_SSLKEY, options_.key.c_str());
  CURLcode rc = curl_easy_perform(h);
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply.status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(h);
  // A watch ends by our stop or its deadline: that is its normal end.
  bool streaming = static_cast<bool>(on_chunk);
  if (rc != CURLE_OK && !(streaming && reply.status == 200 &&
                          (rc == CURLE_OPERATION_TIMEDOUT || rc == CURLE_ABORTED_BY_CALLBACK))) {
    *transport_error = endpoint + ": " + (error[0] != '\0' ? error : curl_easy_strerror(rc));
    return std::nullopt;
  }
  return reply;
}

void EtcdClient::Authenticate(const std::string& endpoint, EtcdError* error) {
  nlohmann::json body = {{"name", options_.user}, {"password", options_.password}};
  std::string transport;
  auto reply = Post(endpoint, "/v3/auth/authenticate", body.dump(), "", options_.request_timeout,
                    nullptr, nullptr, &transport);
  if (!reply) {
    *error = {transport, 14, true};
    return;
  }
  auto j = nlohmann::json::parse(reply->body, nullptr, false);
  if (reply->status != 200 || !j.is_object() || !j.contains("token")) {
    // The gateway's message names the failure, never the password.
    std::string why = j.is_object() ? j.value("message", "") : "";
    *error = {"etcd authentication as \"" + options_.user + "\" failed: " + why,
              j.is_object() ? static_cast<int>(Int(j, "code")) : 0, false};
    return;
  }
  std::lock_guard<std::mutex> lock(token_mu_);
  token_ = j["token"].get<std::string>();
}

std::string EtcdClient::Token(EtcdError* error) {
  if (options_.user.empty()) return "";
  {
    std::lock_guard<std::mutex> lock(token_mu_);
    if (!token_.empty()) return token_;
  }
  Authenticate(options_.endpoints[preferred_.load() % options_.endpoints.size()], error);
  std::lock_guard<std::mutex> lock(token_mu_);
  return token_;
}

std::optional<nlohmann::json> EtcdClient::Call(const std::string& path, const nlohmann::json& body,
                                               EtcdError* error) {
  if (options_.endpoints.empty()) {
    *error = {"no etcd endpoints", 0, true};
    return std::nullopt;
  }
  const std::string text = body.dump();
  const size_t n = options_.endpoints.size();
  const size_t first = preferred_.load();
  std::string failures;
  for (size_t i = 0; i < n; ++i) {
    size_t index = (first + i) % n;
    const std::string& endpoint = options_.endpoints[index];
    for (int attempt = 0; attempt < 2; ++attempt) {  // a second try after a re-authentication
      EtcdError auth_error;
      std::string token = Token(&auth_error);
      if (!options_.user.empty() && token.empty()) {
        *error = auth_error;
        return std::nullopt;
      }
      std::string transport;
      auto reply =
          Post(endpoint, path, text, token, options_.request_timeout, nullptr, nullptr, &transport);
      if (!reply) {
        failures += (failures.empty() ? "" : "; ") + transport;
        break;  // the next endpoint
      }
      auto j = nlohmann::json::parse(reply->body, nullptr, false);
      if (reply->status == 200 && j.is_object()) {
        preferred_.store(index);
        return j;
      }
      int code = j.is_object() ? static_cast<int>(Int(j, "code")) : 0;
      std::string message = j.is_object() ? j.value("message", "") : "";
      if (code == 16 && attempt == 0 && !options_.user.empty()) {  // Unauthenticated: token expired
        std::lock_guard<std::mutex> lock(token_mu_);
        token_.clear();
        continue;
      }
      // Unavailable (no leader, quorum lost) on this member: another may do better.
      if (code == 14 || reply->status >= 500) {
        failures += (failures.empty() ? "" : "; ") + endpoint + ": " +
                    (message.empty() ? "HTTP " + std::to_string(reply->status) : message);
        break;
      }
      *error = {message.empty() ? "HTTP " + std::to_string(reply->status) : message, code, false};
      return std::nullopt;
    }
  }
  *error = {"no etcd endpoint answered: " + failures, 14, true};
  return std::nullopt;
}

EtcdResult<EtcdLease> EtcdClient::Grant(int64_t ttl_seconds) {
  EtcdError error;
  auto j = Call("/v3/lease/grant", {{"TTL", std::to_string(ttl_seconds)}}, &error);
  if (!j) return Fail<EtcdLease>(error);
  if (j->contains("error") && !(*j)["error"].get<std::string>().empty()) {
    return Fail<EtcdLease>({(*j)["error"].get<std::string>(), 0, false});
  }
  return Ok(EtcdLease{Int(*j, "ID"), Int(*j, "TTL")});
}

EtcdResult<EtcdLease> EtcdClient::KeepAliveOnce(int64_t lease) {
  EtcdError error;
  auto j = Call("/v3/lease/keepalive", {{"ID", std::to_string(lease)}}, &error);
  if (!j) return Fail<EtcdLease>(error);
  // The gateway streams {"result": {...}}; one request gives one result.
  const nlohmann::json& result = j->contains("result") ? (*j)["result"] : *j;
  if (!result.is_object()) return Fail<EtcdLease>({"keep-alive: no result", 0, false});
  return Ok(EtcdLease{lease, Int(result, "TTL")});
}

EtcdResult<bool> EtcdClient::Revoke(int64_t lease) {
  EtcdError error;
  auto j = Call("/v3/lease/revoke", {{"ID", std::to_string(lease)}}, &error);
  if (!j) return Fail<bool>(error);
  return Ok(true);
}

EtcdResult<EtcdRange> EtcdClient::GetPrefix(const std::string& prefix) {
  EtcdError error;
  auto j = Call("/v3/kv/range",
                {{"key", Base64(prefix)}, {"range_end", Base64(EtcdPrefixEnd(prefix))}}, &error);
  if (!j) return Fail<EtcdRange>(error);
  EtcdRange range;
  if (j->contains("header")) range.revision = Int((*j)["header"], "revision");
  if (j->contains("kvs") && (*j)["kvs"].is_array()) {
    for (const auto& kv : (*j)["kvs"]) range.kvs.push_back(ParseKv(kv));
  }
  return Ok(std::move(range));
}

EtcdResult<bool> EtcdClient::Put(const std::string& key, const std::string& value, int64_t lease) {
  EtcdError error;
  nlohmann::json body = {{"key", Base64(key)}, {"value", Base64(value)}};
  if (lease != 0) body["lease"] = std::to_string(lease);
  auto j = Call("/v3/kv/put", body, &error);
  if (!j) return Fail<bool>(error);
  return Ok(true);
}

EtcdResult<bool> EtcdClient::PutIfAbsent(const std::string& key, const std::string& value,
                                         int64_t lease, EtcdKv* current) {
  nlohmann::json put = {{"key", Base64(key)}, {"value", Base64(value)}};
  if (lease != 0) put["lease"] = std::to_string(lease);
  nlohmann::json body = {{"compare",
                          {{{"target", "CREATE"},
                            {"key", Base64(key)},
                            {"create_revision", "0"},
                            {"result", "EQUAL"}}}},
                         {"success", {{{"request_put", put}}}},
                         {"failure", {{{"request_range", {{"key", Base64(key)}}}}}}};
  EtcdError error;
  auto j = Call("/v3/kv/txn", body, &error);
  if (!j) return Fail<bool>(error);
  if (j->value("succeeded", false)) return Ok(true);
  if (current != nullptr) {
    *current = {};
    for (const auto& r : j->value("responses", nlohmann::json::array())) {
      const auto& range = r.value("response_range", nlohmann::json::object());
      for (const auto& kv : range.value("kvs", nlohmann::json::array())) *current = ParseKv(kv);
    }
  }
  return Ok(false);
}

EtcdResult<bool> EtcdClient::DeleteIfValue(const std::string& key, const std::string& value) {
  nlohmann::json body = {{"compare",
                          {{{"target", "VALUE"},
                            {"key", Base64(key)},
                            {"value", Base64(value)},
                            {"result", "EQUAL"}}}},
                         {"success", {{{"request_delete_range", {{"key", Base64(key)}}}}}}};
  EtcdError error;
  auto j = Call("/v3/kv/txn", body, &error);
  if (!j) return Fail<bool>(error);
  return Ok(j->value("succeeded", false));
}

EtcdResult<bool> EtcdClient::Watch(
    const std::string& prefix, int64_t start_revision, std::chrono::milliseconds max_duration,
    const std::atomic<bool>& stop,
    const std::function<void(const std::vector<EtcdEvent>&)>& on_events) {
  nlohmann::json create = {{"key", Base64(prefix)}, {"range_end", Base64(EtcdPrefixEnd(prefix))}};
  if (start_revision > 0) create["start_revision"] = std::to_string(start_revision);
  const std::string body = nlohmann::json{{"create_request", create}}.dump();
  EtcdError error;
  std::string token = Token(&error);
  if (!options_.user.empty() && token.empty()) return Fail<bool>(error);
  const std::string endpoint = options_.endpoints[preferred_.load() % options_.endpoints.size()];
  std::string pending, stream_error;
  auto on_chunk = [&](const std::string& chunk) {
    pending += chunk;
    if (pending.size() > kMaxReplyBytes) return false;
    // The gateway writes one JSON object per line.
    for (size_t nl; (nl = pending.find('\n')) != std::string::npos;) {
      auto j = nlohmann::json::parse(pending.substr(0, nl), nullptr, false);
      pending.erase(0, nl + 1);
      if (!j.is_object()) continue;
      if (j.contains("error")) {
        stream_error = j["error"].value("message", "watch failed");
        return false;
      }
      const auto& result = j.value("result", nlohmann::json::object());
      if (result.value("canceled", false)) {
        stream_error = "watch canceled: " + result.value("cancel_reason", std::string("compacted"));
        return false;
      }
      std::vector<EtcdEvent> events;
      for (const auto& e : result.value("events", nlohmann::json::array())) {
        EtcdEvent event;
        event.deleted = e.value("type", "PUT") == "DELETE";
        event.kv = ParseKv(e.value("kv", nlohmann::json::object()));
        events.push_back(std::move(event));
      }
      if (!events.empty()) on_events(events);
    }
    return true;
  };
  std::string transport;
  auto reply = Post(endpoint, "/v3/watch", body, token, max_duration, on_chunk, &stop, &transport);
  if (!stream_error.empty()) return Fail<bool>({stream_error, 0, false});
  if (!reply) {
    // The next watch tries the next endpoint.
    preferred_.store((preferred_.load() + 1) % options_.endpoints.size());
    return Fail<bool>({transport, 14, true});
  }
  return Ok(true);
}

}  // namespace backupctl
