// Server side of the wire: route a request to the BackupApi method the model
// names and render the result as AWS does.
//
// Input errors, as the AWS front end reports them (all HTTP 400):
//   body that is not JSON, or not a JSON object     -> SerializationException
//   a member of the wrong JSON type, or a query value that does not parse as
//   the member's type (maxResults=ten)               -> SerializationException
//   a required member absent (or null)               -> MissingParameterValueException
// Value checks (lengths, patterns, ranges) belong to the BackupApi
// implementation, which answers InvalidParameterValueException.

#include <charconv>
#include <cstdint>
#include <map>
#include <type_traits>

#include "base/uuid.h"
#include "providers/wire/json_shapes.h"
#include "providers/wire/operations.h"
#include "providers/wire/rest.h"

namespace backupctl {
namespace {

[[noreturn]] void BadQuery(const MemberBinding& m, const std::string& value, const char* want) {
  throw ShapeError("SerializationException",
                   "query parameter " + m.location_name + "='" + value + "' is not " + want);
}

Json QueryJson(const MemberBinding& m, const std::string& value) {
  if (m.type == "boolean") {
    if (value == "true" || value == "TRUE" || value == "True") return true;
    if (value == "false" || value == "FALSE" || value == "False") return false;
    BadQuery(m, value, "a boolean (true or false)");
  }
  if (m.type == "integer" || m.type == "long") {
    int64_t n = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec != std::errc() || end != value.data() + value.size() || value.empty()) {
      BadQuery(m, value, "an integer");
    }
    return n;
  }
  if (m.type == "timestamp") {
    // ISO-8601 (the SDKs' form) stays a string for the codec; epoch seconds become a number.
    double seconds = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (ec == std::errc() && end == value.data() + value.size() && !value.empty()) return seconds;
    if (!ParseIso8601(value)) BadQuery(m, value, "a timestamp (ISO-8601 or epoch seconds)");
  }
  return value;
}

const MemberBinding* QueryBinding(const OperationInfo& op, const std::string& name) {
  for (const MemberBinding& m : op.members) {
    if (m.location == Location::kQuery && m.location_name == name) return &m;
  }
  return nullptr;
}

// The whole input as JSON keyed by member name: body members first, then the
// URI labels and query parameters, which always win over a body member of the
// same name.
Json ReadInput(const OperationInfo& op, const std::map<std::string, std::string>& labels,
               const std::vector<std::pair<std::string, std::string>>& query,
               const std::string& body) {
  Json input = Json::object();
  if (op.HasBody() && body.find_first_not_of(" \t\r\n") != std::string::npos) {
    Json parsed = Json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (parsed.is_discarded()) {
      throw ShapeError("SerializationException", "request body is not valid JSON");
    }
    if (!parsed.is_object()) {
      throw ShapeError("SerializationException", "request body must be a JSON object");
    }
    for (const MemberBinding& m : op.members) {
      auto it = parsed.find(m.member);
      if (m.location == Location::kBody && it != parsed.end()) input[m.member] = *it;
    }
  }
  for (const MemberBinding& m : op.members) {
    auto it = labels.find(m.location_name);
    if (m.location == Location::kUri && it != labels.end()) input[m.member] = it->second;
  }
  for (const auto& [name, value] : query) {
    // Unknown query parameters are ignored, as AWS does.
    if (const MemberBinding* m = QueryBinding(op, name)) input[m->member] = QueryJson(*m, value);
  }
  return input;
}

HttpResponse JsonResponse(std::string body, const std::string& request_id) {
  HttpResponse resp;
  resp.status = 200;
  resp.headers["content-type"] = "application/json";
  resp.headers["x-amzn-requestid"] = request_id;
  resp.body = std::move(body);
  return resp;
}

template <typename T>
HttpResponse RenderOutput(const T& out, const std::string& request_id) {
  if constexpr (std::is_same_v<T, Empty>) {
    return JsonResponse("", request_id);  // AWS: 200, Content-Length 0
  } else {
    return JsonResponse(ToJson(out).dump(-1, ' ', false, Json::error_handler_t::replace),
                        request_id);
  }
}

template <typename M>
struct MethodTraits;
template <typename In, typename Out>
struct MethodTraits<Outcome<Out> (BackupApi::*)(const In&)> {
  using Input = In;
};

template <auto Method>
HttpResponse Handle(BackupApi& api, const Json& input, const std::string& request_id) {
  typename MethodTraits<decltype(Method)>::Input in{};
  FromJson(JsonIn{input, "", ReadMode::kRequest}, &in);
  auto out = (api.*Method)(in);
  if (!out.ok()) return RenderError(out.error(), request_id);
  return RenderOutput(out.value(), request_id);
}

using Handler = HttpResponse (*)(BackupApi&, const Json&, const std::string&);

const std::map<std::string, Handler, std::less<>>& Handlers() {
#define BACKUPCTL_HANDLER(Name, ...) {#Name, &Handle<&BackupApi::Name>},
  static const std::map<std::string, Handler, std::less<>> kHandlers = {
      BACKUPCTL_OPERATIONS(BACKUPCTL_HANDLER)};
#undef BACKUPCTL_HANDLER
  return kHandlers;
}

// Splits "a=1&b=x%20y" into decoded pairs, for a path that still carries its query.
void AppendRawQuery(const std::string& raw, std::vector<std::pair<std::string, std::string>>* out) {
  size_t start = 0;
  while (start <= raw.size()) {
    size_t amp = raw.find('&', start);
    std::string pair =
        raw.substr(start, amp == std::string::npos ? std::string::npos : amp - start);
    if (!pair.empty()) {
      size_t eq = pair.find('=');
      out->emplace_back(UriDecode(pair.substr(0, eq)),
                        eq == std::string::npos ? "" : UriDecode(pair.substr(eq + 1)));
    }
    if (amp == std::string::npos) break;
    start = amp + 1;
  }
}

// Status codes by error code, where AWS does not answer 400.
int StatusForCode(const std::string& code) {
  static const std::map<std::string, int, std::less<>> kStatus = {
      {"ServiceUnavailableException", 500},
      {"InternalFailure", 500},
      {"InternalServerError", 500},
      {"ServiceUnavailable", 503},
      {"AccessDeniedException", 403},
      {"InvalidSignatureException", 403},
      {"SignatureDoesNotMatch", 403},
      {"UnrecognizedClientException", 403},
      {"InvalidClientTokenId", 403},
      {"MissingAuthenticationToken", 403},
      {"MissingAuthenticationTokenException", 403},
      {"ExpiredTokenException", 403},
      {"OptInRequired", 403},
      {"UnknownOperationException", 404},
      {"ThrottlingException", 400},
      {"IncompleteSignature", 400},
      {"IncompleteSignatureException", 400},
      {"RequestExpired", 400},
      {"NotAuthorized", 400},
  };
  auto it = kStatus.find(code);
  return it == kStatus.end() ? 0 : it->second;
}

int StatusFor(const ApiError& error) {
  if (int status = StatusForCode(error.code)) return status;
  if (error.kind == ErrorKind::kServiceUnavailable && error.http_status < 500) return 500;
  if (error.http_status >= 400 && error.http_status <= 599) return error.http_status;
  switch (error.kind) {
    case ErrorKind::kAccessDenied:
      return 403;
    case ErrorKind::kServiceUnavailable:
    case ErrorKind::kTransport:
      return 500;
    default:
      return 400;
  }
}

const char* DefaultCode(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kNotFound:
      return "ResourceNotFoundException";
    case ErrorKind::kAlreadyExists:
      return "AlreadyExistsException";
    case ErrorKind::kInvalidParameter:
      return "InvalidParameterValueException";
    case ErrorKind::kMissingParameter:
      return "MissingParameterValueException";
    case ErrorKind::kInvalidRequest:
      return "InvalidRequestException";
    case ErrorKind::kAccessDenied:
      return "AccessDeniedException";
    case ErrorKind::kThrottling:
      return "ThrottlingException";
    case ErrorKind::kServiceUnavailable:
      return "ServiceUnavailableException";
    case ErrorKind::kLimitExceeded:
      return "LimitExceededException";
    case ErrorKind::kDependencyFailure:
      return "DependencyFailureException";
    case ErrorKind::kTransport:
    case ErrorKind::kOther:
      break;
  }
  return "InternalFailure";
}

}  // namespace

HttpResponse RenderError(const ApiError& error, const std::string& request_id) {
  const std::string code = error.code.empty() ? DefaultCode(error.kind) : error.code;
  const int status = StatusFor(error);
  Json body = {{"Code", code},
               {"Message", error.message},
               {"message", error.message},
               {"Type", status >= 500 ? "Server" : "Client"}};
  if (!error.arn.empty()) body["Arn"] = error.arn;
  if (!error.creator_request_id.empty()) body["CreatorRequestId"] = error.creator_request_id;
  HttpResponse resp;
  resp.status = status;
  resp.headers["content-type"] = "application/json";
  resp.headers["x-amzn-errortype"] = code;
  resp.headers["x-amzn-requestid"] = request_id.empty() ? error.request_id : request_id;
  resp.body = body.dump(-1, ' ', false, Json::error_handler_t::replace);
  return resp;
}

HttpResponse Dispatch(BackupApi& api, HttpRequest& req) {
  const std::string request_id = NewUuid();
  std::string path = req.path;
  std::vector<std::pair<std::string, std::string>> query = req.query;
  if (size_t q = path.find('?'); q != std::string::npos) {
    AppendRawQuery(path.substr(q + 1), &query);
    path.resize(q);
  }
  std::map<std::string, std::string> labels;
  const OperationInfo* op = MatchRoute(req.method, path, &labels);
  if (op == nullptr) {
    return RenderError(MakeError(ErrorKind::kInvalidRequest, "UnknownOperationException",
                                 "No AWS Backup operation matches " + req.method + " " + path, 404),
                       request_id);
  }
  req.operation = op->name;
  try {
    Json input = ReadInput(*op, labels, query, req.body);
    return Handlers().find(op->name)->second(api, input, request_id);
  } catch (const ShapeError& e) {
    const ErrorKind kind = e.code == "MissingParameterValueException"
                               ? ErrorKind::kMissingParameter
                               : ErrorKind::kInvalidParameter;
    return RenderError(MakeError(kind, e.code, e.what()), request_id);
  } catch (const std::exception&) {
    // A BackupApi that throws is a bug; the caller still gets an AWS-shaped 500.
    return RenderError(MakeError(ErrorKind::kServiceUnavailable, "InternalFailure",
                                 "internal error while serving " + op->name, 500),
                       request_id);
  }
}

}  // namespace backupctl
