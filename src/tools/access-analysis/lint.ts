import type { AccountSnapshot, PolicyStatement, SnapshotRole } from "../account/snapshot-types";
import { checkStatement } from "../../core/policy/check-statement";
import { actionsCover, specifierCovers } from "../../core/policy/resource-cover";
import { placeholderKeys } from "../../core/policy/resource-specifier";

export type PolicyFindingKind =
  | "invalid-resource"
  | "unknown-action"
  | "misplaced-action"
  | "shadowed-statement"
  | "grants-nothing"
  | "unheld-role"
  | "undefined-placeholder";

export interface PolicyFinding {
  kind: PolicyFindingKind;
  role: string;
  /** Index of the statement the finding is about. */
  statement?: number;
  /** `member <email>` or `team <key>`, for placeholder findings. */
  holder?: string;
  detail: string;
}

/** Who holds a role and how, as the review computes it. */
export interface RoleHolding {
  roleKey: string;
  memberEmails: string[];
}

/**
 * Lint of the roles that exist in an account (they may predate the checks of `check`): resources and
 * actions the grammar and catalog reject, allow statements a deny of the same role makes void, roles held
 * by nobody, and holders lacking the role attributes a role's placeholders need.
 */
export function lintPolicies(snapshot: AccountSnapshot, holdings: readonly RoleHolding[]): PolicyFinding[] {
  const findings: PolicyFinding[] = [];
  const holdersOf = new Map(holdings.map((h) => [h.roleKey, h.memberEmails]));
  for (const role of snapshot.roles) {
    if (role.preset) continue;
    findings.push(...statementFindings(role));
    findings.push(...denyFindings(role));
    if ((holdersOf.get(role.key) ?? []).length === 0) {
      findings.push({ kind: "unheld-role", role: role.key, detail: `no member holds "${role.key}", directly or through a team` });
    }
    findings.push(...placeholderFindings(snapshot, role));
  }
  return findings;
}

function statementFindings(role: SnapshotRole): PolicyFinding[] {
  return role.policy.flatMap((statement, index) =>
    checkStatement(statement)
      .map((issue): PolicyFinding => ({
        kind: issue.kind === "resource" || issue.kind === "duplicate-resource" ? "invalid-resource" : issue.kind,
        role: role.key,
        statement: index,
        detail: `${issue.path[0]}[${issue.path[1]}]: ${issue.message}`,
      })),
  );
}

/** Allow statements that a deny of the same role voids: wholly (one deny covers it) or resource by resource. */
function denyFindings(role: SnapshotRole): PolicyFinding[] {
  const denies = role.policy.map((statement, index) => ({ statement, index })).filter(({ statement }) => statement.effect === "deny" && statement.resources);
  const findings: PolicyFinding[] = [];
  role.policy.forEach((statement, index) => {
    if (statement.effect !== "allow" || !statement.resources || !statement.actions) return;
    const covering = denies.find(({ statement: deny }) => covers(deny, statement.resources!, statement.actions!));
    if (covering) {
      findings.push({
        kind: "shadowed-statement",
        role: role.key,
        statement: index,
        detail: `statement ${index + 1} (allow) is shadowed by statement ${covering.index + 1} (deny), which denies all its actions on all its resources`,
      });
      return;
    }
    const denied = statement.resources.every((resource) => denies.some(({ statement: deny }) => covers(deny, [resource], statement.actions!)));
    if (denied) {
      findings.push({
        kind: "grants-nothing",
        role: role.key,
        statement: index,
        detail: `statement ${index + 1} (allow) grants nothing: every resource it names (${statement.resources.join(", ")}) is denied by the role's deny statements`,
      });
    }
  });
  return findings;
}

function covers(deny: PolicyStatement, resources: readonly string[], actions: readonly string[]): boolean {
  if (!deny.resources || !deny.actions) return false;
  return actionsCover(deny.actions, actions) && resources.every((resource) => deny.resources!.some((outer) => specifierCovers(outer, resource)));
}

/**
 * A placeholder resolves from the holder's role attributes: a member's own for a role held directly, the
 * team's (or, if LaunchDarkly falls back to them, each member's) for a role held through a team.
 */
function placeholderFindings(snapshot: AccountSnapshot, role: SnapshotRole): PolicyFinding[] {
  const keys = [...new Set(role.policy.flatMap((s) => [...(s.resources ?? []), ...(s.notResources ?? [])].flatMap(placeholderKeys)))].sort();
  if (keys.length === 0) return [];
  const findings: PolicyFinding[] = [];
  for (const member of snapshot.members) {
    if (!member.customRoleKeys.includes(role.key)) continue;
    const missing = keys.filter((key) => !(member.roleAttributes?.[key]?.length));
    if (missing.length > 0) {
      findings.push({ kind: "undefined-placeholder", role: role.key, holder: `member ${member.email}`, detail: `${member.email} holds "${role.key}" directly without the role attribute${missing.length === 1 ? "" : "s"} ${missing.join(", ")}: the statements using them grant nothing to this member` });
    }
  }
  for (const team of snapshot.teams) {
    if (!team.roleKeys.includes(role.key) || team.memberIds.length === 0) continue;
    const members = snapshot.members.filter((m) => team.memberIds.includes(m.id));
    const missing = keys.filter((key) => !(team.roleAttributes?.[key]?.length) && members.some((m) => !(m.roleAttributes?.[key]?.length)));
    if (missing.length > 0) {
      const lacking = members.filter((m) => missing.some((key) => !(m.roleAttributes?.[key]?.length))).length;
      findings.push({ kind: "undefined-placeholder", role: role.key, holder: `team ${team.key}`, detail: `team ${team.key} grants "${role.key}" without the role attribute${missing.length === 1 ? "" : "s"} ${missing.join(", ")} (${lacking} of its ${members.length} members define none either)` });
    }
  }
  return findings;
}
