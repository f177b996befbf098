// Shared by the reliability tests: the estate tree they apply, fast client
// and reconcile options, the account invariants read directly from a
// LocalAccount (never through the reconciler), child processes with their
// peak memory, and where the printed figures go.

#ifndef BACKUPCTL_TESTS_RELIABILITY_TEST_SUPPORT_H_
#define BACKUPCTL_TESTS_RELIABILITY_TEST_SUPPORT_H_

#include <sys/types.h>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "desired/model.h"
#include "providers/aws/client.h"
#include "providers/local/account.h"
#include "providers/local/emulator_server.h"
#include "reconcile/reconcile.h"
#include "tests/support/fast_client.h"

namespace backupctl::reliability {

// tests/reliability/data/estate: stack "chaos", 3 vaults, 3 plans, 4
// selections, notifications, an access policy and a lock.
std::string EstateDir();
// The estate, loaded with LoadTree (empty with a test failure when invalid).
DesiredState LoadEstate();

// BACKUPCTL_LONG=1 asks for the long variants.
bool LongRun();
// Built with a sanitizer (scripts/sanitize.sh): the long loops run a fifth as often.
bool Sanitized();
// `normal` iterations, `long_run` with BACKUPCTL_LONG=1, a fifth under sanitizers.
int Iterations(int normal, int long_run);

// A fresh directory under the system temp dir, removed by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Prints `line` to stdout and writes it to <build>/reliability/<name>.txt,
// where the closing note picks the figures up.
void ReportFigure(const std::string& name, const std::string& line);

// Credentials the in-process emulators accept.
Credentials TestCredentials();
// An emulator on an ephemeral loopback port accepting TestCredentials().
std::unique_ptr<EmulatorServer> StartEmulator(const FaultConfig& faults = {}, int threads = 32);
// `max_attempts` 1: no client retry, so faults reach the reconciler.
std::unique_ptr<AwsBackupClient> NewClient(const std::string& url, int max_attempts = 5);
// Short retry delays and consistency deadline.
ReconcileOptions FastReconcileOptions();

// ---- invariants, from a snapshot of the account ----

// Live plans sharing a name, and selections sharing a name within a plan:
// each extra one counts once. `what` says which.
int CountDuplicates(const AccountSnapshot& account, std::vector<std::string>* what);

// Names of resources the test made outside the stack.
struct Unowned {
  std::set<std::string> vaults;    // by name
  std::set<std::string> plan_ids;  // with their selections
};
// Another team's vault (tagged, with notifications), made directly in the account.
void MakeUnownedVault(LocalAccount& account, const std::string& name);
// Another team's plan into `vault`, with one selection "theirs"; returns its id.
std::string MakeUnownedPlan(LocalAccount& account, const std::string& name,
                            const std::string& vault);
// The unowned resources' full records, serialized: equal before and after
// means nothing of theirs changed.
std::string Fingerprint(const AccountSnapshot& account, const Unowned& unowned);

// Declared resources absent from the account, as "BackupVault rel-logs",
// skipping those named in `conflicts` ("vault:NAME" / "plan:NAME") and the
// selections of conflicting plans.
std::vector<std::string> MissingDeclared(const AccountSnapshot& account,
                                         const DesiredState& desired,
                                         const std::set<std::string>& conflicts);

// ---- child processes ----

struct ChildResult {
  bool exited = false;  // else killed by `signal`
  int exit_code = -1;
  int signal = 0;
  bool timed_out = false;
  long max_rss_kb = 0;  // peak resident memory (getrusage of the child)
  double seconds = 0;
  std::string out, err;
};

// `backupctl ARGS` with `env` added to (or replacing in) this process's
// environment; stdout and stderr go to files read back by Wait.
class Child {
 public:
  Child(const std::vector<std::string>& args, const std::map<std::string, std::string>& env);
  ~Child();  // kills and reaps a child still running
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  pid_t pid() const { return pid_; }
  bool started() const { return pid_ > 0; }
  void Kill(int signal);
  // What the child has written to stdout so far.
  std::string StdoutSoFar() const;
  // Waits at most `timeout_seconds` for the first line of stdout ("" on timeout).
  std::string FirstLine(double timeout_seconds) const;
  // Waits at most `timeout_seconds`, then kills it (timed_out).
  ChildResult Wait(double timeout_seconds);

 private:
  TempDir dir_;
  pid_t pid_ = -1;
  double started_at_ = 0;
  bool reaped_ = false;
};

// Runs `backupctl ARGS` to completion (at most `timeout_seconds`).
ChildResult RunBackupctl(const std::vector<std::string>& args,
                         const std::map<std::string, std::string>& env,
                         double timeout_seconds = 60);

// The environment that points the aws target at `url` with TestCredentials()
// and keeps the credential chain away from ~/.aws and instance metadata.
std::map<std::string, std::string> EmulatorEnv(const std::string& url);

}  // namespace backupctl::reliability

#endif  // BACKUPCTL_TESTS_RELIABILITY_TEST_SUPPORT_H_
