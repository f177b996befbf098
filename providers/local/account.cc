// LocalAccount's machinery: construction, the read and write scopes every
// operation runs in, persistence, the clock, denials and id generation. The
// operations themselves live in account_<area>.cc.

#include "providers/local/account.h"

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>

#include <spdlog/spdlog.h>

#include "base/uuid.h"
#include "providers/local/account_scopes.h"
#include "providers/local/arn.h"
#include "providers/local/local_errors.h"
#include "providers/local/state_store.h"

namespace backupctl {
namespace {

constexpr double kSyncLockTimeoutSeconds = 30;

std::string RandomSecret() {
  std::random_device device;
  std::string secret;
  char hex[3];
  for (int i = 0; i < 32; ++i) {
    std::snprintf(hex, sizeof(hex), "%02x", device() & 0xff);
    secret += hex;
  }
  return secret;
}

AccountState FreshState(const AccountOptions& options, std::string secret) {
  AccountState state;
  state.account_id = options.account_id;
  state.region = options.region;
  state.token_secret = std::move(secret);
  return state;
}

}  // namespace

// ---- scopes -----------------------------------------------------------------

LocalAccount::ReadScope::ReadScope(LocalAccount& account)
    : error_(account.RefreshIfChanged()), lock_(account.mu_) {}

LocalAccount::WriteScope::WriteScope(LocalAccount& account, bool count_write) : account_(account) {
  if (account.options_.read_only) {
    error_ = StateFileError("the local account was opened read-only (plan never writes)");
    return;
  }
  if (count_write) ++account.write_count_;
  bool per_call_lock = !account.options_.state_file.empty() && account.options_.sync_writes;
  if (per_call_lock) {
    error_ = file_lock_.Acquire(account.options_.state_file, kSyncLockTimeoutSeconds);
  }
  lock_ = std::unique_lock<std::shared_mutex>(account.mu_);
  if (!error_ && per_call_lock && account.StatStateFile() != account.file_identity_) {
    error_ = account.ReloadLocked();
  }
}

std::optional<ApiError> LocalAccount::WriteScope::Commit() {
  if (account_.options_.state_file.empty()) {
    if (account_.options_.on_change) account_.options_.on_change();
    return std::nullopt;
  }
  if (!account_.options_.sync_writes) {
    account_.MarkDirty();
    return std::nullopt;
  }
  auto error = account_.PersistLocked();
  if (error) {
    // Roll back to what the file holds, so a failed write changes nothing.
    if (auto reload_error = account_.ReloadLocked()) {
      spdlog::error("local account: rollback after a failed write failed: {}",
                    reload_error->message);
    }
  }
  return error;
}

// ---- construction -----------------------------------------------------------

LocalAccount::LocalAccount(const AccountOptions& options)
    : LocalAccount(options, FreshState(options, RandomSecret())) {}

LocalAccount::LocalAccount(const AccountOptions& options, AccountState state)
    : options_(options), state_(std::move(state)), rng_(std::random_device{}()) {}

std::unique_ptr<LocalAccount> LocalAccount::FromState(const AccountOptions& options,
                                                      AccountState state) {
  return std::unique_ptr<LocalAccount>(new LocalAccount(options, std::move(state)));
}

Outcome<std::unique_ptr<LocalAccount>> LocalAccount::Open(const AccountOptions& options) {
  if (options.state_file.empty()) return std::make_unique<LocalAccount>(options);
  StateFileLock lock;
  double timeout = options.sync_writes ? kSyncLockTimeoutSeconds : 0;
  // A reader needs no lock: writers replace the file whole (rename).
  if (!options.read_only) {
    if (auto error = lock.Acquire(options.state_file, timeout)) return *error;
  }
  auto text = ReadStateFile(options.state_file);
  if (!text.ok()) return text.error();
  AccountState state = FreshState(options, RandomSecret());
  if (text.value()) {
    auto parsed = ParseState(*text.value());
    if (!parsed.ok()) return parsed.error();
    state = std::move(parsed.value());
    if (state.account_id != options.account_id || state.region != options.region) {
      return StateFileError(options.state_file + " holds account " + state.account_id + " in " +
                            state.region + ", not " + options.account_id + " in " + options.region);
    }
  } else if (options.read_only) {
    // Nothing to read yet: an empty account, and no file made for it.
  } else if (auto error = WriteStateFileAtomically(options.state_file, SerializeState(state))) {
    return *error;
  }
  std::unique_ptr<LocalAccount> account(new LocalAccount(options, std::move(state)));
  account->file_identity_ = account->StatStateFile();
  if (!options.sync_writes && !options.read_only) {
    account->lifetime_lock_fd_ = lock.Release();
    account->flusher_.Start([raw = account.get()] { return raw->Flush().ok(); });
  }
  return account;
}

LocalAccount::~LocalAccount() {
  flusher_.Stop();
  if (lifetime_lock_fd_ >= 0) ::close(lifetime_lock_fd_);
}

// ---- persistence ------------------------------------------------------------

std::optional<LocalAccount::FileIdentity> LocalAccount::StatStateFile() const {
  struct stat st;
  if (::stat(options_.state_file.c_str(), &st) != 0) return std::nullopt;
  FileIdentity id;
  id.device = st.st_dev;
  id.inode = st.st_ino;
  id.size = static_cast<uint64_t>(st.st_size);
  id.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  id.ctime_ns = static_cast<int64_t>(st.st_ctim.tv_sec) * 1000000000 + st.st_ctim.tv_nsec;
  return id;
}

std::optional<ApiError> LocalAccount::RefreshIfChanged() {
  if (options_.state_file.empty() || !options_.sync_writes) return std::nullopt;
  auto current = StatStateFile();
  {
    std::shared_lock<std::shared_mutex> l(mu_);
    if (current == file_identity_) return std::nullopt;
  }
  std::unique_lock<std::shared_mutex> l(mu_);
  if (StatStateFile() == file_identity_) return std::nullopt;
  return ReloadLocked();
}

std::optional<ApiError> LocalAccount::ReloadLocked() {
  auto identity = StatStateFile();
  auto text = ReadStateFile(options_.state_file);
  if (!text.ok()) return text.error();
  if (!text.value()) {
    state_ = FreshState(options_, state_.token_secret);
  } else {
    auto parsed = ParseState(*text.value());
    if (!parsed.ok()) return parsed.error();
    state_ = std::move(parsed.value());
  }
  file_identity_ = identity;
  return std::nullopt;
}

std::optional<ApiError> LocalAccount::PersistLocked() {
  if (auto error = WriteStateFileAtomically(options_.state_file, SerializeState(state_))) {
    return error;
  }
  file_identity_ = StatStateFile();
  return std::nullopt;
}

std::optional<ApiError> LocalAccount::WriteSerialized(const std::string& json) {
  return WriteStateFileAtomically(options_.state_file, json);
}

void LocalAccount::MarkDirty() { flusher_.MarkDirty(); }

EmptyOutcome LocalAccount::Flush() {
  // Sync mode has nothing pending: every mutation was written before it returned.
  if (options_.state_file.empty() || options_.sync_writes) return Empty{};
  std::lock_guard<std::mutex> flush_lock(flush_mu_);
  std::string json;
  {
    std::shared_lock<std::shared_mutex> l(mu_);
    if (!flusher_.TakeDirty()) return Empty{};
    json = SerializeState(state_);
  }
  if (auto error = WriteSerialized(json)) {
    spdlog::error("local account: {}", error->message);
    flusher_.MarkDirty();
    return *error;
  }
  return Empty{};
}

// ---- clock, ids, denials, lookups --------------------------------------------

double LocalAccount::NowLocked() const {
  using namespace std::chrono;
  // AWS timestamps are accurate to milliseconds; finer ones would not survive the wire.
  double real = duration<double>(system_clock::now().time_since_epoch()).count();
  return std::floor((real + state_.clock_offset_seconds) * 1000) / 1000;
}

double LocalAccount::Now() const {
  std::shared_lock<std::shared_mutex> l(mu_);
  return NowLocked();
}

void LocalAccount::AdvanceClock(double seconds) {
  {
    WriteScope w(*this, /*count_write=*/false);
    if (w.error()) {
      spdlog::error("local account: AdvanceClock: {}", w.error()->message);
      return;
    }
    state_.clock_offset_seconds += seconds;
    if (auto error = w.Commit()) spdlog::error("local account: AdvanceClock: {}", error->message);
  }
  CatchUpJobs();
}

AccountSnapshot LocalAccount::Snapshot() const {
  std::shared_lock<std::shared_mutex> l(mu_);
  return state_;
}

std::string LocalAccount::NewUuid() {
  uint64_t hi = rng_();
  uint64_t lo = rng_();
  return UuidV4FromBits(hi, lo);
}

std::string LocalAccount::NewVersionId() {
  static const char kChars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::string id;
  for (int i = 0; i < 48; ++i) id += kChars[rng_() % 62];
  return id;
}

void LocalAccount::DenyOperation(const std::string& operation, const std::string& resource) {
  std::lock_guard<std::mutex> l(deny_mu_);
  denials_[operation].insert(resource);
}

void LocalAccount::ClearDenials() {
  std::lock_guard<std::mutex> l(deny_mu_);
  denials_.clear();
}

std::optional<ApiError> LocalAccount::Denied(const std::string& operation,
                                             const std::vector<std::string>& resources,
                                             const std::string& arn) const {
  std::lock_guard<std::mutex> l(deny_mu_);
  auto it = denials_.find(operation);
  if (it == denials_.end()) return std::nullopt;
  bool denied = it->second.count("") > 0 || it->second.count(arn) > 0;
  for (const std::string& r : resources) denied = denied || it->second.count(r) > 0;
  if (!denied) return std::nullopt;
  return AccessDeniedError("User: arn:aws:iam::" + options_.account_id +
                           ":user/test is not authorized to perform: backup:" + operation +
                           " on resource: " + arn);
}

std::string LocalAccount::VaultArn(const std::string& name) const {
  return BackupVaultArn(options_.region, options_.account_id, name);
}

std::string LocalAccount::PlanArn(const std::string& id) const {
  return BackupPlanArn(options_.region, options_.account_id, id);
}

Outcome<VaultRecord*> LocalAccount::FindVault(const std::string& name) {
  auto it = state_.vaults.find(name);
  if (it == state_.vaults.end()) return NotFoundError("Backup vault " + name + " does not exist");
  return &it->second;
}

Outcome<const VaultRecord*> LocalAccount::FindVault(const std::string& name) const {
  auto it = state_.vaults.find(name);
  if (it == state_.vaults.end()) return NotFoundError("Backup vault " + name + " does not exist");
  return &it->second;
}

Outcome<VaultRecord*> LocalAccount::FindVaultFor(const std::string& operation,
                                                 const std::string& name) {
  if (auto e = Denied(operation, {name}, VaultArn(name))) return *e;
  if (name.empty()) return MissingParameterError("BackupVaultName is required");
  return FindVault(name);
}

Outcome<PlanRecord*> LocalAccount::FindLivePlan(const std::string& id) {
  auto it = state_.plans.find(id);
  if (it == state_.plans.end() || it->second.deleted()) {
    return NotFoundError("Backup plan " + id + " does not exist");
  }
  return &it->second;
}

Outcome<PlanRecord*> LocalAccount::FindLivePlanFor(const std::string& operation,
                                                   const std::string& id) {
  if (auto e = Denied(operation, {id}, PlanArn(id))) return *e;
  if (id.empty()) return MissingParameterError("BackupPlanId is required");
  return FindLivePlan(id);
}

Outcome<const PlanRecord*> LocalAccount::FindLivePlan(const std::string& id) const {
  auto it = state_.plans.find(id);
  if (it == state_.plans.end() || it->second.deleted()) {
    return NotFoundError("Backup plan " + id + " does not exist");
  }
  return &it->second;
}

}  // namespace backupctl
