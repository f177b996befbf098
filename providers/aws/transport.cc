#include "providers/aws/transport.h"

#include <curl/curl.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <cstdlib>
#include <mutex>
#include <vector>

#include "base/env.h"
#include "base/strings.h"

namespace backupctl {
namespace {

void GlobalInitOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

size_t OnBody(char* data, size_t size, size_t n, void* user) {
  static_cast<std::string*>(user)->append(data, size * n);
  return size * n;
}

// Collects headers of the final response: a new status line (after a 100
// Continue, say) starts over.
size_t OnHeader(char* data, size_t size, size_t n, void* user) {
  auto* headers = static_cast<std::map<std::string, std::string>*>(user);
  std::string line(data, size * n);
  if (line.rfind("HTTP/", 0) == 0) {
    headers->clear();
    return size * n;
  }
  size_t colon = line.find(':');
  if (colon == std::string::npos) return size * n;
  std::string name = Lower(Trim(line.substr(0, colon)));
  std::string value = Trim(line.substr(colon + 1));
  auto [it, inserted] = headers->emplace(name, value);
  if (!inserted) it->second += ", " + value;
  return size * n;
}

// Builds the request header list; Expect and curl's default form
// Content-Type are suppressed.
curl_slist* HeaderList(const HttpRequest& req) {
  curl_slist* list = nullptr;
  bool has_content_type = false;
  for (const auto& [name, value] : req.headers) {
    if (Lower(name) == "content-type") has_content_type = true;
    std::string line = value.empty() ? name + ";" : name + ": " + value;
    list = curl_slist_append(list, line.c_str());
  }
  list = curl_slist_append(list, "Expect:");
  if (!has_content_type) list = curl_slist_append(list, "Content-Type:");
  return list;
}

std::string ErrorCode(CURLcode code) {
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      return "RequestTimeout";
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return "UnknownHost";
    case CURLE_COULDNT_CONNECT:
      return "ConnectionRefused";
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CACERT_BADFILE:
      return "TlsError";
    default:
      return "TransportError";
  }
}

ApiError TransportError(CURLcode code, const char* detail, const std::string& base_url) {
  std::string what = detail[0] != '\0' ? detail : curl_easy_strerror(code);
  return MakeError(ErrorKind::kTransport, ErrorCode(code), base_url + ": " + what,
                   /*http_status=*/0);
}

}  // namespace

struct Transport::Impl {
  TransportOptions options;
  CURLSH* share = nullptr;
  std::mutex share_locks[CURL_LOCK_DATA_LAST];
  std::mutex pool_mu;
  std::vector<CURL*> free_handles;  // idle handles keep their live connections
  std::atomic<long long> requests{0};
  std::atomic<long long> new_connections{0};

  static void Lock(CURL*, curl_lock_data data, curl_lock_access, void* self) {
    static_cast<Impl*>(self)->share_locks[data].lock();
  }
  static void Unlock(CURL*, curl_lock_data data, void* self) {
    static_cast<Impl*>(self)->share_locks[data].unlock();
  }

  CURL* Acquire() {
    {
      std::lock_guard<std::mutex> lock(pool_mu);
      if (!free_handles.empty()) {
        CURL* handle = free_handles.back();
        free_handles.pop_back();
        return handle;
      }
    }
    return curl_easy_init();
  }

  void Release(CURL* handle) {
    curl_easy_reset(handle);  // keeps live connections and caches, drops options
    std::lock_guard<std::mutex> lock(pool_mu);
    free_handles.push_back(handle);
  }

  void SetCommonOptions(CURL* h) const {
    curl_easy_setopt(h, CURLOPT_SHARE, share);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, options.connect_timeout_ms);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, options.total_timeout_ms);
    curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    const long verify = options.insecure_skip_tls_verify ? 0L : 1L;
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, verify);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, verify * 2);
    if (!options.ca_bundle.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, options.ca_bundle.c_str());
  }

  void SetMethodAndBody(CURL* h, const HttpRequest& req) const {
    if (req.method == "HEAD") {
      curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
      return;
    }
    if (req.method == "GET" && req.body.empty()) {
      curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
      return;
    }
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(req.body.size()));
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, req.body.data());
    if (req.method != "POST") curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, req.method.c_str());
  }
};

Transport::Transport(const TransportOptions& options) : impl_(std::make_unique<Impl>()) {
  GlobalInitOnce();
  impl_->options = options;
  if (impl_->options.ca_bundle.empty()) {
    if (auto env = GetEnv("AWS_CA_BUNDLE")) impl_->options.ca_bundle = *env;
  }
  if (options.insecure_skip_tls_verify) {
    spdlog::warn("TLS certificate verification is turned off: connections are not authenticated");
  }
  impl_->share = curl_share_init();
  curl_share_setopt(impl_->share, CURLSHOPT_LOCKFUNC, &Impl::Lock);
  curl_share_setopt(impl_->share, CURLSHOPT_UNLOCKFUNC, &Impl::Unlock);
  curl_share_setopt(impl_->share, CURLSHOPT_USERDATA, impl_.get());
  curl_share_setopt(impl_->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
  curl_share_setopt(impl_->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
}

Transport::~Transport() {
  for (CURL* handle : impl_->free_handles) curl_easy_cleanup(handle);
  curl_share_cleanup(impl_->share);
}

Outcome<HttpResponse> Transport::Send(const std::string& base_url, const HttpRequest& req) {
  CURL* h = impl_->Acquire();
  if (h == nullptr) {
    return MakeError(ErrorKind::kTransport, "TransportError", "curl_easy_init failed", 0);
  }
  std::string url = base_url + req.path;
  std::string query = req.QueryString();
  if (!query.empty()) url += "?" + query;

  HttpResponse resp;
  char error[CURL_ERROR_SIZE] = {0};
  curl_slist* headers = HeaderList(req);
  impl_->SetCommonOptions(h);
  impl_->SetMethodAndBody(h, req);
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &OnBody);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &resp.body);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &OnHeader);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &resp.headers);

  CURLcode code = curl_easy_perform(h);
  long status = 0, connects = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_getinfo(h, CURLINFO_NUM_CONNECTS, &connects);
  impl_->Release(h);
  curl_slist_free_all(headers);
  impl_->requests++;
  impl_->new_connections += connects;
  if (code != CURLE_OK) return TransportError(code, error, base_url);
  resp.status = static_cast<int>(status);
  return resp;
}

TransportStats Transport::stats() const {
  return {impl_->requests.load(), impl_->new_connections.load()};
}

}  // namespace backupctl
