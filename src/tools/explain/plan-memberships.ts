import { DEFAULT_MAX_BATCH_SIZE, planBulkMembershipAdditions, planMembershipBatch, planMembershipBatches } from "../../core/resources/team-membership-plan";
import type { PlannedRequest, PlannedStep } from "./planned-request";

/** One TeamMembership change from the preview: the pair, and the resource it belongs to. */
export interface MembershipChange {
  teamKey: string;
  memberId: string;
  operation: "add" | "remove";
  resourceName: string;
}

/**
 * The provider coalesces TeamMembership writes (docs/decisions/0005, 0032, 0036). The engine creates memberships
 * as their members become known and deletes removed ones at the end of `up`, so additions and removals fall in
 * different batches.
 * - Additions of one team go out as one semantic `PATCH /teams/{key}` per 100 ids; additions of several teams
 *   that reach the provider together go out as one bulk `PATCH /teams` (beta) per 100 pairs, one
 *   `addMembersToTeams` instruction per team (or per member × team product). The plan shows that: the fewest
 *   requests `up` can send.
 * - Removals go per team (the bulk route cannot remove): one request per team per 100 ids.
 * When the engine reaches the pairs at different moments (e.g. each waits for a different new member), they
 * split into more batches, at most one request per pair.
 */
export function plannedMembershipBatches(changes: readonly MembershipChange[], command: "up" | "destroy" = "up"): PlannedStep[] {
  const additions = changesByTeam(changes, "add");
  const steps = additions.size > 1 ? [crossTeamAdditions(additions)] : perTeamSteps(additions, "add", command);
  return [...steps, ...perTeamSteps(changesByTeam(changes, "remove"), "remove", command)];
}

/** The changes of one operation per team, teams in key order. */
function changesByTeam(changes: readonly MembershipChange[], operation: "add" | "remove"): Map<string, MembershipChange[]> {
  const byTeam = new Map<string, MembershipChange[]>();
  for (const change of changes) {
    if (change.operation === operation) byTeam.set(change.teamKey, [...(byTeam.get(change.teamKey) ?? []), change]);
  }
  return new Map([...byTeam].sort(([a], [b]) => a.localeCompare(b)));
}

function perTeamSteps(byTeam: ReadonlyMap<string, MembershipChange[]>, operation: "add" | "remove", command: "up" | "destroy"): PlannedStep[] {
  return [...byTeam].map(([teamKey, teamChanges]) => {
    const ids = teamChanges.map((change) => change.memberId);
    const requests: PlannedRequest[] = planMembershipBatches(teamKey, operation, ids).map((request) => ({ request }));
    const names = teamChanges.map((change) => `\`${change.resourceName}\``).join(", ");
    const notes = [
      `${operation === "add" ? "Adds" : "Removes"} the pairs of ${names}, coalesced into one request per ${DEFAULT_MAX_BATCH_SIZE} ids when they arrive together` +
        (teamChanges.length > 1 ? `; if the engine reaches them at different moments they split, up to ${teamChanges.length} requests.` : "."),
    ];
    if (operation === "remove") {
      notes.push(
        "Removals go per team: LaunchDarkly has no request that removes members from several teams.",
        command === "destroy"
          ? "Sent first by `destroy`: memberships point at their team and member, so they go before the team and member deletes."
          : "Sent after the creates and updates, when `up` deletes removed and replaced resources: before the deletes of the teams and members they point at.",
      );
    }
    return {
      op: operation === "add" ? "add-team-members" : "remove-team-members",
      typeName: "TeamMembership",
      name: teamKey,
      requests,
      notes,
      requestRange: { min: requests.length, max: teamChanges.length },
    } satisfies PlannedStep;
  });
}

/**
 * Additions to several teams: one step, whose requests hold up to 100 pairs each, teams in key order. A request
 * that holds one team's pairs only is that team's `PATCH /teams/{key}`, as the batcher sends it.
 */
function crossTeamAdditions(byTeam: ReadonlyMap<string, MembershipChange[]>): PlannedStep {
  const chunks: Array<Map<string, string[]>> = [];
  let chunk = new Map<string, string[]>();
  let room = DEFAULT_MAX_BATCH_SIZE;
  for (const [teamKey, teamChanges] of byTeam) {
    for (const change of teamChanges) {
      if (room === 0) {
        chunks.push(chunk);
        chunk = new Map();
        room = DEFAULT_MAX_BATCH_SIZE;
      }
      chunk.set(teamKey, [...(chunk.get(teamKey) ?? []), change.memberId]);
      room--;
    }
  }
  chunks.push(chunk);
  const requests = chunks.flatMap((pairs): PlannedRequest[] => {
    if (pairs.size > 1) return planBulkMembershipAdditions(pairs, "several").map((request) => ({ request }));
    return [...pairs].map(([teamKey, ids]) => ({ request: planMembershipBatch(teamKey, ids, []) }));
  });
  const pairs = [...byTeam.values()].flat();
  // Where the account refuses several instructions in one request (undocumented), the first such request is refused once.
  const refusable = requests.some(({ request }) => request.path === "/api/v2/teams" && (request.body as { instructions: unknown[] }).instructions.length > 1);
  const names = pairs.map((change) => `\`${change.resourceName}\``).join(", ");
  return {
    op: "add-team-members",
    typeName: "TeamMembership",
    name: [...byTeam.keys()].join(", "),
    requests,
    notes: [
      `Adds the pairs of ${names}. Additions to several teams that reach the provider together go out as one bulk ` +
        `\`PATCH /api/v2/teams\` (beta: \`LD-API-Version: beta\`) per ${DEFAULT_MAX_BATCH_SIZE} pairs; if the engine reaches them at ` +
        `different moments they split, up to ${pairs.length} requests, and a batch of one team goes as \`PATCH /api/v2/teams/{key}\`.`,
      "If the account does not serve the beta route, or refuses several instructions in one request (one refused request), " +
        "the provider sends one instruction per request or one `PATCH /api/v2/teams/{key}` per team instead, for the rest of the run.",
    ],
    requestRange: { min: requests.length, max: pairs.length + (refusable ? 1 : 0) },
  };
}
