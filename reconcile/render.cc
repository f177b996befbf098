#include "reconcile/render.h"

#include <cstdio>
#include <ctime>
#include <sstream>

#include "base/time_format.h"
#include "reconcile/doc_diff.h"

namespace backupctl {
namespace {

using nlohmann::json;

const char* Color(ActionType type) {
  switch (type) {
    case ActionType::kCreate:
      return "\033[32m";
    case ActionType::kUpdate:
      return "\033[33m";
    case ActionType::kReplace:
      return "\033[35m";
    case ActionType::kDelete:
    case ActionType::kBlocked:
    case ActionType::kConflict:
      return "\033[31m";
  }
  return "";
}

constexpr char kReset[] = "\033[0m";

std::string Paint(const std::string& text, const char* code, bool color) {
  return color ? code + text + kReset : text;
}

std::string Seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.3fs", s);
  return buf;
}

std::string IrreversibleNote(const Action& a) {
  return "compliance mode: the lock becomes irreversible on " + Iso8601Utc(*a.irreversible_from) +
         " (changeableForDays " +
         std::to_string(std::get<VaultLock>(a.payload).changeable_for_days.value_or(0)) +
         " after the apply)";
}

json ChangeToJson(const FieldChange& c) {
  json j = {{"path", c.path}};
  if (c.added.empty() && c.removed.empty()) {
    j["before"] = c.before;
    j["after"] = c.after;
    if (c.document) j["document"] = true;
  } else {
    j["added"] = c.added;
    j["removed"] = c.removed;
  }
  return j;
}

// Where a document line's +/- goes: in the text, inside the indentation;
// in Markdown, first on the line, so that a ```diff block colours it.
enum class MarkAt { kIndent, kLineStart };

const char* MarkColor(char mark) {
  return mark == '+' ? Color(ActionType::kCreate) : Color(ActionType::kDelete);
}

void AppendDocumentLines(std::ostringstream& out, const FieldChange& c, bool color,
                         const std::string& indent, MarkAt mark_at) {
  out << indent << "    " << c.path << ":\n";
  for (const DiffLine& line : DocumentDiff(c.before, c.after)) {
    std::string text = mark_at == MarkAt::kIndent ? indent + "    " + line.mark + " " + line.text
                                                  : line.mark + indent + "     " + line.text;
    out << (line.mark == ' ' ? text : Paint(text, MarkColor(line.mark), color)) << "\n";
  }
}

void AppendActionLines(std::ostringstream& out, const Action& a, bool color,
                       const std::string& indent, MarkAt mark_at = MarkAt::kIndent) {
  out << indent << Paint(ActionSymbol(a.type), Color(a.type), color) << " " << a.id;
  if (a.type == ActionType::kBlocked || a.type == ActionType::kConflict) {
    out << " (" << ActionTypeName(a.type) << ")";
  }
  out << "\n";
  for (const auto& c : a.changes) {
    if (c.document) {
      AppendDocumentLines(out, c, color, indent, mark_at);
    } else {
      out << indent << "    " << c.ToString() << "\n";
    }
  }
  if (a.irreversible_from) out << indent << "    # " << IrreversibleNote(a) << "\n";
  for (const auto& k : a.kept) out << indent << "    kept: " << k << "\n";
  if (!a.reason.empty()) out << indent << "    # " << a.reason << "\n";
}

}  // namespace

const char* ActionSymbol(ActionType type) {
  switch (type) {
    case ActionType::kCreate:
      return "+";
    case ActionType::kUpdate:
      return "~";
    case ActionType::kReplace:
      return "-/+";
    case ActionType::kDelete:
      return "-";
    case ActionType::kBlocked:
    case ActionType::kConflict:
      return "!";
  }
  return "?";
}

std::string SummaryLine(const ActionPlan& plan) {
  PlanSummary s = Summarize(plan);
  if (plan.actions.empty()) return "No changes. Live state matches the desired tree.";
  std::string line = "Plan: " + std::to_string(s.add) + " to add, " + std::to_string(s.change) +
                     " to change, " + std::to_string(s.replace) + " to replace, " +
                     std::to_string(s.destroy) + " to destroy, " + std::to_string(s.blocked) +
                     " blocked";
  if (s.conflict > 0) line += ", " + std::to_string(s.conflict) + " in conflict";
  return line + ".";
}

std::string RenderPlanText(const ActionPlan& plan, bool color) {
  std::ostringstream out;
  out << "backupctl plan for stack \"" << plan.stack << "\"";
  if (!plan.target.empty()) out << " on " << plan.target;
  out << "\n\n";
  for (const auto& w : plan.warnings) {
    out << Paint("Warning:", Color(ActionType::kUpdate), color) << " " << w << "\n";
  }
  if (!plan.warnings.empty()) out << "\n";
  for (const auto& a : plan.actions) AppendActionLines(out, a, color, "  ");
  if (!plan.actions.empty()) out << "\n";
  if (!plan.unknowns.empty()) {
    out << "Could not be read (nothing is planned that depends on them):\n";
    for (const auto& u : plan.unknowns) {
      out << "  ? " << KindName(u.kind) << " " << u.name << ": " << u.operation << ": " << u.error
          << "\n";
    }
    out << "\n";
  }
  if (!plan.read_only.empty()) {
    out << "Read-only (service-managed, never changed): " << plan.read_only.size() << "\n";
    for (const auto& r : plan.read_only) out << "  " << r << "\n";
    out << "\n";
  }
  for (const auto& n : plan.notes) out << "Note: " << n << "\n";
  if (!plan.notes.empty()) out << "\n";
  out << SummaryLine(plan) << "\n";
  return out.str();
}

json PlanToJson(const ActionPlan& plan) {
  json actions = json::array();
  json conflicts = json::array();
  for (const auto& a : plan.actions) {
    json changes = json::array();
    for (const auto& c : a.changes) changes.push_back(ChangeToJson(c));
    json ja = {{"id", a.id},
               {"type", ActionTypeName(a.type)},
               {"kind", KindName(a.kind)},
               {"name", a.name},
               {"level", a.level},
               {"depends_on", a.depends_on},
               {"changes", changes}};
    if (!a.reason.empty()) ja["reason"] = a.reason;
    if (a.irreversible_from) ja[kIrreversibleFromKey] = Iso8601Utc(*a.irreversible_from);
    if (!a.kept.empty()) ja["kept"] = a.kept;
    if (a.type == ActionType::kConflict) conflicts.push_back(a.id);
    actions.push_back(std::move(ja));
  }
  json unknowns = json::array();
  for (const auto& u : plan.unknowns) {
    unknowns.push_back({{"kind", KindName(u.kind)},
                        {"name", u.name},
                        {"operation", u.operation},
                        {"error", u.error}});
  }
  PlanSummary s = Summarize(plan);
  return {{"format_version", kPlanFormatVersion},
          {"stack", plan.stack},
          {"target", plan.target},
          {"options",
           {{"prune", plan.options.prune},
            {"adopt", plan.options.adopt},
            {"max_deletes", plan.options.max_deletes},
            {"force_deletes", plan.options.force_deletes}}},
          {"actions", std::move(actions)},
          {"unknowns", std::move(unknowns)},
          {"conflicts", std::move(conflicts)},
          {"read_only", plan.read_only},
          {"notes", plan.notes},
          {"warnings", plan.warnings},
          {"summary",
           {{"add", s.add},
            {"change", s.change},
            {"replace", s.replace},
            {"destroy", s.destroy},
            {"blocked", s.blocked},
            {"conflict", s.conflict},
            {"unknown", s.unknown},
            {"has_changes", s.HasChanges()}}}};
}

std::string RenderPlanMarkdown(const ActionPlan& plan) {
  std::ostringstream out;
  out << "### backupctl plan: `" << plan.stack << "`\n\n";
  out << "**" << SummaryLine(plan) << "**\n\n";
  for (const auto& w : plan.warnings) out << "> **Warning:** " << w << "\n\n";
  if (!plan.actions.empty()) {
    out << "| | Action | Resource | Changes |\n|---|---|---|---|\n";
    for (const auto& a : plan.actions) {
      out << "| `" << ActionSymbol(a.type) << "` | " << ActionTypeName(a.type) << " | `" << a.id
          << "` | " << a.changes.size() << " |\n";
    }
    out << "\n<details><summary>Details</summary>\n\n```diff\n";
    for (const auto& a : plan.actions) {
      std::ostringstream lines;
      AppendActionLines(lines, a, false, "", MarkAt::kLineStart);
      out << lines.str();
    }
    out << "```\n\n</details>\n";
  }
  if (!plan.unknowns.empty()) {
    out << "\n**Could not be read:**\n\n";
    for (const auto& u : plan.unknowns) {
      out << "- " << KindName(u.kind) << " `" << u.name << "` (" << u.operation << ")\n";
    }
  }
  for (const auto& n : plan.notes) out << "\n> " << n << "\n";
  return out.str();
}

std::string RenderReportText(const ApplyReport& report, bool color) {
  std::ostringstream out;
  out << "Apply:\n";
  for (const auto& o : report.outcomes) {
    std::string status = OutcomeStatusName(o.status);
    status.resize(8, ' ');
    const char* code = o.status == OutcomeStatus::kDone ? "\033[32m" : "\033[31m";
    out << "  " << Paint(status, code, color) << ActionSymbol(o.type) << " " << o.id;
    if (!o.detail.empty()) out << ": " << o.detail;
    out << " (" << Seconds(o.seconds) << ")\n";
  }
  out << "\nApply " << (report.ok() ? "complete" : "incomplete") << ": " << report.done << " done, "
      << report.failed << " failed, " << report.skipped << " skipped, " << report.blocked
      << " blocked (" << report.write_calls << " write calls, " << Seconds(report.seconds)
      << ").\n";
  return out.str();
}

json ReportToJson(const ApplyReport& report) {
  json outcomes = json::array();
  for (const auto& o : report.outcomes) {
    outcomes.push_back({{"id", o.id},
                        {"type", ActionTypeName(o.type)},
                        {"kind", KindName(o.kind)},
                        {"name", o.name},
                        {"status", OutcomeStatusName(o.status)},
                        {"detail", o.detail},
                        {"seconds", o.seconds}});
  }
  return {{"format_version", kPlanFormatVersion},
          {"outcomes", std::move(outcomes)},
          {"summary",
           {{"done", report.done},
            {"failed", report.failed},
            {"skipped", report.skipped},
            {"blocked", report.blocked},
            {"write_calls", report.write_calls},
            {"seconds", report.seconds},
            {"ok", report.ok()}}}};
}

std::string RenderReportMarkdown(const ApplyReport& report) {
  std::ostringstream out;
  out << "### backupctl apply\n\n**" << report.done << " done, " << report.failed << " failed, "
      << report.skipped << " skipped, " << report.blocked << " blocked.**\n\n";
  if (report.outcomes.empty()) return out.str();
  out << "| Outcome | Action | Detail |\n|---|---|---|\n";
  for (const auto& o : report.outcomes) {
    out << "| " << OutcomeStatusName(o.status) << " | `" << ActionSymbol(o.type) << " " << o.id
        << "` | " << o.detail << " |\n";
  }
  return out.str();
}

}  // namespace backupctl
