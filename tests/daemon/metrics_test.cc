#include "daemon/metrics.h"

#include <gtest/gtest.h>

#include "daemon/daemon_metrics.h"

namespace backupctl {
namespace {

TEST(MetricsTest, CounterAndGaugeRenderExactLines) {
  MetricsRegistry m;
  m.DefineCounter("backupctl_cycles_total", "Cycles by result.");
  m.DefineGauge("backupctl_drifted_resources", "Drifted resources.");
  m.Add("backupctl_cycles_total", {{"result", "success"}});
  m.Add("backupctl_cycles_total", {{"result", "success"}}, 2);
  m.Add("backupctl_cycles_total", {{"result", "failed"}});
  m.Set("backupctl_drifted_resources", {{"kind", "BackupVault"}}, 3);
  m.Set("backupctl_drifted_resources", {{"kind", "BackupVault"}}, 1.5);
  EXPECT_EQ(m.Render(),
            "# HELP backupctl_cycles_total Cycles by result.\n"
            "# TYPE backupctl_cycles_total counter\n"
            "backupctl_cycles_total{result=\"failed\"} 1\n"
            "backupctl_cycles_total{result=\"success\"} 3\n"
            "# HELP backupctl_drifted_resources Drifted resources.\n"
            "# TYPE backupctl_drifted_resources gauge\n"
            "backupctl_drifted_resources{kind=\"BackupVault\"} 1.5\n");
  EXPECT_EQ(m.Value("backupctl_cycles_total", {{"result", "success"}}), 3);
  EXPECT_EQ(m.Value("backupctl_cycles_total", {{"result", "partial"}}), 0);
}

TEST(MetricsTest, UnlabelledSeriesHasNoBraces) {
  MetricsRegistry m;
  m.DefineGauge("up_since", "Start time.");
  m.Set("up_since", {}, 1700000000);
  EXPECT_EQ(m.Render(),
            "# HELP up_since Start time.\n# TYPE up_since gauge\nup_since 1700000000\n");
}

TEST(MetricsTest, HistogramBucketsAreCumulativeWithInfSumAndCount) {
  MetricsRegistry m;
  m.DefineHistogram("d_seconds", "Durations.", {0.5, 1, 10});
  m.Observe("d_seconds", {}, 0.25);
  m.Observe("d_seconds", {}, 0.5);  // on the bound: counts in le="0.5"
  m.Observe("d_seconds", {}, 0.75);
  m.Observe("d_seconds", {}, 100);
  EXPECT_EQ(m.Render(),
            "# HELP d_seconds Durations.\n"
            "# TYPE d_seconds histogram\n"
            "d_seconds_bucket{le=\"0.5\"} 2\n"
            "d_seconds_bucket{le=\"1\"} 3\n"
            "d_seconds_bucket{le=\"10\"} 3\n"
            "d_seconds_bucket{le=\"+Inf\"} 4\n"
            "d_seconds_sum 101.5\n"
            "d_seconds_count 4\n");
}

TEST(MetricsTest, HistogramLabelsComeBeforeLe) {
  MetricsRegistry m;
  m.DefineHistogram("h", "H.", {1});
  m.Observe("h", {{"op", "x"}}, 2);
  std::string text = m.Render();
  EXPECT_NE(text.find("h_bucket{op=\"x\",le=\"1\"} 0\n"), std::string::npos) << text;
  EXPECT_NE(text.find("h_bucket{op=\"x\",le=\"+Inf\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("h_sum{op=\"x\"} 2\n"), std::string::npos) << text;
  EXPECT_NE(text.find("h_count{op=\"x\"} 1\n"), std::string::npos) << text;
}

TEST(MetricsTest, LabelValuesAndHelpAreEscaped) {
  MetricsRegistry m;
  m.DefineCounter("c_total", "Line one\nback\\slash");
  m.Add("c_total", {{"name", "a\"b\\c\nd"}});
  EXPECT_EQ(m.Render(),
            "# HELP c_total Line one\\nback\\\\slash\n"
            "# TYPE c_total counter\n"
            "c_total{name=\"a\\\"b\\\\c\\nd\"} 1\n");
}

TEST(MetricsTest, ValuesFormatLikePrometheus) {
  EXPECT_EQ(FormatMetricValue(0), "0");
  EXPECT_EQ(FormatMetricValue(42), "42");
  EXPECT_EQ(FormatMetricValue(0.25), "0.25");
  EXPECT_EQ(FormatMetricValue(1.0 / 0.0), "+Inf");
  EXPECT_EQ(FormatMetricValue(-1.0 / 0.0), "-Inf");
  EXPECT_EQ(FormatMetricValue(0.0 / 0.0), "NaN");
}

TEST(MetricsTest, DaemonFamiliesStartAtZeroWithBuildInfo) {
  MetricsRegistry m;
  DefineDaemonMetrics(&m, "1.2.3");
  std::string text = m.Render();
  for (const char* line : {
           "backupctl_build_info{version=\"1.2.3\"} 1\n",
           "backupctl_cycles_total{result=\"load_error\"} 0\n",
           "backupctl_cycles_total{result=\"success\"} 0\n",
           "backupctl_drifted_resources{kind=\"BackupSelection\"} 0\n",
           "backupctl_api_throttles_total 0\n",
           "backupctl_desired_load_errors_total 0\n",
           "backupctl_last_success_timestamp_seconds 0\n",
           "# TYPE backupctl_cycle_duration_seconds histogram\n",
           "# TYPE backupctl_actions_total counter\n",
       }) {
    EXPECT_NE(text.find(line), std::string::npos) << "missing: " << line;
  }
}

TEST(MetricsTest, ApiObserverCountsRequestsByOperationAndStatusAndThrottles) {
  MetricsRegistry m;
  DefineDaemonMetrics(&m, "t");
  int beats = 0;
  ApiMetricsObserver observer(&m, [&beats] { ++beats; });
  observer.OnApiCall({"ListBackupVaults", 200, "", 0.01, 1});
  observer.OnApiCall({"ListBackupVaults", 200, "", 0.01, 1});
  observer.OnApiCall({"GetBackupPlan", 400, "ThrottlingException", 0.01, 1});
  observer.OnApiCall({"GetBackupPlan", 429, "", 0.01, 2});
  observer.OnApiCall({"GetBackupPlan", 0, "", 5, 3});
  observer.OnApiCall({"GetBackupPlan", 404, "ResourceNotFoundException", 0.01, 1});
  EXPECT_EQ(m.Value(kMetricApiRequests, {{"operation", "ListBackupVaults"}, {"status", "200"}}), 2);
  EXPECT_EQ(m.Value(kMetricApiRequests, {{"operation", "GetBackupPlan"}, {"status", "400"}}), 1);
  EXPECT_EQ(m.Value(kMetricApiRequests, {{"operation", "GetBackupPlan"}, {"status", "0"}}), 1);
  EXPECT_EQ(m.Value(kMetricApiThrottles, {}), 2);
  EXPECT_EQ(beats, 6);
}

}  // namespace
}  // namespace backupctl
