// A small Prometheus metrics registry rendered in the text exposition format 0.0.4.
//
// Families are defined once by name (counter, gauge or histogram) and hold one
// series per distinct label set. Render() lists families sorted by name and
// series sorted by labels, so the output is deterministic. Using a name that
// was not defined, or with another type, is a programming error (assert);
// label names must match [a-zA-Z_][a-zA-Z0-9_]* and are not checked at run time.
// Thread-safe: every method takes the registry's lock.

#ifndef BACKUPCTL_DAEMON_METRICS_H_
#define BACKUPCTL_DAEMON_METRICS_H_

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace backupctl {

// Label name/value pairs, in the order they are rendered.
using Labels = std::vector<std::pair<std::string, std::string>>;

class MetricsRegistry {
 public:
  void DefineCounter(const std::string& name, const std::string& help);
  void DefineGauge(const std::string& name, const std::string& help);
  // `buckets`: upper bounds, strictly increasing; +Inf is implied.
  void DefineHistogram(const std::string& name, const std::string& help,
                       std::vector<double> buckets);

  void Add(const std::string& counter, const Labels& labels, double delta = 1);
  void Set(const std::string& gauge, const Labels& labels, double value);
  void Observe(const std::string& histogram, const Labels& labels, double value);
  // Drops a gauge series, so it is no longer rendered (another replica exports it).
  void Remove(const std::string& gauge, const Labels& labels);

  // The current value of a counter or gauge series (0 when absent); for tests and readiness.
  double Value(const std::string& name, const Labels& labels) const;

  std::string Render() const;

 private:
  enum class Type { kCounter, kGauge, kHistogram };
  struct Series {
    double value = 0;                   // counter or gauge
    std::vector<uint64_t> bucket_hits;  // histogram: per bucket, not cumulative
    double sum = 0;
    uint64_t count = 0;
  };
  struct Family {
    Type type = Type::kCounter;
    std::string help;
    std::vector<double> buckets;
    std::map<Labels, Series> series;
  };

  void Define(const std::string& name, Type type, const std::string& help,
              std::vector<double> buckets);
  Series& SeriesFor(const std::string& name, Type type, const Labels& labels);
  static void RenderFamily(const std::string& name, const Family& family, std::string* out);

  mutable std::mutex mu_;
  std::map<std::string, Family> families_;
};

// Prometheus sample value: integers without a fraction, "+Inf", "-Inf", "NaN".
std::string FormatMetricValue(double value);
// Escapes a label value (backslash, double quote, newline).
std::string EscapeLabelValue(const std::string& value);

}  // namespace backupctl

#endif  // BACKUPCTL_DAEMON_METRICS_H_
