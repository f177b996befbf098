#include "providers/aws/metadata_credentials.h"

#include <nlohmann/json.hpp>

#include "providers/aws/credential_json.h"

namespace backupctl {
namespace {

constexpr char kCredentialsPath[] = "/latest/meta-data/iam/security-credentials/";

struct SplitUrl {
  std::string base;  // scheme://authority
  std::string rest;  // path and query, at least "/"
  std::string host;  // authority without port
};

SplitUrl Split(const std::string& url) {
  size_t scheme = url.find("://");
  size_t start = scheme == std::string::npos ? 0 : scheme + 3;
  size_t slash = url.find_first_of("/?", start);
  SplitUrl out{url.substr(0, slash), slash == std::string::npos ? "/" : url.substr(slash), ""};
  if (out.rest[0] == '?') out.rest = "/" + out.rest;
  std::string authority = url.substr(start, slash == std::string::npos ? slash : slash - start);
  if (!authority.empty() && authority[0] == '[') {
    out.host = authority.substr(0, authority.find(']') + 1);
  } else {
    out.host = authority.substr(0, authority.find(':'));
  }
  return out;
}

HttpRequest Get(const std::string& path) {
  HttpRequest req;
  req.method = "GET";
  req.path = path;
  return req;
}

// Sends and insists on a 200; `what` names the step in the error.
Outcome<HttpResponse> Expect200(Transport& transport, const std::string& base,
                                const HttpRequest& req, const std::string& what) {
  Outcome<HttpResponse> resp = transport.Send(base, req);
  if (!resp.ok()) {
    ApiError error = resp.error();
    error.message = what + ": " + error.message;
    return error;
  }
  if (resp.value().status != 200) {
    return MakeError(ErrorKindFromCode("", resp.value().status),
                     "HTTP" + std::to_string(resp.value().status),
                     what + ": HTTP " + std::to_string(resp.value().status), resp.value().status);
  }
  return resp;
}

}  // namespace

bool AllowedContainerUrl(const std::string& url) {
  if (url.rfind("https://", 0) == 0) return true;
  if (url.rfind("http://", 0) != 0) return false;
  const std::string host = Split(url).host;
  return host == "localhost" || host.rfind("127.", 0) == 0 || host == "[::1]" ||
         host == "169.254.170.2" || host == "169.254.170.23" || host == "[fd00:ec2::23]";
}

Outcome<Credentials> FetchContainerCredentials(Transport& transport, const std::string& url,
                                               const std::string& authorization) {
  SplitUrl parts = Split(url);
  HttpRequest req = Get(parts.rest);
  if (!authorization.empty()) req.headers["authorization"] = authorization;
  Outcome<HttpResponse> resp =
      Expect200(transport, parts.base, req, "container credentials endpoint " + parts.base);
  if (!resp.ok()) return resp.error();
  return CredentialsFromJson(resp.value().body, "container credentials endpoint");
}

Outcome<Credentials> FetchInstanceCredentials(Transport& transport, const std::string& endpoint) {
  HttpRequest token_req;
  token_req.method = "PUT";
  token_req.path = "/latest/api/token";
  token_req.headers["x-aws-ec2-metadata-token-ttl-seconds"] = "21600";
  Outcome<HttpResponse> token =
      Expect200(transport, endpoint, token_req, "instance metadata token at " + endpoint);
  if (!token.ok()) return token.error();

  HttpRequest list = Get(kCredentialsPath);
  list.headers["x-aws-ec2-metadata-token"] = token.value().body;
  Outcome<HttpResponse> roles = Expect200(transport, endpoint, list, "instance profile lookup");
  if (!roles.ok()) return roles.error();
  std::string role = roles.value().body.substr(0, roles.value().body.find('\n'));
  if (role.empty()) return CredentialsError("the instance has no IAM instance profile");

  HttpRequest fetch = Get(kCredentialsPath + role);
  fetch.headers["x-aws-ec2-metadata-token"] = token.value().body;
  Outcome<HttpResponse> doc = Expect200(transport, endpoint, fetch, "instance credentials");
  if (!doc.ok()) return doc.error();
  nlohmann::json parsed = nlohmann::json::parse(doc.value().body, nullptr, false);
  if (parsed.is_object() && parsed.contains("Code") && parsed["Code"] != "Success") {
    return CredentialsError("instance metadata credentials for role " + role + ": " +
                            parsed["Code"].dump());
  }
  return CredentialsFromJson(doc.value().body, "instance metadata");
}

}  // namespace backupctl
