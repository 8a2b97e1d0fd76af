import { isDeepStrictEqual } from "node:util";
import type { RequestLogEntry } from "../../src/emulator";
import type { ExplainPlan } from "../../src/tools/explain/plan";
import type { PlannedRequest } from "../../src/tools/explain/planned-request";

/** A placeholder explain writes for an id that exists only after `up`: it matches any string. */
const PLACEHOLDER = /^<.*>$/;

function matchesWithPlaceholders(planned: unknown, actual: unknown): boolean {
  if (typeof planned === "string" && PLACEHOLDER.test(planned)) return typeof actual === "string";
  if (Array.isArray(planned)) {
    return Array.isArray(actual) && planned.length === actual.length && planned.every((item, i) => matchesWithPlaceholders(item, actual[i]));
  }
  if (planned !== null && typeof planned === "object") {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) return false;
    const keys = Object.keys(planned);
    return keys.length === Object.keys(actual).length && keys.every((key) => matchesWithPlaceholders((planned as any)[key], (actual as any)[key]));
  }
  return isDeepStrictEqual(planned, actual);
}

export function isWrite(entry: RequestLogEntry): boolean {
  return entry.method !== "GET" && entry.method !== "HEAD";
}

export interface PlanComparison {
  /** Planned requests (other than memberships) with no matching write; for invites, entries with no matching entry sent. */
  unmatchedPlanned: string[];
  /** Writes that no planned request accounts for. */
  unexpectedWrites: string[];
  /** Per team: member ids the plan adds/removes vs those the writes added/removed (placeholders count as one id each). */
  membershipMismatches: string[];
  writeCount: number;
}

function describe(method: string, path: string, body: unknown): string {
  return `${method} ${path} ${JSON.stringify(body)}`;
}

type MembershipKind = "addMembers" | "removeMembers";

/**
 * The member ids a membership write adds or removes, per team: a team's `PATCH /teams/{key}` (`addMembers` /
 * `removeMembers`), or a bulk `PATCH /teams` (`addMembersToTeams`: every listed member to every listed team).
 */
function membershipIdsByTeam(path: string, body: unknown, kind: MembershipKind): Map<string, string[]> {
  const byTeam = new Map<string, string[]>();
  const instructions = (body as { instructions?: Array<{ kind: string; values?: string[]; memberIDs?: string[]; teamKeys?: string[] }> })?.instructions ?? [];
  if (path === "/api/v2/teams") {
    if (kind !== "addMembers") return byTeam;
    for (const instruction of instructions.filter((i) => i.kind === "addMembersToTeams")) {
      for (const team of instruction.teamKeys ?? []) byTeam.set(team, [...(byTeam.get(team) ?? []), ...(instruction.memberIDs ?? [])]);
    }
    return byTeam;
  }
  const ids = instructions.filter((i) => i.kind === kind).flatMap((i) => i.values ?? []);
  if (ids.length > 0) byTeam.set(decodeURIComponent(path.split("/").pop()!), ids);
  return byTeam;
}

function isInvite(entry: RequestLogEntry): boolean {
  return entry.method === "POST" && entry.path === "/api/v2/members";
}

function isMembershipPatch(body: unknown): boolean {
  const instructions = (body as { instructions?: Array<{ kind: string }> })?.instructions;
  return (
    Array.isArray(instructions) &&
    instructions.length > 0 &&
    (instructions.every((i) => i.kind === "addMembers" || i.kind === "removeMembers") || instructions.every((i) => i.kind === "addMembersToTeams")) &&
    (body as { comment?: string }).comment?.startsWith("Team membership") === true
  );
}

/**
 * Whether the writes `up` sent are what explain planned: every planned resource request matched one write
 * (method, path, body; placeholders match any id), every planned invite entry matched one entry of the
 * `POST /members` sent (however the provider batched them), and the membership writes of each team add and
 * remove as many members as planned, with the known ids exactly, whether a team's ids went in its own PATCH or in
 * a bulk `PATCH /teams` (a refused write, e.g. a bulk request of several instructions under the strict profile,
 * added nothing and is not counted).
 */
export function comparePlanWithWrites(plan: ExplainPlan, log: readonly RequestLogEntry[]): PlanComparison {
  const writes = log.filter(isWrite);
  const remaining = writes.filter((w) => !isMembershipPatch(w.body) && !isInvite(w));
  const membershipWrites = writes.filter((w) => isMembershipPatch(w.body));
  const unmatchedPlanned: string[] = [];
  const coalesced = new Set(["invite-members", "add-team-members", "remove-team-members"]);
  const planned: PlannedRequest[] = plan.steps.filter((s) => !coalesced.has(s.op)).flatMap((s) => s.requests);
  for (const { request } of planned) {
    const index = remaining.findIndex((w) => w.method === request.method && w.path === request.path && matchesWithPlaceholders(request.body, w.body));
    if (index < 0) unmatchedPlanned.push(describe(request.method, request.path, request.body));
    else remaining.splice(index, 1);
  }

  const sentEntries = writes.filter(isInvite).flatMap((w) => (Array.isArray(w.body) ? (w.body as unknown[]) : [w.body]));
  const plannedEntries = plan.steps.filter((s) => s.op === "invite-members").flatMap((s) => s.requests.flatMap((r) => r.request.body as unknown[]));
  for (const entry of plannedEntries) {
    const index = sentEntries.findIndex((sent) => matchesWithPlaceholders(entry, sent));
    if (index < 0) unmatchedPlanned.push(describe("POST", "/api/v2/members", [entry]));
    else sentEntries.splice(index, 1);
  }

  const membershipMismatches: string[] = [];
  const plannedMembershipRequests = plan.steps.filter((s) => s.op === "add-team-members" || s.op === "remove-team-members").flatMap((s) => s.requests.map((r) => r.request));
  const accepted = membershipWrites.filter((w) => w.status >= 200 && w.status < 300);
  for (const [, kind] of [["add-team-members", "addMembers"], ["remove-team-members", "removeMembers"]] as const) {
    const plannedByTeam = idsPerTeam(plannedMembershipRequests.map((r) => membershipIdsByTeam(r.path, r.body, kind)));
    const sentByTeam = idsPerTeam(accepted.map((w) => membershipIdsByTeam(w.path, w.body, kind)));
    for (const team of new Set([...plannedByTeam.keys(), ...sentByTeam.keys()])) {
      const plannedIds = plannedByTeam.get(team) ?? [];
      const sentIds = sentByTeam.get(team) ?? [];
      const knownMissing = plannedIds.filter((id) => !PLACEHOLDER.test(id) && !sentIds.includes(id));
      if (plannedIds.length !== sentIds.length || knownMissing.length > 0) {
        membershipMismatches.push(`${team} ${kind}: planned ${JSON.stringify(plannedIds)}, sent ${JSON.stringify(sentIds)}`);
      }
    }
  }
  return {
    unmatchedPlanned,
    unexpectedWrites: [...remaining.map((w) => describe(w.method, w.path, w.body)), ...sentEntries.map((entry) => describe("POST", "/api/v2/members", [entry]))],
    membershipMismatches,
    writeCount: writes.length,
  };
}

function idsPerTeam(maps: ReadonlyArray<Map<string, string[]>>): Map<string, string[]> {
  const merged = new Map<string, string[]>();
  for (const map of maps) for (const [team, ids] of map) merged.set(team, [...(merged.get(team) ?? []), ...ids]);
  return merged;
}
