// Tags on vaults, plans and recovery points, addressed by ARN. An ARN that
// does not parse, or names another service, is InvalidParameterValue; one of
// this service that names nothing here (another account or region, a deleted
// plan) is ResourceNotFound.

#include "providers/local/account.h"
#include "providers/local/account_scopes.h"
#include "providers/local/arn.h"
#include "providers/local/local_errors.h"
#include "providers/local/pagination.h"
#include "providers/local/validation.h"

namespace backupctl {
namespace {

// "backup-vault:name" -> "name": what DenyOperation may name instead of the ARN.
std::string ResourceKey(const std::string& arn) {
  auto parsed = ParseArn(arn);
  if (!parsed) return arn;
  size_t colon = parsed->resource.find(':');
  return colon == std::string::npos ? parsed->resource : parsed->resource.substr(colon + 1);
}

}  // namespace

Outcome<Tags*> LocalAccount::FindTaggableFor(const std::string& operation, const std::string& arn) {
  if (auto e = Denied(operation, {ResourceKey(arn)}, arn)) return *e;
  if (arn.empty()) return MissingParameterError("ResourceArn is required");
  auto parsed = ParseArn(arn);
  if (!parsed) return InvalidParameterError("Invalid ARN " + arn);
  if (parsed->service != "backup") {
    return InvalidParameterError("ARNs that do not include backup are incompatible with tagging: " +
                                 arn);
  }
  ApiError not_found = NotFoundError("Resource " + arn + " does not exist");
  if (parsed->region != options_.region || parsed->account != options_.account_id) {
    return not_found;
  }
  const std::string& resource = parsed->resource;
  size_t colon = resource.find(':');
  if (colon == std::string::npos) return not_found;
  std::string type = resource.substr(0, colon), key = resource.substr(colon + 1);
  Tags* tags = nullptr;
  if (type == "backup-vault") {
    auto vault = state_.vaults.find(key);
    if (vault != state_.vaults.end()) tags = &vault->second.tags;
  } else if (type == "backup-plan") {
    auto plan = state_.plans.find(key);
    if (plan != state_.plans.end() && !plan->second.deleted()) tags = &plan->second.tags;
  } else if (type == "recovery-point") {
    for (auto& [name, vault] : state_.vaults) {
      auto rp = vault.recovery_points.find(key);
      if (rp != vault.recovery_points.end()) tags = &rp->second.tags;
    }
  }
  if (!tags) return not_found;
  return tags;
}

EmptyOutcome LocalAccount::TagResource(const TagResourceInput& in) {
  WriteScope w(*this);
  if (w.error()) return *w.error();
  auto found = FindTaggableFor("TagResource", in.resource_arn);
  if (!found.ok()) return found.error();
  Tags* tags = found.value();
  if (in.tags.empty()) return MissingParameterError("Tags is required");
  if (auto e = CheckTags(in.tags)) return *e;
  for (const auto& [key, value] : in.tags) (*tags)[key] = value;
  if (auto e = w.Commit()) return *e;
  return Empty{};
}

EmptyOutcome LocalAccount::UntagResource(const UntagResourceInput& in) {
  WriteScope w(*this);
  if (w.error()) return *w.error();
  auto found = FindTaggableFor("UntagResource", in.resource_arn);
  if (!found.ok()) return found.error();
  Tags* tags = found.value();
  if (in.tag_key_list.empty()) return MissingParameterError("TagKeyList is required");
  if (auto e = CheckTagKeys(in.tag_key_list)) return *e;
  for (const std::string& key : in.tag_key_list) tags->erase(key);
  if (auto e = w.Commit()) return *e;
  return Empty{};
}

Outcome<ListTagsOutput> LocalAccount::ListTags(const ListTagsInput& in) {
  ReadScope r(*this);
  if (r.error()) return *r.error();
  const std::string& arn = in.resource_arn;
  auto found = FindTaggableFor("ListTags", arn);
  if (!found.ok()) return found.error();
  const Tags* tags = found.value();
  const std::string scope = "ListTags\n" + arn;
  auto page = StartPage(state_.token_secret, scope, in.next_token, in.max_results);
  if (!page.ok()) return page.error();
  ListTagsOutput out;
  auto last = WalkPage(
      *tags, page.value(), [](const std::string&) { return true; },
      [&](const std::string& key, const std::string& value) { out.tags.emplace(key, value); });
  if (last) out.next_token = MakePageToken(state_.token_secret, scope, *last);
  return out;
}

}  // namespace backupctl
