// The local state file as a user may name it (issue 15 item 11): a FIFO or a
// device is refused at once, a file over kMaxStateFileBytes unread, and a
// read-only account (plan) creates nothing and writes nothing.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "providers/local/account.h"
#include "providers/local/state_store.h"
#include "tests/local/account_test_util.h"

namespace backupctl {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class StateFileLimits : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/backupctl-state-limits-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { fs::remove_all(dir_); }

  // ReadStateFile's error for `path`, or "<hung>" when it did not return within
  // 5 s (`unblock` then releases it, so the test still ends).
  std::string ReadError(const std::string& path, const std::function<void()>& unblock = {}) {
    auto done = std::make_shared<std::promise<std::string>>();
    std::future<std::string> result = done->get_future();
    std::thread([path, done] {
      auto read = ReadStateFile(path);
      done->set_value(read.ok() ? "" : read.error().message);
    }).detach();
    if (result.wait_for(std::chrono::seconds(5)) == std::future_status::ready) return result.get();
    if (unblock) unblock();
    result.wait();
    return "<hung>";
  }

  std::string dir_;
};

TEST_F(StateFileLimits, AFifoIsRefusedWithoutWaitingForAWriter) {
  std::string fifo = dir_ + "/state.json";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  std::string error = ReadError(fifo, [&] {
    int fd = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
    if (fd >= 0) ::close(fd);
  });
  EXPECT_THAT(error, HasSubstr("a FIFO, not a regular file"));
}

TEST_F(StateFileLimits, ADeviceIsRefused) {
  EXPECT_THAT(ReadError("/dev/zero"),
              HasSubstr("/dev/zero: a character device, not a regular file"));
}

TEST_F(StateFileLimits, AFileOverTheCapIsRefusedUnread) {
  std::string path = dir_ + "/state.json";
  std::ofstream(path) << "";
  fs::resize_file(path, kMaxStateFileBytes + 1);  // sparse
  auto start = std::chrono::steady_clock::now();
  EXPECT_THAT(ReadError(path), HasSubstr("larger than 256 MiB"));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
}

TEST_F(StateFileLimits, ReadOnlyOnAnAbsentFileIsAnEmptyAccountAndCreatesNothing) {
  AccountOptions options;
  options.state_file = dir_ + "/new/dir/state.json";
  options.read_only = true;
  auto opened = LocalAccount::Open(options);
  ASSERT_TRUE(opened.ok()) << opened.error().ToString();
  LocalAccount& account = *opened.value();
  EXPECT_TRUE(Ok(account.ListBackupVaults({})).backup_vault_list.empty());
  auto created = account.CreateBackupVault(VaultInput("v"));
  EXPECT_FALSE(created.ok());
  EXPECT_THAT(created.error().message, HasSubstr("read-only"));
  EXPECT_FALSE(fs::exists(dir_ + "/new"));

  options.state_file = dir_ + "/state.json";
  ASSERT_TRUE(LocalAccount::Open(options).ok());
  EXPECT_TRUE(fs::is_empty(dir_)) << "no state file and no lock file";
}

TEST_F(StateFileLimits, ReadOnlyReadsAnExistingFileAndLeavesItAlone) {
  AccountOptions writer;
  writer.state_file = dir_ + "/state.json";
  {
    auto opened = LocalAccount::Open(writer);
    ASSERT_TRUE(opened.ok());
    Ok(opened.value()->CreateBackupVault(VaultInput("kept")));
  }
  fs::remove(dir_ + "/state.json.lock");
  auto before = fs::last_write_time(writer.state_file);
  AccountOptions reader = writer;
  reader.read_only = true;
  auto opened = LocalAccount::Open(reader);
  ASSERT_TRUE(opened.ok());
  auto vaults = Ok(opened.value()->ListBackupVaults({})).backup_vault_list;
  ASSERT_EQ(vaults.size(), 1u);
  EXPECT_EQ(vaults[0].backup_vault_name, "kept");
  EXPECT_FALSE(opened.value()->DeleteBackupVault({"kept"}).ok());
  EXPECT_EQ(fs::last_write_time(writer.state_file), before);
  EXPECT_FALSE(fs::exists(dir_ + "/state.json.lock"));
}

}  // namespace
}  // namespace backupctl
