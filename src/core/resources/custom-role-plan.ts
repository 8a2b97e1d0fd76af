import { createRoleRequest, deleteRoleRequest, patchRoleRequest, type CustomRolePost, type RolePatch, type StatementPost } from "../api/roles";
import type { ApiRequest } from "../client/http";
import { buildJsonPatch, type Operation } from "../patch/json-patch";
import { withoutCheckOnlyFields } from "../policy/check-only-fields";
import type { Props } from "./props";
import { omitUndefined } from "./struct-safe";

// The requests a CustomRole sends, planned without I/O: custom-role.ts sends what these return, and `explain` shows them.

/** What the requests are built from: the checked inputs (custom-role.ts's `CustomRoleInputs` has this shape). */
export type DesiredCustomRole = Omit<CustomRolePost, "policy"> & { policy: (StatementPost & { allowUnknownActions?: boolean })[] };

export type RolePatchRequest = ApiRequest & { body: RolePatch };

/** An update's plan: the PATCH, none when nothing LaunchDarkly holds differs. */
export type CustomRoleUpdatePlan = { requests: [] | [RolePatchRequest] };

export const PATCH_COMMENT = "Updated by Pulumi (pulumi-launchdarkly-access)";
export const UPDATABLE_FIELDS = ["name", "description", "policy", "basePermissions"] as const;

export function planCustomRoleCreate(desired: DesiredCustomRole): ApiRequest & { body: CustomRolePost } {
  return createRoleRequest(buildCreateRoleBody(desired));
}

/** From the previous outputs (or an adopted role's) to the desired inputs, addressed by key or id. */
export function planCustomRoleUpdate(keyOrId: string, olds: Props, desired: DesiredCustomRole): CustomRoleUpdatePlan {
  const patch = buildCustomRolePatch(olds, desired);
  return { requests: patch.length === 0 ? [] : [patchRoleRequest(keyOrId, { patch, comment: PATCH_COMMENT })] };
}

export function planCustomRoleDelete(keyOrId: string): ApiRequest {
  return deleteRoleRequest(keyOrId);
}

/**
 * `/policy` goes whole (statement indexes are order-significant and a concurrent edit could shift them).
 * Never `/resourceCategory`: it is immutable, and a change of it is a replace (`diffCustomRole`).
 */
export function buildCustomRolePatch(olds: Props, news: DesiredCustomRole): Operation[] {
  const live: Record<string, unknown> = {};
  const desired: Record<string, unknown> = {};
  for (const field of UPDATABLE_FIELDS) {
    live[field] = field === "policy" ? withoutCheckOnlyFields(olds.policy) : olds[field];
    desired[field] = field === "policy" ? withoutCheckOnlyFields(news.policy) : news[field];
  }
  if (olds.description === undefined && news.description === "") delete desired.description;
  return buildJsonPatch(live, desired, { wholeValueFields: ["policy"] });
}

export function buildCreateRoleBody(news: DesiredCustomRole): CustomRolePost {
  return omitUndefined({
    key: news.key,
    name: news.name,
    description: news.description,
    policy: withoutCheckOnlyFields(news.policy),
    basePermissions: news.basePermissions,
    resourceCategory: news.resourceCategory,
  });
}
