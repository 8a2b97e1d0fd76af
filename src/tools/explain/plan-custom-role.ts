import { createRoleRequest, deleteRoleRequest, patchRoleRequest } from "../../core/api/roles";
import {
  buildCreateRoleBody,
  buildCustomRolePatch,
  customRoleInputSchema,
  diffCustomRole,
  PATCH_COMMENT,
  type CustomRoleInputs,
  type PolicyStatement,
} from "../../core/resources/custom-role";
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
  return { requests: [{ request: createRoleRequest(buildCreateRoleBody(news)) }], notes };
}

export function plannedCustomRoleUpdate(id: string, olds: Record<string, unknown>, inputs: Record<string, unknown>): { requests: PlannedRequest[]; notes: string[] } {
  const news = customRoleInputs(inputs);
  const patch = buildCustomRolePatch(olds, news);
  if (patch.length === 0) return { requests: [], notes: ["No request: nothing LaunchDarkly holds differs."] };
  const planned: PlannedRequest = { request: patchRoleRequest(id, { patch, comment: PATCH_COMMENT }) };
  if (patch.some((op) => op.path === "/policy") && Array.isArray(olds.policy) && Array.isArray(news.policy)) {
    planned.policyDiff = policyDiff(olds.policy as PolicyStatement[], news.policy);
  }
  return { requests: [planned], notes: [] };
}

export function plannedCustomRoleDelete(id: string): { requests: PlannedRequest[]; notes: string[] } {
  return {
    requests: [{ request: deleteRoleRequest(id) }],
    notes: ["While members or teams still hold the role, LaunchDarkly answers 409; the provider retries with backoff until they are updated (or the operation deadline)."],
  };
}

export function customRoleDeletesBeforeReplace(olds: Record<string, unknown>, inputs: Record<string, unknown>): boolean {
  return diffCustomRole(olds, inputs).deleteBeforeReplace === true;
}
