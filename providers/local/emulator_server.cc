#include "providers/local/emulator_server.h"

#include <strings.h>

#include <httplib.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>

#include "base/strings.h"
#include "base/uuid.h"
#include "net/guarded_server.h"
#include "providers/local/request_auth.h"
#include "providers/local/server_admin.h"
#include "providers/local/server_socket.h"
#include "providers/local/sts_service.h"
#include "providers/wire/operations.h"
#include "providers/wire/rest.h"

namespace backupctl {

namespace {

// "AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/backup/aws4_request, ..." -> "AKID".
std::string AccessKeyOf(const SigV4Request& request) {
  for (const auto& [name, value] : request.headers) {
    if (name.size() != 13 || strncasecmp(name.c_str(), "authorization", 13) != 0) continue;
    size_t start = value.find("Credential=");
    if (start == std::string::npos) return "";
    start += 11;
    size_t end = value.find('/', start);
    std::string key = value.substr(start, end == std::string::npos ? 0 : end - start);
    return key.size() <= 128 ? key : "";
  }
  return "";
}

// spdlog's default logger: the CLI points it at stderr (text or JSON).
std::shared_ptr<spdlog::logger> Log() { return spdlog::default_logger(); }

bool IsLoopback(const std::string& ip) {
  return ip.rfind("127.", 0) == 0 || ip == "::1" || ip.rfind("::ffff:127.", 0) == 0;
}

// httplib adds these to the request headers itself; they never came from the client.
bool IsHttplibPseudoHeader(const std::string& name) {
  return name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" ||
         name == "LOCAL_PORT";
}

// The request target exactly as received (httplib's req.path is decoded, but
// the signature covers the wire form).
void SplitTarget(const httplib::Request& req, std::string* path, std::string* query) {
  const std::string& target = req.target.empty() ? req.path : req.target;
  size_t q = target.find('?');
  *path = target.substr(0, q);
  *query = q == std::string::npos ? "" : target.substr(q + 1);
}

std::vector<std::pair<std::string, std::string>> ParseQuery(const std::string& raw) {
  std::vector<std::pair<std::string, std::string>> pairs;
  size_t start = 0;
  while (start < raw.size()) {
    size_t amp = raw.find('&', start);
    if (amp == std::string::npos) amp = raw.size();
    std::string item = raw.substr(start, amp - start);
    size_t eq = item.find('=');
    if (!item.empty()) {
      pairs.emplace_back(UriDecode(item.substr(0, eq)),
                         eq == std::string::npos ? "" : UriDecode(item.substr(eq + 1)));
    }
    start = amp + 1;
  }
  return pairs;
}

struct ParsedRequest {
  HttpRequest wire;
  SigV4Request signed_form;
  ConnectionAddress address;
};

// The request as signed: `with_body` false before the body is read.
SigV4Request SignedForm(const httplib::Request& req, bool with_body) {
  SigV4Request signed_form;
  std::string raw_query;
  SplitTarget(req, &signed_form.path, &raw_query);
  signed_form.method = req.method;
  signed_form.query = raw_query;
  if (with_body) signed_form.body = req.body;
  for (const auto& [name, value] : req.headers) {
    if (!IsHttplibPseudoHeader(name)) signed_form.headers.emplace_back(name, value);
  }
  return signed_form;
}

ParsedRequest Parse(const httplib::Request& req) {
  ParsedRequest p;
  std::string raw_query;
  SplitTarget(req, &p.wire.path, &raw_query);
  p.wire.method = req.method;
  p.wire.query = ParseQuery(raw_query);
  p.wire.body = req.body;
  p.signed_form = SignedForm(req, /*with_body=*/true);
  for (const auto& [name, value] : req.headers) {
    if (IsHttplibPseudoHeader(name)) continue;
    std::string& joined = p.wire.headers[Lower(name)];
    joined = joined.empty() ? value : joined + "," + value;
  }
  p.address = {req.local_addr, req.local_port, req.remote_addr, req.remote_port};
  return p;
}

void Send(const HttpResponse& resp, const std::string& request_id, httplib::Response* res) {
  res->status = resp.status;
  for (const auto& [name, value] : resp.headers) {
    if (name == "content-length" || name == "connection" || name == "transfer-encoding" ||
        name == "x-amzn-requestid") {
      continue;
    }
    res->set_header(name, value);
  }
  if (!resp.body.empty() && resp.headers.count("content-type") == 0) {
    res->set_header("Content-Type", "application/json");
  }
  res->set_header("x-amzn-RequestId", request_id);
  res->body = resp.body;
}

void Sleep(double ms) {
  if (ms > 0) std::this_thread::sleep_for(std::chrono::duration<double, std::milli>(ms));
}

}  // namespace

struct EmulatorServer::Handler {
  EmulatorServer* server;

  void Serve(const httplib::Request& req, httplib::Response& res) {
    std::string request_id = NewUuid();
    try {
      ParsedRequest parsed = Parse(req);
      if (parsed.wire.path.rfind(kAdminPrefix, 0) == 0) {
        Send(ServeAdmin(parsed), request_id, &res);
      } else if (IsStsPath(parsed.wire.path)) {
        ServeStsCall(parsed, request_id, &res);
      } else {
        ServeApi(parsed, request_id, &res);
      }
    } catch (const std::exception& e) {
      Log()->error("internal error on {} {}: {}", req.method, req.path, e.what());
      Send(RenderError(MakeError(ErrorKind::kServiceUnavailable, "InternalFailure",
                                 "The request processing has failed because of an unknown "
                                 "error, exception or failure.",
                                 500),
                       request_id),
           request_id, &res);
    }
  }

  HttpResponse ServeAdmin(const ParsedRequest& p) {
    if (!server->options_.admin_from_any_host && !IsLoopback(p.address.remote_ip)) {
      HttpResponse denied;
      denied.status = 403;
      denied.headers["content-type"] = "application/json";
      denied.body = R"({"error":"Forbidden","message":"the admin endpoint answers loopback only"})";
      return denied;
    }
    AdminContext ctx{server->org_.get(), &server->identities_, &server->log_, &server->faults_};
    return HandleAdmin(ctx, p.wire);
  }

  AuthPolicy BackupPolicy() const {
    return {"backup", server->options_.account.region, server->options_.regions};
  }

  // Before the body is read: an API call whose headers already fail the
  // signature check is answered (and logged) without reading its body.
  bool ScreenBeforeBody(const httplib::Request& req, httplib::Response& res) {
    SigV4Request signed_form = SignedForm(req, /*with_body=*/false);
    // STS answers in its own XML shape: it is checked once its body is read.
    if (signed_form.path.rfind(kAdminPrefix, 0) == 0 || IsStsPath(signed_form.path)) return false;
    AuthResult auth =
        Authenticate(signed_form, /*with_body=*/false, server->identities_, BackupPolicy());
    const std::string& code = auth.code;
    const std::string& message = auth.message;
    if (code.empty()) return false;
    RequestRecord record;
    record.method = req.method;
    record.path = signed_form.path;
    std::map<std::string, std::string> labels;
    const OperationInfo* op = MatchRoute(req.method, signed_form.path, &labels);
    record.operation = op != nullptr ? op->name : "";
    std::string request_id = NewUuid();
    Finish(&record,
           RenderError(MakeError(ErrorKindFromCode(code, 403), code, message, 403), request_id),
           request_id, &res);
    return true;
  }

  void ServeApi(ParsedRequest& p, const std::string& request_id, httplib::Response* res) {
    RequestRecord record;
    record.method = p.wire.method;
    record.path = p.wire.path;
    record.received_unix_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                  std::chrono::system_clock::now().time_since_epoch())
                                  .count();
    record.access_key = AccessKeyOf(p.signed_form);
    std::map<std::string, std::string> labels;
    const OperationInfo* op = MatchRoute(p.wire.method, p.wire.path, &labels);
    record.operation = op != nullptr ? op->name : "";

    AuthResult auth =
        Authenticate(p.signed_form, /*with_body=*/true, server->identities_, BackupPolicy());
    if (!auth.code.empty()) {
      HttpResponse resp = RenderError(
          MakeError(ErrorKindFromCode(auth.code, 403), auth.code, auth.message, 403), request_id);
      Finish(&record, resp, request_id, res);
      return;
    }
    record.signature_valid = true;
    Outcome<LocalAccount*> account = server->org_->Get({auth.identity.account_id, auth.region});
    if (!account.ok()) {
      Finish(&record, RenderError(account.error(), request_id), request_id, res);
      return;
    }

    FaultDecision fault = server->faults_.Decide(record.operation);
    record.fault = FaultKindName(fault.fault);
    record.latency_ms = fault.latency_ms;
    if (fault.fault == FaultKind::kReset) {
      Sleep(fault.latency_ms);
      Drop(&record, p.address, /*reset=*/true, res);
      return;
    }
    HttpResponse resp;
    if (!fault.error_code.empty()) {  // throttle, 5xx, dependency: answered with an AWS error
      ApiError error = MakeError(ErrorKindFromCode(fault.error_code, fault.status),
                                 fault.error_code, fault.message, fault.status);
      resp = RenderError(error, request_id);
    } else {
      resp = Dispatch(*account.value(), p.wire);
      if (!p.wire.operation.empty()) record.operation = p.wire.operation;
    }
    Sleep(fault.latency_ms);
    if (fault.fault == FaultKind::kDropAfterCommit) {
      if (resp.status >= 300) record.error_code = DecodeError(resp).code;
      Drop(&record, p.address, /*reset=*/false, res);
      return;
    }
    Finish(&record, resp, request_id, res);
  }

  // STS: signed, logged, never faulted or delayed.
  void ServeStsCall(ParsedRequest& p, const std::string& request_id, httplib::Response* res) {
    RequestRecord record;
    record.method = p.wire.method;
    record.path = p.wire.path;
    record.access_key = AccessKeyOf(p.signed_form);
    StsCall call;
    HttpResponse resp = ServeSts(p.wire, p.signed_form, server->identities_,
                                 server->options_.account.region, request_id, &call);
    record.operation = call.action;
    record.signature_valid =
        call.error_code.empty() || resp.status < 400 ||
        (call.error_code != "InvalidClientTokenId" && call.error_code != "SignatureDoesNotMatch" &&
         call.error_code != "IncompleteSignature" &&
         call.error_code != "MissingAuthenticationToken" && call.error_code != "ExpiredToken");
    record.status = resp.status;
    record.error_code = call.error_code;
    Log()->debug("{} {} sts:{} -> {} {}", record.method, record.path, record.operation, resp.status,
                 record.error_code);
    server->log_.Add(record);
    Send(resp, request_id, res);
  }

  void Finish(RequestRecord* record, const HttpResponse& resp, const std::string& request_id,
              httplib::Response* res) {
    record->status = resp.status;
    if (resp.status >= 300) record->error_code = DecodeError(resp).code;
    Log()->debug("{} {} {} -> {} {}{}", record->method, record->path, record->operation,
                 resp.status, record->error_code, record->fault.empty() ? "" : " (injected)");
    server->log_.Add(*record);
    Send(resp, request_id, res);
  }

  // Ends the connection without a response. If the socket cannot be found,
  // the response still must not reach the client intact: a declared length
  // with no body makes httplib abort the connection mid-response.
  void Drop(RequestRecord* record, const ConnectionAddress& address, bool reset,
            httplib::Response* res) {
    record->status = 0;
    Log()->debug("{} {} {} -> connection {} (injected {})", record->method, record->path,
                 record->operation, reset ? "reset" : "closed", record->fault);
    server->log_.Add(*record);
    if (AbortConnection(address, reset)) return;
    res->set_content_provider(1, "application/json",
                              [](size_t, size_t, httplib::DataSink&) { return false; });
  }
};

EmulatorServer::EmulatorServer(const EmulatorOptions& options,
                               std::unique_ptr<LocalOrganization> org)
    : options_(options),
      org_(std::move(org)),
      identities_(options.account.account_id),
      log_(options.request_log_capacity),
      faults_(options.faults) {
  for (const Credentials& key : options.credentials) {
    auto mapped = options.key_accounts.find(key.access_key_id);
    identities_.AddKey(key, mapped == options.key_accounts.end() ? "" : mapped->second);
  }
  for (const auto& [role, external_id] : options.role_external_ids) {
    identities_.SetRoleExternalId(role, external_id);
  }
}

EmulatorServer::~EmulatorServer() { Stop(); }

std::string EmulatorServer::url() const {
  bool v6 = options_.host.find(':') != std::string::npos;
  return "http://" + (v6 ? "[" + options_.host + "]" : options_.host) + ":" + std::to_string(port_);
}

Outcome<std::unique_ptr<EmulatorServer>> EmulatorServer::Start(const EmulatorOptions& options) {
  if (options.credentials.empty()) {
    return MakeError(ErrorKind::kInvalidParameter, "InvalidParameterValueException",
                     "the emulator needs at least one credential");
  }
  for (const auto& [key, account_id] : options.key_accounts) {
    if (account_id.size() != 12 ||
        account_id.find_first_not_of("0123456789") != std::string::npos) {
      return MakeError(ErrorKind::kInvalidParameter, "InvalidParameterValueException",
                       "the account of access key " + key + " must be 12 digits");
    }
  }
  for (const std::string& region : options.regions) {
    if (region != "*" && !IsRegionName(region)) {
      return MakeError(ErrorKind::kInvalidParameter, "InvalidParameterValueException",
                       "invalid region \"" + region + "\": expected a region code like eu-west-1");
    }
  }
  OrganizationOptions org_options;
  org_options.account = options.account;
  org_options.max_accounts = options.max_accounts;
  auto org = LocalOrganization::Open(org_options);  // the server owns the file: background flushing
  if (!org.ok()) return org.error();
  std::unique_ptr<EmulatorServer> server(new EmulatorServer(options, std::move(org.value())));
  if (auto error = server->Listen(); error.has_value()) return *error;
  return server;
}

std::optional<ApiError> EmulatorServer::Listen() {
  // A client that hangs up mid-response must not kill the process.
  signal(SIGPIPE, SIG_IGN);
  handler_ = std::make_unique<Handler>(Handler{this});
  HttpLimits limits = options_.http;
  limits.max_connections = static_cast<size_t>(std::max(options_.threads, 1));
  limits.keep_alive_timeout =
      std::chrono::seconds(std::max(options_.keep_alive_timeout_seconds, 1));
  if (limits.max_connections_per_peer == 0) {
    limits.max_connections_per_peer = std::max<size_t>(1, limits.max_connections * 7 / 8);
  }
  http_ = std::make_unique<GuardedServer>(
      limits, [h = handler_.get()](const httplib::Request& req, httplib::Response& res) {
        return h->ScreenBeforeBody(req, res);
      });
  http_->set_keep_alive_max_count(1000000);
  http_->set_tcp_nodelay(true);
  // One handler for every method and path: routing is the wire codec's job.
  const char* any = "[\\s\\S]*";
  auto serve = [h = handler_.get()](const httplib::Request& req, httplib::Response& res) {
    h->Serve(req, res);
  };
  http_->Get(any, serve).Post(any, serve).Put(any, serve).Delete(any, serve);
  http_->Patch(any, serve).Options(any, serve);

  // httplib's default socket options add SO_REUSEPORT, which would let a
  // second emulator bind the same port and split the traffic: keep only
  // SO_REUSEADDR.
  http_->set_socket_options([](int sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  port_ = options_.port == 0
              ? http_->bind_to_any_port(options_.host)
              : (http_->bind_to_port(options_.host, options_.port) ? options_.port : -1);
  if (port_ <= 0) {
    return MakeError(ErrorKind::kOther, "BindFailed",
                     "cannot listen on " + options_.host + ":" + std::to_string(options_.port));
  }
  http_->RaiseListenBacklog();
  listener_ = std::thread([this] { http_->listen_after_bind(); });
  // httplib's stop() is a no-op until the listen loop runs: wait for it (bounded).
  for (int i = 0; i < 10000 && !http_->is_running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  if (!http_->is_running()) {
    return MakeError(ErrorKind::kOther, "BindFailed", "the listener did not start");
  }
  Log()->debug("emulator listening on {} (account {}, region {})", url(),
               options_.account.account_id, options_.account.region);
  return std::nullopt;
}

EmptyOutcome EmulatorServer::Stop() {
  if (stopped_) return Empty{};
  stopped_ = true;
  if (http_ != nullptr) http_->Stop();
  if (listener_.joinable()) listener_.join();
  return org_->Flush();
}

}  // namespace backupctl
