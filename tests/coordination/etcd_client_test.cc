// The etcd client against a real etcd (Debian's etcd-server) on loopback.
#include "daemon/coordination/etcd_client.h"

#include <atomic>
#include <thread>

#include <gtest/gtest.h>

#include "tests/support/etcd_cluster.h"
#include "tests/support/peers.h"

namespace backupctl {
namespace {

using testing::EtcdCluster;

class EtcdClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!cluster_.Available())
      PEER_MISSING("etcd-server is not installed (apt-get install etcd-server)");
    ASSERT_TRUE(cluster_.Start(1)) << cluster_.Log(0);
    EtcdOptions o;
    o.endpoints = cluster_.Endpoints();
    client_ = std::make_unique<EtcdClient>(o);
  }
  EtcdCluster cluster_;
  std::unique_ptr<EtcdClient> client_;
};

TEST(EtcdPrefixEnd, IsThePrefixPlusOne) {
  EXPECT_EQ(EtcdPrefixEnd("/a/"), "/a0");
  EXPECT_EQ(EtcdPrefixEnd(std::string("a\xff", 2)), "b");
  EXPECT_EQ(EtcdPrefixEnd(""), std::string(1, '\0'));
}

TEST_F(EtcdClientTest, PutIfAbsentIsExclusiveAndNamesTheHolder) {
  auto lease = client_->Grant(10);
  ASSERT_TRUE(lease.ok()) << lease.error.message;
  EXPECT_EQ(lease.value->ttl_seconds, 10);
  EtcdKv holder;
  auto first = client_->PutIfAbsent("/t/owners/a", "r1", lease.value->id, &holder);
  ASSERT_TRUE(first.ok()) << first.error.message;
  EXPECT_TRUE(*first.value);
  auto second = client_->PutIfAbsent("/t/owners/a", "r2", lease.value->id, &holder);
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(*second.value);
  EXPECT_EQ(holder.value, "r1");
  EXPECT_EQ(holder.lease, lease.value->id);

  // Only the holder's value deletes it.
  EXPECT_FALSE(*client_->DeleteIfValue("/t/owners/a", "r2").value);
  EXPECT_TRUE(*client_->DeleteIfValue("/t/owners/a", "r1").value);
  auto range = client_->GetPrefix("/t/");
  ASSERT_TRUE(range.ok());
  EXPECT_TRUE(range.value->kvs.empty());
}

TEST_F(EtcdClientTest, ARevokedLeaseTakesItsKeysAndKeepAliveSaysSo) {
  auto lease = client_->Grant(10);
  ASSERT_TRUE(lease.ok());
  ASSERT_TRUE(client_->Put("/t/members/r1", "r1", lease.value->id).ok());
  ASSERT_TRUE(client_->Put("/t/other", "kept", 0).ok());
  auto alive = client_->KeepAliveOnce(lease.value->id);
  ASSERT_TRUE(alive.ok());
  EXPECT_GT(alive.value->ttl_seconds, 0);
  ASSERT_TRUE(client_->Revoke(lease.value->id).ok());
  alive = client_->KeepAliveOnce(lease.value->id);
  ASSERT_TRUE(alive.ok());
  EXPECT_EQ(alive.value->ttl_seconds, 0);
  auto range = client_->GetPrefix("/t/");
  ASSERT_TRUE(range.ok());
  ASSERT_EQ(range.value->kvs.size(), 1u);
  EXPECT_EQ(range.value->kvs[0].key, "/t/other");
  // A put bound to a lease that is gone is refused, with etcd's reason.
  auto put = client_->Put("/t/x", "y", lease.value->id);
  ASSERT_FALSE(put.ok());
  EXPECT_NE(put.error.message.find("lease not found"), std::string::npos) << put.error.message;
  EXPECT_FALSE(put.error.unreachable);
}

TEST_F(EtcdClientTest, WatchSeesPutsAndDeletesUnderThePrefixOnly) {
  auto start = client_->GetPrefix("/w/");
  ASSERT_TRUE(start.ok());
  std::atomic<bool> stop{false};
  std::vector<EtcdEvent> seen;
  std::mutex mu;
  std::thread watcher([&] {
    client_->Watch("/w/", start.value->revision + 1, std::chrono::seconds(20), stop,
                   [&](const std::vector<EtcdEvent>& events) {
                     std::lock_guard<std::mutex> lock(mu);
                     seen.insert(seen.end(), events.begin(), events.end());
                     if (seen.size() >= 2) stop = true;
                   });
  });
  ASSERT_TRUE(client_->Put("/elsewhere", "x", 0).ok());
  ASSERT_TRUE(client_->Put("/w/a", "1", 0).ok());
  ASSERT_TRUE(client_->DeleteIfValue("/w/a", "1").ok());
  watcher.join();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].kv.key, "/w/a");
  EXPECT_FALSE(seen[0].deleted);
  EXPECT_EQ(seen[0].kv.value, "1");
  EXPECT_TRUE(seen[1].deleted);
}

TEST_F(EtcdClientTest, AWatchEndsWhenAskedToStop) {
  std::atomic<bool> stop{false};
  auto begin = std::chrono::steady_clock::now();
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    stop = true;
  });
  auto r = client_->Watch("/quiet/", 0, std::chrono::seconds(30), stop, [](const auto&) {});
  stopper.join();
  EXPECT_TRUE(r.ok()) << r.error.message;
  EXPECT_LT(std::chrono::steady_clock::now() - begin, std::chrono::seconds(5));
}

// Role-based auth as etcd's gateway offers it: the client authenticates, and
// a wrong password is refused with a message that never shows the password.
TEST_F(EtcdClientTest, AuthenticatesAndNeverShowsThePassword) {
  const std::string e = cluster_.Endpoints()[0];
  for (const char* step :
       {"role/add -d '{\"name\":\"root\"}'",
        "user/add -d '{\"name\":\"root\",\"password\":\"s3cret-pw\"}'",
        "user/grant -d '{\"user\":\"root\",\"role\":\"root\"}'", "enable -d '{}'"}) {
    std::string cmd = "curl -s -f -X POST " + e + "/v3/auth/" + step + " >/dev/null";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  }
  EtcdOptions anonymous;
  anonymous.endpoints = cluster_.Endpoints();
  auto refused = EtcdClient(anonymous).Put("/a/x", "1", 0);
  EXPECT_FALSE(refused.ok());

  EtcdOptions wrong = anonymous;
  wrong.user = "root";
  wrong.password = "not-the-password";
  auto bad = EtcdClient(wrong).Put("/a/x", "1", 0);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error.message.find("authentication as \"root\" failed"), std::string::npos)
      << bad.error.message;
  EXPECT_EQ(bad.error.message.find("not-the-password"), std::string::npos);

  EtcdOptions right = wrong;
  right.password = "s3cret-pw";
  EtcdClient client(right);
  ASSERT_TRUE(client.Put("/a/x", "1", 0).ok());
  auto range = client.GetPrefix("/a/");
  ASSERT_TRUE(range.ok()) << range.error.message;
  EXPECT_EQ(range.value->kvs.size(), 1u);
}

// TLS is verified unless the user turns it off, as etcdctl does.
TEST(EtcdClient, VerifiesTlsAgainstTheGivenCaUnlessTurnedOff) {
  EtcdCluster cluster;
  if (!cluster.Available())
    PEER_MISSING("etcd-server is not installed (apt-get install etcd-server)");
  ASSERT_TRUE(cluster.Start(1, /*tls=*/true)) << cluster.Log(0);
  EtcdOptions o;
  o.endpoints = cluster.Endpoints();
  ASSERT_EQ(o.endpoints[0].rfind("https://", 0), 0u);
  auto unverified = EtcdClient(o).Put("/tls/x", "1", 0);
  ASSERT_FALSE(unverified.ok());
  EXPECT_TRUE(unverified.error.unreachable) << unverified.error.message;

  o.cacert = cluster.CaFile();
  auto verified = EtcdClient(o).Put("/tls/x", "1", 0);
  EXPECT_TRUE(verified.ok()) << verified.error.message;

  EtcdOptions insecure;
  insecure.endpoints = cluster.Endpoints();
  insecure.insecure_skip_tls_verify = true;
  EXPECT_TRUE(EtcdClient(insecure).GetPrefix("/tls/").ok());
}

TEST(EtcdClient, NoEndpointAnsweringIsUnreachableWithinTheDeadline) {
  EtcdOptions o;
  o.endpoints = {"http://127.0.0.1:" + std::to_string(testing::UnusedPort()),
                 "http://127.0.0.1:" + std::to_string(testing::UnusedPort())};
  o.request_timeout = std::chrono::milliseconds(500);
  EtcdClient client(o);
  auto begin = std::chrono::steady_clock::now();
  auto r = client.Grant(5);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.error.unreachable);
  EXPECT_NE(r.error.message.find("no etcd endpoint answered"), std::string::npos);
  EXPECT_LT(std::chrono::steady_clock::now() - begin, std::chrono::seconds(3));
}

TEST(EtcdClient, FailsOverToAMemberThatAnswers) {
  EtcdCluster cluster;
  if (!cluster.Available())
    PEER_MISSING("etcd-server is not installed (apt-get install etcd-server)");
  ASSERT_TRUE(cluster.Start(3));
  EtcdOptions o;
  o.endpoints = cluster.Endpoints();
  EtcdClient client(o);
  ASSERT_TRUE(client.Put("/f/x", "1", 0).ok());
  cluster.Kill(0);
  auto r = client.GetPrefix("/f/");
  ASSERT_TRUE(r.ok()) << r.error.message;
  ASSERT_EQ(r.value->kvs.size(), 1u);
}

}  // namespace
}  // namespace backupctl
