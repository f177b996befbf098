#include "providers/local/server_admin.h"

#include <cmath>
#include <functional>

#include "providers/local/request_auth.h"
#include "providers/local/state_store.h"

namespace backupctl {

namespace {

using Json = nlohmann::json;

HttpResponse JsonResponse(int status, const Json& body) {
  HttpResponse resp;
  resp.status = status;
  resp.headers["content-type"] = "application/json";
  resp.body = body.dump();
  return resp;
}

HttpResponse BadRequest(const std::string& message) {
  return JsonResponse(400, {{"error", "InvalidRequest"}, {"message", message}});
}

HttpResponse FromApiError(const ApiError& error) {
  int status = error.http_status >= 400 ? error.http_status : 400;
  return JsonResponse(status, {{"error", error.code}, {"message", error.message}});
}

// The body as a JSON object, or the 400 to send instead.
bool ParseObject(const HttpRequest& req, Json* out, HttpResponse* error) {
  Json body = Json::parse(req.body.empty() ? "{}" : req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    *error = BadRequest("the request body must be a JSON object");
    return false;
  }
  *out = std::move(body);
  return true;
}

bool ReadString(const Json& body, const char* key, bool required, std::string* out,
                HttpResponse* error) {
  if (!body.contains(key)) {
    if (required) *error = BadRequest(std::string("missing \"") + key + "\"");
    return !required;
  }
  if (!body[key].is_string()) {
    *error = BadRequest(std::string("\"") + key + "\" must be a string");
    return false;
  }
  *out = body[key].get<std::string>();
  return true;
}

// The account the query string names (?account_id=&region=), made if new.
Outcome<LocalAccount*> TargetAccount(const AdminContext& ctx, const HttpRequest& req) {
  AccountKey key = ctx.org->default_key();
  for (const auto& [name, value] : req.query) {
    if (name == "account_id") key.account_id = value;
    if (name == "region") key.region = value;
  }
  if (key.account_id.size() != 12 ||
      key.account_id.find_first_not_of("0123456789") != std::string::npos) {
    return MakeError(ErrorKind::kInvalidParameter, "InvalidRequest", "account_id must be 12 digits",
                     400);
  }
  if (key.region != ctx.org->default_key().region && !IsRegionName(key.region)) {
    return MakeError(ErrorKind::kInvalidParameter, "InvalidRequest",
                     "region must be a region code like eu-west-1", 400);
  }
  return ctx.org->Get(key);
}

HttpResponse Health(const AdminContext& ctx, const HttpRequest&, const Json&) {
  const AccountKey& key = ctx.org->default_key();
  return JsonResponse(200, {{"status", "ok"},
                            {"account_id", key.account_id},
                            {"region", key.region},
                            {"accounts", ctx.org->Keys().size()}});
}

HttpResponse Accounts(const AdminContext& ctx, const HttpRequest&, const Json&) {
  Json accounts = Json::array();
  for (const AccountState& state : ctx.org->Snapshot()) {
    accounts.push_back({{"account_id", state.account_id},
                        {"region", state.region},
                        {"vaults", state.vaults.size()},
                        {"plans", state.plans.size()}});
  }
  return JsonResponse(200, {{"accounts", accounts}});
}

HttpResponse AddCredentials(const AdminContext& ctx, const HttpRequest&, const Json& body) {
  HttpResponse error;
  Credentials key;
  std::string account_id;
  if (!ReadString(body, "access_key_id", true, &key.access_key_id, &error) ||
      !ReadString(body, "secret_access_key", true, &key.secret_access_key, &error) ||
      !ReadString(body, "account_id", false, &account_id, &error)) {
    return error;
  }
  if (key.access_key_id.empty() || key.secret_access_key.empty()) {
    return BadRequest("\"access_key_id\" and \"secret_access_key\" must not be empty");
  }
  if (!account_id.empty() && (account_id.size() != 12 ||
                              account_id.find_first_not_of("0123456789") != std::string::npos)) {
    return BadRequest("\"account_id\" must be 12 digits");
  }
  ctx.identities->AddKey(key, account_id);
  // Never echo the secret.
  return JsonResponse(
      200, {{"access_key_id", key.access_key_id},
            {"account_id", account_id.empty() ? ctx.identities->default_account() : account_id}});
}

// {"role_arn": R, "external_id": X}: AssumeRole of R needs X ("" lifts it).
// {"role_arn": R, "has_permissions": false}: jobs the query's account runs with
// R fail; true mends it. One body may carry both.
HttpResponse SetRole(const AdminContext& ctx, const HttpRequest& req, const Json& body) {
  HttpResponse error;
  std::string role_arn;
  std::string external_id;
  if (!ReadString(body, "role_arn", true, &role_arn, &error) ||
      !ReadString(body, "external_id", false, &external_id, &error)) {
    return error;
  }
  if (role_arn.rfind("arn:", 0) != 0 || role_arn.find(":role/") == std::string::npos) {
    return BadRequest("\"role_arn\" must be a role ARN, arn:aws:iam::ACCOUNT:role/NAME");
  }
  bool sets_permissions = body.contains("has_permissions");
  if (sets_permissions && !body["has_permissions"].is_boolean()) {
    return BadRequest("\"has_permissions\" must be true or false");
  }
  Json out = {{"role_arn", role_arn}};
  if (sets_permissions) {
    Outcome<LocalAccount*> account = TargetAccount(ctx, req);
    if (!account.ok()) return FromApiError(account.error());
    bool has = body["has_permissions"].get<bool>();
    EmptyOutcome set = account.value()->SetRolePermissions(role_arn, has);
    if (!set.ok()) return FromApiError(set.error());
    out["has_permissions"] = has;
  }
  if (body.contains("external_id") || !sets_permissions) {
    ctx.identities->SetRoleExternalId(role_arn, external_id);
    out["external_id_required"] = !external_id.empty();
  }
  return JsonResponse(200, out);
}

HttpResponse ClearRoles(const AdminContext& ctx, const HttpRequest&, const Json&) {
  ctx.identities->ClearRoleConditions();
  return JsonResponse(200, Json::object());
}

HttpResponse GetConfig(const AdminContext& ctx, const HttpRequest&, const Json&) {
  return JsonResponse(200, FaultConfigToJson(ctx.faults->config()));
}

HttpResponse PutConfig(const AdminContext& ctx, const HttpRequest&, const Json& body) {
  FaultConfig config = ctx.faults->config();
  std::string error;
  if (!ApplyFaultConfigJson(body, &config, &error)) return BadRequest(error);
  ctx.faults->SetConfig(config, body.contains("seed"));
  return JsonResponse(200, FaultConfigToJson(config));
}

HttpResponse GetRequests(const AdminContext& ctx, const HttpRequest&, const Json&) {
  return JsonResponse(200, ctx.log->ToJson());
}

HttpResponse ClearRequests(const AdminContext& ctx, const HttpRequest&, const Json&) {
  ctx.log->Clear();
  return JsonResponse(200, Json::object());
}

HttpResponse Stats(const AdminContext& ctx, const HttpRequest&, const Json&) {
  Json stats = ctx.log->Stats();
  uint64_t writes = 0;
  for (const AccountKey& key : ctx.org->Keys()) {
    if (LocalAccount* account = ctx.org->Find(key)) writes += account->WriteCount();
  }
  stats["account_write_calls"] = writes;
  return JsonResponse(200, stats);
}

HttpResponse SeedRecoveryPoints(const AdminContext& ctx, const HttpRequest& req, const Json& body) {
  HttpResponse error;
  std::string vault;
  if (!ReadString(body, "vault", true, &vault, &error)) return error;
  if (!body.contains("count") || !body["count"].is_number_integer()) {
    return BadRequest("\"count\" must be an integer");
  }
  Outcome<LocalAccount*> account = TargetAccount(ctx, req);
  if (!account.ok()) return FromApiError(account.error());
  auto arns = account.value()->SeedRecoveryPoints(vault, body["count"].get<int>());
  if (!arns.ok()) return FromApiError(arns.error());
  return JsonResponse(200, {{"RecoveryPointArns", arns.value()}});
}

// Seeds a vault by name through `seed` (a service vault or an air-gapped one).
HttpResponse SeedNamedVault(
    const AdminContext& ctx, const HttpRequest& req, const Json& body,
    Outcome<CreateBackupVaultOutput> (LocalAccount::*seed)(const std::string&)) {
  HttpResponse error;
  std::string name;
  if (!ReadString(body, "name", true, &name, &error)) return error;
  Outcome<LocalAccount*> account = TargetAccount(ctx, req);
  if (!account.ok()) return FromApiError(account.error());
  auto vault = (account.value()->*seed)(name);
  if (!vault.ok()) return FromApiError(vault.error());
  return JsonResponse(200, {{"BackupVaultName", vault.value().backup_vault_name},
                            {"BackupVaultArn", vault.value().backup_vault_arn}});
}

HttpResponse SeedServiceVault(const AdminContext& ctx, const HttpRequest& req, const Json& body) {
  return SeedNamedVault(ctx, req, body, &LocalAccount::SeedServiceVault);
}

HttpResponse SeedAirGappedVault(const AdminContext& ctx, const HttpRequest& req, const Json& body) {
  return SeedNamedVault(ctx, req, body, &LocalAccount::SeedAirGappedVault);
}

HttpResponse Deny(const AdminContext& ctx, const HttpRequest& req, const Json& body) {
  HttpResponse error;
  std::string operation;
  std::string resource;
  if (!ReadString(body, "operation", true, &operation, &error) ||
      !ReadString(body, "resource", false, &resource, &error)) {
    return error;
  }
  if (operation.empty()) return BadRequest("\"operation\" must not be empty");
  Outcome<LocalAccount*> account = TargetAccount(ctx, req);
  if (!account.ok()) return FromApiError(account.error());
  account.value()->DenyOperation(operation, resource);
  return JsonResponse(200, {{"operation", operation}, {"resource", resource}});
}

HttpResponse ClearDenials(const AdminContext& ctx, const HttpRequest& req, const Json&) {
  Outcome<LocalAccount*> account = TargetAccount(ctx, req);
  if (!account.ok()) return FromApiError(account.error());
  account.value()->ClearDenials();
  return JsonResponse(200, Json::object());
}

HttpResponse GetClock(const AdminContext& ctx, const HttpRequest&, const Json&) {
  return JsonResponse(200, {{"now", ctx.org->Default().Now()}});
}

HttpResponse AdvanceClock(const AdminContext& ctx, const HttpRequest&, const Json& body) {
  if (!body.contains("advance_seconds") || !body["advance_seconds"].is_number() ||
      !std::isfinite(body["advance_seconds"].get<double>()) ||
      body["advance_seconds"].get<double>() < 0) {
    return BadRequest("\"advance_seconds\" must be a number >= 0");
  }
  ctx.org->AdvanceClock(body["advance_seconds"].get<double>());
  ctx.identities->AdvanceClock(body["advance_seconds"].get<double>());
  return JsonResponse(200, {{"now", ctx.org->Default().Now()}});
}

// {"arn": A, "resource_type": T, "tags": {...}}, or {"resources": [those]}.
HttpResponse SeedResources(const AdminContext& ctx, const HttpRequest& req, const Json& body) {
  Outcome<LocalAccount*> account = TargetAccount(ctx, req);
  if (!account.ok()) return FromApiError(account.error());
  Json list = body.contains("resources") ? body["resources"] : Json::array({body});
  if (!list.is_array() || list.empty() || list.size() > 10000) {
    return BadRequest("\"resources\" must be an array of 1..10000 resources");
  }
  std::vector<ResourceRecord> records;
  for (const Json& item : list) {
    HttpResponse error;
    ResourceRecord r;
    if (!item.is_object()) return BadRequest("each resource must be a JSON object");
    if (!ReadString(item, "arn", true, &r.arn, &error) ||
        !ReadString(item, "resource_type", true, &r.resource_type, &error)) {
      return error;
    }
    if (item.contains("tags")) {
      if (!item["tags"].is_object()) return BadRequest("\"tags\" must be an object of strings");
      for (auto it = item["tags"].begin(); it != item["tags"].end(); ++it) {
        if (!it.value().is_string()) return BadRequest("\"tags\" must be an object of strings");
        r.tags[it.key()] = it.value().get<std::string>();
      }
    }
    records.push_back(std::move(r));
  }
  for (const ResourceRecord& r : records) {
    EmptyOutcome seeded = account.value()->SeedResource(r);
    if (!seeded.ok()) return FromApiError(seeded.error());
  }
  return JsonResponse(200, {{"seeded", records.size()}});
}

HttpResponse ListResources(const AdminContext& ctx, const HttpRequest& req, const Json&) {
  Outcome<LocalAccount*> account = TargetAccount(ctx, req);
  if (!account.ok()) return FromApiError(account.error());
  Json out = Json::array();
  for (const auto& [arn, r] : account.value()->Snapshot().resources) {
    out.push_back({{"arn", r.arn}, {"resource_type", r.resource_type}, {"tags", r.tags}});
  }
  return JsonResponse(200, {{"resources", out}});
}

// {"created_seconds": C, "running_seconds": R}: how long jobs take.
HttpResponse SetJobTiming(const AdminContext& ctx, const HttpRequest& req, const Json& body) {
  Outcome<LocalAccount*> account = TargetAccount(ctx, req);
  if (!account.ok()) return FromApiError(account.error());
  JobTiming timing = account.value()->Snapshot().job_timing;
  for (const char* key : {"created_seconds", "running_seconds"}) {
    if (!body.contains(key)) continue;
    if (!body[key].is_number()) return BadRequest(std::string("\"") + key + "\" must be a number");
  }
  timing.created_seconds = body.value("created_seconds", timing.created_seconds);
  timing.running_seconds = body.value("running_seconds", timing.running_seconds);
  EmptyOutcome set = account.value()->SetJobTiming(timing);
  if (!set.ok()) return FromApiError(set.error());
  return JsonResponse(200, {{"created_seconds", timing.created_seconds},
                            {"running_seconds", timing.running_seconds}});
}

// The state-file format, minus the key that signs NextTokens.
HttpResponse State(const AdminContext& ctx, const HttpRequest& req, const Json&) {
  Outcome<LocalAccount*> account = TargetAccount(ctx, req);
  if (!account.ok()) return FromApiError(account.error());
  Json state = Json::parse(SerializeState(account.value()->Snapshot()));
  state.erase(kTokenSecretMember);
  return JsonResponse(200, state);
}

HttpResponse Flush(const AdminContext& ctx, const HttpRequest&, const Json&) {
  EmptyOutcome flushed = ctx.org->Flush();
  if (!flushed.ok()) return FromApiError(flushed.error());
  return JsonResponse(200, Json::object());
}

struct AdminRoute {
  const char* method;
  const char* name;  // the path after kAdminPrefix
  bool has_body;
  HttpResponse (*handle)(const AdminContext&, const HttpRequest&, const Json&);
};

constexpr AdminRoute kRoutes[] = {
    {"GET", "health", false, Health},
    {"GET", "accounts", false, Accounts},
    {"POST", "credentials", true, AddCredentials},
    {"POST", "roles", true, SetRole},
    {"DELETE", "roles", false, ClearRoles},
    {"GET", "config", false, GetConfig},
    {"PUT", "config", true, PutConfig},
    {"GET", "requests", false, GetRequests},
    {"DELETE", "requests", false, ClearRequests},
    {"GET", "stats", false, Stats},
    {"POST", "recovery-points", true, SeedRecoveryPoints},
    {"POST", "service-vaults", true, SeedServiceVault},
    {"POST", "air-gapped-vaults", true, SeedAirGappedVault},
    {"POST", "deny", true, Deny},
    {"DELETE", "deny", false, ClearDenials},
    {"GET", "clock", false, GetClock},
    {"POST", "clock", true, AdvanceClock},
    {"POST", "resources", true, SeedResources},
    {"GET", "resources", false, ListResources},
    {"PUT", "job-timing", true, SetJobTiming},
    {"GET", "state", false, State},
    {"POST", "flush", false, Flush},
};

}  // namespace

HttpResponse HandleAdmin(const AdminContext& ctx, const HttpRequest& req) {
  std::string name = req.path.substr(std::string(kAdminPrefix).size());
  bool path_known = false;
  for (const AdminRoute& route : kRoutes) {
    if (name != route.name) continue;
    path_known = true;
    if (req.method != route.method) continue;
    Json body = Json::object();
    HttpResponse error;
    if (route.has_body && !ParseObject(req, &body, &error)) return error;
    return route.handle(ctx, req, body);
  }
  if (path_known) {
    return JsonResponse(405, {{"error", "MethodNotAllowed"},
                              {"message", req.method + " is not allowed on " + req.path}});
  }
  return JsonResponse(404, {{"error", "NotFound"}, {"message", "no admin route " + req.path}});
}

}  // namespace backupctl
