// Paginate (providers/paginate.h): every page in order, the first error, an
// early stop, and a repeated NextToken or a runaway walk as an error naming
// the operation.
#include "providers/paginate.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace backupctl {
namespace {

struct Input {
  std::optional<std::string> next_token;
};
struct Page {
  std::optional<std::string> next_token;
};

// Answers the token after `in`'s along `tokens` ("" or the end: no more pages).
struct Service {
  std::vector<std::string> tokens;
  std::vector<std::optional<std::string>> asked;

  Outcome<Page> operator()(const Input& in) {
    asked.push_back(in.next_token);
    size_t page = asked.size() - 1;
    if (page >= tokens.size() || tokens[page].empty()) return Page{};
    return Page{tokens[page]};
  }
};

TEST(PaginateTest, FollowsEveryTokenInOrder) {
  Service service{{"a", "b", ""}, {}};
  int pages = 0;
  EmptyOutcome done =
      Paginate("ListThings", Input{}, std::ref(service), [&](const Page&) { ++pages; });
  ASSERT_TRUE(done.ok()) << done.error().ToString();
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(service.asked, (std::vector<std::optional<std::string>>{std::nullopt, "a", "b"}));
}

TEST(PaginateTest, ReturnsTheFirstFailedPage) {
  int calls = 0;
  EmptyOutcome done = Paginate(
      "ListThings", Input{},
      [&](const Input&) -> Outcome<Page> {
        if (++calls == 2) return MakeError(ErrorKind::kAccessDenied, "AccessDeniedException", "no");
        return Page{"t" + std::to_string(calls)};
      },
      [](const Page&) {});
  ASSERT_FALSE(done.ok());
  EXPECT_EQ(done.error().code, "AccessDeniedException");
  EXPECT_EQ(calls, 2);
}

TEST(PaginateTest, OnPageReturningFalseStops) {
  Service service{{"a", "b", "c", ""}, {}};
  EmptyOutcome done = Paginate("ListThings", Input{}, std::ref(service),
                               [&](const Page& page) { return page.next_token != "b"; });
  EXPECT_TRUE(done.ok());
  EXPECT_EQ(service.asked.size(), 2u);
}

TEST(PaginateTest, TheSameTokenAgainIsALoop) {
  Service service{std::vector<std::string>(100, "same"), {}};
  EmptyOutcome done = Paginate("ListThings", Input{}, std::ref(service), [](const Page&) {});
  ASSERT_FALSE(done.ok());
  EXPECT_EQ(done.error().code, "PaginationLoop");
  EXPECT_NE(done.error().message.find("ListThings"), std::string::npos);
  EXPECT_EQ(service.asked.size(), 2u);
}

// A cycle through other tokens repeats the same pages too: caught when it
// comes round, not after kMaxPages.
TEST(PaginateTest, AnEarlierTokenAgainIsALoop) {
  Service service{{"a", "b", "c", "a", "b", "c", "a", "b", "c", ""}, {}};
  EmptyOutcome done = Paginate("ListThings", Input{}, std::ref(service), [](const Page&) {});
  ASSERT_FALSE(done.ok());
  EXPECT_EQ(done.error().code, "PaginationLoop");
  EXPECT_EQ(service.asked.size(), 4u);
}

TEST(PaginateTest, EndlessNewTokensStopAtTheCap) {
  int calls = 0;
  auto endless = [&](const Input&) -> Outcome<Page> { return Page{"t" + std::to_string(++calls)}; };
  EmptyOutcome done = Paginate("ListThings", Input{}, endless, [](const Page&) {});
  ASSERT_FALSE(done.ok());
  EXPECT_EQ(done.error().code, "PaginationLimit");
  EXPECT_NE(done.error().message.find("ListThings had more than 10000 pages"), std::string::npos)
      << done.error().message;
  EXPECT_EQ(calls, kMaxPages);

  calls = 0;
  done = Paginate(
      "ListThings", Input{}, endless, [](const Page&) {}, 7);
  EXPECT_EQ(done.error().code, "PaginationLimit");
  EXPECT_EQ(calls, 7);
}

}  // namespace
}  // namespace backupctl
