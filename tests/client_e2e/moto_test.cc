// AwsBackupClient against a third-party implementation of the protocol: moto
// (python3 -m moto.server). For what moto implements (vaults, plans, tags,
// vault lock) the client must work as it does against the emulator.
//
// Where moto 5.2 and the AWS documentation disagree, AWS wins and the client
// is not bent to moto; the disagreements, so nobody "fixes" the client:
//  - moto labels JSON replies Content-Type text/html (the client ignores the
//    content type of a 2xx body, as the SDKs do).
//  - moto has no UpdateBackupPlan or ListBackupPlanVersions (HTTP 500 HTML),
//    no selections, notifications, access policies or recovery points, and
//    no pagination (MaxResults is ignored; one page, no NextToken).
//  - CreateBackupPlan with a name already in use fails with
//    AlreadyExistsException in moto; AWS makes a second plan of that name.
//  - DeleteBackupVault of a vault that does not exist succeeds in moto; AWS
//    answers ResourceNotFoundException.
//  - moto reads includeDeleted=false as true (any value is truthy).
//  - moto checks no signature.
// When moto is not installed (it is a pip package, preinstalled on the
// project's machines, absent from a bare Debian) the tests skip with the
// reason, and fail under CI=true (tests/support/peers.h).

#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <chrono>
#include <cstdlib>
#include <thread>

#include "providers/aws/client.h"
#include "providers/paginate.h"
#include "tests/client_e2e/emulator_fixture.h"
#include "tests/support/peers.h"
#include "tests/support/ports.h"
#include "tests/support/wait_until.h"

extern char** environ;

namespace backupctl {
namespace {

bool Accepting(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  ::close(fd);
  return ok;
}

// One moto server for the whole suite: it takes a few seconds to start.
class MotoTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (std::system("python3 -c 'import moto.server' >/dev/null 2>&1") != 0) {
      skip_reason_ = "moto is not installed (pip install 'moto[server]')";
      return;
    }
    port_ = testing::UnusedPort();
    std::string port = std::to_string(port_);
    const char* argv[] = {"python3",   "-m", "moto.server", "-H",
                          "127.0.0.1", "-p", port.c_str(),  nullptr};
    posix_spawn_file_actions_t files;
    posix_spawn_file_actions_init(&files);
    posix_spawn_file_actions_addopen(&files, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&files, 2, "/dev/null", O_WRONLY, 0);
    int rc = posix_spawnp(&pid_, "python3", &files, nullptr, const_cast<char**>(argv), environ);
    posix_spawn_file_actions_destroy(&files);
    if (rc != 0) {
      pid_ = -1;
      skip_reason_ = "could not start python3 -m moto.server";
      return;
    }
    // Bounded wait: moto imports for a few seconds before it listens.
    bool exited = false;
    testing::WaitUntil(
        [&] { return Accepting(port_) || (exited = waitpid(pid_, nullptr, WNOHANG) == pid_); },
        std::chrono::seconds(30), std::chrono::milliseconds(100));
    if (exited) {
      pid_ = -1;
      start_error_ = "moto.server exited before listening";
      return;
    }
    if (!Accepting(port_)) start_error_ = "moto.server did not listen within 30 s";
  }

  static void TearDownTestSuite() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
  }

  void SetUp() override {
    if (!skip_reason_.empty()) PEER_MISSING(skip_reason_);
    ASSERT_TRUE(start_error_.empty()) << start_error_;
    ClientOptions options = testing::E2eOptions("http://127.0.0.1:" + std::to_string(port_));
    options.retry.max_attempts = 2;
    Outcome<std::unique_ptr<AwsBackupClient>> client = AwsBackupClient::Create(options);
    ASSERT_TRUE(client.ok()) << client.error().ToString();
    client_ = std::move(client.value());
  }

  // moto keeps its state for the server's life: names are unique per test.
  static std::string Unique(const std::string& base) {
    static int counter = 0;
    return base + "-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
  }

  static inline pid_t pid_ = -1;
  static inline int port_ = 0;
  static inline std::string skip_reason_;
  static inline std::string start_error_;
  std::unique_ptr<AwsBackupClient> client_;
};

// One moto process per test binary run costs seconds, so the vault-scoped
// round trips share one test and the plan round trip has the other.
TEST_F(MotoTest, VaultsTagsAndLock) {
  {
    SCOPED_TRACE("vault round trip");
    std::string name = Unique("moto-vault");
    CreateBackupVaultInput in;
    in.backup_vault_name = name;
    in.creator_request_id = "crid-" + name;
    Outcome<CreateBackupVaultOutput> made = client_->CreateBackupVault(in);
    ASSERT_TRUE(made.ok()) << made.error().ToString();
    EXPECT_EQ(made.value().backup_vault_name, name);
    EXPECT_EQ(made.value().backup_vault_arn,
              "arn:aws:backup:us-east-1:123456789012:backup-vault:" + name);

    Outcome<DescribeBackupVaultOutput> described = client_->DescribeBackupVault({name});
    ASSERT_TRUE(described.ok()) << described.error().ToString();
    EXPECT_EQ(described.value().backup_vault_arn, made.value().backup_vault_arn);
    EXPECT_FALSE(described.value().locked);

    bool listed = false;
    ListBackupVaultsInput list;
    list.max_results = 2;
    EmptyOutcome all = Paginate(
        "ListBackupVaults", list,
        [&](const ListBackupVaultsInput& page) { return client_->ListBackupVaults(page); },
        [&](const ListBackupVaultsOutput& page) {
          for (const auto& v : page.backup_vault_list) listed |= v.backup_vault_name == name;
        });
    ASSERT_TRUE(all.ok()) << all.error().ToString();
    EXPECT_TRUE(listed);

    Outcome<CreateBackupVaultOutput> again = client_->CreateBackupVault(in);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().kind, ErrorKind::kAlreadyExists);

    ASSERT_TRUE(client_->DeleteBackupVault({name}).ok());
    Outcome<DescribeBackupVaultOutput> gone = client_->DescribeBackupVault({name});
    ASSERT_FALSE(gone.ok());
    EXPECT_EQ(gone.error().kind, ErrorKind::kNotFound);
    EXPECT_EQ(gone.error().code, "ResourceNotFoundException");
    EXPECT_FALSE(gone.error().request_id.empty());
  }
  {
    SCOPED_TRACE("tags");
    std::string name = Unique("moto-tags");
    Outcome<CreateBackupVaultOutput> made =
        client_->CreateBackupVault({name, {{"team", "infra"}}, {}, {}});
    ASSERT_TRUE(made.ok()) << made.error().ToString();
    const std::string arn = made.value().backup_vault_arn;
    ASSERT_TRUE(client_->TagResource({arn, {{"env", "prod"}, {"cost center", "a/b:c"}}}).ok());

    Outcome<ListTagsOutput> tags = client_->ListTags({arn, {}, {}});
    ASSERT_TRUE(tags.ok()) << tags.error().ToString();
    EXPECT_EQ(tags.value().tags,
              (Tags{{"team", "infra"}, {"env", "prod"}, {"cost center", "a/b:c"}}));

    ASSERT_TRUE(client_->UntagResource({arn, {"team", "cost center"}}).ok());
    tags = client_->ListTags({arn, {}, {}});
    ASSERT_TRUE(tags.ok());
    EXPECT_EQ(tags.value().tags, (Tags{{"env", "prod"}}));
  }
  {
    SCOPED_TRACE("vault lock");
    std::string name = Unique("moto-lock");
    ASSERT_TRUE(client_->CreateBackupVault({name, {}, {}, {}}).ok());
    PutBackupVaultLockConfigurationInput lock;
    lock.backup_vault_name = name;
    lock.min_retention_days = 7;
    lock.max_retention_days = 30;
    EmptyOutcome put = client_->PutBackupVaultLockConfiguration(lock);
    ASSERT_TRUE(put.ok()) << put.error().ToString();
    Outcome<DescribeBackupVaultOutput> described = client_->DescribeBackupVault({name});
    ASSERT_TRUE(described.ok());
    EXPECT_TRUE(described.value().locked);
    EXPECT_EQ(described.value().min_retention_days, 7);
    EXPECT_EQ(described.value().max_retention_days, 30);

    lock.min_retention_days = 0;  // below AWS's minimum of 1
    Outcome<Empty> bad = client_->PutBackupVaultLockConfiguration(lock);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().kind, ErrorKind::kInvalidParameter);

    ASSERT_TRUE(client_->DeleteBackupVaultLockConfiguration({name}).ok());
    described = client_->DescribeBackupVault({name});
    ASSERT_TRUE(described.ok());
    EXPECT_FALSE(described.value().locked);
  }
}

TEST_F(MotoTest, Plans) {
  std::string vault = Unique("moto-plan-vault");
  ASSERT_TRUE(client_->CreateBackupVault({vault, {}, {}, {}}).ok());
  std::string name = Unique("moto-plan");
  CreateBackupPlanInput in;
  in.backup_plan = testing::SamplePlan(name, vault);
  in.backup_plan_tags = {{"owner", "platform"}};
  in.creator_request_id = "crid-" + name;
  Outcome<CreateBackupPlanOutput> made = client_->CreateBackupPlan(in);
  ASSERT_TRUE(made.ok()) << made.error().ToString();
  const std::string id = made.value().backup_plan_id;
  EXPECT_FALSE(id.empty());
  EXPECT_FALSE(made.value().version_id.empty());

  Outcome<GetBackupPlanOutput> got = client_->GetBackupPlan({id, std::nullopt});
  ASSERT_TRUE(got.ok()) << got.error().ToString();
  EXPECT_EQ(got.value().backup_plan.backup_plan_name, name);
  ASSERT_EQ(got.value().backup_plan.rules.size(), 1u);
  EXPECT_EQ(got.value().backup_plan.rules[0].target_backup_vault_name, vault);
  EXPECT_EQ(got.value().backup_plan.rules[0].lifecycle->delete_after_days, 35);
  EXPECT_EQ(got.value().creator_request_id, "crid-" + name);
  Outcome<GetBackupPlanOutput> by_version = client_->GetBackupPlan({id, made.value().version_id});
  ASSERT_TRUE(by_version.ok()) << by_version.error().ToString();

  Outcome<ListTagsOutput> tags = client_->ListTags({made.value().backup_plan_arn, {}, {}});
  ASSERT_TRUE(tags.ok()) << tags.error().ToString();
  EXPECT_EQ(tags.value().tags, (Tags{{"owner", "platform"}}));

  auto listed = [&](bool include_deleted) {
    ListBackupPlansInput list;
    if (include_deleted) list.include_deleted = true;  // moto reads "false" as true
    Outcome<ListBackupPlansOutput> out = client_->ListBackupPlans(list);
    EXPECT_TRUE(out.ok()) << out.error().ToString();
    if (!out.ok()) return false;
    for (const auto& p : out.value().backup_plans_list) {
      if (p.backup_plan_id == id) return true;
    }
    return false;
  };
  EXPECT_TRUE(listed(false));

  Outcome<DeleteBackupPlanOutput> deleted = client_->DeleteBackupPlan({id});
  ASSERT_TRUE(deleted.ok()) << deleted.error().ToString();
  EXPECT_EQ(deleted.value().backup_plan_id, id);
  EXPECT_GT(deleted.value().deletion_date, 0);
  EXPECT_FALSE(listed(false));
  EXPECT_TRUE(listed(true));
}

}  // namespace
}  // namespace backupctl
