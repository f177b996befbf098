// The process environment, read the way the AWS SDKs read it: an empty value
// counts as unset. EnvLookup adds overrides that win over the process
// environment (tests and embedding callers set them; "" there means unset).

#ifndef BACKUPCTL_BASE_ENV_H_
#define BACKUPCTL_BASE_ENV_H_

#include <map>
#include <optional>
#include <string>

namespace backupctl {

// getenv(name), nullopt when unset or empty.
std::optional<std::string> GetEnv(const std::string& name);

class EnvLookup {
 public:
  EnvLookup() = default;
  explicit EnvLookup(std::map<std::string, std::string> overrides)
      : overrides_(std::move(overrides)) {}

  std::optional<std::string> Get(const std::string& name) const;
  bool IsTrue(const std::string& name) const;  // "true", any case

  // "~" and a leading "~/" become $HOME (else the passwd entry's home); any
  // other path is returned as it is.
  std::string ExpandHome(const std::string& path) const;

 private:
  std::map<std::string, std::string> overrides_;
};

}  // namespace backupctl

#endif  // BACKUPCTL_BASE_ENV_H_
