#include "providers/local/state_store.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include <nlohmann/json.hpp>

#include "providers/local/local_errors.h"
#include "providers/regular_file.h"

namespace backupctl {
namespace {

using nlohmann::json;

template <typename T>
void PutOpt(json& j, const char* key, const std::optional<T>& value) {
  if (value) j[key] = *value;
}

template <typename T>
void GetOpt(const json& j, const char* key, std::optional<T>* out) {
  auto it = j.find(key);
  if (it != j.end() && !it->is_null()) *out = it->get<T>();
}

template <typename T>
void Get(const json& j, const char* key, T* out) {
  auto it = j.find(key);
  if (it != j.end() && !it->is_null()) *out = it->get<T>();
}

// Declared up front so the list and optional templates below find every overload.
json Enc(const Lifecycle& l);
json Enc(const CopyAction& c);
json Enc(const BackupRule& r);
json Enc(const AdvancedBackupSetting& s);
json Enc(const IndexAction& a);
json Enc(const ScanAction& a);
json Enc(const ScanSetting& s);
json Enc(const Condition& c);
json Enc(const ConditionParameter& c);
json Enc(const PlanVersionRecord& v);
void Dec(const json& j, Lifecycle* l);
void Dec(const json& j, CopyAction* c);
void Dec(const json& j, BackupRule* r);
void Dec(const json& j, AdvancedBackupSetting* s);
void Dec(const json& j, IndexAction* a);
void Dec(const json& j, ScanAction* a);
void Dec(const json& j, ScanSetting* s);
void Dec(const json& j, Condition* c);
void Dec(const json& j, ConditionParameter* c);
void Dec(const json& j, Conditions* c);
void Dec(const json& j, VaultLockRecord* l);
void Dec(const json& j, VaultNotificationsRecord* n);
void Dec(const json& j, PlanVersionRecord* v);

// ---- plan documents ---------------------------------------------------------

json Enc(const Lifecycle& l) {
  json j = json::object();
  PutOpt(j, "move_to_cold_storage_after_days", l.move_to_cold_storage_after_days);
  PutOpt(j, "delete_after_days", l.delete_after_days);
  PutOpt(j, "opt_in_to_archive_for_supported_resources",
         l.opt_in_to_archive_for_supported_resources);
  PutOpt(j, "delete_after_event", l.delete_after_event);
  return j;
}

void Dec(const json& j, Lifecycle* l) {
  GetOpt(j, "move_to_cold_storage_after_days", &l->move_to_cold_storage_after_days);
  GetOpt(j, "delete_after_days", &l->delete_after_days);
  GetOpt(j, "opt_in_to_archive_for_supported_resources",
         &l->opt_in_to_archive_for_supported_resources);
  GetOpt(j, "delete_after_event", &l->delete_after_event);
}

template <typename T>
void DecOpt(const json& j, const char* key, std::optional<T>* out) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return;
  T value;
  Dec(*it, &value);
  *out = std::move(value);
}

template <typename T>
json EncList(const std::vector<T>& items) {
  json j = json::array();
  for (const T& item : items) j.push_back(Enc(item));
  return j;
}

template <typename T>
void DecList(const json& j, const char* key, std::vector<T>* out) {
  auto it = j.find(key);
  if (it == j.end()) return;
  for (const json& item : it->get_ref<const json::array_t&>()) {
    T value;
    Dec(item, &value);
    out->push_back(std::move(value));
  }
}

json Enc(const CopyAction& c) {
  json j = {{"destination_backup_vault_arn", c.destination_backup_vault_arn}};
  if (c.lifecycle) j["lifecycle"] = Enc(*c.lifecycle);
  return j;
}

void Dec(const json& j, CopyAction* c) {
  Get(j, "destination_backup_vault_arn", &c->destination_backup_vault_arn);
  DecOpt(j, "lifecycle", &c->lifecycle);
}

json Enc(const BackupRule& r) {
  json j = {{"rule_name", r.rule_name},
            {"target_backup_vault_name", r.target_backup_vault_name},
            {"recovery_point_tags", r.recovery_point_tags},
            {"copy_actions", EncList(r.copy_actions)}};
  PutOpt(j, "schedule_expression", r.schedule_expression);
  PutOpt(j, "schedule_expression_timezone", r.schedule_expression_timezone);
  PutOpt(j, "start_window_minutes", r.start_window_minutes);
  PutOpt(j, "completion_window_minutes", r.completion_window_minutes);
  PutOpt(j, "rule_id", r.rule_id);
  PutOpt(j, "enable_continuous_backup", r.enable_continuous_backup);
  if (r.lifecycle) j["lifecycle"] = Enc(*r.lifecycle);
  PutOpt(j, "target_logically_air_gapped_backup_vault_arn",
         r.target_logically_air_gapped_backup_vault_arn);
  if (!r.index_actions.empty()) j["index_actions"] = EncList(r.index_actions);
  if (!r.scan_actions.empty()) j["scan_actions"] = EncList(r.scan_actions);
  return j;
}

void Dec(const json& j, BackupRule* r) {
  Get(j, "rule_name", &r->rule_name);
  Get(j, "target_backup_vault_name", &r->target_backup_vault_name);
  Get(j, "recovery_point_tags", &r->recovery_point_tags);
  DecList(j, "copy_actions", &r->copy_actions);
  GetOpt(j, "schedule_expression", &r->schedule_expression);
  GetOpt(j, "schedule_expression_timezone", &r->schedule_expression_timezone);
  GetOpt(j, "start_window_minutes", &r->start_window_minutes);
  GetOpt(j, "completion_window_minutes", &r->completion_window_minutes);
  GetOpt(j, "rule_id", &r->rule_id);
  GetOpt(j, "enable_continuous_backup", &r->enable_continuous_backup);
  DecOpt(j, "lifecycle", &r->lifecycle);
  GetOpt(j, "target_logically_air_gapped_backup_vault_arn",
         &r->target_logically_air_gapped_backup_vault_arn);
  DecList(j, "index_actions", &r->index_actions);
  DecList(j, "scan_actions", &r->scan_actions);
}

json Enc(const IndexAction& a) { return {{"resource_types", a.resource_types}}; }

void Dec(const json& j, IndexAction* a) { Get(j, "resource_types", &a->resource_types); }

json Enc(const ScanAction& a) {
  json j = json::object();
  PutOpt(j, "malware_scanner", a.malware_scanner);
  PutOpt(j, "scan_mode", a.scan_mode);
  return j;
}

void Dec(const json& j, ScanAction* a) {
  GetOpt(j, "malware_scanner", &a->malware_scanner);
  GetOpt(j, "scan_mode", &a->scan_mode);
}

json Enc(const ScanSetting& s) {
  json j = {{"resource_types", s.resource_types}};
  PutOpt(j, "malware_scanner", s.malware_scanner);
  PutOpt(j, "scanner_role_arn", s.scanner_role_arn);
  return j;
}

void Dec(const json& j, ScanSetting* s) {
  GetOpt(j, "malware_scanner", &s->malware_scanner);
  Get(j, "resource_types", &s->resource_types);
  GetOpt(j, "scanner_role_arn", &s->scanner_role_arn);
}

json Enc(const AdvancedBackupSetting& s) {
  return {{"resource_type", s.resource_type}, {"backup_options", s.backup_options}};
}

void Dec(const json& j, AdvancedBackupSetting* s) {
  Get(j, "resource_type", &s->resource_type);
  Get(j, "backup_options", &s->backup_options);
}

json Enc(const BackupPlan& p) {
  json j = {{"backup_plan_name", p.backup_plan_name},
            {"rules", EncList(p.rules)},
            {"advanced_backup_settings", EncList(p.advanced_backup_settings)}};
  if (!p.scan_settings.empty()) j["scan_settings"] = EncList(p.scan_settings);
  return j;
}

void Dec(const json& j, BackupPlan* p) {
  Get(j, "backup_plan_name", &p->backup_plan_name);
  DecList(j, "rules", &p->rules);
  DecList(j, "advanced_backup_settings", &p->advanced_backup_settings);
  DecList(j, "scan_settings", &p->scan_settings);
}

// ---- selections -------------------------------------------------------------

json Enc(const Condition& c) {
  return {{"condition_type", c.condition_type},
          {"condition_key", c.condition_key},
          {"condition_value", c.condition_value}};
}

void Dec(const json& j, Condition* c) {
  Get(j, "condition_type", &c->condition_type);
  Get(j, "condition_key", &c->condition_key);
  Get(j, "condition_value", &c->condition_value);
}

json Enc(const ConditionParameter& c) {
  return {{"condition_key", c.condition_key}, {"condition_value", c.condition_value}};
}

void Dec(const json& j, ConditionParameter* c) {
  Get(j, "condition_key", &c->condition_key);
  Get(j, "condition_value", &c->condition_value);
}

json Enc(const Conditions& c) {
  return {{"string_equals", EncList(c.string_equals)},
          {"string_not_equals", EncList(c.string_not_equals)},
          {"string_like", EncList(c.string_like)},
          {"string_not_like", EncList(c.string_not_like)}};
}

void Dec(const json& j, Conditions* c) {
  DecList(j, "string_equals", &c->string_equals);
  DecList(j, "string_not_equals", &c->string_not_equals);
  DecList(j, "string_like", &c->string_like);
  DecList(j, "string_not_like", &c->string_not_like);
}

json Enc(const BackupSelection& s) {
  json j = {{"selection_name", s.selection_name},
            {"iam_role_arn", s.iam_role_arn},
            {"resources", s.resources},
            {"not_resources", s.not_resources},
            {"list_of_tags", EncList(s.list_of_tags)}};
  if (s.conditions) j["conditions"] = Enc(*s.conditions);
  return j;
}

void Dec(const json& j, BackupSelection* s) {
  Get(j, "selection_name", &s->selection_name);
  Get(j, "iam_role_arn", &s->iam_role_arn);
  Get(j, "resources", &s->resources);
  Get(j, "not_resources", &s->not_resources);
  DecList(j, "list_of_tags", &s->list_of_tags);
  DecOpt(j, "conditions", &s->conditions);
}

// ---- account records --------------------------------------------------------

json Enc(const VaultLockRecord& l) {
  json j = json::object();
  PutOpt(j, "min_retention_days", l.min_retention_days);
  PutOpt(j, "max_retention_days", l.max_retention_days);
  PutOpt(j, "lock_date", l.lock_date);
  return j;
}

void Dec(const json& j, VaultLockRecord* l) {
  GetOpt(j, "min_retention_days", &l->min_retention_days);
  GetOpt(j, "max_retention_days", &l->max_retention_days);
  GetOpt(j, "lock_date", &l->lock_date);
}

json Enc(const VaultNotificationsRecord& n) {
  return {{"sns_topic_arn", n.sns_topic_arn}, {"backup_vault_events", n.backup_vault_events}};
}

void Dec(const json& j, VaultNotificationsRecord* n) {
  Get(j, "sns_topic_arn", &n->sns_topic_arn);
  Get(j, "backup_vault_events", &n->backup_vault_events);
}

json Enc(const std::string& id, const RecoveryPointRecord& r) {
  return {{"id", id},
          {"recovery_point_arn", r.recovery_point_arn},
          {"resource_arn", r.resource_arn},
          {"resource_type", r.resource_type},
          {"status", r.status},
          {"creation_date", r.creation_date},
          {"tags", r.tags}};
}

void Dec(const json& j, RecoveryPointRecord* r) {
  Get(j, "recovery_point_arn", &r->recovery_point_arn);
  Get(j, "resource_arn", &r->resource_arn);
  Get(j, "resource_type", &r->resource_type);
  Get(j, "status", &r->status);
  Get(j, "creation_date", &r->creation_date);
  Get(j, "tags", &r->tags);
}

json Enc(const VaultRecord& v) {
  json j = {{"name", v.name},
            {"arn", v.arn},
            {"encryption_key_arn", v.encryption_key_arn},
            {"creation_date", v.creation_date},
            {"service_managed", v.service_managed},
            {"vault_type", v.vault_type},
            {"tags", v.tags},
            {"recovery_points", json::array()}};
  PutOpt(j, "creator_request_id", v.creator_request_id);
  PutOpt(j, "access_policy", v.access_policy);
  if (v.lock) j["lock"] = Enc(*v.lock);
  if (v.notifications) j["notifications"] = Enc(*v.notifications);
  for (const auto& [id, rp] : v.recovery_points) j["recovery_points"].push_back(Enc(id, rp));
  return j;
}

void Dec(const json& j, VaultRecord* v) {
  Get(j, "name", &v->name);
  Get(j, "arn", &v->arn);
  Get(j, "encryption_key_arn", &v->encryption_key_arn);
  Get(j, "creation_date", &v->creation_date);
  Get(j, "service_managed", &v->service_managed);
  Get(j, "vault_type", &v->vault_type);
  Get(j, "tags", &v->tags);
  GetOpt(j, "creator_request_id", &v->creator_request_id);
  GetOpt(j, "access_policy", &v->access_policy);
  DecOpt(j, "lock", &v->lock);
  DecOpt(j, "notifications", &v->notifications);
  for (const json& rp : j.at("recovery_points")) {
    Dec(rp, &v->recovery_points[rp.at("id").get<std::string>()]);
  }
}

json Enc(const PlanVersionRecord& v) {
  return {{"version_id", v.version_id}, {"creation_date", v.creation_date}, {"plan", Enc(v.plan)}};
}

void Dec(const json& j, PlanVersionRecord* v) {
  Get(j, "version_id", &v->version_id);
  Get(j, "creation_date", &v->creation_date);
  Dec(j.at("plan"), &v->plan);
}

json Enc(const PlanRecord& p) {
  json j = {{"id", p.id},
            {"arn", p.arn},
            {"creation_date", p.creation_date},
            {"versions", EncList(p.versions)},
            {"tags", p.tags}};
  PutOpt(j, "creator_request_id", p.creator_request_id);
  PutOpt(j, "deletion_date", p.deletion_date);
  return j;
}

void Dec(const json& j, PlanRecord* p) {
  Get(j, "id", &p->id);
  Get(j, "arn", &p->arn);
  Get(j, "creation_date", &p->creation_date);
  DecList(j, "versions", &p->versions);
  Get(j, "tags", &p->tags);
  GetOpt(j, "creator_request_id", &p->creator_request_id);
  GetOpt(j, "deletion_date", &p->deletion_date);
}

json Enc(const SelectionRecord& s) {
  json j = {{"id", s.id},
            {"plan_id", s.plan_id},
            {"creation_date", s.creation_date},
            {"selection", Enc(s.selection)}};
  PutOpt(j, "creator_request_id", s.creator_request_id);
  return j;
}

void Dec(const json& j, SelectionRecord* s) {
  Get(j, "id", &s->id);
  Get(j, "plan_id", &s->plan_id);
  Get(j, "creation_date", &s->creation_date);
  GetOpt(j, "creator_request_id", &s->creator_request_id);
  Dec(j.at("selection"), &s->selection);
}

AccountState DecodeState(const json& doc) {
  AccountState state;
  state.account_id = doc.at("account_id").get<std::string>();
  state.region = doc.at("region").get<std::string>();
  state.token_secret = doc.at("token_secret").get<std::string>();
  Get(doc, "clock_offset_seconds", &state.clock_offset_seconds);
  for (const json& j : doc.at("vaults")) {
    VaultRecord v;
    Dec(j, &v);
    state.vaults[v.name] = std::move(v);
  }
  for (const json& j : doc.at("plans")) {
    PlanRecord p;
    Dec(j, &p);
    if (p.versions.empty()) throw std::runtime_error("plan " + p.id + " has no version");
    state.plans[p.id] = std::move(p);
  }
  for (const json& j : doc.at("selections")) {
    SelectionRecord s;
    Dec(j, &s);
    if (state.plans.count(s.plan_id) == 0) {
      throw std::runtime_error("selection " + s.id + " belongs to unknown plan " + s.plan_id);
    }
    state.selections[s.plan_id][s.id] = std::move(s);
  }
  return state;
}

std::string Errno(const std::string& what, const std::string& path) {
  return what + " " + path + ": " + std::strerror(errno);
}

}  // namespace

std::string SerializeState(const AccountState& state) {
  json doc = {{"version", kStateFileVersion},
              {"account_id", state.account_id},
              {"region", state.region},
              {"token_secret", state.token_secret},
              {"clock_offset_seconds", state.clock_offset_seconds},
              {"vaults", json::array()},
              {"plans", json::array()},
              {"selections", json::array()}};
  for (const auto& [name, vault] : state.vaults) doc["vaults"].push_back(Enc(vault));
  for (const auto& [id, plan] : state.plans) doc["plans"].push_back(Enc(plan));
  for (const auto& [plan_id, selections] : state.selections) {
    for (const auto& [id, selection] : selections) doc["selections"].push_back(Enc(selection));
  }
  return doc.dump();
}

Outcome<AccountState> ParseState(const std::string& text) {
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    return StateFileError("the state file is not valid JSON");
  }
  auto version = doc.find("version");
  if (version == doc.end() || !version->is_number_integer() || *version != kStateFileVersion) {
    return StateFileError("the state file has an unknown version (this build reads version " +
                          std::to_string(kStateFileVersion) + ")");
  }
  try {
    return DecodeState(doc);
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
