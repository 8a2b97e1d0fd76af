import type { AccessReview } from "./access-review";
import { grantsText, statementActions, statementResources } from "./format-statement";

const HEADER = ["email", "name", "base_role", "pending_invite", "teams", "maintains", "custom_role", "granted_via", "effect", "actions", "resources", "flags"];

/**
 * One row per (member, policy statement), so a spreadsheet can filter on any column; a member without
 * custom roles gets one row with the role columns empty. Lists inside a cell are separated by "; ".
 */
export function renderReviewCsv(review: AccessReview): string {
  const rows: string[][] = [HEADER];
  for (const member of review.members) {
    const common = [member.email, member.displayName, member.baseRole, String(member.pendingInvite), member.teams.join("; "), member.maintains.join("; ")];
    const flags = member.flags.join("; ");
    if (member.statements.length === 0) {
      rows.push([...common, "", "", "", "", "", flags]);
      continue;
    }
    for (const { roleKey, via, statement } of member.statements) {
      rows.push([...common, roleKey, grantsText(via), statement.effect, statementActions(statement), statementResources(statement), flags]);
    }
  }
  return rows.map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
