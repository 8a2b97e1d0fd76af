import type { AccessReview } from "./access-review";
import { grantsText, statementActions, statementResources } from "./format-statement";

const HEADER = ["email", "name", "base_role", "pending_invite", "teams", "maintains", "custom_role", "granted_via", "effect", "actions", "resources", "flags", "policy_finding"];

/**
 * One row per (member, policy statement), then one per policy finding, so a spreadsheet can filter on any column; a member without
 * custom roles gets one row with the role columns empty. Lists inside a cell are separated by "; ".
 */
export function renderReviewCsv(review: AccessReview): string {
  const rows: string[][] = [HEADER];
  for (const member of review.members) {
    const common = [member.email, member.displayName, member.baseRole, String(member.pendingInvite), member.teams.join("; "), member.maintains.join("; ")];
    const flags = member.flags.join("; ");
    if (member.statements.length === 0) {
      rows.push([...common, "", "", "", "", "", flags, ""]);
      continue;
    }
    for (const { roleKey, via, statement } of member.statements) {
      rows.push([...common, roleKey, grantsText(via), statement.effect, statementActions(statement), statementResources(statement), flags, ""]);
    }
  }
  // Policy findings after the members: the role (and statement) columns filled, `policy_finding` says what is wrong.
  for (const finding of review.policyFindings) {
    const role = review.roles.find((r) => r.key === finding.role);
    const statement = finding.statement !== undefined ? role?.policy[finding.statement] : undefined;
    const holder = finding.holder?.startsWith("member ") ? finding.holder.slice("member ".length) : "";
    const team = finding.holder?.startsWith("team ") ? finding.holder.slice("team ".length) : "";
    rows.push([
      holder, "", "", "", team, "", finding.role, "",
      statement?.effect ?? "", statement ? statementActions(statement) : "", statement ? statementResources(statement) : "", "",
      `${finding.kind}: ${finding.detail}`,
    ]);
  }
  return rows.map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
