import type { RequestLogEntry } from "../../src/emulator";

/** "GET /members", "PATCH /teams/:key", "GET /members/:id": the route, without ids or keys. */
export function routeOf(request: Pick<RequestLogEntry, "method" | "path">): string {
  const [collection = "", id, ...rest] = request.path.replace(/^\/api\/v2\//, "").split("/");
  const placeholder = collection === "teams" || collection === "roles" ? ":key" : ":id";
  return [`${request.method} /${collection}`, ...(id ? [placeholder] : []), ...rest].join("/");
}

export function countByRoute(requests: readonly RequestLogEntry[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const request of requests) counts[routeOf(request)] = (counts[routeOf(request)] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

export function isWrite(request: Pick<RequestLogEntry, "method">): boolean {
  return request.method !== "GET";
}

/**
 * A membership write of the batcher: a `PATCH /teams/{key}` whose instructions only add or remove members, or a
 * bulk `PATCH /teams` of `addMembersToTeams` (additions to several teams in one request).
 */
export interface MembershipPatch {
  /** The team, or for a bulk request the teams it names, comma-separated. */
  teamKey: string;
  /** (team, member) pairs the patch adds or removes. */
  ids: number;
}

const MEMBERSHIP_KINDS = new Set(["addMembers", "removeMembers"]);

type Instruction = { kind: string; values?: unknown[]; memberIDs?: unknown[]; teamKeys?: string[] };

export function membershipPatches(requests: readonly RequestLogEntry[]): MembershipPatch[] {
  const patches: MembershipPatch[] = [];
  for (const request of requests) {
    if (request.method !== "PATCH") continue;
    const instructions = (request.body as { instructions?: Instruction[] } | undefined)?.instructions ?? [];
    if (instructions.length === 0) continue;
    if (routeOf(request) === "PATCH /teams" && instructions.every((i) => i.kind === "addMembersToTeams")) {
      const teams = [...new Set(instructions.flatMap((i) => i.teamKeys ?? []))];
      patches.push({ teamKey: teams.join(","), ids: instructions.reduce((n, i) => n + (i.memberIDs?.length ?? 0) * (i.teamKeys?.length ?? 0), 0) });
    } else if (routeOf(request) === "PATCH /teams/:key" && instructions.every((i) => MEMBERSHIP_KINDS.has(i.kind))) {
      patches.push({ teamKey: request.path.split("/").pop()!, ids: instructions.reduce((n, i) => n + (i.values?.length ?? 0), 0) });
    }
  }
  return patches;
}

/** The physical floor of one write kind: ⌈objects ÷ min(P, the API's batch cap)⌉. */
export function writeFloor(objects: number, parallel: number, batchCap: number): number {
  return Math.ceil(objects / Math.max(1, Math.min(parallel, batchCap)));
}
