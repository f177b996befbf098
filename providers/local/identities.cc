#include "providers/local/identities.h"

#include <chrono>
#include <cmath>
#include <ctime>
#include <functional>
#include <regex>

#include "base/time_format.h"

namespace backupctl {
namespace {

constexpr char kKeyAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr char kSecretAlphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr int kDefaultDurationSeconds = 3600;
constexpr int kMinDurationSeconds = 900;
constexpr int kMaxDurationSeconds = 43200;

ApiError ValidationError(const std::string& message) {
  return MakeError(ErrorKind::kInvalidParameter, "ValidationError", message, 400);
}

ApiError ConstraintError(const std::string& value, const std::string& member,
                         const std::string& constraint) {
  return ValidationError("1 validation error detected: Value '" + value + "' at '" + member +
                         "' failed to satisfy constraint: Member must " + constraint);
}

// The role's stable id: "AROA" and 17 characters derived from its ARN.
std::string RoleId(const std::string& role_arn) {
  uint64_t h = std::hash<std::string>{}(role_arn) ^ 0x9e3779b97f4a7c15ULL;
  std::string id = "AROA";
  for (int i = 0; i < 17; ++i) {
    id += kKeyAlphabet[h % 32];
    h = h / 32 + (h % 32) * 0x100000001b3ULL;
  }
  return id;
}

std::optional<ApiError> Validate(const AssumeRoleRequest& r) {
  static const std::regex kRoleArn("arn:(aws|aws-cn|aws-us-gov):iam::[0-9]{12}:role/.+");
  static const std::regex kSessionName("[\\w+=,.@-]*");
  static const std::regex kExternalId("[\\w+=,.@:/-]*");
  if (r.role_arn.size() < 20) {
    return ConstraintError(r.role_arn, "roleArn", "have length greater than or equal to 20");
  }
  if (r.role_arn.size() > 2048) {
    return ConstraintError("...", "roleArn", "have length less than or equal to 2048");
  }
  if (!std::regex_match(r.role_arn, kRoleArn)) return ValidationError("Request ARN is invalid");
  if (r.session_name.size() < 2 || r.session_name.size() > 64) {
    return ConstraintError(r.session_name, "roleSessionName",
                           r.session_name.size() < 2 ? "have length greater than or equal to 2"
                                                     : "have length less than or equal to 64");
  }
  if (!std::regex_match(r.session_name, kSessionName)) {
    return ConstraintError(r.session_name, "roleSessionName",
                           "satisfy regular expression pattern: [\\w+=,.@-]*");
  }
  if (r.external_id && (r.external_id->size() < 2 || r.external_id->size() > 1224 ||
                        !std::regex_match(*r.external_id, kExternalId))) {
    // AWS does not echo an external id back either.
    return ValidationError(
        "1 validation error detected: Value at 'externalId' failed to satisfy constraint: "
        "Member must have length between 2 and 1224 and match [\\w+=,.@:/-]*");
  }
  if (r.duration_seconds && *r.duration_seconds < kMinDurationSeconds) {
    return ConstraintError(std::to_string(*r.duration_seconds), "durationSeconds",
                           "have value greater than or equal to 900");
  }
  if (r.duration_seconds && *r.duration_seconds > kMaxDurationSeconds) {
    return ConstraintError(std::to_string(*r.duration_seconds), "durationSeconds",
                           "have value less than or equal to 43200");
  }
  return std::nullopt;
}

}  // namespace

IdentityStore::IdentityStore(std::string default_account, size_t max_sessions)
    : default_account_(std::move(default_account)),
      max_sessions_(max_sessions),
      rng_(std::random_device{}()) {}

void IdentityStore::AddKey(const Credentials& key, const std::string& account_id) {
  Identity id;
  id.access_key_id = key.access_key_id;
  id.secret_access_key = key.secret_access_key;
  id.account_id = account_id.empty() ? default_account_ : account_id;
  id.arn = "arn:aws:iam::" + id.account_id + ":root";
  id.user_id = id.account_id;
  std::lock_guard<std::mutex> l(mu_);
  keys_[id.access_key_id] = std::move(id);
}

std::optional<Identity> IdentityStore::Find(const std::string& access_key_id) const {
  std::lock_guard<std::mutex> l(mu_);
  if (auto it = keys_.find(access_key_id); it != keys_.end()) return it->second;
  if (auto it = sessions_.find(access_key_id); it != sessions_.end()) return it->second;
  return std::nullopt;
}

bool IdentityStore::Expired(const Identity& identity) const {
  return identity.expiration && *identity.expiration <= Now();
}

void IdentityStore::SetRoleExternalId(const std::string& role_arn, const std::string& external_id) {
  std::lock_guard<std::mutex> l(mu_);
  if (external_id.empty()) {
    role_external_ids_.erase(role_arn);
  } else {
    role_external_ids_[role_arn] = external_id;
  }
}

void IdentityStore::ClearRoleConditions() {
  std::lock_guard<std::mutex> l(mu_);
  role_external_ids_.clear();
}

std::string IdentityStore::RandomString(const char* alphabet, size_t length) {
  size_t n = std::char_traits<char>::length(alphabet);
  std::string s;
  s.reserve(length);
  for (size_t i = 0; i < length; ++i) s += alphabet[rng_() % n];
  return s;
}

Outcome<Identity> IdentityStore::AssumeRole(const Identity& caller,
                                            const AssumeRoleRequest& request) {
  if (auto error = Validate(request)) return *error;
  const std::string& arn = request.role_arn;
  size_t account_start = arn.find("::") + 2;
  std::string account = arn.substr(account_start, 12);
  std::string role_name = arn.substr(arn.rfind('/') + 1);
  double now = Now();
  std::lock_guard<std::mutex> l(mu_);
  auto condition = role_external_ids_.find(arn);
  if (condition != role_external_ids_.end() && request.external_id != condition->second) {
    return MakeError(
        ErrorKind::kAccessDenied, "AccessDenied",
        "User: " + caller.arn + " is not authorized to perform: sts:AssumeRole on resource: " + arn,
        403);
  }
  if (sessions_.size() >= max_sessions_) {
    std::erase_if(sessions_, [now](const auto& s) { return *s.second.expiration <= now; });
  }
  if (sessions_.size() >= max_sessions_) {
    return MakeError(
        ErrorKind::kServiceUnavailable, "ServiceUnavailable",
        "the emulator holds at most " + std::to_string(max_sessions_) + " live sessions", 503);
  }
  Identity session;
  do {
    session.access_key_id = "ASIA" + RandomString(kKeyAlphabet, 16);
  } while (sessions_.count(session.access_key_id) > 0 || keys_.count(session.access_key_id) > 0);
  session.secret_access_key = RandomString(kSecretAlphabet, 40);
  session.session_token = "IQoJb3JpZ2luX2VjE" + RandomString(kSecretAlphabet, 340);
  session.account_id = account;
  session.arn =
      "arn:aws:sts::" + account + ":assumed-role/" + role_name + "/" + request.session_name;
  session.user_id = RoleId(arn) + ":" + request.session_name;
  // Whole seconds, as the wire's Expiration carries them.
  session.expiration = std::floor(now) + request.duration_seconds.value_or(kDefaultDurationSeconds);
  sessions_[session.access_key_id] = session;
  return session;
}

double IdentityStore::Now() const {
  double real =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  std::lock_guard<std::mutex> l(mu_);
  return real + clock_offset_seconds_;
}

void IdentityStore::AdvanceClock(double seconds) {
  std::lock_guard<std::mutex> l(mu_);
  clock_offset_seconds_ += seconds;
}

}  // namespace backupctl
