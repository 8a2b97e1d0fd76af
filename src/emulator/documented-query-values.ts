import { expandSet } from "./handler-context";
import { routeTemplateFor } from "./routes";

/**
 * The `expand` values LaunchDarkly's OpenAPI spec documents per operation, keyed by method and route, with
 * the operationId they come from. The emulator cannot read the spec (it is not in the repository), so this
 * is its own copy; test/contract checks it against the spec. An operation absent here documents no
 * `expand`. Used when `undocumentedQueryValues` is "reject".
 */
export const DOCUMENTED_EXPAND_VALUES: Readonly<Record<string, { operationId: string; expand: readonly string[] }>> = {
  "GET /api/v2/members": { operationId: "getMembers", expand: ["customRoles", "roleAttributes"] },
  "GET /api/v2/members/:id": { operationId: "getMember", expand: ["roleAttributes"] },
  "GET /api/v2/teams": { operationId: "getTeams", expand: ["members", "roles", "roleAttributes", "projects", "maintainers"] },
  "POST /api/v2/teams": { operationId: "postTeam", expand: ["members", "roles", "projects", "maintainers"] },
  "GET /api/v2/teams/:teamKey": { operationId: "getTeam", expand: ["members", "roles", "roleAttributes", "projects", "maintainers"] },
  "PATCH /api/v2/teams/:teamKey": { operationId: "patchTeam", expand: ["members", "roles", "projects", "maintainers"] },
};

/** The expand values of this request its operation does not document (all of them when it documents none). */
export function undocumentedExpandValues(method: string, url: URL): string[] {
  const requested = expandSet(url);
  if (requested.size === 0) return [];
  const template = routeTemplateFor(url.pathname);
  const documented = new Set(template ? (DOCUMENTED_EXPAND_VALUES[`${method.toUpperCase()} ${template}`]?.expand ?? []) : []);
  return [...requested].filter((value) => !documented.has(value));
}
