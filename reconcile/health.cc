// CheckHealth: the reads behind `backupctl status` and the daemon's job
// metrics (contract in health.h).

#include "reconcile/health.h"

#include <algorithm>
#include <chrono>
#include <set>

#include "reconcile/live.h"
#include "timing/cron.h"

namespace backupctl {
namespace {

constexpr double kDay = 86400;
constexpr double kMaxLookback = 30 * kDay;  // AWS lists jobs for 30 days
constexpr int kMaxPages = 1000;
constexpr int kMaxRunsCounted = 100;

const std::set<std::string> kFailedStates = {"FAILED", "ABORTED", "EXPIRED", "PARTIAL"};

double WallClock() {
  using namespace std::chrono;
  return duration<double>(system_clock::now().time_since_epoch()).count();
}

// Adds one summaries listing (every page) into `out`; the ONE_DAY listing
// counts only its newest window. Returns the latest EndTime seen.
template <typename In, typename Out, typename Call, typename Rows>
double AddSummaries(const char* kind, const char* period, int days, Call call, Rows rows,
                    HealthReport* report) {
  In in;
  in.aggregation_period = period;
  in.max_results = 500;
  std::vector<JobSummary> all;
  for (int page = 0; page < kMaxPages; ++page) {
    Outcome<Out> out = call(in);
    if (!out.ok()) {
      report->problems.push_back(std::string("List") + kind + "JobSummaries " + period + ": " +
                                 out.error().ToString());
      return 0;
    }
    const std::vector<JobSummary>& got = rows(out.value());
    all.insert(all.end(), got.begin(), got.end());
    if (!out.value().next_token) break;
    in.next_token = out.value().next_token;
  }
  double newest = 0;
  for (const JobSummary& s : all) newest = std::max(newest, s.end_time.value_or(0));
  StateCounts& counts = report->summaries[kind][days];
  for (const JobSummary& s : all) {
    if (days == 1 && s.end_time.value_or(0) != newest) continue;
    const std::string state = s.state.value_or("UNKNOWN");
    counts[state] += s.count;
    if (days == 1) report->last_day[kind][{state, s.resource_type.value_or("")}] += s.count;
  }
  return newest;
}

struct RuleRef {
  std::string plan_name;
  std::string plan_id;
  std::string rule_id;
  std::string rule_name;
};

// Which declared plan rule made a job, from its CreatedBy.
std::optional<RuleRef> MadeBy(const BackupJob& job, const std::vector<RuleRef>& rules) {
  if (!job.created_by || !job.created_by->backup_plan_id) return std::nullopt;
  const RecoveryPointCreator& by = *job.created_by;
  for (const RuleRef& r : rules) {
    if (r.plan_id != *by.backup_plan_id) continue;
    if ((by.backup_rule_id && !r.rule_id.empty() && *by.backup_rule_id == r.rule_id) ||
        (by.backup_rule_name && *by.backup_rule_name == r.rule_name)) {
      return r;
    }
  }
  return std::nullopt;
}

void Count(WindowCounts* counts, const BackupJob& job, double now) {
  const double age = now - job.creation_date.value_or(0);
  for (int days : kHealthWindowsDays) {
    if (age <= days * kDay) ++(*counts)[days][job.state.value_or("UNKNOWN")];
  }
}

// Scheduled runs of `rule` in (after, until], at most kMaxRunsCounted.
std::vector<double> Runs(const Rule& rule, double after, double until, std::string* problem) {
  std::vector<double> runs;
  std::string error;
  auto schedule = ParseSchedule(*rule.schedule, &error);
  if (!schedule) {
    *problem = error;
    return runs;
  }
  auto zone = TimeZone::Load(rule.schedule_timezone.value_or("UTC"), &error);
  if (!zone) {
    *problem = error + "; its schedule is evaluated in UTC";
    zone = TimeZone::Utc();
  }
  double t = after;
  while (runs.size() < static_cast<size_t>(kMaxRunsCounted)) {
    auto next = NextRun(*schedule, *zone, t);
    if (!next || *next > until) break;
    runs.push_back(*next);
    t = *next;
  }
  return runs;
}

}  // namespace

int HealthReport::StaleRules() const {
  int n = 0;
  for (const PlanHealth& p : plans) {
    for (const RuleHealth& r : p.rules) n += r.status == "stale";
  }
  return n;
}

int HealthReport::Failures() const {
  int n = 0;
  for (const VaultHealth& v : vaults) n += static_cast<int>(v.failures.size());
  return n;
}

HealthReport CheckHealth(BackupApi& api, const DesiredState& desired,
                         const HealthOptions& options) {
  HealthReport report;
  double now = options.now > 0 ? options.now : WallClock();

  // Account-wide counts. The newest window's end is the account's "now" when
  // it runs ahead of this machine's clock (an emulator whose clock was moved).
  using BIn = ListBackupJobSummariesInput;
  using CIn = ListCopyJobSummariesInput;
  using RIn = ListRestoreJobSummariesInput;
  const std::pair<const char*, int> periods[] = {
      {"ONE_DAY", 1}, {"SEVEN_DAYS", 7}, {"FOURTEEN_DAYS", 14}};
  for (const auto& [period, days] : periods) {
    now = std::max(
        now,
        AddSummaries<BIn, ListBackupJobSummariesOutput>(
            "Backup", period, days, [&](const BIn& in) { return api.ListBackupJobSummaries(in); },
            [](const ListBackupJobSummariesOutput& o) -> const std::vector<JobSummary>& {
              return o.backup_job_summaries;
            },
            &report));
    AddSummaries<CIn, ListCopyJobSummariesOutput>(
        "Copy", period, days, [&](const CIn& in) { return api.ListCopyJobSummaries(in); },
        [](const ListCopyJobSummariesOutput& o) -> const std::vector<JobSummary>& {
          return o.copy_job_summaries;
        },
        &report);
    AddSummaries<RIn, ListRestoreJobSummariesOutput>(
        "Restore", period, days, [&](const RIn& in) { return api.ListRestoreJobSummaries(in); },
        [](const ListRestoreJobSummariesOutput& o) -> const std::vector<JobSummary>& {
          return o.restore_job_summaries;
        },
        &report);
  }
  // Keys as the report names them.
  std::map<std::string, WindowCounts> renamed;
  for (auto& [kind, counts] : report.summaries) {
    std::string k = kind == std::string("Backup") ? "backup"
                    : kind == std::string("Copy") ? "copy"
                                                  : "restore";
    renamed[k] = std::move(counts);
  }
  report.summaries = std::move(renamed);
  for (const char* k : {"backup", "copy", "restore"}) {
    for (int days : kHealthWindowsDays) report.summaries[k][days];
  }
  decltype(report.last_day) last_day;
  for (auto& [kind, counts] : report.last_day) {
    std::string k = kind == "Backup" ? "backup" : kind == "Copy" ? "copy" : "restore";
    last_day[k] = std::move(counts);
  }
  report.last_day = std::move(last_day);

  // The live plans the tree declares, and their rules' ids.
  ReadOptions read;
  read.stack = desired.project.stack;
  ReadResult live = ReadLive(api, desired, read);
  if (!live.ok()) report.problems.push_back("reading the account: " + live.error);
  std::vector<RuleRef> refs;
  std::map<std::string, double> plan_created;  // plan name -> live version's creation
  std::map<std::string, std::string> plan_ids;
  for (const BackupPlanSpec& plan : desired.plans) {
    auto it = live.live.plans.find(plan.name);
    if (it == live.live.plans.end() || it->second.empty()) continue;
    const LiveBackupPlan& lp = it->second.front();
    plan_ids[plan.name] = lp.id;
    GetBackupPlanInput get;
    get.backup_plan_id = lp.id;
    auto doc = api.GetBackupPlan(get);
    if (!doc.ok()) {
      report.problems.push_back("GetBackupPlan " + plan.name + ": " + doc.error().ToString());
      continue;
    }
    plan_created[plan.name] = doc.value().creation_date;
    for (const BackupRule& r : doc.value().backup_plan.rules) {
      refs.push_back({plan.name, lp.id, r.rule_id.value_or(""), r.rule_name});
    }
  }

  // The vaults to read: declared ones and those rules target.
  std::vector<std::string> vault_names;
  for (const Vault& v : desired.vaults) vault_names.push_back(v.name);
  for (const BackupPlanSpec& p : desired.plans) {
    for (const Rule& r : p.rules) {
      if (std::find(vault_names.begin(), vault_names.end(), r.target_vault) == vault_names.end()) {
        vault_names.push_back(r.target_vault);
      }
    }
  }
  const double failures_since = options.failures_since > 0 ? options.failures_since : now - kDay;
  report.failures_since = failures_since;
  std::map<std::pair<std::string, std::string>, double> last_success;  // (plan, rule)
  std::map<std::string, WindowCounts> plan_counts;
  std::set<std::string> unread_vaults;
  for (const std::string& name : vault_names) {
    VaultHealth vh;
    vh.name = name;
    ListBackupJobsInput in;
    in.by_backup_vault_name = name;
    in.by_created_after = now - kMaxLookback;
    in.max_results = options.page_size;
    std::vector<BackupJob> jobs;
    bool ok = true;
    for (int page = 0; page < kMaxPages; ++page) {
      auto out = api.ListBackupJobs(in);
      if (!out.ok()) {
        report.problems.push_back("ListBackupJobs " + name + ": " + out.error().ToString());
        ok = false;
        break;
      }
      jobs.insert(jobs.end(), out.value().backup_jobs.begin(), out.value().backup_jobs.end());
      if (!out.value().next_token) break;
      in.next_token = out.value().next_token;
    }
    if (!ok) unread_vaults.insert(name);
    if (live.ok() && live.live.vaults.count(name) == 0) vh.exists = false;
    for (const BackupJob& job : jobs) {
      const double created = job.creation_date.value_or(0);
      Count(&vh.counts, job, now);
      std::optional<RuleRef> by = MadeBy(job, refs);
      if (by) Count(&plan_counts[by->plan_name], job, now);
      const std::string state = job.state.value_or("");
      if (state == "COMPLETED" && by) {
        double& best = last_success[{by->plan_name, by->rule_name}];
        best = std::max(best, job.completion_date.value_or(created));
      }
      if (kFailedStates.count(state) > 0 && created >= failures_since) {
        FailedJob f;
        f.job_id = job.backup_job_id;
        f.vault = name;
        f.resource_arn = job.resource_arn.value_or("");
        f.resource_type = job.resource_type.value_or("");
        f.state = state;
        f.message = job.status_message.value_or("");
        f.creation_date = created;
        if (by) {
          f.plan = by->plan_name;
          f.rule = by->rule_name;
        }
        vh.failures.push_back(std::move(f));
      }
    }
    std::sort(vh.failures.begin(), vh.failures.end(), [](const FailedJob& a, const FailedJob& b) {
      return a.creation_date > b.creation_date;
    });
    if (vh.failures.size() > static_cast<size_t>(options.max_failures)) {
      vh.failures.resize(static_cast<size_t>(options.max_failures));
    }
    for (int days : kHealthWindowsDays) vh.counts[days];
    report.vaults.push_back(std::move(vh));
  }

  for (const BackupPlanSpec& plan : desired.plans) {
    PlanHealth ph;
    ph.name = plan.name;
    auto id = plan_ids.find(plan.name);
    if (id != plan_ids.end()) ph.id = id->second;
    ph.counts = plan_counts[plan.name];
    for (int days : kHealthWindowsDays) ph.counts[days];
    for (const Rule& rule : plan.rules) {
      RuleHealth rh;
      rh.plan = plan.name;
      rh.rule = rule.name;
      rh.vault = rule.target_vault;
      rh.schedule = rule.schedule.value_or("");
      rh.timezone = rule.schedule_timezone.value_or("");
      auto success = last_success.find({plan.name, rule.name});
      if (success != last_success.end()) rh.last_success = success->second;
      auto created = plan_created.find(plan.name);
      if (ph.id.empty() || created == plan_created.end()) {
        rh.status = ph.id.empty() && live.ok() ? "missing" : "unknown";
      } else if (!rule.schedule) {
        rh.status = "unscheduled";
      } else if (unread_vaults.count(rule.target_vault) > 0) {
        rh.status = "unknown";
      } else {
        std::string problem;
        const double after = std::max(created->second, rh.last_success.value_or(0));
        std::vector<double> runs = Runs(rule, after, now - options.grace_seconds, &problem);
        if (!problem.empty())
          report.problems.push_back(plan.name + "/" + rule.name + ": " + problem);
        std::vector<double> all = Runs(rule, created->second, now, &problem);
        if (!all.empty()) rh.last_scheduled_run = all.back();
        rh.missed_runs = static_cast<int>(runs.size());
        if (rh.missed_runs >= 2) {
          rh.status = "stale";
        } else if (!rh.last_success && all.size() < 2) {
          rh.status = "new";
        } else {
          rh.status = "healthy";
        }
      }
      ph.rules.push_back(std::move(rh));
    }
    report.plans.push_back(std::move(ph));
  }
  report.now = now;
  return report;
}

}  // namespace backupctl
