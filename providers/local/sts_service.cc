#include "providers/local/sts_service.h"

#include <map>

#include "base/time_format.h"
#include "providers/local/request_auth.h"

namespace backupctl {
namespace {

constexpr char kNamespace[] = "https://sts.amazonaws.com/doc/2011-06-15/";

std::string XmlEscape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string Element(const std::string& tag, const std::string& text) {
  return "<" + tag + ">" + XmlEscape(text) + "</" + tag + ">";
}

HttpResponse Xml(int status, std::string body) {
  HttpResponse resp;
  resp.status = status;
  resp.headers["content-type"] = "text/xml";
  resp.body = std::move(body);
  return resp;
}

HttpResponse Error(int status, const std::string& code, const std::string& message,
                   const std::string& request_id, StsCall* call) {
  call->error_code = code;
  return Xml(status, std::string("<ErrorResponse xmlns=\"") + kNamespace + "\">\n  <Error>\n    " +
                         Element("Type", status >= 500 ? "Receiver" : "Sender") + "\n    " +
                         Element("Code", code) + "\n    " + Element("Message", message) +
                         "\n  </Error>\n  " + Element("RequestId", request_id) +
                         "\n</ErrorResponse>\n");
}

HttpResponse Success(const std::string& action, const std::string& result,
                     const std::string& request_id) {
  return Xml(200, "<" + action + "Response xmlns=\"" + kNamespace + "\">\n  <" + action +
                      "Result>\n" + result + "  </" + action +
                      "Result>\n  <ResponseMetadata>\n    " + Element("RequestId", request_id) +
                      "\n  </ResponseMetadata>\n</" + action + "Response>\n");
}

// REST-JSON's authentication codes as STS (a Query service) names them.
std::string StsCode(const std::string& code) {
  static const std::map<std::string, std::string> kCodes = {
      {"UnrecognizedClientException", "InvalidClientTokenId"},
      {"InvalidSignatureException", "SignatureDoesNotMatch"},
      {"ExpiredTokenException", "ExpiredToken"},
  };
  auto it = kCodes.find(code);
  return it == kCodes.end() ? code : it->second;
}

// The call's parameters: the form body of a POST, else the query string.
std::map<std::string, std::string> Parameters(const HttpRequest& wire) {
  std::map<std::string, std::string> params;
  for (const auto& [name, value] : wire.query) params[name] = value;
  if (wire.method == "POST") {
    size_t start = 0;
    const std::string& body = wire.body;
    while (start < body.size()) {
      size_t amp = body.find('&', start);
      if (amp == std::string::npos) amp = body.size();
      std::string item = body.substr(start, amp - start);
      size_t eq = item.find('=');
      // Form encoding writes a space as '+'.
      auto decode = [](std::string s) {
        for (char& c : s) c = c == '+' ? ' ' : c;
        return UriDecode(s);
      };
      if (!item.empty()) {
        params[decode(item.substr(0, eq))] =
            eq == std::string::npos ? "" : decode(item.substr(eq + 1));
      }
      start = amp + 1;
    }
  }
  return params;
}

std::optional<std::string> Param(const std::map<std::string, std::string>& params,
                                 const std::string& name) {
  auto it = params.find(name);
  if (it == params.end()) return std::nullopt;
  return it->second;
}

HttpResponse AssumeRole(const std::map<std::string, std::string>& params, const Identity& caller,
                        IdentityStore& identities, const std::string& request_id, StsCall* call) {
  AssumeRoleRequest request;
  for (const char* required : {"RoleArn", "RoleSessionName"}) {
    if (!Param(params, required)) {
      std::string member = required == std::string("RoleArn") ? "roleArn" : "roleSessionName";
      return Error(400, "ValidationError",
                   "1 validation error detected: Value null at '" + member +
                       "' failed to satisfy constraint: Member must not be null",
                   request_id, call);
    }
  }
  request.role_arn = *Param(params, "RoleArn");
  request.session_name = *Param(params, "RoleSessionName");
  request.external_id = Param(params, "ExternalId");
  if (auto duration = Param(params, "DurationSeconds")) {
    if (duration->empty() || duration->size() > 9 ||
        duration->find_first_not_of("0123456789") != std::string::npos) {
      return Error(400, "ValidationError",
                   "Value '" + *duration + "' for parameter DurationSeconds is invalid.",
                   request_id, call);
    }
    request.duration_seconds = std::stoi(*duration);
  }
  Outcome<Identity> session = identities.AssumeRole(caller, request);
  if (!session.ok()) {
    const ApiError& e = session.error();
    return Error(e.http_status, e.code, e.message, request_id, call);
  }
  const Identity& s = session.value();
  std::string result = "    <AssumedRoleUser>\n      " + Element("Arn", s.arn) + "\n      " +
                       Element("AssumedRoleId", s.user_id) +
                       "\n    </AssumedRoleUser>\n    <Credentials>\n      " +
                       Element("AccessKeyId", s.access_key_id) + "\n      " +
                       Element("SecretAccessKey", s.secret_access_key) + "\n      " +
                       Element("SessionToken", s.session_token) + "\n      " +
                       Element("Expiration", Iso8601Utc(*s.expiration)) + "\n    </Credentials>\n";
  return Success("AssumeRole", result, request_id);
}

HttpResponse GetCallerIdentity(const Identity& caller, const std::string& request_id) {
  std::string result = "    " + Element("Arn", caller.arn) + "\n    " +
                       Element("UserId", caller.user_id) + "\n    " +
                       Element("Account", caller.account_id) + "\n";
  return Success("GetCallerIdentity", result, request_id);
}

}  // namespace

HttpResponse ServeSts(const HttpRequest& wire, const SigV4Request& signed_form,
                      IdentityStore& identities, const std::string& default_region,
                      const std::string& request_id, StsCall* call) {
  std::map<std::string, std::string> params = Parameters(wire);
  call->action = Param(params, "Action").value_or("");
  AuthResult auth =
      Authenticate(signed_form, /*with_body=*/true, identities, {"sts", default_region, {"*"}});
  if (!auth.code.empty()) {
    int status = auth.code == "IncompleteSignature" ? 400 : 403;
    return Error(status, StsCode(auth.code), auth.message, request_id, call);
  }
  if (call->action == "AssumeRole") {
    return AssumeRole(params, auth.identity, identities, request_id, call);
  }
  if (call->action == "GetCallerIdentity") return GetCallerIdentity(auth.identity, request_id);
  return Error(400, "InvalidAction",
               "Could not find operation " + call->action + " for version " +
                   Param(params, "Version").value_or("NO_VERSION_SPECIFIED"),
               request_id, call);
}

}  // namespace backupctl
