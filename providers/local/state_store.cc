#include "providers/local/state_store.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <initializer_list>
#include <stdexcept>
#include <thread>
#include <utility>

#include "providers/local/local_errors.h"
#include "providers/local/state_jobs.h"
#include "providers/regular_file.h"
#include "providers/wire/json_io.h"
#include "providers/wire/json_shapes.h"

namespace backupctl {

// ---- the records around the wire shapes -------------------------------------
//
// Members named as in service-2.json where the model has the member; the plan
// and selection documents are the wire shapes themselves (json_shapes.h).
// Each record's codec comes before those of the records that hold it, and
// sits in namespace backupctl, where the wire codecs' templates find it.

namespace {

using json_io::Field;
using json_io::kRequired;

}  // namespace

// clang-format off
BACKUPCTL_JSON_CODEC(VaultLockRecord,
    BACKUPCTL_MEMBER(min_retention_days),
    BACKUPCTL_MEMBER(max_retention_days),
    BACKUPCTL_MEMBER(lock_date))

BACKUPCTL_JSON_CODEC(VaultNotificationsRecord,
    Field("SNSTopicArn", &S::sns_topic_arn),
    BACKUPCTL_MEMBER(backup_vault_events))

BACKUPCTL_JSON_CODEC(RecoveryPointRecord,
    BACKUPCTL_MEMBER(recovery_point_arn),
    BACKUPCTL_MEMBER(resource_arn),
    BACKUPCTL_MEMBER(resource_type),
    BACKUPCTL_MEMBER(status),
    BACKUPCTL_MEMBER(creation_date),
    BACKUPCTL_MEMBER(tags))

BACKUPCTL_JSON_CODEC(VaultRecord,
    Field("BackupVaultName", &S::name, kRequired),
    Field("BackupVaultArn", &S::arn, kRequired),
    BACKUPCTL_MEMBER(encryption_key_arn),
    BACKUPCTL_MEMBER(creation_date),
    BACKUPCTL_MEMBER(creator_request_id),
    BACKUPCTL_MEMBER(service_managed),
    BACKUPCTL_MEMBER(vault_type),
    BACKUPCTL_MEMBER(tags),
    BACKUPCTL_MEMBER(lock),
    BACKUPCTL_MEMBER(notifications),
    BACKUPCTL_MEMBER(access_policy),
    BACKUPCTL_MEMBER(recovery_points))  // keyed by recovery point id

BACKUPCTL_JSON_CODEC(PlanVersionRecord,
    BACKUPCTL_MEMBER(version_id, kRequired),
    BACKUPCTL_MEMBER(creation_date),
    Field("BackupPlan", &S::plan, kRequired))

BACKUPCTL_JSON_CODEC(PlanRecord,
    Field("BackupPlanId", &S::id, kRequired),
    Field("BackupPlanArn", &S::arn, kRequired),
    BACKUPCTL_MEMBER(creator_request_id),
    BACKUPCTL_MEMBER(creation_date),
    BACKUPCTL_MEMBER(deletion_date),
    BACKUPCTL_MEMBER(versions, kRequired),  // oldest first
    BACKUPCTL_MEMBER(tags))

BACKUPCTL_JSON_CODEC(SelectionRecord,
    Field("SelectionId", &S::id, kRequired),
    Field("BackupPlanId", &S::plan_id, kRequired),
    BACKUPCTL_MEMBER(creation_date),
    BACKUPCTL_MEMBER(creator_request_id),
    Field("BackupSelection", &S::selection, kRequired))

// Absent from files written before the settings operations: the defaults.
BACKUPCTL_JSON_CODEC(SettingsRecord,
    BACKUPCTL_MEMBER(resource_type_opt_in_preference),
    BACKUPCTL_MEMBER(resource_type_management_preference),
    BACKUPCTL_MEMBER(global_settings),
    BACKUPCTL_MEMBER(global_settings_update_time))

BACKUPCTL_JSON_CODEC(AccountState,
    BACKUPCTL_MEMBER(account_id, kRequired),
    BACKUPCTL_MEMBER(region, kRequired),
    BACKUPCTL_MEMBER(clock_offset_seconds),
    Field(kTokenSecretMember, &S::token_secret, kRequired),
    BACKUPCTL_MEMBER(vaults, kRequired),          // by name
    BACKUPCTL_MEMBER(plans, kRequired),            // by plan id
    BACKUPCTL_MEMBER(selections, kRequired),  // by plan id, then selection id
    BACKUPCTL_MEMBER(settings))                 // optional: older files lack it
// clang-format on

namespace {

// ---- version 1 --------------------------------------------------------------
//
// Version 1 named members in snake_case and kept collections as arrays of
// records. It is read by renaming its keys (PascalCase, "sns" as "SNS", and
// the wire name where the record's own name differs) and keying its arrays;
// the next write is version 2.

constexpr int kMaxVersion1Depth = 32;

std::string PascalCase(const std::string& snake) {
  std::string out;
  size_t start = 0;
  while (start <= snake.size()) {
    size_t end = snake.find('_', start);
    if (end == std::string::npos) end = snake.size();
    std::string word = snake.substr(start, end - start);
    if (word == "sns") word = "SNS";
    if (!word.empty())
      word[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(word[0])));
    out += word;
    start = end + 1;
  }
  return out;
}

// Renames every key below `v` but those of user maps (tags, options).
Json RenameVersion1Keys(const Json& v, int depth) {
  if (depth > kMaxVersion1Depth) throw std::runtime_error("nested too deeply");
  if (v.is_array()) {
    Json out = Json::array();
    for (const Json& item : v) out.push_back(RenameVersion1Keys(item, depth + 1));
    return out;
  }
  if (!v.is_object()) return v;
  Json out = Json::object();
  for (auto it = v.begin(); it != v.end(); ++it) {
    const bool user_map =
        it.key() == "tags" || it.key() == "recovery_point_tags" || it.key() == "backup_options";
    out[PascalCase(it.key())] = user_map ? it.value() : RenameVersion1Keys(it.value(), depth + 1);
  }
  return out;
}

void Rename(Json& record, std::initializer_list<std::pair<const char*, const char*>> renames) {
  for (const auto& [from, to] : renames) {
    auto it = record.find(from);
    if (it == record.end()) continue;
    Json value = std::move(*it);
    record.erase(from);
    record[to] = std::move(value);
  }
}

const Json& ListAt(const Json& record, const char* name) {
  auto it = record.find(name);
  if (it == record.end() || !it->is_array()) {
    throw std::runtime_error(std::string("version 1 member ") + name + " must be a JSON array");
  }
  return *it;
}

std::string KeyOf(const Json& record, const char* name) {
  auto it = record.find(name);
  if (!record.is_object() || it == record.end() || !it->is_string()) {
    throw std::runtime_error(std::string("version 1 record without a string ") + name);
  }
  return it->get<std::string>();
}

Json FromVersion1(const Json& v1) {
  Json doc = RenameVersion1Keys(v1, 0);
  doc.erase("Version");
  Json vaults = Json::object();
  for (Json vault : ListAt(doc, "Vaults")) {
    Json points = Json::object();
    for (Json point : ListAt(vault, "RecoveryPoints")) {
      std::string id = KeyOf(point, "Id");
      point.erase("Id");
      points[id] = std::move(point);
    }
    vault["RecoveryPoints"] = std::move(points);
    Rename(vault, {{"Name", "BackupVaultName"}, {"Arn", "BackupVaultArn"}});
    const std::string name = KeyOf(vault, "BackupVaultName");
    vaults[name] = std::move(vault);
  }
  Json plans = Json::object();
  for (Json plan : ListAt(doc, "Plans")) {
    for (Json& version : plan["Versions"]) Rename(version, {{"Plan", "BackupPlan"}});
    Rename(plan, {{"Id", "BackupPlanId"}, {"Arn", "BackupPlanArn"}});
    const std::string id = KeyOf(plan, "BackupPlanId");
    plans[id] = std::move(plan);
  }
  Json selections = Json::object();
  for (Json selection : ListAt(doc, "Selections")) {
    Rename(selection,
           {{"Id", "SelectionId"}, {"PlanId", "BackupPlanId"}, {"Selection", "BackupSelection"}});
    const std::string plan_id = KeyOf(selection, "BackupPlanId");
    const std::string id = KeyOf(selection, "SelectionId");
    selections[plan_id][id] = std::move(selection);
  }
  doc["Vaults"] = std::move(vaults);
  doc["Plans"] = std::move(plans);
  doc["Selections"] = std::move(selections);
  return doc;
}

// ---- version 2 --------------------------------------------------------------

// What the keys of AccountState's maps promise about the records under them.
void CheckKeys(const AccountState& state) {
  auto fail = [](const std::string& what) { throw std::runtime_error(what); };
  for (const auto& [name, vault] : state.vaults) {
    if (vault.name != name) fail("vault " + name + " holds the record of " + vault.name);
  }
  for (const auto& [id, plan] : state.plans) {
    if (plan.id != id) fail("plan " + id + " holds the record of " + plan.id);
    if (plan.versions.empty()) fail("plan " + id + " has no version");
  }
  for (const auto& [plan_id, selections] : state.selections) {
    if (state.plans.count(plan_id) == 0) fail("selections belong to unknown plan " + plan_id);
    for (const auto& [id, selection] : selections) {
      if (selection.id != id || selection.plan_id != plan_id) {
        fail("selection " + plan_id + "/" + id + " holds the record of " + selection.plan_id + "/" +
             selection.id);
      }
    }
  }
}

AccountState DecodeState(const Json& doc) {
  AccountState state;
  FromJson(JsonIn{doc, "", ReadMode::kRequest}, &state);
  CheckKeys(state);
  if (doc.contains("Jobs")) DecodeJobsState(doc.at("Jobs"), &state);
  return state;
}

std::string Errno(const std::string& what, const std::string& path) {
  return what + " " + path + ": " + std::strerror(errno);
}

}  // namespace

std::string SerializeState(const AccountState& state) {
  Json doc = ToJson(state);
  doc[kStateVersionMember] = kStateFileVersion;
  doc["Jobs"] = EncodeJobsState(state);
  return doc.dump();
}

Outcome<AccountState> ParseState(const std::string& text) {
  Json doc = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    return StateFileError("the state file is not valid JSON");
  }
  auto version = doc.find(kStateVersionMember);
  const bool known = version != doc.end() && version->is_number_integer() &&
                     (*version == kStateFileVersion || *version == 1);
  if (!known) {
    return StateFileError("the state file has an unknown version (this build reads versions 1 to " +
                          std::to_string(kStateFileVersion) + ")");
  }
  try {
    return DecodeState(*version == 1 ? FromVersion1(doc) : doc);
  } catch (const std::exception& e) {
    return StateFileError(std::string("the state file is corrupt: ") + e.what());
  }
}

Outcome<std::optional<std::string>> ReadStateFile(const std::string& path) {
  FileRead read = ReadRegularFile(path, kMaxStateFileBytes);
  if (read.status == FileRead::Status::kMissing) return std::optional<std::string>();
  if (!read.ok()) return StateFileError("cannot read the state file " + read.error);
  return std::optional<std::string>(std::move(read.text));
}

static bool WriteAll(int fd, const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

static std::string DirectoryOf(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::optional<ApiError> WriteStateFileAtomically(const std::string& path, const std::string& data) {
  std::string tmp = path + ".tmp." + std::to_string(::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return StateFileError(Errno("cannot create", tmp));
  if (!WriteAll(fd, data) || ::fsync(fd) != 0) {
    ApiError error = StateFileError(Errno("cannot write", tmp));
    ::close(fd);
    ::unlink(tmp.c_str());
    return error;
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    ApiError error = StateFileError(Errno("cannot rename over", path));
    ::unlink(tmp.c_str());
    return error;
  }
  std::string dir = DirectoryOf(path);
  int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0) return StateFileError(Errno("cannot open directory", dir));
  int rc = ::fsync(dir_fd);
  ::close(dir_fd);
  if (rc != 0) return StateFileError(Errno("cannot fsync directory", dir));
  return std::nullopt;
}

StateFileLock::~StateFileLock() {
  if (fd_ >= 0) ::close(fd_);
}

std::optional<ApiError> StateFileLock::Acquire(const std::string& state_path,
                                               double timeout_seconds) {
  std::string path = state_path + ".lock";
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd_ < 0) return StateFileError(Errno("cannot open lock file", path));
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_seconds);
  while (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK && errno != EINTR) return StateFileError(Errno("cannot lock", path));
    if (std::chrono::steady_clock::now() >= deadline) {
      return StateFileError(path + " is held by another process");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return std::nullopt;
}

int StateFileLock::Release() {
  int fd = fd_;
  fd_ = -1;
  return fd;
}

}  // namespace backupctl
