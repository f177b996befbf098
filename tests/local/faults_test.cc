// Fault and latency injection in the emulator server: each fault kind, its
// effect on state, determinism by seed, the operation filter, and parallel
// latency (64 calls of 20 ms overlap).

#include <chrono>
#include <cstdio>
#include <thread>

#include "tests/local/server_harness.h"

namespace backupctl::testing {
namespace {

std::unique_ptr<EmulatorServer> StartWithFaults(double rate, std::vector<FaultKind> kinds,
                                                std::uint64_t seed = 1) {
  EmulatorOptions options;
  options.faults.fault_rate = rate;
  options.faults.kinds = std::move(kinds);
  options.faults.seed = seed;
  return StartServer(options);
}

TEST(FaultParsingTest, ParsesKindsDurationsAndLatency) {
  std::vector<FaultKind> kinds;
  std::string error;
  ASSERT_TRUE(ParseFaultKinds("throttle, drop-after-commit", &kinds, &error)) << error;
  EXPECT_EQ(kinds, (std::vector<FaultKind>{FaultKind::kThrottle, FaultKind::kDropAfterCommit}));
  EXPECT_FALSE(ParseFaultKinds("throttle,explode", &kinds, &error));
  EXPECT_NE(error.find("explode"), std::string::npos);
  EXPECT_EQ(kinds.size(), 2u);  // unchanged
  EXPECT_FALSE(ParseFaultKinds("5xx,5xx", &kinds, &error));
  EXPECT_FALSE(ParseFaultKinds("", &kinds, &error));

  double ms = -1;
  double jitter = -1;
  ASSERT_TRUE(ParseDurationMs("1.5s", &ms, &error));
  EXPECT_DOUBLE_EQ(ms, 1500);
  ASSERT_TRUE(ParseDurationMs("250us", &ms, &error));
  EXPECT_DOUBLE_EQ(ms, 0.25);
  EXPECT_FALSE(ParseDurationMs("-5ms", &ms, &error));
  EXPECT_FALSE(ParseDurationMs("5 parsecs", &ms, &error));
  ASSERT_TRUE(
      ParseLatency("20ms\xC2\xB1"
                   "5ms",
                   &ms, &jitter, &error))
      << error;
  EXPECT_DOUBLE_EQ(ms, 20);
  EXPECT_DOUBLE_EQ(jitter, 5);
  ASSERT_TRUE(ParseLatency("30ms+-2ms", &ms, &jitter, &error));
  EXPECT_DOUBLE_EQ(jitter, 2);
  ASSERT_TRUE(ParseLatency("10ms", &ms, &jitter, &error));
  EXPECT_DOUBLE_EQ(jitter, 0);
}

TEST(FaultInjectorTest, SameSeedSameSequenceOtherSeedOtherSequence) {
  auto sequence = [](std::uint64_t seed) {
    FaultConfig config;
    config.fault_rate = 0.5;
    config.seed = seed;
    config.latency_ms = 10;
    config.jitter_ms = 5;
    FaultInjector injector(config);
    std::vector<std::pair<FaultKind, double>> out;
    for (int i = 0; i < 200; ++i) {
      FaultDecision d = injector.Decide("ListBackupVaults");
      EXPECT_GE(d.latency_ms, 5);
      EXPECT_LE(d.latency_ms, 15);
      out.emplace_back(d.fault, d.latency_ms);
    }
    return out;
  };
  auto a = sequence(7);
  EXPECT_EQ(a, sequence(7));
  EXPECT_NE(a, sequence(8));
  int faults = 0;
  for (const auto& [kind, latency] : a) faults += kind != FaultKind::kNone;
  EXPECT_GT(faults, 60);  // about half of 200
  EXPECT_LT(faults, 140);
}

TEST(FaultInjectorTest, RestartingTheSequenceRepeatsIt) {
  FaultConfig config;
  config.fault_rate = 0.3;
  FaultInjector injector(config);
  std::vector<FaultKind> first;
  for (int i = 0; i < 50; ++i) first.push_back(injector.Decide("X").fault);
  injector.SetConfig(config, /*restart_sequence=*/true);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(injector.Decide("X").fault, first[i]) << i;
}

TEST(ServerFaultsTest, ThrottleAnswersThrottlingExceptionAndChangesNothing) {
  auto server = StartWithFaults(1.0, {FaultKind::kThrottle});
  ASSERT_NE(server, nullptr);
  CallResult r = Call(server->port(), Encode(VaultNamed("vault-1")));
  ASSERT_TRUE(r.answered);
  EXPECT_EQ(r.response.status, 400);
  ApiError error = DecodeError(r.response);
  EXPECT_EQ(error.code, "ThrottlingException");
  EXPECT_EQ(error.message, "Rate exceeded");
  EXPECT_EQ(error.kind, ErrorKind::kThrottling);
  EXPECT_FALSE(VaultExists(*server, "vault-1"));
  auto records = server->request_log().Records();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].fault, "throttle");
  EXPECT_EQ(records[0].error_code, "ThrottlingException");
}

TEST(ServerFaultsTest, ServerErrorsAlternate500And503) {
  auto server = StartWithFaults(1.0, {FaultKind::kServerError});
  ASSERT_NE(server, nullptr);
  std::vector<int> statuses;
  for (int i = 0; i < 4; ++i) {
    CallResult r = Call(server->port(), Encode(VaultNamed("vault-1")));
    ASSERT_TRUE(r.answered);
    statuses.push_back(r.response.status);
    EXPECT_TRUE(DecodeError(r.response).Retryable());
  }
  EXPECT_EQ(statuses, (std::vector<int>{500, 503, 500, 503}));
  EXPECT_FALSE(VaultExists(*server, "vault-1"));
}

TEST(ServerFaultsTest, ResetDropsTheConnectionBeforeExecuting) {
  auto server = StartWithFaults(1.0, {FaultKind::kReset});
  ASSERT_NE(server, nullptr);
  CallResult r = Call(server->port(), Encode(VaultNamed("vault-1")));
  EXPECT_FALSE(r.answered);
  EXPECT_FALSE(VaultExists(*server, "vault-1"));
  auto records = server->request_log().Records();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].fault, "reset");
  EXPECT_EQ(records[0].status, 0);
}

TEST(ServerFaultsTest, DropAfterCommitExecutesThenDropsTheConnection) {
  auto server = StartWithFaults(1.0, {FaultKind::kDropAfterCommit});
  ASSERT_NE(server, nullptr);
  CreateBackupVaultInput in = VaultNamed("committed");
  in.creator_request_id = "request-1";
  CallResult r = Call(server->port(), Encode(in));
  EXPECT_FALSE(r.answered);
  EXPECT_TRUE(VaultExists(*server, "committed"));  // the case CreatorRequestId exists for
  auto records = server->request_log().Records();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].fault, "drop-after-commit");
  EXPECT_EQ(records[0].operation, "CreateBackupVault");
  EXPECT_EQ(records[0].status, 0);
}

TEST(ServerFaultsTest, AfterADroppedConnectionTheServerKeepsServing) {
  auto server = StartWithFaults(1.0, {FaultKind::kReset});
  ASSERT_NE(server, nullptr);
  for (int i = 0; i < 5; ++i)
    EXPECT_FALSE(Call(server->port(), Encode(VaultNamed("vault-1"))).answered);
  server->faults().SetConfig(FaultConfig{}, true);
  EXPECT_EQ(Call(server->port(), Encode(VaultNamed("vault-1"))).response.status, 200);
}

TEST(ServerFaultsTest, SameSeedGivesTheSameFaultSequenceOverHttp) {
  auto run = [](std::uint64_t seed) {
    auto server = StartWithFaults(
        0.5, {FaultKind::kThrottle, FaultKind::kServerError, FaultKind::kReset}, seed);
    std::vector<std::string> faults;
    if (server == nullptr) return faults;
    for (int i = 0; i < 30; ++i) Call(server->port(), Encode(ListBackupVaultsInput{}));
    for (const RequestRecord& r : server->request_log().Records()) faults.push_back(r.fault);
    return faults;
  };
  auto first = run(42);
  ASSERT_EQ(first.size(), 30u);
  EXPECT_EQ(first, run(42));
  EXPECT_NE(first, run(43));
}

TEST(ServerFaultsTest, FaultOpsLimitsFaultsToTheNamedOperations) {
  EmulatorOptions options;
  options.faults.fault_rate = 1.0;
  options.faults.kinds = {FaultKind::kThrottle};
  options.faults.fault_ops = {"CreateBackupVault"};
  auto server = StartServer(options);
  ASSERT_NE(server, nullptr);
  EXPECT_EQ(Call(server->port(), Encode(ListBackupVaultsInput{})).response.status, 200);
  EXPECT_EQ(Call(server->port(), Encode(VaultNamed("vault-1"))).response.status, 400);
  EXPECT_FALSE(VaultExists(*server, "vault-1"));
}

TEST(ServerFaultsTest, SignatureFailuresAreNeverFaulted) {
  auto server = StartWithFaults(1.0, {FaultKind::kReset});
  ASSERT_NE(server, nullptr);
  CallResult r = Call(server->port(), Encode(VaultNamed("vault-1")), {"test", "bad", "", {}});
  ASSERT_TRUE(r.answered);
  EXPECT_EQ(r.response.status, 403);
}

TEST(ServerLatencyTest, SixtyFourParallelCallsOverlap) {
  EmulatorOptions options;
  options.faults.latency_ms = 20;
  auto server = StartServer(options);
  ASSERT_NE(server, nullptr);
  const int port = server->port();
  // Connect first, so the measurement covers the calls and not 64 TCP handshakes.
  std::vector<std::unique_ptr<httplib::Client>> clients;
  for (int i = 0; i < 64; ++i) clients.push_back(NewClient(port));
  std::vector<int> statuses(64, 0);
  auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int i = 0; i < 64; ++i) {
    threads.emplace_back([&, i] {
      statuses[i] = Call(*clients[i], port, Encode(ListBackupVaultsInput{})).response.status;
    });
  }
  for (std::thread& t : threads) t.join();
  double wall_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::printf("64 parallel calls with 20 ms latency: %.1f ms wall\n", wall_ms);
  for (int status : statuses) EXPECT_EQ(status, 200);
  EXPECT_GE(wall_ms, 20);
  EXPECT_LT(wall_ms, 200);
}

TEST(ServerLatencyTest, JitterStaysWithinItsBoundsAndIsLogged) {
  EmulatorOptions options;
  options.faults.latency_ms = 4;
  options.faults.jitter_ms = 2;
  auto server = StartServer(options);
  ASSERT_NE(server, nullptr);
  auto client = NewClient(server->port());
  for (int i = 0; i < 10; ++i) Call(*client, server->port(), Encode(ListBackupVaultsInput{}));
  for (const RequestRecord& r : server->request_log().Records()) {
    EXPECT_GE(r.latency_ms, 2);
    EXPECT_LE(r.latency_ms, 6);
  }
}

}  // namespace
}  // namespace backupctl::testing
