// `backupctl emulator`: serve local AWS Backup accounts and regions (and STS
// AssumeRole) over the real protocols until SIGTERM or SIGINT, then flush
// their state and exit 0.
// The first line on stdout is "listening on http://HOST:PORT".

#include <signal.h>
#include <spdlog/spdlog.h>

#include <chrono>

#include <iostream>
#include <memory>
#include <regex>

#include "cli/cli.h"
#include "daemon/json_log.h"
#include "daemon/signals.h"
#include "providers/local/emulator_server.h"

namespace backupctl {

namespace {

struct EmulatorFlags {
  std::string listen = "127.0.0.1:4566";
  std::string state_file;
  bool in_memory = false;
  std::vector<std::string> credentials;
  std::string account_id = "123456789012";
  std::vector<std::string> regions = {"us-east-1"};
  std::vector<std::string> key_accounts;       // KEY=ACCOUNT_ID
  std::vector<std::string> role_external_ids;  // ROLE_ARN=EXTERNAL_ID
  size_t max_accounts = 1000;
  std::string latency;
  std::string latency_jitter;
  double spike_rate = 0;
  std::string spike;
  double fault_rate = 0;
  std::string faults;
  std::string fault_ops;
  std::uint64_t seed = 1;
  int threads = 128;
  bool admin_any_host = false;
  std::vector<std::string> seed_recovery_points;
  AccountQuotas quotas;
};

bool Fail(const std::string& message) {
  std::cerr << "backupctl emulator: " << message << "\n";
  return false;
}

bool ParseListen(const std::string& listen, EmulatorOptions* o) {
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) return Fail("--listen wants HOST:PORT");
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  std::string port = listen.substr(colon + 1);
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != port.npos ||
      std::stoi(port) > 65535) {
    return Fail("--listen: invalid port \"" + port + "\"");
  }
  o->host = host;
  o->port = std::stoi(port);
  return true;
}

bool ParseCredentials(const std::vector<std::string>& pairs, EmulatorOptions* o) {
  if (pairs.empty()) return true;  // keep the default test:test
  o->credentials.clear();
  for (const std::string& pair : pairs) {
    size_t colon = pair.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == pair.size()) {
      return Fail("--credentials wants KEY:SECRET");  // never echo a secret
    }
    o->credentials.push_back({pair.substr(0, colon), pair.substr(colon + 1), "", std::nullopt});
  }
  return true;
}

bool ParseFaults(const EmulatorFlags& f, FaultConfig* c) {
  std::string error;
  if (!f.latency.empty() && !ParseLatency(f.latency, &c->latency_ms, &c->jitter_ms, &error)) {
    return Fail("--latency: " + error);
  }
  if (!f.latency_jitter.empty() && !ParseDurationMs(f.latency_jitter, &c->jitter_ms, &error)) {
    return Fail("--latency-jitter: " + error);
  }
  if (!f.spike.empty() && !ParseDurationMs(f.spike, &c->spike_ms, &error)) {
    return Fail("--latency-spike: " + error);
  }
  if (!f.faults.empty() && !ParseFaultKinds(f.faults, &c->kinds, &error)) {
    return Fail("--faults: " + error);
  }
  nlohmann::json ops = f.fault_ops;  // a comma-separated string, as the admin endpoint takes
  if (!f.fault_ops.empty() && !ApplyFaultConfigJson({{"fault_ops", ops}}, c, &error)) {
    return Fail("--fault-ops: " + error);
  }
  c->spike_rate = f.spike_rate;
  c->fault_rate = f.fault_rate;
  c->seed = f.seed;
  return true;
}

// KEY=ACCOUNT_ID pairs: the account each access key acts in.
bool ParseKeyAccounts(const std::vector<std::string>& pairs, EmulatorOptions* o) {
  for (const std::string& pair : pairs) {
    std::smatch m;
    if (!std::regex_match(pair, m, std::regex("([^=]+)=([0-9]{12})"))) {
      return Fail("--account wants ACCESS_KEY=ACCOUNT_ID (12 digits), got \"" + pair + "\"");
    }
    bool known = false;
    for (const Credentials& c : o->credentials) known = known || c.access_key_id == m[1];
    if (!known) return Fail("--account " + std::string(m[1]) + ": no such key in --credentials");
    o->key_accounts[m[1]] = m[2];
  }
  return true;
}

bool ParseRoleExternalIds(const std::vector<std::string>& pairs, EmulatorOptions* o) {
  for (const std::string& pair : pairs) {
    std::smatch m;
    if (!std::regex_match(pair, m, std::regex("(arn:[^=]+:role/[^=]+)=([^=]{2,1224})"))) {
      return Fail("--role-external-id wants ROLE_ARN=EXTERNAL_ID, got \"" + pair + "\"");
    }
    o->role_external_ids[m[1]] = m[2];
  }
  return true;
}

bool BuildOptions(const EmulatorFlags& f, EmulatorOptions* o) {
  if (!std::regex_match(f.account_id, std::regex("[0-9]{12}"))) {
    return Fail("--account-id must be 12 digits");
  }
  if (f.regions.empty() || f.regions.front().empty() || f.regions.front() == "*") {
    return Fail("--region: the first region must be a region code (the default region)");
  }
  o->account.account_id = f.account_id;
  o->account.quotas = f.quotas;
  o->account.region = f.regions.front();
  o->regions.assign(f.regions.begin() + 1, f.regions.end());
  o->max_accounts = f.max_accounts;
  o->account.state_file = f.in_memory ? "" : f.state_file;
  o->threads = f.threads;
  o->admin_from_any_host = f.admin_any_host;
  return ParseListen(f.listen, o) && ParseCredentials(f.credentials, o) &&
         ParseKeyAccounts(f.key_accounts, o) && ParseRoleExternalIds(f.role_external_ids, o) &&
         ParseFaults(f, &o->faults);
}

bool SeedRecoveryPoints(const std::vector<std::string>& seeds, LocalAccount& account) {
  for (const std::string& seed : seeds) {
    std::smatch m;
    if (!std::regex_match(seed, m, std::regex("(.+)=([0-9]{1,5})"))) {
      return Fail("--seed-recovery-points wants VAULT=N, got \"" + seed + "\"");
    }
    auto arns = account.SeedRecoveryPoints(m[1], std::stoi(m[2]));
    if (!arns.ok()) return Fail("--seed-recovery-points " + seed + ": " + arns.error().message);
  }
  return true;
}

int RunEmulator(const EmulatorFlags& flags, const CommandContext& ctx) {
  ConfigureDaemonLogging(ctx.LogJsonOr(false), ctx.LogLevelOr("warn"));
  EmulatorOptions options;
  if (!BuildOptions(flags, &options)) return 1;
  // Before any thread starts, so only the wait below ever sees the signals.
  if (!BlockDaemonSignals()) {
    Fail("cannot block SIGTERM/SIGINT");
    return 1;
  }
  auto server = EmulatorServer::Start(options);
  if (!server.ok()) {
    Fail(server.error().message);
    return 1;
  }
  if (!SeedRecoveryPoints(flags.seed_recovery_points, server.value()->account())) return 1;
  std::cout << "listening on " << server.value()->url() << std::endl;

  int signal_number = 0;
  while (signal_number != SIGTERM && signal_number != SIGINT) {  // SIGHUP: nothing to reload
    signal_number = WaitForDaemonSignal(std::chrono::seconds(1));
  }
  spdlog::info("emulator: signal {}, stopping", signal_number);
  EmptyOutcome stopped = server.value()->Stop();
  if (!stopped.ok()) {
    Fail("flushing state: " + stopped.error().message);
    return 1;
  }
  return 0;
}

}  // namespace

void RegisterEmulatorCommand(CLI::App& app, CommandContext& ctx) {
  auto* cmd = app.add_subcommand(
      "emulator",
      "Serve local AWS Backup accounts and regions (and STS) over the AWS protocols (SigV4)");
  auto f = std::make_shared<EmulatorFlags>();
  cmd->add_option("--listen", f->listen, "HOST:PORT to listen on (port 0: any free port)")
      ->capture_default_str();
  auto* state = cmd->add_option("--state", f->state_file, "Persist the account in this file");
  cmd->add_flag("--in-memory", f->in_memory, "Keep the account in memory (the default)")
      ->excludes(state);
  cmd->add_option("--credentials", f->credentials,
                  "KEY:SECRET accepted for SigV4 (repeatable or comma list; default test:test)")
      ->delimiter(',');
  cmd->add_option("--account-id", f->account_id, "The default account (keys not given --account)")
      ->capture_default_str();
  cmd->add_option("--account", f->key_accounts,
                  "ACCESS_KEY=ACCOUNT_ID: the account that key's calls act in (repeatable)")
      ->delimiter(',');
  cmd->add_option("--region", f->regions,
                  "Regions served (repeatable or comma list; the first is the default; "
                  "* serves any)")
      ->delimiter(',')
      ->capture_default_str();
  cmd->add_option("--role-external-id", f->role_external_ids,
                  "ROLE_ARN=EXTERNAL_ID: STS AssumeRole of that role needs that ExternalId "
                  "(repeatable)");
  cmd->add_option("--max-accounts", f->max_accounts,
                  "(account, region) pairs served at most (0: no limit)")
      ->capture_default_str();
  cmd->add_option("--latency", f->latency, "Latency per API call: 20ms, or 20ms±5ms (jitter)");
  cmd->add_option("--latency-jitter", f->latency_jitter, "Uniform jitter around --latency");
  cmd->add_option("--latency-spike-rate", f->spike_rate, "Share of calls that get a spike")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--latency-spike", f->spike, "Extra latency of a spike (default 1s)");
  cmd->add_option("--fault-rate", f->fault_rate, "Share of API calls that get a fault")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--faults", f->faults,
                  "Fault kinds: throttle,5xx,reset,drop-after-commit,dependency");
  cmd->add_option("--fault-ops", f->fault_ops, "Only these operations get faults (comma list)");
  cmd->add_option("--seed", f->seed, "Seed of the fault and latency sequence")
      ->capture_default_str();
  cmd->add_option("--threads", f->threads,
                  "Worker threads: connections served at once (more get 503; 7/8 per peer)")
      ->check(CLI::Range(1, 4096))
      ->capture_default_str();
  cmd->add_flag("--admin-any-host", f->admin_any_host,
                "Answer /_emulator/ admin calls from any peer, not only loopback");
  cmd->add_option("--seed-recovery-points", f->seed_recovery_points,
                  "VAULT=N: add N recovery points to an existing vault (repeatable)");
  cmd->add_option("--max-vaults", f->quotas.vaults, "Vault quota per Region (0: none)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--max-plans", f->quotas.plans, "Backup plan quota per Region (0: none)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--max-selections-per-plan", f->quotas.selections_per_plan,
                  "Resource assignments per plan (0: none)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  AddLogFlags(cmd, &ctx);
  DescribeEffects(cmd, "--state FILE at start (else an empty account); API calls on --listen",
                  "--state FILE within ~50 ms of each change and at exit (--in-memory: "
                  "nothing); serves HTTP on --listen");
  cmd->callback([f, &ctx] { ctx.exit_code = RunEmulator(*f, ctx); });
}

}  // namespace backupctl
