#include "desired/schedule.h"

#include <gtest/gtest.h>

namespace backupctl {
namespace {

TEST(Schedule, AcceptsValidExpressions) {
  for (const char* e : {"cron(0 5 ? * * *)",
                        "cron(30 1 * * ? *)",
                        "cron(0 9-17 ? * MON-FRI *)",
                        "cron(15 0/6 * * ? *)",
                        "cron(0 6,18 * * ? *)",
                        "cron(0 2 1 JAN ? *)",
                        "cron(0 3 L * ? *)",
                        "cron(0 3 LW * ? *)",
                        "cron(0 3 15W * ? *)",
                        "cron(0 3 ? * 6L *)",
                        "cron(0 3 ? * 2#1 *)",
                        "cron(0 3 ? * L *)",
                        "cron(0 */2 ? * sun 2024-2030)",
                        "cron(45 4 ? JAN-MAR,OCT * *)",
                        "rate(1 hour)",
                        "rate(12 hours)",
                        "rate(1 day)",
                        "rate(7 days)",
                        "rate(60 minutes)",
                        "rate(90 minutes)"}) {
    EXPECT_EQ(CheckSchedule(e), "") << e;
  }
}

TEST(Schedule, RejectsMalformedExpressions) {
  struct Case {
    const char* expression;
    const char* reason;
  };
  for (const Case& c : std::initializer_list<Case>{
           {"cron(0 5 * * ?)", "cron needs 6 fields"},
           {"cron(0 5 ? * * * *)", "got 7"},
           {"cron(0 5 * * MON *)", "exactly one of day-of-month and day-of-week"},
           {"cron(0 5 ? * ? *)", "exactly one of day-of-month and day-of-week"},
           {"cron(60 5 ? * * *)", "minutes field"},
           {"cron(0 24 ? * * *)", "hours field"},
           {"cron(0 5 32 * ? *)", "day-of-month field"},
           {"cron(0 5 ? 13 * *)", "month field"},
           {"cron(0 5 ? FOO * *)", "month field"},
           {"cron(0 5 ? * 8 *)", "day-of-week field"},
           {"cron(0 5 ? * 2#6 *)", "day-of-week field"},
           {"cron(0 5 ? * * 1969)", "year field"},
           {"cron(0 5 ? * * 2300)", "year field"},
           {"cron(0 17-9 ? * * *)", "runs backwards"},
           {"cron(0 5/0 ? * * *)", "bad step"},
           {"cron(0 5 ? * LW *)", "day-of-week field"},
           {"cron(? 5 * * ? *)", "only allowed in day-of-month"},
           {"cron(0,30 5 ? * * *)", "more than once an hour"},
           {"cron(* 5 ? * * *)", "more than once an hour"},
           {"cron(0-5 5 ? * * *)", "more than once an hour"},
           {"rate(30 minutes)", "more than once an hour"},
           {"rate(1 minute)", "more than once an hour"},
           {"rate(2 hour)", "plural"},
           {"rate(1 days)", "singular"},
           {"rate(0 hours)", "positive number"},
           {"rate(012 hours)", "positive number"},
           {"rate(hours)", "positive number"},
           {"rate(2 weeks)", "unit must be"},
           {"every day", "expected cron(...) or rate(...)"},
           {"cron()", "expected cron(...)"},
           {"CRON(0 5 ? * * *)", "expected cron(...)"},
       }) {
    std::string error = CheckSchedule(c.expression);
    EXPECT_NE(error.find(c.reason), std::string::npos) << c.expression << " -> " << error;
    EXPECT_EQ(error.rfind("invalid schedule \"", 0), 0u) << error;
  }
}

}  // namespace
}  // namespace backupctl
