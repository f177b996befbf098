// Ownership identity: how backupctl recognises what a stack made.
//
// Vaults and plans carry the tag `backupctl:stack=<stack>`. Vaults, plans and
// selections are created with a deterministic CreatorRequestId
// `bc-<8 hex of sha256(stack)>-<kind letter>-<32 hex of sha256(stack|kind|name|spec)>`
// (46 characters of [a-z0-9-]), so a retried or re-run create returns the
// resource already made, and the stack prefix identifies our selections,
// which cannot be tagged. `aws/...` and `orgs/...` names are service-managed
// and never ours.

#ifndef BACKUPCTL_RECONCILE_IDENTITY_H_
#define BACKUPCTL_RECONCILE_IDENTITY_H_

#include <optional>
#include <string>
#include <string_view>

#include "desired/model.h"

namespace backupctl {

inline constexpr char kStackTagKey[] = "backupctl:stack";

// "bc-<8 hex>-": the part of every CreatorRequestId this stack sends.
std::string StackPrefix(const std::string& stack);

// `canonical_spec` is the normalised declared content (see CanonicalSpec in model_json.h).
std::string MakeCreatorRequestId(const std::string& stack, Kind kind, const std::string& name,
                                 const std::string& canonical_spec);

bool HasStackPrefix(const std::optional<std::string>& creator_request_id, const std::string& stack);

// A repeated CreatorRequestId may be answered with a resource since deleted
// (AWS keeps deleted plans, and their ids). The create is then sent again
// under the token's next generation: generation 0 is `id` itself, each later
// one keeps its `bc-<stack>-<kind>-` prefix and hashes `id` with the
// generation, so a retry of any generation is as idempotent as the first.
inline constexpr int kCreatorRequestIdGenerations = 4;
std::string CreatorRequestIdGeneration(const std::string& id, int generation);
// True when `candidate` is `id` or one of its later generations.
bool IsGenerationOf(const std::optional<std::string>& candidate, const std::string& id);

// Service-managed (aws/...) or Organizations-managed (orgs/...): read-only.
bool IsManagedName(const std::string& name);

}  // namespace backupctl

#endif  // BACKUPCTL_RECONCILE_IDENTITY_H_
