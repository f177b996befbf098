// Rendezvous (highest random weight) assignment of targets to replicas.
//
// Every replica computes the same owner for a target from the same member
// list, with no coordination: the member whose hash of (target, member) is
// highest. When a member joins or leaves, only the targets it wins or held
// move (about 1/n of them); the rest stay where they are.

#ifndef BACKUPCTL_DAEMON_COORDINATION_RENDEZVOUS_H_
#define BACKUPCTL_DAEMON_COORDINATION_RENDEZVOUS_H_

#include <cstdint>
#include <string>
#include <vector>

namespace backupctl {

// A stable 64-bit hash (FNV-1a, then a 64-bit finaliser); the same on every machine.
uint64_t RendezvousWeight(const std::string& target, const std::string& member);

// The member that owns `target`; "" when `members` is empty. Ties (never
// seen in practice) go to the smaller member id, so the answer is total.
std::string RendezvousOwner(const std::string& target, const std::vector<std::string>& members);

}  // namespace backupctl

#endif  // BACKUPCTL_DAEMON_COORDINATION_RENDEZVOUS_H_
