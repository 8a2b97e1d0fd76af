import { ACTION_CATALOG } from "./action-catalog-data";
import { canonicalSpecifier } from "./resource-types";

/** Lookups over the documented actions: by resource type, and which types an action name belongs to. */
export interface ActionCatalog {
  sourceDate: string;
  actionsOf(type: string): ReadonlySet<string>;
  /** The resource types documenting this action name, sorted. */
  typesOf(action: string): string[];
  allActions: ReadonlySet<string>;
  types: readonly string[];
}

function buildCatalog(): ActionCatalog {
  const byType = new Map<string, Set<string>>();
  const byAction = new Map<string, string[]>();
  for (const [type, actions] of Object.entries(ACTION_CATALOG.actions)) {
    byType.set(type, new Set(actions));
    for (const action of actions) byAction.set(action, [...(byAction.get(action) ?? []), type].sort());
  }
  return {
    sourceDate: ACTION_CATALOG.sourceDate,
    actionsOf: (type) => byType.get(type) ?? new Set(),
    typesOf: (action) => byAction.get(action) ?? [],
    allActions: new Set(byAction.keys()),
    types: [...byType.keys()],
  };
}

export const actionCatalog: ActionCatalog = buildCatalog();

/** `update*` style action globs: `*` matches any run of characters. */
export function actionGlobMatches(glob: string, action: string): boolean {
  if (!glob.includes("*")) return glob === action;
  const pattern = glob.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*");
  return new RegExp(`^${pattern}$`).test(action);
}

/** `flag (proj/*:env/*:flag/*)`. */
export function describeType(type: string): string {
  return `${type} (${canonicalSpecifier(type)})`;
}
