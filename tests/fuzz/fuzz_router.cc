// Fuzzes the emulator's request router: wire Dispatch of arbitrary requests
// against a fresh in-memory LocalAccount holding one vault (with recovery
// points), one plan and one selection.
//
// Input: line 1 "METHOD TARGET" (TARGET as on the wire: percent-encoded path,
// optional ?query), the rest is the body. In TARGET and body, {plan}, {sel},
// {vault_arn} and {plan_arn} become the seeded resources' ids, so inputs can
// reach past "not found".
// Properties: never crashes or throws; every answer is either 2xx with an
// empty or JSON body, or an AWS error with X-Amzn-ErrorType and a JSON body;
// no request makes the account throw (Dispatch's InternalFailure).

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "providers/local/account.h"
#include "providers/wire/rest.h"

namespace backupctl {
namespace {

struct Seeded {
  std::string plan_id, selection_id, vault_arn, plan_arn;
};

Seeded Seed(LocalAccount& account) {
  Seeded ids;
  CreateBackupVaultInput vault;
  vault.backup_vault_name = "fuzz-vault";
  vault.backup_vault_tags = {{"team", "fuzz"}};
  if (auto out = account.CreateBackupVault(vault); out.ok())
    ids.vault_arn = out.value().backup_vault_arn;
  (void)account.SeedRecoveryPoints("fuzz-vault", 2);
  CreateBackupPlanInput plan;
  plan.backup_plan.backup_plan_name = "fuzz-plan";
  BackupRule rule;
  rule.rule_name = "daily";
  rule.target_backup_vault_name = "fuzz-vault";
  rule.schedule_expression = "cron(0 5 ? * * *)";
  plan.backup_plan.rules = {rule};
  if (auto out = account.CreateBackupPlan(plan); out.ok()) {
    ids.plan_id = out.value().backup_plan_id;
    ids.plan_arn = out.value().backup_plan_arn;
  }
  CreateBackupSelectionInput selection;
  selection.backup_plan_id = ids.plan_id;
  selection.backup_selection.selection_name = "fuzz-selection";
  selection.backup_selection.iam_role_arn = "arn:aws:iam::123456789012:role/backup";
  selection.backup_selection.resources = {"arn:aws:ec2:*:*:volume/*"};
  if (auto out = account.CreateBackupSelection(selection); out.ok()) {
    ids.selection_id = out.value().selection_id;
  }
  return ids;
}

void ReplaceAll(std::string* s, const std::string& from, const std::string& to) {
  for (size_t at = s->find(from); at != std::string::npos; at = s->find(from, at + to.size())) {
    s->replace(at, from.size(), to);
  }
}

void Substitute(std::string* s, const Seeded& ids) {
  ReplaceAll(s, "{plan}", ids.plan_id);
  ReplaceAll(s, "{sel}", ids.selection_id);
  ReplaceAll(s, "{vault_arn}", ids.vault_arn);
  ReplaceAll(s, "{plan_arn}", ids.plan_arn);
}

bool IsJson(const std::string& body) { return nlohmann::json::accept(body); }

}  // namespace
}  // namespace backupctl

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace backupctl;
  LocalAccount account(AccountOptions{});
  Seeded ids = Seed(account);

  std::string body(reinterpret_cast<const char*>(data), size);
  size_t nl = body.find('\n');
  std::string start = body.substr(0, nl);
  body.erase(0, nl == std::string::npos ? body.size() : nl + 1);
  size_t space = start.find(' ');
  HttpRequest req;
  req.method = start.substr(0, space);
  req.path = space == std::string::npos ? "/" : start.substr(space + 1);
  req.headers["content-type"] = "application/json";
  req.body = std::move(body);
  Substitute(&req.path, ids);
  Substitute(&req.body, ids);

  HttpResponse resp = Dispatch(account, req);
  bool success = resp.status >= 200 && resp.status < 300;
  if (success && !resp.body.empty() && !IsJson(resp.body)) std::abort();
  if (!success) {
    if (resp.headers.count("x-amzn-errortype") == 0 || !IsJson(resp.body)) std::abort();
    if (resp.headers["x-amzn-errortype"].find("InternalFailure") != std::string::npos) std::abort();
  }
  return 0;
}
