#include "providers/local/organization.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>

#include <spdlog/spdlog.h>

#include "providers/local/local_errors.h"
#include "providers/local/organization_store.h"
#include "providers/local/state_store.h"

namespace backupctl {
namespace {}  // namespace

LocalOrganization::LocalOrganization(const OrganizationOptions& options)
    : options_(options), default_key_{options.account.account_id, options.account.region} {}

Outcome<std::unique_ptr<LocalOrganization>> LocalOrganization::Open(
    const OrganizationOptions& options) {
  std::unique_ptr<LocalOrganization> org(new LocalOrganization(options));
  const std::string& path = options.account.state_file;
  std::vector<AccountState> states;
  StateFileLock lock;
  if (!path.empty()) {
    if (auto error = lock.Acquire(path, /*timeout_seconds=*/0)) return *error;
    auto text = ReadStateFile(path);
    if (!text.ok()) return text.error();
    if (text.value()) {
      auto parsed = ParseOrganization(*text.value());
      if (!parsed.ok()) return parsed.error();
      states = std::move(parsed.value());
      const AccountState& first = states.front();
      if (states.size() == 1 && (first.account_id != org->default_key_.account_id ||
                                 first.region != org->default_key_.region)) {
        return StateFileError(path + " holds account " + first.account_id + " in " + first.region +
                              ", not " + org->default_key_.account_id + " in " +
                              org->default_key_.region);
      }
    }
  }
  {
    std::unique_lock<std::shared_mutex> l(org->mu_);
    for (AccountState& state : states) {
      org->clock_offset_seconds_ = std::max(org->clock_offset_seconds_, state.clock_offset_seconds);
      AccountKey key{state.account_id, state.region};
      org->AddLocked(key, std::move(state));
    }
    auto it = org->accounts_.find(org->default_key_);
    if (it == org->accounts_.end()) {
      org->default_ = org->AddLocked(org->default_key_, AccountState{});
    } else {
      org->default_ = it->second.get();
    }
  }
  if (!path.empty()) {
    // A new file (or a new default account) is written at once; an unchanged one is left alone.
    if (EmptyOutcome flushed = org->Flush(); !flushed.ok()) return flushed.error();
    org->lifetime_lock_fd_ = lock.Release();
    org->flusher_.Start([raw = org.get()] { return raw->Flush().ok(); });
  }
  return org;
}

LocalOrganization::~LocalOrganization() {
  flusher_.Stop();
  if (lifetime_lock_fd_ >= 0) ::close(lifetime_lock_fd_);
}

AccountOptions LocalOrganization::OptionsFor(const AccountKey& key) {
  AccountOptions o = options_.account;
  o.account_id = key.account_id;
  o.region = key.region;
  o.state_file.clear();  // the organisation persists it
  o.sync_writes = false;
  o.read_only = false;
  o.management_account = key.account_id == default_key_.account_id;
  if (!options_.account.state_file.empty()) o.on_change = [this] { MarkDirty(); };
  return o;
}

// An empty `state` (no token secret) means a fresh account.
LocalAccount* LocalOrganization::AddLocked(const AccountKey& key, AccountState state) {
  std::unique_ptr<LocalAccount> account;
  if (state.token_secret.empty()) {
    account = std::make_unique<LocalAccount>(OptionsFor(key));
    if (clock_offset_seconds_ != 0) account->AdvanceClock(clock_offset_seconds_);
    MarkDirty();
  } else {
    account = LocalAccount::FromState(OptionsFor(key), std::move(state));
  }
  LocalAccount* raw = account.get();
  accounts_[key] = std::move(account);
  return raw;
}

Outcome<LocalAccount*> LocalOrganization::Get(const AccountKey& key) {
  if (LocalAccount* found = Find(key)) return found;
  std::unique_lock<std::shared_mutex> l(mu_);
  auto it = accounts_.find(key);
  if (it != accounts_.end()) return it->second.get();
  if (options_.max_accounts > 0 && accounts_.size() >= options_.max_accounts) {
    return MakeError(ErrorKind::kLimitExceeded, "LimitExceededException",
                     "the emulator serves at most " + std::to_string(options_.max_accounts) +
                         " (account, region) pairs",
                     400);
  }
  return AddLocked(key, AccountState{});
}

LocalAccount* LocalOrganization::Find(const AccountKey& key) const {
  std::shared_lock<std::shared_mutex> l(mu_);
  auto it = accounts_.find(key);
  return it == accounts_.end() ? nullptr : it->second.get();
}

std::vector<AccountKey> LocalOrganization::Keys() const {
  std::shared_lock<std::shared_mutex> l(mu_);
  std::vector<AccountKey> keys;
  for (const auto& [key, account] : accounts_) keys.push_back(key);
  return keys;
}

void LocalOrganization::AdvanceClock(double seconds) {
  std::unique_lock<std::shared_mutex> l(mu_);
  clock_offset_seconds_ += seconds;
  for (auto& [key, account] : accounts_) account->AdvanceClock(seconds);
}

std::vector<AccountState> LocalOrganization::Snapshot() const {
  std::shared_lock<std::shared_mutex> l(mu_);
  std::vector<AccountState> states;
  states.reserve(accounts_.size());
  for (const auto& [key, account] : accounts_) states.push_back(account->Snapshot());
  return states;
}

void LocalOrganization::MarkDirty() { flusher_.MarkDirty(); }

EmptyOutcome LocalOrganization::Flush() {
  const std::string& path = options_.account.state_file;
  if (path.empty()) return Empty{};
  std::lock_guard<std::mutex> flush_lock(flush_mu_);
  {
    if (!flusher_.TakeDirty()) return Empty{};
  }
  // A change racing this snapshot marks the state dirty again: the next flush takes it.
  std::string json = SerializeOrganization(Snapshot());
  if (auto error = WriteStateFileAtomically(path, json)) {
    spdlog::error("local organisation: {}", error->message);
    flusher_.MarkDirty();
    return *error;
  }
  return Empty{};
}

}  // namespace backupctl
