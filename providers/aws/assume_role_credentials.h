// AssumeRoleCredentials: a CredentialsProvider that acts as an IAM role,
// possibly in another account, the way the AWS SDKs' STSAssumeRoleProvider
// does. It is how a per-target client reaches each account of an
// organisation from one set of base credentials:
//
//   AssumeRoleOptions role;
//   role.source = DefaultCredentialChain({});            // the base credentials
//   role.role_arn = "arn:aws:iam::210987654321:role/backupctl";
//   role.external_id = "...";                             // when the trust policy asks
//   role.region = "eu-west-1";                            // signing region, regional STS
//   auto creds = AssumeRoleCredentials(role);             // validated here, no call yet
//   ClientOptions client;
//   client.region = "eu-west-1";
//   client.credentials = std::move(creds.value());
//   auto backup = AwsBackupClient::Create(client);
//
// Get() calls STS AssumeRole (SigV4, service "sts", signed with the source's
// current credentials) on first use and again once the cached credentials
// are within refresh_window_seconds of their Expiration. A failed refresh
// keeps serving credentials that have not yet expired (with a warning).
// Thread-safe: concurrent Gets share one STS call. Logs name the role and
// the expiry, never a key, secret or session token.
//
// STS endpoint: sts_endpoint, else AWS_ENDPOINT_URL_STS, else
// AWS_ENDPOINT_URL, else https://sts.REGION.amazonaws.com (sts.h).

#ifndef BACKUPCTL_PROVIDERS_AWS_ASSUME_ROLE_CREDENTIALS_H_
#define BACKUPCTL_PROVIDERS_AWS_ASSUME_ROLE_CREDENTIALS_H_

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "providers/aws/credentials.h"
#include "providers/aws/transport.h"

namespace backupctl {

struct AssumeRoleOptions {
  std::shared_ptr<CredentialsProvider> source;  // required: signs the AssumeRole call
  std::string role_arn;                         // arn:aws:iam::ACCOUNT:role/NAME
  std::string external_id;                      // empty: none sent
  std::string session_name;                     // empty: "backupctl-<epoch ms>"
  std::optional<int> duration_seconds;          // 900..43200; empty: STS's default (1 h)
  std::optional<std::string> region;            // else AWS_REGION, ..., else us-east-1
  std::optional<std::string> sts_endpoint;      // see the file comment
  long refresh_window_seconds = 300;
  // Test seams.
  std::function<long long()> now;                    // epoch seconds; null: the wall clock
  std::map<std::string, std::string> env_overrides;  // read before the process env
  std::shared_ptr<Transport> transport;              // null: its own, 10 s per call
};

// Checks the options (a malformed role ARN, session name or external id, a
// missing source, a duration out of range are errors here, before any call).
Outcome<std::unique_ptr<CredentialsProvider>> AssumeRoleCredentials(AssumeRoleOptions options);

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_AWS_ASSUME_ROLE_CREDENTIALS_H_
