import type { TeamInputs } from "../../core/resources/team";
import { planTeamCreate, planTeamDelete, planTeamUpdate, teamFieldsFromState, teamUpdateRequest } from "../../core/resources/team-plan";
import type { PlannedRequest } from "./planned-request";

export function plannedTeamCreate(inputs: Record<string, unknown>): { requests: PlannedRequest[]; notes: string[] } {
  const desired = inputs as TeamInputs;
  const notes: string[] = [];
  if (desired.adoptExisting) {
    notes.push(`If team \`${desired.key}\` exists (409/400), the provider reads it and converges it with at most one semantic PATCH instead.`);
  }
  if ((desired.customRoleKeys?.length ?? 0) > 25) {
    notes.push("More custom roles than the response embeds (25): the provider checks them with `GET /api/v2/teams/{key}/roles`.");
  }
  return { requests: [{ request: planTeamCreate(desired) }], notes };
}

export function plannedTeamUpdate(key: string, olds: Record<string, unknown>, inputs: Record<string, unknown>): { requests: PlannedRequest[]; notes: string[] } {
  const plan = planTeamUpdate(key, teamFieldsFromState(olds), inputs as TeamInputs);
  if ("needs" in plan) {
    // The builder needs the live values of fields the state does not record: the body is built at up.
    return {
      requests: [
        {
          request: teamUpdateRequest(key, []),
          caveat:
            `The instructions depend on the team's live ${plan.needs.join(", ")} (not recorded in the state): the provider first sends ` +
            `\`GET /api/v2/teams/${key}?expand=roles,maintainers,roleAttributes\` and builds the patch from what it reads.`,
        },
      ],
      notes: [],
    };
  }
  if (plan.requests.length === 0) return { requests: [], notes: ["No request: nothing LaunchDarkly holds differs."] };
  return { requests: plan.requests.map((request) => ({ request })), notes: [] };
}

export function plannedTeamDelete(key: string): { requests: PlannedRequest[]; notes: string[] } {
  return {
    requests: [{ request: planTeamDelete(key) }],
    notes: [
      "If members not managed by this stack remain, LaunchDarkly answers 409; the provider then lists them " +
        `(\`GET /api/v2/members?filter=team:${key}\`), empties the team with one semantic PATCH and deletes again.`,
    ],
  };
}
