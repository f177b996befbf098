#include "providers/aws/credential_json.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "providers/wire/json_shapes.h"

namespace backupctl {
namespace {

std::optional<std::string> StringField(const nlohmann::json& doc, const char* name) {
  auto it = doc.find(name);
  if (it == doc.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

}  // namespace

std::optional<long long> ExpirationFromIso8601(const std::string& text) {
  std::optional<Timestamp> t = ParseIso8601(text);
  if (!t) return std::nullopt;
  return static_cast<long long>(std::floor(*t));
}

ApiError CredentialsError(const std::string& message) {
  return MakeError(ErrorKind::kOther, "CredentialsError", message, 0);
}

Outcome<Credentials> CredentialsFromJson(const std::string& body, const std::string& source) {
  nlohmann::json doc = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    return CredentialsError(source + " returned a credentials document that is not a JSON object");
  }
  Credentials creds;
  std::optional<std::string> key = StringField(doc, "AccessKeyId");
  std::optional<std::string> secret = StringField(doc, "SecretAccessKey");
  if (!key || key->empty() || !secret || secret->empty()) {
    return CredentialsError(source + " returned no AccessKeyId/SecretAccessKey");
  }
  creds.access_key_id = *key;
  creds.secret_access_key = *secret;
  creds.session_token =
      StringField(doc, "Token").value_or(StringField(doc, "SessionToken").value_or(""));
  if (std::optional<std::string> expiration = StringField(doc, "Expiration")) {
    creds.expiration = ExpirationFromIso8601(*expiration);
    if (!creds.expiration) {
      return CredentialsError(source +
                              " returned an Expiration that is not ISO 8601: " + *expiration);
    }
  }
  return creds;
}

}  // namespace backupctl
