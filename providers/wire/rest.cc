// Client side of the wire: Encode, DecodeOutput, DecodeError, and the URI
// helpers both sides share.

#include "providers/wire/rest.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <optional>
#include <type_traits>

#include "base/strings.h"
#include "providers/wire/json_shapes.h"
#include "providers/wire/operations.h"

namespace backupctl {
namespace {

bool Unreserved(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~';
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// A timestamp in a query string is ISO-8601, as the SDKs send it:
// "2024-01-01T00:00:00Z", with ".123" when it carries milliseconds.
std::string QueryTimestamp(double t) {
  const double whole = std::floor(t);
  const time_t seconds = static_cast<time_t>(whole);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[40];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
  std::string out = buf;
  const int millis = static_cast<int>(std::lround((t - whole) * 1000));
  if (millis > 0 && millis < 1000) {
    std::snprintf(buf, sizeof(buf), ".%03d", millis);
    out += buf;
  }
  return out + "Z";
}

std::string QueryValue(const Json& v, const std::string& type) {
  if (type == "timestamp" && v.is_number()) return QueryTimestamp(v.get<double>());
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  return v.get<std::string>();
}

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  size_t pos = text.find(from);
  if (pos != std::string::npos) text.replace(pos, from.size(), to);
  return text;
}

// Places each member of the whole-input JSON where the operation table says.
HttpRequest BuildRequest(const char* name, const Json& input) {
  const OperationInfo& op = *FindOperation(name);
  HttpRequest req;
  req.method = op.method;
  req.operation = op.name;
  req.path = op.uri;
  Json body = Json::object();
  for (const MemberBinding& m : op.members) {
    auto it = input.find(m.member);
    if (it == input.end()) continue;
    switch (m.location) {
      case Location::kUri:
        req.path =
            Replace(req.path, "{" + m.location_name + "}", UriEncode(it->get<std::string>()));
        break;
      case Location::kQuery:
        req.query.emplace_back(m.location_name, QueryValue(*it, m.type));
        break;
      case Location::kBody:
        body[m.member] = *it;
        break;
    }
  }
  if (op.HasBody()) {
    req.body = body.dump(-1, ' ', false, Json::error_handler_t::replace);
    req.headers["content-type"] = "application/json";
  }
  return req;
}

std::string Header(const HttpResponse& resp, const std::string& lower_name) {
  for (const auto& [name, value] : resp.headers) {
    if (EqualsIgnoreCase(name, lower_name)) return value;
  }
  return "";
}

// "aws.protocoltests.restjson#FooError:http://internal.amazon.com/..." -> "FooError".
std::string TrimErrorCode(std::string code) {
  code = code.substr(0, code.find(':'));
  size_t hash = code.rfind('#');
  if (hash != std::string::npos) code = code.substr(hash + 1);
  while (!code.empty() && std::isspace(static_cast<unsigned char>(code.back()))) code.pop_back();
  while (!code.empty() && std::isspace(static_cast<unsigned char>(code.front()))) code.erase(0, 1);
  return code;
}

std::string StringMember(const Json& body, std::initializer_list<const char*> names) {
  if (!body.is_object()) return "";
  for (const char* name : names) {
    auto it = body.find(name);
    if (it != body.end() && it->is_string()) return it->get<std::string>();
  }
  return "";
}

std::string Snippet(const std::string& body) {
  constexpr size_t kMax = 200;
  std::string out = body.size() > kMax ? body.substr(0, kMax) + "..." : body;
  for (char& c : out) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return out;
}

ApiError MalformedResponse(const HttpResponse& resp, const std::string& message) {
  ApiError e = MakeError(ErrorKind::kTransport, "MalformedResponse", message, resp.status);
  e.request_id = Header(resp, "x-amzn-requestid");
  return e;
}

// Decides by the body, never by content-type: moto labels JSON as text/html.
std::optional<Json> ParseBody(const std::string& body) {
  Json j = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return std::nullopt;
  return j;
}

}  // namespace

std::string UriEncode(const std::string& s) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size() * 3);
  for (unsigned char c : s) {
    if (Unreserved(c)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

std::string UriDecode(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string HttpRequest::QueryString() const {
  std::string out;
  for (const auto& [name, value] : query) {
    if (!out.empty()) out += '&';
    out += UriEncode(name) + "=" + UriEncode(value);
  }
  return out;
}

std::optional<ApiError> ValidateEncoded(const HttpRequest& req) {
  std::map<std::string, std::string> labels;
  const OperationInfo* routed = MatchRoute(req.method, req.path, &labels);
  if (routed != nullptr && routed->name == req.operation) return std::nullopt;
  const OperationInfo* op = FindOperation(req.operation);
  std::string missing;
  if (op != nullptr) {
    for (const MemberBinding& m : op->members) {
      if (m.location == Location::kUri) missing += (missing.empty() ? "" : " or ") + m.member;
    }
  }
  return MakeError(ErrorKind::kMissingParameter, "MissingParameterValueException",
                   req.operation + ": URI member " + missing + " must not be empty", 0);
}

#define BACKUPCTL_ENCODE(Name, Out, In, ...) \
  HttpRequest Encode(const In& in) { return BuildRequest(#Name, ToJson(in)); }
BACKUPCTL_OPERATIONS(BACKUPCTL_ENCODE)
#undef BACKUPCTL_ENCODE

template <typename T>
Outcome<T> DecodeOutput(const HttpResponse& resp) {
  if (resp.status < 200 || resp.status > 299) return DecodeError(resp);
  const bool blank = resp.body.find_first_not_of(" \t\r\n") == std::string::npos;
  if constexpr (std::is_same_v<T, Empty>) {
    if (blank || ParseBody(resp.body)) return Empty{};
    return MalformedResponse(resp, "response body is not JSON: " + Snippet(resp.body));
  } else {
    if (blank) return MalformedResponse(resp, "empty response body where JSON was expected");
    std::optional<Json> json = ParseBody(resp.body);
    if (!json) return MalformedResponse(resp, "response body is not JSON: " + Snippet(resp.body));
    T out{};
    try {
      FromJson(JsonIn{*json, "", ReadMode::kResponse}, &out);
    } catch (const ShapeError& e) {
      return MalformedResponse(resp, std::string("unexpected response: ") + e.what());
    }
    return out;
  }
}

template Outcome<Empty> DecodeOutput<Empty>(const HttpResponse&);
#define BACKUPCTL_INSTANTIATE_DECODE(Name, Out, In, ...) \
  BACKUPCTL_UNLESS_EMPTY(Out, template Outcome<Out> DecodeOutput<Out>(const HttpResponse&);)
BACKUPCTL_OPERATIONS(BACKUPCTL_INSTANTIATE_DECODE)
#undef BACKUPCTL_INSTANTIATE_DECODE

ApiError DecodeError(const HttpResponse& resp) {
  std::optional<Json> body = ParseBody(resp.body);
  const Json parsed = body ? *body : Json();
  ApiError e;
  e.http_status = resp.status;
  e.request_id = Header(resp, "x-amzn-requestid");
  e.code = TrimErrorCode(Header(resp, "x-amzn-errortype"));
  if (e.code.empty()) e.code = TrimErrorCode(StringMember(parsed, {"__type", "code", "Code"}));
  e.message = StringMember(parsed, {"message", "Message", "errorMessage"});
  if (e.message.empty() && !body && !resp.body.empty()) e.message = Snippet(resp.body);
  e.arn = StringMember(parsed, {"Arn"});
  e.creator_request_id = StringMember(parsed, {"CreatorRequestId"});
  e.kind = ErrorKindFromCode(e.code, resp.status);
  return e;
}

}  // namespace backupctl
