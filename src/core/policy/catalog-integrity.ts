import { RESOURCE_TYPES } from "./resource-types";

export interface CatalogShape {
  sourceDate?: string;
  sources?: readonly { url: string }[];
  actions: Readonly<Record<string, readonly string[]>>;
}

/**
 * What is wrong with an action catalog: no (valid) source date or source URL, an action listed twice
 * under its type (actions are identified qualified, `type:action`: LaunchDarkly documents names such as
 * `updateName` for many types, and each of those is a different action), a type the grammar does not know,
 * or a grammar type without actions.
 */
export function catalogProblems(catalog: CatalogShape): string[] {
  const problems: string[] = [];
  if (!catalog.sourceDate || !/^\d{4}-\d{2}-\d{2}$/.test(catalog.sourceDate) || Number.isNaN(Date.parse(catalog.sourceDate))) {
    problems.push("the catalog has no source date (YYYY-MM-DD)");
  }
  if (!catalog.sources || catalog.sources.length === 0 || catalog.sources.some((s) => !/^https:\/\//.test(s.url))) problems.push("the catalog has no source URL");
  const seen = new Set<string>();
  for (const [type, actions] of Object.entries(catalog.actions)) {
    if (!RESOURCE_TYPES.has(type)) problems.push(`"${type}" is not a resource type of the grammar`);
    for (const action of actions) {
      const qualified = `${type}:${action}`;
      if (seen.has(qualified)) problems.push(`the action ${qualified} appears twice`);
      seen.add(qualified);
      if (!/^[a-z][A-Za-z0-9]*$/.test(action)) problems.push(`${qualified} is not an action name`);
    }
  }
  for (const type of RESOURCE_TYPES.keys()) if (!(type in catalog.actions)) problems.push(`the resource type "${type}" has no actions`);
  return problems;
}
