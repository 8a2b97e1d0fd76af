import type { RequestLogEntry } from "../../src/emulator";
import type { ProviderCall } from "./provider-calls";
import { membershipPatches, writeFloor } from "./request-log";

/**
 * When the engine handed each TeamMembership create (or delete) to the provider, per team, in milliseconds
 * since the first of them; and what the batcher made of it: PATCHes, ids per PATCH, the floor.
 */
export interface MembershipArrivals {
  /** "real CLI", or "engine model" (the paced harness engine). */
  source?: string;
  method: "Create" | "Delete";
  parallel: number;
  memberships: number;
  /** Per team: start offsets (ms) of the provider calls, in order. */
  arrivalsByTeam: Record<string, number[]>;
  /** Median gap (ms) between consecutive arrivals of one team, and of any team. */
  medianGapMs: number;
  medianGlobalGapMs: number;
  patches: number;
  idsPerPatch: number[];
  /** ⌈memberships ÷ min(P, 100)⌉, and the same per team summed (one PATCH carries one team). */
  floor: number;
  perTeamFloor: number;
  /** Mean time a membership call spent in the provider (its batching wait plus the PATCH). */
  meanCallMs: number;
}

export function membershipArrivals(method: "Create" | "Delete", parallel: number, calls: readonly ProviderCall[], requests: readonly RequestLogEntry[]): MembershipArrivals {
  const ours = calls.filter((c) => c.type === "TeamMembership" && c.method === method && c.teamKey !== undefined);
  const origin = Math.min(...ours.map((c) => c.startMs));
  const arrivalsByTeam: Record<string, number[]> = {};
  for (const call of ours) (arrivalsByTeam[call.teamKey!] ??= []).push(Math.round(call.startMs - origin));
  const gaps = Object.values(arrivalsByTeam).flatMap((starts) => starts.slice(1).map((s, i) => s - starts[i]!));
  const starts = ours.map((c) => c.startMs).sort((a, b) => a - b);
  const patches = membershipPatches(requests);
  return {
    method,
    parallel,
    memberships: ours.length,
    arrivalsByTeam: Object.fromEntries(Object.entries(arrivalsByTeam).sort(([a], [b]) => a.localeCompare(b, undefined, { numeric: true }))),
    medianGapMs: median(gaps),
    medianGlobalGapMs: Math.round(median(starts.slice(1).map((s, i) => s - starts[i]!))),
    patches: patches.length,
    idsPerPatch: patches.map((p) => p.ids),
    floor: writeFloor(ours.length, parallel, 100),
    perTeamFloor: Object.values(arrivalsByTeam).reduce((n, starts) => n + writeFloor(starts.length, parallel, 100), 0),
    meanCallMs: Math.round(ours.reduce((sum, c) => sum + (c.endMs - c.startMs), 0) / Math.max(1, ours.length)),
  };
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
