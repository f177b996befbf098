#include "providers/aws/sts.h"

#include <cstring>

#include "providers/aws/credential_json.h"

namespace backupctl {
namespace {

constexpr char kFormType[] = "application/x-www-form-urlencoded; charset=utf-8";

std::string XmlUnescape(std::string s) {
  static const std::pair<const char*, const char*> kEntities[] = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}, {"&amp;", "&"}};
  for (const auto& [entity, text] : kEntities) {
    for (size_t pos = s.find(entity); pos != std::string::npos; pos = s.find(entity, pos + 1)) {
      s.replace(pos, strlen(entity), text);
    }
  }
  return s;
}

// Text of the first <tag>...</tag> inside `xml`, if any.
std::optional<std::string> XmlText(const std::string& xml, const std::string& tag) {
  size_t open = xml.find("<" + tag + ">");
  if (open == std::string::npos) return std::nullopt;
  size_t start = open + tag.size() + 2;
  size_t close = xml.find("</" + tag + ">", start);
  if (close == std::string::npos) return std::nullopt;
  return XmlUnescape(xml.substr(start, close - start));
}

std::string FormBody(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string body;
  for (const auto& [name, value] : fields) {
    if (!body.empty()) body += "&";
    body += UriEncode(name) + "=" + UriEncode(value);
  }
  return body;
}

std::vector<std::pair<std::string, std::string>> Fields(const std::string& action,
                                                        const AssumeRoleParams& p) {
  std::vector<std::pair<std::string, std::string>> fields = {
      {"Action", action}, {"RoleArn", p.role_arn}, {"RoleSessionName", p.session_name}};
  if (p.duration_seconds)
    fields.emplace_back("DurationSeconds", std::to_string(*p.duration_seconds));
  if (!p.external_id.empty()) fields.emplace_back("ExternalId", p.external_id);
  fields.emplace_back("Version", "2011-06-15");
  return fields;
}

std::string HostOf(const std::string& url) {
  size_t start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  return url.substr(start, url.find('/', start) - start);
}

HttpRequest FormPost(const StsTarget& sts, const std::string& body) {
  HttpRequest req;
  req.method = "POST";
  req.path = "/";
  req.body = body;
  req.headers = {{"host", HostOf(sts.url)}, {"content-type", kFormType}};
  return req;
}

Outcome<Credentials> Call(Transport& transport, const StsTarget& sts, const HttpRequest& req,
                          const std::string& action) {
  Outcome<HttpResponse> resp = transport.Send(sts.url, req);
  if (!resp.ok()) {
    ApiError error = resp.error();
    error.message = "STS " + action + " at " + sts.url + ": " + error.message;
    return error;
  }
  return ParseStsResponse(resp.value(), action);
}

}  // namespace

StsTarget ResolveStsTarget(const EnvLookup& env, const std::optional<std::string>& override_url,
                           const std::optional<std::string>& region) {
  std::string signing_region = region.value_or("us-east-1");
  std::optional<std::string> url = override_url;
  if (!url) url = env.Get("AWS_ENDPOINT_URL_STS");
  if (!url) url = env.Get("AWS_ENDPOINT_URL");
  if (url) {
    while (!url->empty() && url->back() == '/') url->pop_back();
    return {*url, signing_region};
  }
  if (!region) return {"https://sts.amazonaws.com", signing_region};
  std::string domain = region->rfind("cn-", 0) == 0 ? "amazonaws.com.cn" : "amazonaws.com";
  return {"https://sts." + *region + "." + domain, signing_region};
}

Outcome<Credentials> AssumeRole(Transport& transport, const StsTarget& sts,
                                const Credentials& source, const AssumeRoleParams& params) {
  HttpRequest req = FormPost(sts, FormBody(Fields("AssumeRole", params)));
  SigV4Request signing{
      req.method, req.path, "", {req.headers.begin(), req.headers.end()}, req.body};
  SigV4Options opts;
  opts.region = sts.region;
  opts.service = "sts";
  SignRequest(&signing, source, opts);
  req.headers.clear();
  for (const auto& [name, value] : signing.headers) req.headers[name] = value;
  return Call(transport, sts, req, "AssumeRole");
}

Outcome<Credentials> AssumeRoleWithWebIdentity(Transport& transport, const StsTarget& sts,
                                               const AssumeRoleParams& params,
                                               const std::string& web_identity_token) {
  auto fields = Fields("AssumeRoleWithWebIdentity", params);
  fields.insert(fields.end() - 1, {"WebIdentityToken", web_identity_token});
  return Call(transport, sts, FormPost(sts, FormBody(fields)), "AssumeRoleWithWebIdentity");
}

Outcome<Credentials> ParseStsResponse(const HttpResponse& resp, const std::string& action) {
  if (resp.status < 200 || resp.status >= 300) {
    std::string code = XmlText(resp.body, "Code").value_or("HTTP" + std::to_string(resp.status));
    std::string message = XmlText(resp.body, "Message").value_or("no error message");
    ApiError error = MakeError(ErrorKindFromCode(code, resp.status), code,
                               "STS " + action + " failed: " + code + ": " + message, resp.status);
    error.request_id = XmlText(resp.body, "RequestId").value_or("");
    return error;
  }
  std::optional<std::string> block = XmlText(resp.body, "Credentials");
  Credentials creds;
  if (block) {
    creds.access_key_id = XmlText(*block, "AccessKeyId").value_or("");
    creds.secret_access_key = XmlText(*block, "SecretAccessKey").value_or("");
    creds.session_token = XmlText(*block, "SessionToken").value_or("");
    creds.expiration = ExpirationFromIso8601(XmlText(*block, "Expiration").value_or(""));
  }
  if (creds.access_key_id.empty() || creds.secret_access_key.empty() ||
      creds.session_token.empty() || !creds.expiration) {
    return MakeError(ErrorKind::kTransport, "MalformedResponse",
                     "STS " + action + " returned a reply without complete <Credentials>", 0);
  }
  return creds;
}

}  // namespace backupctl
