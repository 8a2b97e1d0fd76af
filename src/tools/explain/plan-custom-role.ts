import { customRoleInputSchema, diffCustomRole, type CustomRoleInputs, type PolicyStatement } from "../../core/resources/custom-role";
import { planCustomRoleCreate, planCustomRoleDelete, planCustomRoleUpdate } from "../../core/resources/custom-role-plan";
import { policyDiff } from "./policy-diff";
import type { PlannedRequest } from "./planned-request";

function customRoleInputs(inputs: Record<string, unknown>): CustomRoleInputs {
  const parsed = customRoleInputSchema.safeParse(inputs);
  return parsed.success ? parsed.data : (inputs as unknown as CustomRoleInputs);
}

export function plannedCustomRoleCreate(inputs: Record<string, unknown>): { requests: PlannedRequest[]; notes: string[] } {
  const news = customRoleInputs(inputs);
  const notes = news.adoptExisting
    ? [`If a role with key \`${news.key}\` exists (409), the provider reads it (\`GET /api/v2/roles/${news.key}\`) and converges it with at most one PATCH instead.`]
    : [];
  return { requests: [{ request: planCustomRoleCreate(news) }], notes };
}

export function plannedCustomRoleUpdate(id: string, olds: Record<string, unknown>, inputs: Record<string, unknown>): { requests: PlannedRequest[]; notes: string[] } {
  const news = customRoleInputs(inputs);
  const [request] = planCustomRoleUpdate(id, olds, news).requests;
  if (!request) return { requests: [], notes: ["No request: nothing LaunchDarkly holds differs."] };
  const planned: PlannedRequest = { request };
  if (request.body.patch.some((op) => op.path === "/policy") && Array.isArray(olds.policy) && Array.isArray(news.policy)) {
    planned.policyDiff = policyDiff(olds.policy as PolicyStatement[], news.policy);
  }
  return { requests: [planned], notes: [] };
}

export function plannedCustomRoleDelete(id: string): { requests: PlannedRequest[]; notes: string[] } {
  return {
    requests: [{ request: planCustomRoleDelete(id) }],
    notes: ["While members or teams still hold the role, LaunchDarkly answers 409; the provider retries with backoff until they are updated (or the operation deadline)."],
  };
}

export function customRoleDeletesBeforeReplace(olds: Record<string, unknown>, inputs: Record<string, unknown>): boolean {
  return diffCustomRole(olds, inputs).deleteBeforeReplace === true;
}
