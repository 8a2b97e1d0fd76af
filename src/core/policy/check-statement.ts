import { actionCatalog, actionGlobMatches, describeType } from "./action-catalog";
import { closestMatch } from "./closest";
import { parseResourceSpecifier } from "./resource-specifier";

/** A policy statement as the checker reads it (inputs or a live role). */
export interface StatementToCheck {
  effect?: string;
  resources?: readonly string[];
  notResources?: readonly string[];
  actions?: readonly string[];
  notActions?: readonly string[];
  allowUnknownActions?: boolean;
}

export type PolicyIssueKind = "resource" | "duplicate-resource" | "unknown-action" | "misplaced-action";

export interface PolicyIssue {
  kind: PolicyIssueKind;
  /** Relative to the statement: `["resources", 0]`, `["actions", 2]`. */
  path: (string | number)[];
  message: string;
}

/**
 * Checks one statement's resource specifiers against the grammar and its actions against the catalog, for
 * the innermost resource type of each specifier. `*` is always valid. With `allowUnknownActions`, an action
 * the catalog does not know passes unless it is a near-miss of a known one (a typo, not a new action).
 */
export function checkStatement(statement: StatementToCheck): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  const types = new Set<string>();
  let anyType = false;
  for (const field of ["resources", "notResources"] as const) {
    const list = statement[field];
    if (!list) continue;
    const seen = new Map<string, number>();
    for (const [index, text] of list.entries()) {
      const earlier = seen.get(text);
      if (earlier !== undefined) {
        issues.push({ kind: "duplicate-resource", path: [field, index], message: `"${text}" is listed twice (also at ${field}[${earlier}]): remove one` });
        continue;
      }
      seen.set(text, index);
      const parsed = parseResourceSpecifier(text);
      if (!parsed.ok) {
        const { segment, problem, closest } = parsed.error;
        const where = segment === text ? `"${text}": ` : `"${text}": segment "${segment}": `;
        issues.push({ kind: "resource", path: [field, index], message: `${where}${problem}${closest !== undefined ? `; the closest valid form is "${closest}"` : ""}` });
        continue;
      }
      // "Every resource except these" reaches every type, like a bare `*`.
      if (parsed.specifier.kind === "any" || field === "notResources") anyType = true;
      else types.add(parsed.specifier.type);
    }
  }
  if (anyType || types.size === 0) types.clear();
  for (const field of ["actions", "notActions"] as const) {
    for (const [index, action] of (statement[field] ?? []).entries()) {
      const issue = checkAction(action, anyType ? undefined : [...types], statement.allowUnknownActions === true);
      if (issue) issues.push({ ...issue, path: [field, index] });
    }
  }
  return issues;
}

/** `types` undefined: the statement reaches every type (`*`, notResources, or no valid specifier to judge by). */
function checkAction(action: string, types: string[] | undefined, allowUnknown: boolean): Omit<PolicyIssue, "path"> | undefined {
  if (action === "*") return undefined;
  const scope = types === undefined || types.length === 0 ? undefined : types;
  const candidates = scope ? scope.flatMap((t) => [...actionCatalog.actionsOf(t)]) : [...actionCatalog.allActions];
  if (action.includes("*")) {
    if (candidates.some((known) => actionGlobMatches(action, known))) return undefined;
    if (allowUnknown) return undefined;
    return { kind: "unknown-action", message: `the action glob "${action}" matches no action on ${scopeText(scope)}` };
  }
  if (candidates.includes(action)) return undefined;
  const documentedTypes = actionCatalog.typesOf(action);
  if (documentedTypes.length > 0) {
    // Known, but for other resource types than the statement's.
    const where = documentedTypes.map(describeType).join(", ");
    const suggestion = closestMatch(action, candidates.filter((c) => c !== action));
    return {
      kind: "misplaced-action",
      message:
        `"${action}" is not an action on ${scopeText(scope)}; it acts on ${where}` +
        (suggestion ? `. Did you mean "${suggestion}"?` : ". Use a resource of that type, or another action"),
    };
  }
  const nearMiss = closestMatch(action, candidates) ?? closestMatch(action, actionCatalog.allActions);
  if (allowUnknown && nearMiss === undefined) return undefined;
  const hatch = allowUnknown ? " (allowUnknownActions accepts new actions, not near-misses of known ones)" : "";
  if (nearMiss !== undefined) {
    const elsewhere = candidates.includes(nearMiss) ? "" : ` (an action on ${actionCatalog.typesOf(nearMiss).join(", ")})`;
    return { kind: "unknown-action", message: `"${action}" is not a LaunchDarkly action; did you mean "${nearMiss}"${elsewhere}?${hatch}` };
  }
  return {
    kind: "unknown-action",
    message:
      `"${action}" is not an action on ${scopeText(scope)} in the catalog (LaunchDarkly's documentation as of ${actionCatalog.sourceDate}). ` +
      `If LaunchDarkly added it since, set allowUnknownActions: true on this statement`,
  };
}

function scopeText(types: string[] | undefined): string {
  return types === undefined ? "any resource type" : types.map(describeType).join(" or ");
}
