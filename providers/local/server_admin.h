// The emulator's admin endpoint: the routes under /_emulator/, for tests and
// operators (not part of AWS, never signed, never faulted or delayed).
//
// Routes that act on one account (recovery-points, service-vaults,
// air-gapped-vaults, deny, resources, job-timing, a role's permissions, state) take it from the
// query string, ?account_id=ID&region=R (each defaulting to the default account's), and make it if
// it does not exist yet.
//
//   GET    /_emulator/health            {"status":"ok", ...}
//   GET    /_emulator/accounts          {"accounts":[{account_id, region, vaults, plans}]}
//   POST   /_emulator/credentials       {"access_key_id", "secret_access_key", "account_id"}
//   POST   /_emulator/roles             {"role_arn", "external_id"}: AssumeRole needs that id;
//                                        {"role_arn", "has_permissions": false|true}: jobs
//                                        run with a role lacking permissions fail
//   DELETE /_emulator/roles             clears every ExternalId condition
//   GET    /_emulator/config            fault and latency settings (FaultConfigToJson)
//   PUT    /_emulator/config            change some of them; "seed" restarts the sequence
//   GET    /_emulator/requests          the request log; DELETE resets it
//   GET    /_emulator/stats             counts by operation, status and fault
//   POST   /_emulator/recovery-points   {"vault": V, "count": N}
//   POST   /_emulator/service-vaults    {"name": "aws/..."}
//   POST   /_emulator/deny              {"operation": OP, "resource": R}; DELETE clears all
//   GET    /_emulator/clock             {"now": epoch seconds}
//   POST   /_emulator/clock             {"advance_seconds": S}: every account's and STS's;
//                                        scheduled backups due
//                                        by then start, jobs that ended settle
//   POST   /_emulator/resources         {"arn","resource_type","tags"} or {"resources":[...]}:
//                                        the inventory selections match; GET lists it
//   PUT    /_emulator/job-timing        {"created_seconds": C, "running_seconds": R}
//   GET    /_emulator/state             the whole account as JSON (no secrets)
//   POST   /_emulator/flush             write the state file now
// Bad input gets 400 with {"error": code, "message": text} and changes nothing.

#ifndef BACKUPCTL_PROVIDERS_LOCAL_SERVER_ADMIN_H_
#define BACKUPCTL_PROVIDERS_LOCAL_SERVER_ADMIN_H_

#include <string>

#include "providers/local/account.h"
#include "providers/local/faults.h"
#include "providers/local/identities.h"
#include "providers/local/organization.h"
#include "providers/local/request_log.h"
#include "providers/wire/rest.h"

namespace backupctl {

inline constexpr char kAdminPrefix[] = "/_emulator/";

struct AdminContext {
  LocalOrganization* org;
  IdentityStore* identities;
  RequestLog* log;
  FaultInjector* faults;
};

// `req.path` starts with kAdminPrefix.
HttpResponse HandleAdmin(const AdminContext& ctx, const HttpRequest& req);

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_LOCAL_SERVER_ADMIN_H_
