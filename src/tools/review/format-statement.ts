import type { PolicyStatement } from "../account/snapshot-types";
import type { Grant } from "./access-review";

/** `*` or `a, b`; `notActions` reads as "all except …". */
export function statementActions(statement: PolicyStatement): string {
  if (statement.notActions !== undefined) return `all except ${statement.notActions.join(", ")}`;
  return (statement.actions ?? []).join(", ");
}

export function statementResources(statement: PolicyStatement): string {
  if (statement.notResources !== undefined) return `all except ${statement.notResources.join(", ")}`;
  return (statement.resources ?? []).join(", ");
}

/** One line, e.g. `allow * on proj/*:env/production:flag/*`. */
export function statementSummary(statement: PolicyStatement): string {
  return `${statement.effect} ${statementActions(statement)} on ${statementResources(statement)}`;
}

/** `direct`, `team platform`, joined with " + ". */
export function grantsText(via: readonly Grant[]): string {
  return via.map((grant) => (grant === "direct" ? "direct" : `team ${grant.slice("team:".length)}`)).join(" + ");
}
