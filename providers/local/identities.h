// IdentityStore: who may sign emulator requests, and which account they act in.
//
// Long-term access keys (EmulatorOptions.credentials) belong to an account:
// the one mapped to the key (`--account KEY=ACCOUNT_ID`), else the default
// account. STS AssumeRole (sts_service.h) issues temporary credentials: an
// "ASIA..." key, a secret, a session token and an expiry, acting in the role
// ARN's account. Any role ARN of the form arn:aws:iam::ACCOUNT:role/NAME may
// be assumed (the emulator has no IAM), unless the role was given an
// ExternalId condition: then a missing or different ExternalId gets
// AccessDenied, as a trust policy with sts:ExternalId does.
//
// The clock deciding expiry is the wall clock plus an offset that the admin
// endpoint advances (with every account's clock), so a test can expire a
// session without waiting. Sessions live in memory only: a restarted
// emulator has forgotten them, and at most max_sessions live at once.
// Thread-safe. Nothing here logs a secret or a token.

#ifndef BACKUPCTL_PROVIDERS_LOCAL_IDENTITIES_H_
#define BACKUPCTL_PROVIDERS_LOCAL_IDENTITIES_H_

#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <string>

#include "providers/api_error.h"
#include "providers/sigv4/sigv4.h"

namespace backupctl {

struct Identity {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty for a long-term key
  std::string account_id;
  std::string arn;  // arn:aws:iam::ACCOUNT:root or arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION
  std::string user_id;               // ACCOUNT, or AROA...:SESSION
  std::optional<double> expiration;  // epoch seconds (emulator clock); none for a long-term key
};

struct AssumeRoleRequest {
  std::string role_arn;
  std::string session_name;
  std::optional<std::string> external_id;
  std::optional<int> duration_seconds;  // 900..43200; default 3600
};

class IdentityStore {
 public:
  explicit IdentityStore(std::string default_account, size_t max_sessions = 100000);
  IdentityStore(const IdentityStore&) = delete;
  IdentityStore& operator=(const IdentityStore&) = delete;

  const std::string& default_account() const { return default_account_; }
  // Adds or replaces a long-term key; an empty account_id means the default one.
  void AddKey(const Credentials& key, const std::string& account_id);
  // The key's identity, expired sessions included (the caller decides); nullopt when unknown.
  std::optional<Identity> Find(const std::string& access_key_id) const;
  bool Expired(const Identity& identity) const;

  // AssumeRole must then be given `external_id`; "" removes the condition.
  void SetRoleExternalId(const std::string& role_arn, const std::string& external_id);
  void ClearRoleConditions();
  // Errors carry STS's codes: ValidationError (400), AccessDenied (403),
  // ServiceUnavailable (503) when max_sessions are live.
  Outcome<Identity> AssumeRole(const Identity& caller, const AssumeRoleRequest& request);

  double Now() const;
  void AdvanceClock(double seconds);

 private:
  std::string RandomString(const char* alphabet, size_t length);  // mu_ held

  const std::string default_account_;
  const size_t max_sessions_;
  mutable std::mutex mu_;
  std::map<std::string, Identity> keys_;      // long-term, by access key id
  std::map<std::string, Identity> sessions_;  // temporary, by access key id
  std::map<std::string, std::string> role_external_ids_;
  double clock_offset_seconds_ = 0;
  std::mt19937_64 rng_;
};

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_LOCAL_IDENTITIES_H_
