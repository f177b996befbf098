#include "cli/open_targets.h"

#include <filesystem>
#include <map>

#include "providers/aws/assume_role_credentials.h"
#include "providers/aws/client.h"
#include "providers/aws/credentials.h"
#include "providers/local/account.h"
#include "providers/local/organization.h"
#include "providers/local/organization_store.h"
#include "providers/regular_file.h"

namespace backupctl {
namespace fs = std::filesystem;

struct OpenedTargets::Holder {
  std::unique_ptr<LocalOrganization> organization;
  std::vector<std::unique_ptr<BackupApi>> owned;
};

OpenedTargets::OpenedTargets() : holder_(std::make_unique<Holder>()) {}
OpenedTargets::~OpenedTargets() = default;
OpenedTargets::OpenedTargets(OpenedTargets&&) noexcept = default;

std::string OpenedTargets::Flush() {
  if (!holder_ || !holder_->organization) return "";
  EmptyOutcome flushed = holder_->organization->Flush();
  return flushed.ok() ? "" : flushed.error().ToString();
}

namespace {

constexpr size_t kMaxStateBytes = size_t{1} << 30;

std::string StatePath(const std::string& tree_dir, const Project& project,
                      const TargetFlags& flags) {
  if (flags.state_file) return *flags.state_file;
  if (project.target.state_file) {
    fs::path p(*project.target.state_file);
    return p.is_absolute() ? p.string() : (fs::path(tree_dir) / p).string();
  }
  return (fs::path(tree_dir) / ".backupctl" / "state.json").string();
}

std::string LocalDescription(const TargetSpec& t) {
  return "local " + t.account_id + " " + t.region;
}

// Plan: the file as it is, in memory, refusing writes.
void OpenLocalReadOnly(const std::string& path, const std::vector<PlacedTarget>& targets,
                       OpenedTargets* out, std::vector<std::unique_ptr<BackupApi>>* owned) {
  std::map<AccountKey, AccountState> states;
  FileRead read = ReadRegularFile(path, kMaxStateBytes);
  if (read.status == FileRead::Status::kError) {
    out->error = "cannot read the state file: " + read.error;
    return;
  }
  if (read.ok()) {
    auto parsed = ParseOrganization(read.text);
    if (!parsed.ok()) {
      out->error = path + ": " + parsed.error().ToString();
      return;
    }
    for (AccountState& s : parsed.value()) {
      AccountKey key{s.account_id, s.region};
      states.emplace(std::move(key), std::move(s));
    }
  }
  for (const PlacedTarget& t : targets) {
    AccountOptions o;
    o.account_id = t.spec.account_id;
    o.region = t.spec.region;
    o.read_only = true;
    auto it = states.find({t.spec.account_id, t.spec.region});
    std::unique_ptr<LocalAccount> account = it == states.end()
                                                ? std::make_unique<LocalAccount>(o)
                                                : LocalAccount::FromState(o, std::move(it->second));
    out->apis.push_back(account.get());
    out->errors.push_back("");
    out->descriptions.push_back(LocalDescription(t.spec));
    owned->push_back(std::move(account));
  }
}

std::unique_ptr<LocalOrganization> OpenLocalReadWrite(const std::string& path,
                                                      const std::vector<PlacedTarget>& targets,
                                                      OpenedTargets* out) {
  std::error_code ec;
  fs::path parent = fs::path(path).parent_path();
  if (!parent.empty()) fs::create_directories(parent, ec);
  if (ec) {
    out->error = "cannot create " + parent.string() + ": " + ec.message();
    return nullptr;
  }
  OrganizationOptions o;
  o.account.state_file = path;
  o.account.account_id = targets.front().spec.account_id;
  o.account.region = targets.front().spec.region;
  auto org = LocalOrganization::Open(o);
  if (!org.ok()) {
    out->error = org.error().ToString();
    return nullptr;
  }
  for (const PlacedTarget& t : targets) {
    auto account = org.value()->Get({t.spec.account_id, t.spec.region});
    out->apis.push_back(account.ok() ? account.value() : nullptr);
    out->errors.push_back(account.ok() ? "" : account.error().ToString());
    out->descriptions.push_back(LocalDescription(t.spec));
  }
  return std::move(org.value());
}

Outcome<std::unique_ptr<BackupApi>> OpenAwsTarget(const Project& project, const TargetSpec& t,
                                                  const TargetFlags& flags, ApiObserver* observer,
                                                  std::string* description) {
  ClientOptions options;
  options.profile = flags.profile ? flags.profile : project.target.profile;
  options.region = t.region;
  options.endpoint = EndpointFor(flags, t.endpoint, project);
  options.transport.insecure_skip_tls_verify = flags.insecure_skip_tls_verify;
  options.user_agent = "backupctl";
  options.observer = observer;
  ChainOptions chain;
  chain.profile = options.profile;
  chain.region = t.region;
  std::shared_ptr<CredentialsProvider> base = DefaultCredentialChain(chain);
  options.credentials = base;
  if (t.assume_role) {
    AssumeRoleOptions role;
    role.source = base;
    role.role_arn = t.assume_role->role_arn;
    role.external_id = t.assume_role->external_id.value_or("");
    role.session_name = t.assume_role->session_name.value_or("");
    role.region = t.region;
    if (flags.endpoint) role.sts_endpoint = flags.endpoint;
    auto creds = AssumeRoleCredentials(std::move(role));
    if (!creds.ok()) return creds.error();
    options.credentials = std::move(creds.value());
  }
  auto client = AwsBackupClient::Create(options);
  if (!client.ok()) return client.error();
  *description = "aws " + t.account_id + " " + client.value()->endpoint().region + " (" +
                 client.value()->endpoint().url + ")" +
                 (t.assume_role ? " as " + t.assume_role->role_arn : "");
  return std::unique_ptr<BackupApi>(std::move(client.value()));
}

}  // namespace

OpenedTargets OpenTargets(const std::string& tree_dir, const Project& project,
                          const std::vector<PlacedTarget>& targets, const TargetFlags& flags,
                          TargetAccess access, ApiObserver* observer) {
  OpenedTargets out;
  std::string type = flags.target.value_or(project.target.type);
  if (flags.region) {
    out.error = "--region does not apply to a tree with targets: each target names its region";
    return out;
  }
  if (type == "local") {
    std::string path = StatePath(tree_dir, project, flags);
    if (access == TargetAccess::kReadOnly) {
      OpenLocalReadOnly(path, targets, &out, &out.holder_->owned);
    } else {
      out.holder_->organization = OpenLocalReadWrite(path, targets, &out);
    }
    return out;
  }
  if (type != "aws") {
    out.error = "unknown target type \"" + type + "\" (local or aws)";
    return out;
  }
  for (const PlacedTarget& t : targets) {
    std::string description;
    auto api = OpenAwsTarget(project, t.spec, flags, observer, &description);
    out.apis.push_back(api.ok() ? api.value().get() : nullptr);
    out.errors.push_back(api.ok() ? "" : api.error().ToString());
    out.descriptions.push_back(api.ok() ? description : "aws " + t.spec.region);
    if (api.ok()) out.holder_->owned.push_back(std::move(api.value()));
  }
  return out;
}

}  // namespace backupctl
