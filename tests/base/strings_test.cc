// base/strings.h: ASCII case folding, trimming, splitting and joining.

#include "base/strings.h"

#include <gtest/gtest.h>

namespace backupctl {
namespace {

TEST(Strings, LowerFoldsAsciiOnly) {
  EXPECT_EQ(Lower("Content-Type"), "content-type");
  EXPECT_EQ(Lower("X-AMZ-DATE_09"), "x-amz-date_09");
  EXPECT_EQ(Lower(""), "");
  // Bytes outside A-Z (here UTF-8 for "É") are left alone, whatever the locale.
  EXPECT_EQ(Lower("\xC3\x89T\xC3\x89"), "\xC3\x89t\xC3\x89");
  EXPECT_EQ(AsciiLower('Q'), 'q');
  EXPECT_EQ(AsciiLower('['), '[');  // just after 'Z'
  EXPECT_EQ(AsciiLower('@'), '@');  // just before 'A'
}

TEST(Strings, EqualsIgnoreCase) {
  EXPECT_TRUE(EqualsIgnoreCase("Authorization", "authorization"));
  EXPECT_TRUE(EqualsIgnoreCase("aws:", "AWS:"));
  EXPECT_TRUE(EqualsIgnoreCase("", ""));
  EXPECT_FALSE(EqualsIgnoreCase("aws:", "aws"));
  EXPECT_FALSE(EqualsIgnoreCase("true", "tru3"));
  EXPECT_FALSE(EqualsIgnoreCase("[", "{"));  // '[' + 32 is '{': not a letter, not folded
}

TEST(Strings, Trim) {
  EXPECT_EQ(Trim("  a b \t\r\n"), "a b");
  EXPECT_EQ(Trim("\v\fx\f"), "x");
  EXPECT_EQ(Trim("   "), "");
  EXPECT_EQ(Trim(""), "");
  EXPECT_EQ(Trim("x"), "x");
}

TEST(Strings, CollapseSpaces) {
  EXPECT_EQ(CollapseSpaces("  a   b\t\tc  "), "a b c");
  EXPECT_EQ(CollapseSpaces("\"a   b\""), "\"a b\"");
  EXPECT_EQ(CollapseSpaces(" \t "), "");
  EXPECT_EQ(CollapseSpaces("abc"), "abc");
}

TEST(Strings, SplitKeepsEmptyParts) {
  EXPECT_EQ(Split("a,,b", ','), (std::vector<std::string>{"a", "", "b"}));
  EXPECT_EQ(Split("", ','), (std::vector<std::string>{""}));
  EXPECT_EQ(Split(",", ','), (std::vector<std::string>{"", ""}));
  EXPECT_EQ(Split("abc", ','), (std::vector<std::string>{"abc"}));
}

TEST(Strings, JoinIsSplitsInverse) {
  EXPECT_EQ(Join({}, ";"), "");
  EXPECT_EQ(Join({"a"}, "; "), "a");
  EXPECT_EQ(Join({"a", "", "b"}, "; "), "a; ; b");
  for (const char* text : {"", "a", "a,b", ",a,,b,"}) {
    EXPECT_EQ(Join(Split(text, ','), ","), text);
  }
}

TEST(Strings, GlobMatchStarIsTheOnlyWildcard) {
  EXPECT_TRUE(GlobMatch("arn:aws:rds:*", "arn:aws:rds:eu-west-1:123456789012:db:orders"));
  EXPECT_TRUE(GlobMatch("*:db:*", "arn:aws:rds:eu-west-1:123456789012:db:orders"));
  EXPECT_TRUE(GlobMatch("*", ""));
  EXPECT_TRUE(GlobMatch("a*b*c", "aXXbYYbc"));  // needs the backtrack
  EXPECT_FALSE(GlobMatch("a*b*c", "aXXbYYb"));
  EXPECT_FALSE(GlobMatch("arn:aws:rds:?", "arn:aws:rds:x"));  // '?' is a letter
  EXPECT_FALSE(GlobMatch("", "x"));
  EXPECT_TRUE(GlobMatch("exact", "exact"));
  EXPECT_FALSE(GlobMatch("exact", "exactly"));
}

}  // namespace
}  // namespace backupctl
