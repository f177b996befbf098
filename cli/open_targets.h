// Opening every target of a tree with targets (docs/targets.md).
//
// `local` (the embedded default): one emulated organisation in one state
// file (--state, else target.stateFile, else <tree>/.backupctl/state.json),
// one account per target's (accountId, region). Read-only (plan): the file
// is read, never written or locked, and an absent file is an empty
// organisation. Read-write (apply): the organisation holds the file's lock
// and writes it within ~50 ms of each change and before Close returns.
//
// `aws`: one client per target, in the target's region (never --region),
// at --endpoint, else the target's endpoint, else target.endpoint, else the
// environment's or AWS's. Credentials: the default chain (--profile /
// target.profile); a target with assumeRole acts as that role through STS
// (at --endpoint too, when given: the emulator serves STS), cached and
// refreshed before expiry. A target that cannot be opened keeps its error.

#ifndef BACKUPCTL_CLI_OPEN_TARGETS_H_
#define BACKUPCTL_CLI_OPEN_TARGETS_H_

#include <memory>
#include <string>
#include <vector>

#include "cli/target.h"
#include "desired/loader.h"

namespace backupctl {

class OpenedTargets {
 public:
  OpenedTargets();
  ~OpenedTargets();
  OpenedTargets(OpenedTargets&&) noexcept;
  std::vector<BackupApi*> apis;           // parallel to the tree's targets; null: see errors
  std::vector<std::string> errors;        // why a target could not be opened
  std::vector<std::string> descriptions;  // "local 111111111111 us-east-1", "aws eu-west-1 (...)"
  std::string error;                      // nothing could be opened (e.g. the state file)
  // Writes pending local state now; "" or the error.
  std::string Flush();

 private:
  friend OpenedTargets OpenTargets(const std::string&, const Project&,
                                   const std::vector<PlacedTarget>&, const TargetFlags&,
                                   TargetAccess, ApiObserver*);
  struct Holder;
  std::unique_ptr<Holder> holder_;
};

// `observer` (optional) sees every HTTP attempt of the aws clients.
OpenedTargets OpenTargets(const std::string& tree_dir, const Project& project,
                          const std::vector<PlacedTarget>& targets, const TargetFlags& flags,
                          TargetAccess access, ApiObserver* observer = nullptr);

}  // namespace backupctl

#endif  // BACKUPCTL_CLI_OPEN_TARGETS_H_
