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

/** A `PATCH /teams/{key}` whose instructions only add or remove members: the membership batcher's write. */
export interface MembershipPatch {
  teamKey: string;
  /** Member ids the patch adds or removes. */
  ids: number;
}

const MEMBERSHIP_KINDS = new Set(["addMembers", "removeMembers"]);

export function membershipPatches(requests: readonly RequestLogEntry[]): MembershipPatch[] {
  const patches: MembershipPatch[] = [];
  for (const request of requests) {
    if (request.method !== "PATCH" || routeOf(request) !== "PATCH /teams/:key") continue;
    const instructions = (request.body as { instructions?: Array<{ kind: string; values?: unknown[] }> } | undefined)?.instructions ?? [];
    if (instructions.length === 0 || !instructions.every((i) => MEMBERSHIP_KINDS.has(i.kind))) continue;
    patches.push({ teamKey: request.path.split("/").pop()!, ids: instructions.reduce((n, i) => n + (i.values?.length ?? 0), 0) });
  }
  return patches;
}

/** The physical floor of one write kind: ⌈objects ÷ min(P, the API's batch cap)⌉. */
export function writeFloor(objects: number, parallel: number, batchCap: number): number {
  return Math.ceil(objects / Math.max(1, Math.min(parallel, batchCap)));
}
