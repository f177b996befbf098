// Backup vaults and their recovery points.

#include <cctype>

#include "providers/local/account.h"
#include "providers/local/account_scopes.h"
#include "providers/local/arn.h"
#include "providers/local/local_errors.h"
#include "providers/local/pagination.h"
#include "providers/local/validation.h"

namespace backupctl {
namespace {

std::optional<ApiError> CheckEncryptionKeyArn(const std::optional<std::string>& key) {
  if (!key) return std::nullopt;
  auto arn = ParseArn(*key);
  if (!arn || arn->service != "kms" ||
      (arn->resource.rfind("key/", 0) != 0 && arn->resource.rfind("alias/", 0) != 0)) {
    return InvalidParameterError("Invalid EncryptionKeyArn " + *key +
                                 ": must be the ARN of a KMS key");
  }
  return std::nullopt;
}

CreateBackupVaultOutput CreateOutputOf(const VaultRecord& vault) {
  return {vault.name, vault.arn, vault.creation_date};
}

bool IsServiceVaultName(const std::string& name) {
  if (name.empty() || name.size() > 128) return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '/' &&
        c != '.') {
      return false;
    }
  }
  return true;
}

}  // namespace

bool LocalAccount::LockIsImmutable(const VaultRecord& vault) const {
  return vault.lock && vault.lock->lock_date && NowLocked() >= *vault.lock->lock_date;
}

DescribeBackupVaultOutput LocalAccount::DescribeLocked(const VaultRecord& vault) const {
  DescribeBackupVaultOutput out;
  out.backup_vault_name = vault.name;
  out.backup_vault_arn = vault.arn;
  out.vault_type = vault.vault_type;
  out.vault_state = "AVAILABLE";
  out.encryption_key_arn = vault.encryption_key_arn;
  out.creation_date = vault.creation_date;
  out.creator_request_id = vault.creator_request_id;
  out.number_of_recovery_points = static_cast<int64_t>(vault.recovery_points.size());
  out.locked = vault.lock.has_value();
  if (vault.lock) {
    out.min_retention_days = vault.lock->min_retention_days;
    out.max_retention_days = vault.lock->max_retention_days;
    out.lock_date = vault.lock->lock_date;
  }
  return out;
}

Outcome<CreateBackupVaultOutput> LocalAccount::CreateBackupVault(const CreateBackupVaultInput& in) {
  WriteScope w(*this);
  if (w.error()) return *w.error();
  const std::string& name = in.backup_vault_name;
  if (auto e = Denied("CreateBackupVault", {name}, VaultArn(name))) return *e;
  if (name.empty()) return MissingParameterError("BackupVaultName is required");
  if (!IsBackupVaultName(name)) {
    return InvalidParameterError("Invalid backup vault name " + name +
                                 ": must contain 2 to 50 alphanumeric, '-' or '_' characters");
  }
  if (auto e = CheckCreatorRequestId(in.creator_request_id)) return *e;
  if (auto e = CheckTags(in.backup_vault_tags)) return *e;
  if (auto e = CheckEncryptionKeyArn(in.encryption_key_arn)) return *e;
  auto existing = state_.vaults.find(name);
  if (existing != state_.vaults.end()) {
    const VaultRecord& vault = existing->second;
    if (in.creator_request_id && vault.creator_request_id == in.creator_request_id) {
      return CreateOutputOf(vault);  // a retry of the request that made it
    }
    return AlreadyExistsError("Backup vault with the same name already exists", vault.arn,
                              vault.creator_request_id.value_or(""));
  }
  auto made = NewVaultLocked(name);
  if (!made.ok()) return made.error();
  VaultRecord& vault = made.value();
  if (in.encryption_key_arn) vault.encryption_key_arn = *in.encryption_key_arn;
  vault.creator_request_id = in.creator_request_id;
  vault.tags = in.backup_vault_tags;
  CreateBackupVaultOutput out = CreateOutputOf(vault);
  state_.vaults.emplace(name, std::move(vault));
  if (auto e = w.Commit()) return *e;
  return out;
}

Outcome<DescribeBackupVaultOutput> LocalAccount::DescribeBackupVault(
    const DescribeBackupVaultInput& in) {
  ReadScope r(*this);
  if (r.error()) return *r.error();
  auto vault = FindVaultFor("DescribeBackupVault", in.backup_vault_name);
  if (!vault.ok()) return vault.error();
  return DescribeLocked(*vault.value());
}

Outcome<ListBackupVaultsOutput> LocalAccount::ListBackupVaults(const ListBackupVaultsInput& in) {
  ReadScope r(*this);
  if (r.error()) return *r.error();
  if (auto e = Denied("ListBackupVaults", {}, VaultArn("*"))) return *e;
  auto page = StartPage(state_.token_secret, "ListBackupVaults", in.next_token, in.max_results);
  if (!page.ok()) return page.error();
  ListBackupVaultsOutput out;
  auto last = WalkPage(
      state_.vaults, page.value(), [](const VaultRecord&) { return true; },
      [&](const std::string&, const VaultRecord& v) {
        out.backup_vault_list.push_back(DescribeLocked(v));
      });
  if (last) out.next_token = MakePageToken(state_.token_secret, "ListBackupVaults", *last);
  return out;
}

EmptyOutcome LocalAccount::DeleteBackupVault(const DeleteBackupVaultInput& in) {
  WriteScope w(*this);
  if (w.error()) return *w.error();
  const std::string& name = in.backup_vault_name;
  auto vault = FindVaultFor("DeleteBackupVault", name);
  if (!vault.ok()) return vault.error();
  if (vault.value()->service_managed) {
    return InvalidRequestError("Backup vault " + name +
                               " is managed by an AWS service and cannot be deleted");
  }
  if (!vault.value()->recovery_points.empty()) {
    return InvalidRequestError(
        "Backup vault cannot be deleted because it contains recovery points.");
  }
  if (LockIsImmutable(*vault.value())) {
    return InvalidRequestError("Backup vault " + name +
                               " cannot be deleted: its Vault Lock is in compliance mode and "
                               "past its lock date");
  }
  // Notifications, access policy, lock and tags live in the record and go with it.
  state_.vaults.erase(name);
  if (auto e = w.Commit()) return *e;
  return Empty{};
}

Outcome<ListRecoveryPointsByBackupVaultOutput> LocalAccount::ListRecoveryPointsByBackupVault(
    const ListRecoveryPointsByBackupVaultInput& in) {
  CatchUpJobs();  // jobs that ended leave their recovery points (account_schedule.cc)
  ReadScope r(*this);
  if (r.error()) return *r.error();
  const std::string& name = in.backup_vault_name;
  auto vault = FindVaultFor("ListRecoveryPointsByBackupVault", name);
  if (!vault.ok()) return vault.error();
  const std::string scope = "ListRecoveryPointsByBackupVault\n" + name;
  auto page = StartPage(state_.token_secret, scope, in.next_token, in.max_results);
  if (!page.ok()) return page.error();
  ListRecoveryPointsByBackupVaultOutput out;
  const VaultRecord& v = *vault.value();
  auto last = WalkPage(
      v.recovery_points, page.value(), [](const RecoveryPointRecord&) { return true; },
      [&](const std::string&, const RecoveryPointRecord& rp) {
        out.recovery_points.push_back({rp.recovery_point_arn, v.name, v.arn, rp.resource_arn,
                                       rp.resource_type, rp.status, rp.creation_date});
      });
  if (last) out.next_token = MakePageToken(state_.token_secret, scope, *last);
  return out;
}

Outcome<std::vector<std::string>> LocalAccount::SeedRecoveryPoints(const std::string& vault_name,
                                                                   int count) {
  WriteScope w(*this, /*count_write=*/false);
  if (w.error()) return *w.error();
  if (count < 1 || count > 10000) {
    return InvalidParameterError("SeedRecoveryPoints: count must be 1..10000");
  }
  auto vault = FindVault(vault_name);
  if (!vault.ok()) return vault.error();
  std::vector<std::string> arns;
  for (int i = 0; i < count; ++i) {
    std::string id = NewUuid();
    RecoveryPointRecord rp;
    rp.recovery_point_arn = RecoveryPointArn(options_.region, options_.account_id, id);
    rp.resource_arn = "arn:aws:elasticfilesystem:" + options_.region + ":" + options_.account_id +
                      ":file-system/fs-" + id.substr(0, 8) + id.substr(9, 4) + id.substr(14, 4);
    rp.resource_type = "EFS";
    rp.status = "COMPLETED";
    rp.creation_date = NowLocked();
    arns.push_back(rp.recovery_point_arn);
    vault.value()->recovery_points.emplace(id, std::move(rp));
  }
  if (auto e = w.Commit()) return *e;
  return arns;
}

Outcome<CreateBackupVaultOutput> LocalAccount::SeedServiceVault(const std::string& name) {
  if (!IsServiceVaultName(name)) {
    return InvalidParameterError("SeedServiceVault: invalid vault name " + name);
  }
  return SeedVault(name, /*service_managed=*/true, "BACKUP_VAULT");
}

Outcome<CreateBackupVaultOutput> LocalAccount::SeedAirGappedVault(const std::string& name) {
  if (!IsBackupVaultName(name)) {
    return InvalidParameterError("SeedAirGappedVault: invalid vault name " + name);
  }
  return SeedVault(name, /*service_managed=*/false, "LOGICALLY_AIR_GAPPED_BACKUP_VAULT");
}

Outcome<VaultRecord> LocalAccount::NewVaultLocked(const std::string& name) {
  const int quota = options_.quotas.vaults;
  if (quota > 0 && state_.vaults.size() >= static_cast<size_t>(quota)) {
    return LimitExceededError("Backup vault quota (" + std::to_string(quota) +
                              " per Region) reached");
  }
  VaultRecord vault;
  vault.name = name;
  vault.arn = VaultArn(name);
  vault.encryption_key_arn =
      "arn:aws:kms:" + options_.region + ":" + options_.account_id + ":key/" + NewUuid();
  vault.creation_date = NowLocked();
  return vault;
}

Outcome<CreateBackupVaultOutput> LocalAccount::SeedVault(const std::string& name,
                                                         bool service_managed,
                                                         const std::string& vault_type) {
  WriteScope w(*this, /*count_write=*/false);
  if (w.error()) return *w.error();
  auto existing = state_.vaults.find(name);
  if (existing != state_.vaults.end()) {
    return AlreadyExistsError("Backup vault with the same name already exists",
                              existing->second.arn, "");
  }
  auto made = NewVaultLocked(name);
  if (!made.ok()) return made.error();
  VaultRecord& vault = made.value();
  vault.service_managed = service_managed;
  vault.vault_type = vault_type;
  CreateBackupVaultOutput out = CreateOutputOf(vault);
  state_.vaults.emplace(name, std::move(vault));
  if (auto e = w.Commit()) return *e;
  return out;
}

}  // namespace backupctl
