#include "reconcile/render_targets.h"

#include <sstream>

#include "reconcile/render.h"

namespace backupctl {
namespace {

// The target's own plan, headed by how it was reached.
ActionPlan Headed(const TargetPlan& t, const std::string& description) {
  ActionPlan plan = t.run.result.plan;
  plan.target = "target \"" + t.target->spec.name + "\" (" + description + ")";
  return plan;
}

const ApplyReport* ReportOf(const TargetsApply* apply, const TargetPlan& t) {
  if (apply == nullptr) return nullptr;
  auto it = apply->by_target.find(t.target->spec.name);
  return it == apply->by_target.end() ? nullptr : &it->second;
}

std::string TotalLine(const TargetsPlan& plan) {
  PlanSummary s = SummarizeTargets(plan);
  int n = static_cast<int>(plan.targets.size());
  std::string line = std::to_string(n) + " target" + (n == 1 ? "" : "s");
  if (plan.failed() > 0) line += ", " + std::to_string(plan.failed()) + " failed";
  line += ": " + std::to_string(s.add) + " to add, " + std::to_string(s.change) + " to change, " +
          std::to_string(s.replace) + " to replace, " + std::to_string(s.destroy) +
          " to destroy, " + std::to_string(s.blocked) + " blocked";
  if (s.conflict > 0) line += ", " + std::to_string(s.conflict) + " in conflict";
  if (s.unknown > 0) line += ", " + std::to_string(s.unknown) + " unread";
  return line + ".";
}

}  // namespace

PlanSummary SummarizeTargets(const TargetsPlan& plan) {
  PlanSummary total;
  for (const TargetPlan& t : plan.targets) {
    if (!t.run.ok()) continue;
    PlanSummary s = Summarize(t.run.result.plan);
    total.add += s.add;
    total.change += s.change;
    total.replace += s.replace;
    total.destroy += s.destroy;
    total.blocked += s.blocked;
    total.conflict += s.conflict;
    total.unknown += s.unknown;
    for (const auto& [k, v] : s.by_type_and_kind) total.by_type_and_kind[k] += v;
    for (const auto& [k, v] : s.drifted_by_kind) total.drifted_by_kind[k] += v;
  }
  return total;
}

std::string RenderTargetsText(const TargetsPlan& plan, const std::vector<std::string>& descriptions,
                              const TargetsApply* apply, bool color) {
  std::ostringstream out;
  for (size_t i = 0; i < plan.targets.size(); ++i) {
    const TargetPlan& t = plan.targets[i];
    out << "=== target " << t.target->spec.name << " (account " << t.target->spec.account_id << ", "
        << t.target->spec.region << ")\n";
    if (!t.run.ok()) {
      out << "error: " << t.run.error << "\n\n";
      continue;
    }
    out << RenderPlanText(Headed(t, descriptions[i]), color);
    if (const ApplyReport* report = ReportOf(apply, t)) {
      out << "\n" << RenderReportText(*report, color);
    }
    out << "\n";
  }
  out << "Targets: " << TotalLine(plan) << "\n";
  return out.str();
}

std::string RenderTargetsMarkdown(const TargetsPlan& plan,
                                  const std::vector<std::string>& descriptions,
                                  const TargetsApply* apply) {
  std::ostringstream out;
  out << "# backupctl plan: " << TotalLine(plan) << "\n\n";
  for (size_t i = 0; i < plan.targets.size(); ++i) {
    const TargetPlan& t = plan.targets[i];
    out << "## Target `" << t.target->spec.name << "` (" << t.target->spec.account_id << ", "
        << t.target->spec.region << ")\n\n";
    if (!t.run.ok()) {
      out << "**Error:** " << t.run.error << "\n\n";
      continue;
    }
    out << RenderPlanMarkdown(Headed(t, descriptions[i]));
    if (const ApplyReport* report = ReportOf(apply, t)) {
      out << "\n" << RenderReportMarkdown(*report);
    }
    out << "\n";
  }
  return out.str();
}

nlohmann::json TargetsToJson(const TargetsPlan& plan, const std::vector<std::string>& descriptions,
                             const TargetsApply* apply) {
  nlohmann::json targets = nlohmann::json::array();
  std::string stack;
  for (size_t i = 0; i < plan.targets.size(); ++i) {
    const TargetPlan& t = plan.targets[i];
    nlohmann::json j = {{"name", t.target->spec.name},
                        {"accountId", t.target->spec.account_id},
                        {"region", t.target->spec.region},
                        {"target", descriptions[i]}};
    stack = t.target->state.project.stack;
    if (!t.run.ok()) {
      j["error"] = t.run.error;
    } else {
      j["plan"] = PlanToJson(Headed(t, descriptions[i]));
      if (const ApplyReport* report = ReportOf(apply, t)) j["report"] = ReportToJson(*report);
    }
    targets.push_back(std::move(j));
  }
  PlanSummary s = SummarizeTargets(plan);
  return {{"format_version", kTargetsPlanFormatVersion},
          {"stack", stack},
          {"targets", std::move(targets)},
          {"summary",
           {{"targets", plan.targets.size()},
            {"failed_targets", plan.failed()},
            {"add", s.add},
            {"change", s.change},
            {"replace", s.replace},
            {"destroy", s.destroy},
            {"blocked", s.blocked},
            {"conflict", s.conflict},
            {"unknown", s.unknown}}}};
}

}  // namespace backupctl
