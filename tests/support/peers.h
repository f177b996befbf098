// What a test does when an independent peer (the AWS CLI, botocore, moto,
// etcd) is missing: on a developer's machine it is skipped with the reason;
// under CI=true it fails with the reason, so a peer never turns silently
// into a skip where the suite must prove something. scripts/setup.sh
// installs the peers that Debian packages.
//   if (!found) PEER_MISSING("moto is not installed (...)");

#ifndef BACKUPCTL_TESTS_SUPPORT_PEERS_H_
#define BACKUPCTL_TESTS_SUPPORT_PEERS_H_

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>

namespace backupctl::testing {

inline bool PeersRequired() {
  const char* ci = std::getenv("CI");
  const char* require = std::getenv("BACKUPCTL_REQUIRE_PEERS");
  return (ci && std::strcmp(ci, "true") == 0) || (require && std::strcmp(require, "1") == 0);
}

}  // namespace backupctl::testing

// A macro, as GTEST_SKIP and FAIL are: both return from the test body.
#define PEER_MISSING(reason)                                                       \
  do {                                                                             \
    if (::backupctl::testing::PeersRequired()) {                                   \
      GTEST_FAIL() << "a peer this test needs is missing (CI=true): " << (reason); \
    }                                                                              \
    GTEST_SKIP() << (reason);                                                      \
  } while (0)

#endif  // BACKUPCTL_TESTS_SUPPORT_PEERS_H_
