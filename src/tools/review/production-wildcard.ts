import type { PolicyStatement } from "../account/snapshot-types";

/**
 * Whether an allow statement grants every action (`*`, or `notActions`: everything but a few) on a
 * resource that can be the production environment: an `env/` segment whose name glob matches
 * `production` (`env/*`, `env/prod*`, `env/production`), a role-attribute placeholder (it may resolve
 * to production), a bare `*`, or `notResources` (everything but a few).
 */
export function grantsWildcardOnProduction(statement: PolicyStatement): boolean {
  if (statement.effect !== "allow") return false;
  const allActions = (statement.actions ?? []).includes("*") || statement.notActions !== undefined;
  if (!allActions) return false;
  if (statement.notResources !== undefined) return true;
  return (statement.resources ?? []).some(specifierCanBeProduction);
}

export function specifierCanBeProduction(specifier: string): boolean {
  if (specifier.trim() === "*") return true;
  for (const segment of specifier.split(":")) {
    const [typeAndName = ""] = segment.split(";");
    if (!typeAndName.startsWith("env/")) continue;
    const name = typeAndName.slice("env/".length);
    if (name.includes("${roleAttribute/")) return true;
    if (globMatches(name, "production")) return true;
  }
  return false;
}

function globMatches(glob: string, value: string): boolean {
  const pattern = glob
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${pattern}$`).test(value);
}
