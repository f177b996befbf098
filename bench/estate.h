// The benchmark estate: a synthetic but realistic AWS Backup estate written
// as a backupctl tree on disk, so every figure goes through the real loader.
//
// V vaults, each with tags, a vault notification and an access policy (and a
// lock on every fifth); P plans of three rules each (daily with a
// cross-region copy action, weekly, monthly with cold storage); S selections
// spread round-robin over the plans (by tags, by ARN, by conditions). Files
// are grouped by team (25 vaults and 25 plans with their selections), like a
// multi-team repository. Generation is deterministic: the same shape gives
// the same bytes.
//
// `change_every` N > 0 writes the same estate with every N-th resource of
// each kind changed (a vault's tag, its notification events, its policy, a
// plan's retention, a selection's resources): the "10% change" for N = 10.

#ifndef BACKUPCTL_BENCH_ESTATE_H_
#define BACKUPCTL_BENCH_ESTATE_H_

#include <cstdint>
#include <string>

namespace backupctl::bench {

struct EstateShape {
  int vaults = 1000;
  int plans = 1000;
  int selections = 3000;
  int per_team = 25;  // vaults (and plans) per team file
  std::string stack = "bench";
  std::string region = "us-east-1";
  std::string account_id = "123456789012";
  // Extra metadata lines for every document (say "  targetSelector: {...}\n"
  // to place it in a tree with targets); empty for a one-account tree.
  std::string placement;
};

// Declared resources: vaults, notifications and policies (one each per
// vault), plans and selections: 3V + P + S.
int64_t DeclaredResources(const EstateShape& shape);

// The shape with about `declared` resources in the same proportions as the
// reference estate (V = P, S = 3P: seven resources per vault).
EstateShape ShapeForResources(int64_t declared);

// Writes the tree into `dir` (created; existing *.yaml files there are
// replaced). Returns false with *error set when a file cannot be written.
bool WriteEstateTree(const EstateShape& shape, int change_every, const std::string& dir,
                     std::string* error);

std::string VaultName(int index);
std::string PlanName(int index);

}  // namespace backupctl::bench

#endif  // BACKUPCTL_BENCH_ESTATE_H_
