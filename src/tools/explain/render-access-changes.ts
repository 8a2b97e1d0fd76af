import type { GrantGroup, MemberAccessDelta } from "../access-analysis/access-delta";
import type { PolicyStatement } from "../../core/resources/custom-role";
import type { AccessWorlds } from "./access-worlds";

/** One line per change, e.g. `ada@example.com gains updateOn, updateRules on proj/checkout:env/production:flag/*`. */
export function accessChangeLines(deltas: readonly MemberAccessDelta[]): string[] {
  const lines: string[] = [];
  for (const delta of deltas) {
    const who = delta.name ? `${delta.who} (${delta.name})` : delta.who;
    if (delta.removed) {
      const roles = delta.removed.roles.length > 0 ? `: ${[...new Set(delta.removed.roles)].join(", ")}` : "";
      lines.push(`${who} loses every role${roles} (the member is deleted)`);
      continue;
    }
    if (delta.baseRole?.from === undefined && delta.baseRole?.to !== undefined) lines.push(`${who} joins with base role ${delta.baseRole.to}`);
    else if (delta.baseRole) lines.push(`${who} base role ${delta.baseRole.from} → ${delta.baseRole.to ?? "none"}`);
    const ordered = [
      ...delta.gains.map((g) => ({ g, verb: "gains" })),
      ...delta.newlyDenied.map((g) => ({ g, verb: "is newly denied" })),
      ...delta.loses.map((g) => ({ g, verb: "loses" })),
      ...delta.noLongerDenied.map((g) => ({ g, verb: "is no longer denied" })),
    ].sort((a, b) => Number(b.g.production) - Number(a.g.production));
    for (const { g, verb } of ordered) lines.push(`${delta.who} ${verb} ${groupText(g)}`);
  }
  return lines;
}

function groupText(group: GrantGroup): string {
  return `${group.actions.join(", ")} on ${group.resources.join(", ")}`;
}

function statementLine(statement: PolicyStatement): string {
  const actions = statement.notActions ? `all except ${statement.notActions.join(", ")}` : (statement.actions ?? []).join(", ");
  const resources = statement.notResources ? `all except ${statement.notResources.join(", ")}` : (statement.resources ?? []).join(", ");
  return `${statement.effect} ${actions} on ${resources}`;
}

/** The "Access changes" section of `explain`: who gains and loses what, production first, then the changed policies. */
export function renderAccessChanges(worlds: AccessWorlds, deltas: readonly MemberAccessDelta[], withState: boolean): string {
  const out = ["### Access changes", ""];
  const lines = accessChangeLines(deltas);
  if (lines.length === 0) out.push("Nobody gains or loses access.", "");
  else out.push(...lines.map((line) => `- ${line}`), "");
  for (const role of worlds.changedRoles) {
    out.push(`Policy of \`${role.key}\`:`, "", "```diff");
    const was = (role.before ?? []).map(statementLine);
    const will = (role.after ?? []).map(statementLine);
    for (const line of was) out.push(`${will.includes(line) ? " " : "-"} ${line}`);
    for (const line of will) if (!was.includes(line)) out.push(`+ ${line}`);
    out.push("```", "");
  }
  if (!withState && (worlds.unknownHolders.length > 0 || worlds.unknownRoles.length > 0)) {
    const gaps = [
      ...(worlds.unknownHolders.length > 0 ? [`other holders of ${worlds.unknownHolders.join(", ")} are not shown`] : []),
      ...(worlds.unknownRoles.length > 0 ? [`the policies of ${worlds.unknownRoles.map((k) => `\`${k}\``).join(", ")} (unchanged) are not in it`] : []),
    ];
    out.push(
      `> The plan lists only what changes: ${gaps.join("; ")}; members known only by id have unknown emails and role attributes. ` +
        "`explain --state <(pulumi stack export)` completes the picture.",
      "",
    );
  }
  return out.join("\n");
}
