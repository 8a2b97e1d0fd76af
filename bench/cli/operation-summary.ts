import type { RequestLogEntry } from "../../src/emulator";
import type { OrgSpec } from "../../examples/access/org";
import { busyMs, type ProviderCall } from "./provider-calls";
import { countByRoute, isWrite, membershipPatches, routeOf, writeFloor } from "./request-log";

export type BenchOperation = "up" | "no-op up" | "refresh" | "destroy";

/** Objects per write kind, each with the API's batch cap (1 where the API takes one object per request). */
export interface WriteKind {
  route: string;
  objects: number;
  batchCap: number;
}

/** Member ids per membership PATCH: the provider's cap (the API documents none). */
export const MEMBERSHIP_BATCH_CAP = 100;
/** `POST /members` takes 1–50 invites. */
export const INVITE_BATCH_CAP = 50;

/** The writes an operation on `org` cannot avoid; the floor of each is ⌈objects ÷ min(P, cap)⌉. */
export function writeKinds(org: OrgSpec, operation: BenchOperation): WriteKind[] {
  const memberships = org.people.reduce((n, p) => n + p.teams.length, 0);
  if (operation === "up") {
    return [
      { route: "POST /roles", objects: org.roles.length, batchCap: 1 },
      { route: "POST /members", objects: org.people.length, batchCap: INVITE_BATCH_CAP },
      { route: "POST /teams", objects: org.teams.length, batchCap: 1 },
      { route: "PATCH /teams(/:key) (memberships)", objects: memberships, batchCap: MEMBERSHIP_BATCH_CAP },
    ];
  }
  if (operation === "destroy") {
    return [
      { route: "PATCH /teams(/:key) (memberships)", objects: memberships, batchCap: MEMBERSHIP_BATCH_CAP },
      { route: "DELETE /teams/:key", objects: org.teams.length, batchCap: 1 },
      { route: "DELETE /members/:id", objects: org.people.length, batchCap: 1 },
      { route: "DELETE /roles/:key", objects: org.roles.length, batchCap: 1 },
    ];
  }
  return [];
}

export interface WriteKindResult extends WriteKind {
  sent: number;
  floor: number;
}

export interface OperationSummary {
  operation: BenchOperation;
  parallel: number;
  wallMs: number;
  requests: number;
  writes: number;
  byRoute: Record<string, number>;
  /** Calls the engine made to the provider, by method. */
  providerCalls: Record<string, number>;
  /** Time with at least one provider call in flight, and its share of the wall time. */
  providerBusyMs: number;
  providerShare: number;
  /** Sum of the provider calls' durations (overlapping calls add up). */
  providerCallMsSum: number;
  writeKinds: WriteKindResult[];
  floorSum: number;
}

export function summarizeOperation(
  org: OrgSpec,
  operation: BenchOperation,
  parallel: number,
  run: { wallMs: number; requests: RequestLogEntry[]; calls: ProviderCall[] },
): OperationSummary {
  const providerCalls: Record<string, number> = {};
  for (const call of run.calls) providerCalls[call.method] = (providerCalls[call.method] ?? 0) + 1;
  const busy = busyMs(run.calls);
  const patches = membershipPatches(run.requests).length;
  const kinds = writeKinds(org, operation).map((kind) => ({
    ...kind,
    sent: kind.route.endsWith("(memberships)") ? patches : run.requests.filter((r) => routeOf(r) === kind.route).length,
    floor: writeFloor(kind.objects, parallel, kind.batchCap),
  }));
  return {
    operation,
    parallel,
    wallMs: run.wallMs,
    requests: run.requests.length,
    writes: run.requests.filter(isWrite).length,
    byRoute: countByRoute(run.requests),
    providerCalls,
    providerBusyMs: Math.round(busy),
    providerShare: Number((busy / run.wallMs).toFixed(3)),
    providerCallMsSum: Math.round(run.calls.reduce((sum, c) => sum + (c.endMs - c.startMs), 0)),
    writeKinds: kinds,
    floorSum: kinds.reduce((n, k) => n + k.floor, 0),
  };
}
