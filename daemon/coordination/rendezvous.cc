#include "daemon/coordination/rendezvous.h"

namespace backupctl {
namespace {

uint64_t Fnv1a(uint64_t h, const std::string& s) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

// splitmix64's finaliser: spreads FNV's weak low bits over the whole word.
uint64_t Mix(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace

uint64_t RendezvousWeight(const std::string& target, const std::string& member) {
  uint64_t h = Fnv1a(0xcbf29ce484222325ULL, target);
  h = Fnv1a(h ^ 0xff, member);  // a separator, so ("ab","c") and ("a","bc") differ
  return Mix(h);
}

std::string RendezvousOwner(const std::string& target, const std::vector<std::string>& members) {
  std::string best;
  uint64_t best_weight = 0;
  for (const std::string& m : members) {
    uint64_t w = RendezvousWeight(target, m);
    if (best.empty() || w > best_weight || (w == best_weight && m < best)) {
      best = m;
      best_weight = w;
    }
  }
  return best;
}

}  // namespace backupctl
