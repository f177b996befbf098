#include "providers/aws/env_lookup.h"

#include <pwd.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>

namespace backupctl {

std::optional<std::string> EnvLookup::Get(const std::string& name) const {
  auto it = overrides_.find(name);
  if (it != overrides_.end()) {
    if (it->second.empty()) return std::nullopt;
    return it->second;
  }
  const char* value = std::getenv(name.c_str());
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

bool EnvLookup::IsTrue(const std::string& name) const {
  std::optional<std::string> value = Get(name);
  if (!value) return false;
  std::string lower = *value;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower == "true";
}

std::string EnvLookup::ExpandHome(const std::string& path) const {
  if (path != "~" && path.rfind("~/", 0) != 0) return path;
  std::optional<std::string> home = Get("HOME");
  if (!home) {
    const passwd* pw = getpwuid(getuid());
    if (pw != nullptr && pw->pw_dir != nullptr) home = pw->pw_dir;
  }
  return home.value_or("") + path.substr(1);
}

std::string EnvLookup::ConfigFile() const {
  return ExpandHome(Get("AWS_CONFIG_FILE").value_or("~/.aws/config"));
}

std::string EnvLookup::CredentialsFile() const {
  return ExpandHome(Get("AWS_SHARED_CREDENTIALS_FILE").value_or("~/.aws/credentials"));
}

std::string EnvLookup::Profile() const {
  if (std::optional<std::string> profile = Get("AWS_PROFILE")) return *profile;
  return Get("AWS_DEFAULT_PROFILE").value_or("default");
}

}  // namespace backupctl
