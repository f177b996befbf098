// base/fd_read.h: to EOF, the size cap, and the deadline.

#include "base/fd_read.h"

#include <gtest/gtest.h>
#include <unistd.h>

namespace backupctl {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

struct Pipe {
  Pipe() { EXPECT_EQ(pipe(fds), 0); }
  ~Pipe() {
    for (int fd : fds) {
      if (fd >= 0) close(fd);
    }
  }
  void Write(const std::string& text) {
    ASSERT_EQ(write(fds[1], text.data(), text.size()), static_cast<ssize_t>(text.size()));
  }
  void CloseWriter() {
    close(fds[1]);
    fds[1] = -1;
  }
  int fds[2] = {-1, -1};
};

TEST(FdRead, ReadsToEof) {
  Pipe p;
  p.Write("hello ");
  p.Write("world");
  p.CloseWriter();
  std::string out;
  EXPECT_TRUE(ReadUntilEof(p.fds[0], steady_clock::now() + milliseconds(5000), 1 << 20, &out));
  EXPECT_EQ(out, "hello world");
}

TEST(FdRead, StopsPastTheCap) {
  Pipe p;
  p.Write(std::string(10000, 'x'));  // fits the pipe's buffer; the writer stays open
  std::string out;
  EXPECT_TRUE(ReadUntilEof(p.fds[0], steady_clock::now() + milliseconds(5000), 100, &out));
  EXPECT_GT(out.size(), 100u);
  EXPECT_LE(out.size(), 100u + 4096u);
}

TEST(FdRead, FalseWhenTheDeadlinePasses) {
  Pipe p;
  p.Write("partial");  // and never closed
  std::string out;
  auto start = steady_clock::now();
  EXPECT_FALSE(ReadUntilEof(p.fds[0], start + milliseconds(200), 1 << 20, &out));
  EXPECT_EQ(out, "partial");
  EXPECT_GE(steady_clock::now() - start, milliseconds(150));
}

}  // namespace
}  // namespace backupctl
