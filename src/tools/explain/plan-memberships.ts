import { planMembershipBatches } from "../../core/resources/team-membership-plan";
import type { PlannedRequest, PlannedStep } from "./planned-request";

/** One TeamMembership change from the preview: the pair, and the resource it belongs to. */
export interface MembershipChange {
  teamKey: string;
  memberId: string;
  operation: "add" | "remove";
  resourceName: string;
}

/**
 * The provider coalesces the TeamMembership writes of one team: pairs arriving within 20 ms of the first
 * pending one (up to 100 ids) go out as one semantic PATCH (docs/decisions/0005). The engine creates
 * memberships as their members become known and deletes removed ones at the end of `up`, so additions and
 * removals fall in different batches. The plan shows each team's additions as one request and its removals
 * as another (per 100 ids): the fewest requests `up` can send. When the engine reaches the pairs at
 * different moments (e.g. each waits for a different new member), they split into more batches, at most
 * one request per pair.
 */
export function plannedMembershipBatches(changes: readonly MembershipChange[], command: "up" | "destroy" = "up"): PlannedStep[] {
  const steps: PlannedStep[] = [];
  for (const operation of ["add", "remove"] as const) {
    const byTeam = new Map<string, MembershipChange[]>();
    for (const change of changes) {
      if (change.operation !== operation) continue;
      byTeam.set(change.teamKey, [...(byTeam.get(change.teamKey) ?? []), change]);
    }
    for (const [teamKey, teamChanges] of [...byTeam].sort(([a], [b]) => a.localeCompare(b))) {
      const ids = teamChanges.map((change) => change.memberId);
      const requests: PlannedRequest[] = planMembershipBatches(teamKey, operation, ids).map((request) => ({ request }));
      const names = teamChanges.map((change) => `\`${change.resourceName}\``).join(", ");
      const notes = [
        `${operation === "add" ? "Adds" : "Removes"} the pairs of ${names}, coalesced into one request per 100 ids when they arrive together` +
          (teamChanges.length > 1 ? `; if the engine reaches them at different moments they split, up to ${teamChanges.length} requests.` : "."),
      ];
      if (operation === "remove") {
        notes.push(
          command === "destroy"
            ? "Sent first by `destroy`: memberships point at their team and member, so they go before the team and member deletes."
            : "Sent after the creates and updates, when `up` deletes removed and replaced resources: before the deletes of the teams and members they point at.",
        );
      }
      steps.push({
        op: operation === "add" ? "add-team-members" : "remove-team-members",
        typeName: "TeamMembership",
        name: teamKey,
        requests,
        notes,
        requestRange: { min: requests.length, max: teamChanges.length },
      });
    }
  }
  return steps;
}
