#include "daemon/metrics.h"

#include <cassert>
#include <charconv>
#include <cmath>

namespace backupctl {

std::string FormatMetricValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  // Whole numbers (counts, Unix times) print as integers, never as 1.7e+09.
  if (value == std::trunc(value) && std::fabs(value) < 1e15) {
    return std::to_string(static_cast<long long>(value));
  }
  char buf[64];
  // The shortest representation that reads back exactly.
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), value);
  if (ec != std::errc()) return "NaN";
  return std::string(buf, end);
}

namespace {

// Backslash and newline escaped, and the double quote when `quote`: the text
// exposition format's rules for label values (quoted) and HELP text.
std::string Escape(const std::string& text, bool quote) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (quote && c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string EscapeHelp(const std::string& help) { return Escape(help, /*quote=*/false); }

}  // namespace

std::string EscapeLabelValue(const std::string& value) { return Escape(value, /*quote=*/true); }

namespace {

// {a="x",b="y"} (empty string for no labels); `extra` is appended last (histogram "le").
std::string LabelText(const Labels& labels, const std::pair<std::string, std::string>* extra) {
  if (labels.empty() && extra == nullptr) return "";
  std::string out = "{";
  bool first = true;
  auto append = [&](const std::pair<std::string, std::string>& kv) {
    if (!first) out += ",";
    first = false;
    out += kv.first + "=\"" + EscapeLabelValue(kv.second) + "\"";
  };
  for (const auto& kv : labels) append(kv);
  if (extra != nullptr) append(*extra);
  return out + "}";
}

const char* TypeName(int type) {
  static const char* kNames[] = {"counter", "gauge", "histogram"};
  return kNames[type];
}

}  // namespace

void MetricsRegistry::Define(const std::string& name, Type type, const std::string& help,
                             std::vector<double> buckets) {
  std::lock_guard<std::mutex> lock(mu_);
  Family& family = families_[name];
  family.type = type;
  family.help = help;
  family.buckets = std::move(buckets);
}

void MetricsRegistry::DefineCounter(const std::string& name, const std::string& help) {
  Define(name, Type::kCounter, help, {});
}

void MetricsRegistry::DefineGauge(const std::string& name, const std::string& help) {
  Define(name, Type::kGauge, help, {});
}

void MetricsRegistry::DefineHistogram(const std::string& name, const std::string& help,
                                      std::vector<double> buckets) {
  Define(name, Type::kHistogram, help, std::move(buckets));
}

MetricsRegistry::Series& MetricsRegistry::SeriesFor(const std::string& name, Type type,
                                                    const Labels& labels) {
  auto it = families_.find(name);
  assert(it != families_.end() && it->second.type == type);
  if (it == families_.end()) it = families_.emplace(name, Family{type, "", {}, {}}).first;
  Family& family = it->second;
  Series& series = family.series[labels];
  if (type == Type::kHistogram && series.bucket_hits.empty()) {
    series.bucket_hits.assign(family.buckets.size(), 0);
  }
  return series;
}

void MetricsRegistry::Add(const std::string& counter, const Labels& labels, double delta) {
  assert(delta >= 0);
  std::lock_guard<std::mutex> lock(mu_);
  SeriesFor(counter, Type::kCounter, labels).value += delta;
}

void MetricsRegistry::Set(const std::string& gauge, const Labels& labels, double value) {
  std::lock_guard<std::mutex> lock(mu_);
  SeriesFor(gauge, Type::kGauge, labels).value = value;
}

void MetricsRegistry::Remove(const std::string& gauge, const Labels& labels) {
  std::lock_guard<std::mutex> lock(mu_);
  auto family = families_.find(gauge);
  if (family != families_.end()) family->second.series.erase(labels);
}

void MetricsRegistry::Observe(const std::string& histogram, const Labels& labels, double value) {
  std::lock_guard<std::mutex> lock(mu_);
  Series& series = SeriesFor(histogram, Type::kHistogram, labels);
  const std::vector<double>& bounds = families_.at(histogram).buckets;
  for (size_t i = 0; i < bounds.size(); ++i) {
    if (value <= bounds[i]) {
      ++series.bucket_hits[i];
      break;
    }
  }
  series.sum += value;
  ++series.count;
}

double MetricsRegistry::Value(const std::string& name, const Labels& labels) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto family = families_.find(name);
  if (family == families_.end()) return 0;
  auto series = family->second.series.find(labels);
  return series == family->second.series.end() ? 0 : series->second.value;
}

void MetricsRegistry::RenderFamily(const std::string& name, const Family& family,
                                   std::string* out) {
  *out += "# HELP " + name + " " + EscapeHelp(family.help) + "\n";
  *out += "# TYPE " + name + " " + TypeName(static_cast<int>(family.type)) + "\n";
  for (const auto& [labels, series] : family.series) {
    if (family.type != Type::kHistogram) {
      *out += name + LabelText(labels, nullptr) + " " + FormatMetricValue(series.value) + "\n";
      continue;
    }
    uint64_t cumulative = 0;
    for (size_t i = 0; i < family.buckets.size(); ++i) {
      cumulative += series.bucket_hits[i];
      std::pair<std::string, std::string> le{"le", FormatMetricValue(family.buckets[i])};
      *out += name + "_bucket" + LabelText(labels, &le) + " " + std::to_string(cumulative) + "\n";
    }
    std::pair<std::string, std::string> inf{"le", "+Inf"};
    *out += name + "_bucket" + LabelText(labels, &inf) + " " + std::to_string(series.count) + "\n";
    *out += name + "_sum" + LabelText(labels, nullptr) + " " + FormatMetricValue(series.sum) + "\n";
    *out +=
        name + "_count" + LabelText(labels, nullptr) + " " + std::to_string(series.count) + "\n";
  }
}

std::string MetricsRegistry::Render() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::string out;
  for (const auto& [name, family] : families_) RenderFamily(name, family, &out);
  return out;
}

}  // namespace backupctl
