// Rendering plans and apply reports for people and machines.
//
// Text: Terraform-like symbols (`+` create, `~` update, `-/+` replace,
// `-` delete, `!` blocked or conflict), one field change per line, colour
// only when asked (the CLI asks when stdout is a terminal and NO_COLOR is
// unset), and a summary line. JSON: the versioned schema in
// docs/plan-json.md. Markdown: a compact table for a pull-request comment
// with the per-resource diff folded in <details>.

#ifndef BACKUPCTL_RECONCILE_RENDER_H_
#define BACKUPCTL_RECONCILE_RENDER_H_

#include <string>

#include <nlohmann/json.hpp>

#include "reconcile/apply.h"
#include "reconcile/plan.h"

namespace backupctl {

inline constexpr int kPlanFormatVersion = 1;
// An action's JSON member saying when a compliance lock it puts becomes
// irreversible; it moves with the clock, so a saved plan's check ignores it.
inline constexpr char kIrreversibleFromKey[] = "irreversible_from";

const char* ActionSymbol(ActionType type);        // "+", "~", "-/+", "-", "!"
std::string SummaryLine(const ActionPlan& plan);  // "Plan: 1 to add, ..." or "No changes. ..."

std::string RenderPlanText(const ActionPlan& plan, bool color);
nlohmann::json PlanToJson(const ActionPlan& plan);
std::string RenderPlanMarkdown(const ActionPlan& plan);

std::string RenderReportText(const ApplyReport& report, bool color);
nlohmann::json ReportToJson(const ApplyReport& report);
std::string RenderReportMarkdown(const ApplyReport& report);

}  // namespace backupctl

#endif  // BACKUPCTL_RECONCILE_RENDER_H_
