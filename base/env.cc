#include "base/env.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>

#include "base/strings.h"

namespace backupctl {

std::optional<std::string> GetEnv(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

std::optional<std::string> EnvLookup::Get(const std::string& name) const {
  auto it = overrides_.find(name);
  if (it != overrides_.end()) {
    if (it->second.empty()) return std::nullopt;
    return it->second;
  }
  return GetEnv(name);
}

bool EnvLookup::IsTrue(const std::string& name) const {
  std::optional<std::string> value = Get(name);
  return value && EqualsIgnoreCase(*value, "true");
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

}  // namespace backupctl
