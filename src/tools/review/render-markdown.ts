import type { AccessReview, MemberAccess, MemberFlag, RoleAccess } from "./access-review";
import type { PolicyFinding } from "../access-analysis/lint";
import { grantsText, statementActions, statementResources, statementSummary } from "./format-statement";

const FLAG_LABELS: Record<MemberFlag, string> = {
  owner: "owner",
  admin: "admin",
  "no-team": "no team",
  "stale-invite": "stale invite",
  "production-wildcard": "`*` on production",
};

export function renderReviewMarkdown(review: AccessReview): string {
  const out: string[] = [];
  const { counts } = review;
  out.push("# LaunchDarkly access review", "");
  out.push(`Account \`${review.apiHost}\`, read ${review.readAt} from ${review.source === "api" ? "the API" : "a stack state export"}.`);
  out.push(
    `${counts.members} member${s(counts.members)} (${counts.pendingInvites} pending invite${s(counts.pendingInvites)}), ` +
      `${counts.teams} team${s(counts.teams)}, ${counts.roles} custom role${s(counts.roles)}.`,
    "",
  );
  if (counts.teams === 0 && counts.roles === 0) {
    out.push("The account has no teams and no custom roles: every member's access is their base role alone.", "");
  }

  out.push("## Flags", "");
  flagSection(out, "Admins and owners", review.flags.adminsAndOwners, ["Member", "Base role"], (f) => [f.email, f.role]);
  flagSection(out, "Roles allowing every action on production", review.flags.productionWildcardRoles, ["Role", "Statements", "Held by"], (f) => [
    code(f.key),
    f.statements.map((st) => code(statementSummary(st))).join("<br>"),
    `${f.holders} member${s(f.holders)}`,
  ]);
  flagSection(out, "Members with no team", review.flags.membersWithoutTeam, ["Member", "Base role"], (f) => [f.email, f.role]);
  flagSection(out, `Pending invites older than ${review.staleInviteDays} days`, review.flags.staleInvites, ["Member", "Invited", "Age (days)"], (f) => [
    f.email,
    f.invitedAt.slice(0, 10),
    String(f.ageDays),
  ]);
  if (review.undatedInvites.length > 0) {
    out.push(`### Pending invites of unknown age (${review.undatedInvites.length})`, "");
    out.push(`Not flagged: ${review.source === "state" ? "a stack state export" : "the source"} does not record invite dates. Check them in LaunchDarkly, or review the live account.`, "");
    table(out, ["Member", "Invited", "Age (days)"], review.undatedInvites.map((invite) => [invite.email, "unknown", "unknown"]));
  }

  policyFindingsSection(out, review);

  out.push("## Members", "");
  if (review.members.length === 0) out.push("No members.", "");
  else {
    table(
      out,
      ["Member", "Name", "Base role", "Teams", "Custom roles (direct)", "Custom roles (via teams)", "Flags"],
      review.members.map((m) => [
        m.email,
        m.displayName === m.email ? "" : m.displayName,
        m.baseRole + (m.pendingInvite ? " (invited)" : ""),
        m.teams.join(", "),
        m.directRoles.map(code).join(", "),
        m.teamRoles.map((r) => `${code(r.key)} (${r.teams.join(", ")})`).join(", "),
        m.flags.map((f) => FLAG_LABELS[f]).join(", "),
      ]),
    );
  }

  out.push("## Effective policy per member", "");
  for (const member of review.members) memberSection(out, member);

  out.push("## Custom roles", "");
  if (review.roles.length === 0) out.push("No custom roles.", "");
  for (const role of review.roles) roleSection(out, role);

  out.push("## Teams", "");
  if (review.teams.length === 0) out.push("No teams.", "");
  else {
    table(
      out,
      ["Team", "Name", "Custom roles", "Members", "Maintainers"],
      review.teams.map((t) => [code(t.key), t.name, t.roles.map(code).join(", "), String(t.members), t.maintainers.join(", ")]),
    );
  }
  return out.join("\n");
}

const FINDING_TITLES: Record<PolicyFinding["kind"], string> = {
  "invalid-resource": "Invalid resource specifiers",
  "unknown-action": "Unknown actions",
  "misplaced-action": "Actions on the wrong resource type",
  "shadowed-statement": "Statements shadowed by a deny in the same role",
  "grants-nothing": "Allow statements that grant nothing (every resource denied)",
  "unheld-role": "Roles held by nobody",
  "undefined-placeholder": "Holders without the role attributes a role's placeholders need",
};

function policyFindingsSection(out: string[], review: AccessReview): void {
  out.push(`## Policy findings (${review.policyFindings.length})`, "");
  if (review.policyFindings.length === 0) {
    out.push("None: every role's resources and actions are valid, nothing is shadowed, every role is held and every placeholder defined.", "");
    return;
  }
  for (const kind of Object.keys(FINDING_TITLES) as PolicyFinding["kind"][]) {
    const items = review.policyFindings.filter((f) => f.kind === kind);
    if (items.length === 0) continue;
    out.push(`### ${FINDING_TITLES[kind]} (${items.length})`, "");
    table(out, ["Role", "Statement", "Finding"], items.map((f) => [code(f.role), f.statement === undefined ? "" : String(f.statement + 1), f.detail]));
  }
}

function memberSection(out: string[], member: MemberAccess): void {
  out.push(`### ${member.email}${member.displayName === member.email ? "" : ` (${member.displayName})`}`, "");
  const facts = [`Base role **${member.baseRole}**${member.pendingInvite ? " (invite pending)" : ""}`];
  facts.push(member.teams.length > 0 ? `teams: ${member.teams.join(", ")}` : "no team");
  if (member.maintains.length > 0) facts.push(`maintains: ${member.maintains.join(", ")}`);
  out.push(facts.join(" · "), "");
  if (member.statements.length === 0) {
    out.push("No custom roles: access is the base role alone.", "");
    return;
  }
  table(
    out,
    ["Role", "Via", "Effect", "Actions", "Resources"],
    member.statements.map(({ roleKey, via, statement }) => [code(roleKey), grantsText(via), statement.effect, code(statementActions(statement)), code(statementResources(statement))]),
  );
}

function roleSection(out: string[], role: RoleAccess): void {
  out.push(`### ${code(role.key)} — ${escapeCell(role.name)}`, "");
  if (role.description) out.push(escapeCell(role.description), "");
  const facts = [`Base permissions: ${role.basePermissions ?? "unset"}`];
  facts.push(role.teams.length > 0 ? `granted to teams: ${role.teams.join(", ")}` : "granted to no team");
  out.push(facts.join(" · "), "");
  table(
    out,
    ["#", "Effect", "Actions", "Resources", "Note"],
    role.policy.map((statement, i) => [
      String(i + 1),
      statement.effect,
      code(statementActions(statement)),
      code(statementResources(statement)),
      role.productionWildcardStatements.includes(i) ? "**every action on production**" : "",
    ]),
  );
  if (role.holders.length === 0) {
    out.push("Held by nobody.", "");
    return;
  }
  out.push(`Held by ${role.holders.length} member${s(role.holders.length)}:`, "");
  table(
    out,
    ["Member", "Via"],
    role.holders.map((h) => [h.email, grantsText(h.via)]),
  );
}

function flagSection<T>(out: string[], title: string, items: readonly T[], header: string[], row: (item: T) => string[]): void {
  out.push(`### ${title} (${items.length})`, "");
  if (items.length === 0) {
    out.push("None.", "");
    return;
  }
  table(out, header, items.map(row));
}

function table(out: string[], header: string[], rows: string[][]): void {
  out.push(`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`);
  for (const row of rows) out.push(`| ${row.map((cell) => (cell.startsWith("`") ? cell : escapeCell(cell))).join(" | ")} |`);
  out.push("");
}

function code(text: string): string {
  return text === "" ? "" : `\`${text.replace(/\|/g, "\\|")}\``;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function s(n: number): string {
  return n === 1 ? "" : "s";
}
