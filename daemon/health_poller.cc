#include "daemon/health_poller.h"

#include <spdlog/spdlog.h>

#include "desired/loader.h"

namespace backupctl {

void DefineHealthMetrics(MetricsRegistry* metrics) {
  metrics->DefineGauge(kMetricBackupJobs,
                       "Backup jobs of the last day, by state and resource type");
  metrics->DefineGauge(kMetricCopyJobs, "Copy jobs of the last day, by state and resource type");
  metrics->DefineGauge(kMetricRestoreJobs,
                       "Restore jobs of the last day, by state and resource type");
  metrics->DefineGauge(kMetricRuleLastSuccess,
                       "When each declared plan rule's last backup completed (Unix seconds)");
  metrics->DefineGauge(kMetricRuleStale,
                       "1 when a declared plan rule missed two scheduled runs, else 0");
  metrics->DefineCounter(kMetricHealthErrors, "Health polls that could not read the account");
}

HealthPoller::HealthPoller(std::string dir, std::chrono::milliseconds interval, ApiFactory make_api,
                           MetricsRegistry* metrics)
    : dir_(std::move(dir)),
      interval_(interval),
      make_api_(std::move(make_api)),
      metrics_(metrics) {}

HealthPoller::~HealthPoller() { Stop(); }

void HealthPoller::OnlyWhen(std::function<bool()> active) { active_ = std::move(active); }

void HealthPoller::DropExported() {
  for (const auto& [name, labels] : exported_) metrics_->Remove(name, labels);
  exported_.clear();
}

void HealthPoller::Start() {
  thread_ = std::thread([this] { Loop(); });
}

void HealthPoller::Stop() {
  {
    std::lock_guard<std::mutex> l(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void HealthPoller::Loop() {
  std::unique_lock<std::mutex> l(mu_);
  while (!stopping_) {
    l.unlock();
    if (!active_ || active_()) {
      PollOnce();
    } else {
      DropExported();
    }
    l.lock();
    cv_.wait_for(l, interval_, [this] { return stopping_; });
  }
}

bool HealthPoller::PollOnce() {
  LoadResult tree = LoadTree(dir_);
  std::string error;
  std::set<std::pair<std::string, Labels>> now;
  bool clean = true;
  if (!tree.ok()) {
    error = "the tree does not load";
  } else if (tree.targets.empty()) {
    std::optional<TargetApi> target = make_api_(tree.state, &error);
    if (target) {
      clean = Export(CheckHealth(*target->api, tree.state, HealthOptions{}), extra_, &now);
    }
  } else if (!make_targets_) {
    error = "this daemon does not poll a tree with targets";
  } else if (std::optional<TargetApis> apis = make_targets_(tree, &error)) {
    // Each target's series: the poller's labels, its target label naming the target.
    std::string tree_name;
    Labels base;
    for (const auto& label : extra_) {
      if (label.first == "target") {
        tree_name = label.second + "/";
      } else {
        base.push_back(label);
      }
    }
    for (size_t i = 0; i < tree.targets.size() && i < apis->targets.size(); ++i) {
      const PlacedTarget& t = tree.targets[i];
      if (apis->targets[i].api == nullptr) {
        clean = false;
        spdlog::warn("health poll: target {}: {}", t.spec.name,
                     i < apis->errors.size() ? apis->errors[i] : "not opened");
        continue;
      }
      HealthReport report = CheckHealth(*apis->targets[i].api, t.state, HealthOptions{});
      Labels labels = base;
      labels.push_back({"target", tree_name + t.spec.name});
      clean = Export(report, labels, &now) && clean;
    }
  }
  if (!error.empty()) {
    metrics_->Add(kMetricHealthErrors, {});
    spdlog::warn("health poll: {}", error);
    return false;
  }
  for (const auto& [name, labels] : exported_) {
    if (now.count({name, labels}) == 0) metrics_->Set(name, labels, 0);
  }
  exported_ = std::move(now);
  if (!clean) metrics_->Add(kMetricHealthErrors, {});
  return clean;
}

bool HealthPoller::Export(const HealthReport& report, const Labels& base,
                          std::set<std::pair<std::string, Labels>>* now) {
  auto set = [&](const char* name, Labels labels, double value) {
    labels.insert(labels.end(), base.begin(), base.end());
    metrics_->Set(name, labels, value);
    now->insert({name, std::move(labels)});
  };
  const std::pair<const char*, const char*> kinds[] = {
      {"backup", kMetricBackupJobs}, {"copy", kMetricCopyJobs}, {"restore", kMetricRestoreJobs}};
  for (const auto& [kind, metric] : kinds) {
    auto it = report.last_day.find(kind);
    if (it == report.last_day.end()) continue;
    for (const auto& [key, count] : it->second) {
      set(metric, {{"state", key.first}, {"resource_type", key.second}},
          static_cast<double>(count));
    }
  }
  for (const PlanHealth& p : report.plans) {
    for (const RuleHealth& r : p.rules) {
      const Labels labels = {{"plan", p.name}, {"rule", r.rule}};
      if (r.last_success) set(kMetricRuleLastSuccess, labels, *r.last_success);
      set(kMetricRuleStale, labels, r.status == "stale" ? 1 : 0);
    }
  }
  if (report.problems.empty()) return true;
  spdlog::warn("health poll: {}", report.problems.front());
  return false;
}

}  // namespace backupctl
