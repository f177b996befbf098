// `backupctl status` output: text, JSON (kHealthFormatVersion) and Markdown.

#include <cstdio>
#include <ctime>
#include <sstream>

#include "base/time_format.h"
#include "reconcile/health.h"

namespace backupctl {
namespace {

using nlohmann::json;

std::string Counts(const StateCounts& counts) {
  if (counts.empty()) return "none";
  std::string out;
  for (const auto& [state, n] : counts) {
    if (!out.empty()) out += ", ";
    out += state + " " + std::to_string(n);
  }
  return out;
}

std::string Windows(const WindowCounts& w) {
  std::string out;
  for (int days : kHealthWindowsDays) {
    auto it = w.find(days);
    out += (out.empty() ? "" : " | ") + std::to_string(days) +
           "d: " + Counts(it == w.end() ? StateCounts{} : it->second);
  }
  return out;
}

json WindowsJson(const WindowCounts& w) {
  json out = json::object();
  for (int days : kHealthWindowsDays) {
    auto it = w.find(days);
    out[std::to_string(days) + "d"] = it == w.end() ? json::object() : json(it->second);
  }
  return out;
}

std::string Paint(const std::string& text, const char* code, bool color) {
  return color ? std::string(code) + text + "\033[0m" : text;
}

const char* StatusColor(const std::string& status) {
  if (status == "healthy") return "\033[32m";
  if (status == "stale" || status == "missing") return "\033[31m";
  return "\033[33m";
}

std::string Summary(const HealthReport& r) {
  return std::to_string(r.StaleRules()) + " stale rule(s), " + std::to_string(r.Failures()) +
         " failed job(s) since " + Iso8601Utc(r.failures_since) +
         (r.problems.empty() ? "" : ", " + std::to_string(r.problems.size()) + " read problem(s)");
}

}  // namespace

std::string RenderHealthText(const HealthReport& r, bool color) {
  std::ostringstream out;
  out << "Backup health at " << Iso8601Utc(r.now);
  if (!r.target.empty()) out << " (" << r.target << ")";
  out << "\n\nAccount jobs:\n";
  for (const char* kind : {"backup", "copy", "restore"}) {
    auto it = r.summaries.find(kind);
    out << "  " << kind << ": " << Windows(it == r.summaries.end() ? WindowCounts{} : it->second)
        << "\n";
  }
  out << "\nPlans:\n";
  for (const PlanHealth& p : r.plans) {
    out << "  " << p.name << (p.id.empty() ? " (not in the account)" : "") << "\n";
    out << "    backup jobs: " << Windows(p.counts) << "\n";
    for (const RuleHealth& rule : p.rules) {
      out << "    rule " << rule.rule << " -> " << rule.vault << ": "
          << Paint(rule.status, StatusColor(rule.status), color);
      if (!rule.schedule.empty()) {
        out << " [" << rule.schedule << (rule.timezone.empty() ? "" : " " + rule.timezone) << "]";
      }
      out << ", last success "
          << (rule.last_success ? Iso8601Utc(*rule.last_success) : std::string("never"));
      if (rule.missed_runs > 0) out << ", " << rule.missed_runs << " run(s) since without one";
      out << "\n";
    }
  }
  out << "\nVaults:\n";
  for (const VaultHealth& v : r.vaults) {
    out << "  " << v.name << (v.exists ? "" : " (not in the account)") << ": " << Windows(v.counts)
        << "\n";
    for (const FailedJob& f : v.failures) {
      out << "    " << Paint("! " + f.state, "\033[31m", color) << " "
          << Iso8601Utc(f.creation_date) << " " << f.resource_arn;
      if (!f.plan.empty()) out << " (" << f.plan << "/" << f.rule << ")";
      out << ": " << (f.message.empty() ? "(no message)" : f.message) << "\n";
    }
  }
  for (const std::string& p : r.problems) out << "\nwarning: " << p;
  if (!r.problems.empty()) out << "\n";
  out << "\nStatus: " << Summary(r) << ".\n";
  return out.str();
}

json HealthToJson(const HealthReport& r) {
  json out = {{"format_version", kHealthFormatVersion},
              {"now", Iso8601Utc(r.now)},
              {"target", r.target},
              {"failures_since", Iso8601Utc(r.failures_since)},
              {"stale_rules", r.StaleRules()},
              {"failed_jobs", r.Failures()},
              {"summaries", json::object()},
              {"plans", json::array()},
              {"vaults", json::array()},
              {"problems", r.problems}};
  for (const auto& [kind, w] : r.summaries) out["summaries"][kind] = WindowsJson(w);
  for (const PlanHealth& p : r.plans) {
    json plan = {
        {"name", p.name}, {"id", p.id}, {"jobs", WindowsJson(p.counts)}, {"rules", json::array()}};
    for (const RuleHealth& rule : p.rules) {
      json j = {{"rule", rule.rule},         {"vault", rule.vault},
                {"schedule", rule.schedule}, {"timezone", rule.timezone},
                {"status", rule.status},     {"missed_runs", rule.missed_runs}};
      j["last_success"] = rule.last_success ? json(Iso8601Utc(*rule.last_success)) : json(nullptr);
      j["last_scheduled_run"] =
          rule.last_scheduled_run ? json(Iso8601Utc(*rule.last_scheduled_run)) : json(nullptr);
      plan["rules"].push_back(std::move(j));
    }
    out["plans"].push_back(std::move(plan));
  }
  for (const VaultHealth& v : r.vaults) {
    json vault = {{"name", v.name},
                  {"exists", v.exists},
                  {"jobs", WindowsJson(v.counts)},
                  {"failures", json::array()}};
    for (const FailedJob& f : v.failures) {
      vault["failures"].push_back({{"job_id", f.job_id},
                                   {"state", f.state},
                                   {"resource_arn", f.resource_arn},
                                   {"resource_type", f.resource_type},
                                   {"message", f.message},
                                   {"plan", f.plan},
                                   {"rule", f.rule},
                                   {"created", Iso8601Utc(f.creation_date)}});
    }
    out["vaults"].push_back(std::move(vault));
  }
  return out;
}

std::string RenderHealthMarkdown(const HealthReport& r) {
  std::ostringstream out;
  out << "### Backup health at " << Iso8601Utc(r.now) << "\n\n" << Summary(r) << ".\n\n";
  out << "| plan | rule | vault | status | last success | missed runs |\n";
  out << "|---|---|---|---|---|---|\n";
  for (const PlanHealth& p : r.plans) {
    for (const RuleHealth& rule : p.rules) {
      out << "| " << p.name << " | " << rule.rule << " | " << rule.vault << " | "
          << (rule.status == "healthy" ? "✅ "
              : rule.status == "stale" ? "❌ "
                                       : "")
          << rule.status << " | "
          << (rule.last_success ? Iso8601Utc(*rule.last_success) : std::string("never")) << " | "
          << rule.missed_runs << " |\n";
    }
  }
  out << "\n| jobs | 1 day | 7 days | 14 days |\n|---|---|---|---|\n";
  for (const auto& [kind, w] : r.summaries) {
    out << "| " << kind;
    for (int days : kHealthWindowsDays) {
      auto it = w.find(days);
      out << " | " << Counts(it == w.end() ? StateCounts{} : it->second);
    }
    out << " |\n";
  }
  if (r.Failures() > 0) {
    out << "\n<details><summary>Failed jobs</summary>\n\n| vault | state | resource | message |\n"
           "|---|---|---|---|\n";
    for (const VaultHealth& v : r.vaults) {
      for (const FailedJob& f : v.failures) {
        out << "| " << v.name << " | " << f.state << " | `" << f.resource_arn << "` | " << f.message
            << " |\n";
      }
    }
    out << "\n</details>\n";
  }
  for (const std::string& p : r.problems) out << "\n> warning: " << p << "\n";
  return out.str();
}

}  // namespace backupctl
