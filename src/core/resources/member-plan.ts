import { deleteMemberRequest, inviteMembersRequest, patchMemberRequest, type NewMemberForm } from "../api/members";
import type { ApiRequest } from "../client/http";
import { buildJsonPatch, type Operation } from "../patch/json-patch";
import { canonicalRoleAttributes } from "../patch/role-attributes";
import type { Props } from "./props";
import { omitUndefined } from "./struct-safe";

// The requests a Member sends, planned without I/O: member.ts sends what these return, and `explain` shows them.

/** What the requests are built from: the checked inputs (member.ts's `MemberInputs` has this shape). */
export interface DesiredMember {
  email: string;
  firstName?: string;
  lastName?: string;
  role: NonNullable<NewMemberForm["role"]>;
  customRoles?: string[];
  roleAttributes?: Record<string, string[]>;
}

export type MemberPatchRequest = ApiRequest & { body: Operation[] };

/**
 * An update's plan: the PATCH (none when nothing the API can change differs), or the custom role keys whose
 * ids it needs (`/customRoles` takes ids): look them up, then plan again with them.
 */
export type MemberUpdatePlan = { needs: { roleIdsOf: string[] } } | { requests: [] | [MemberPatchRequest] };

/** `POST /members` takes 1 to 50 invites per request. */
export const MAX_INVITES_PER_REQUEST = 50;

/** A lone create's request: one entry. Concurrent creates share one request (`planMemberInvites`). */
export function planMemberCreate(desired: DesiredMember): ApiRequest & { body: NewMemberForm[] } {
  return planMemberInvites([buildInviteForm(desired)]);
}

/** The one `POST /members` the session's invite batcher sends for the invite entries of concurrent creates. */
export function planMemberInvites(forms: readonly NewMemberForm[]): ApiRequest & { body: NewMemberForm[] } {
  if (forms.length < 1 || forms.length > MAX_INVITES_PER_REQUEST) {
    throw new Error(`a POST /members carries 1 to ${MAX_INVITES_PER_REQUEST} invites; planned ${forms.length}`);
  }
  return inviteMembersRequest([...forms]);
}

/**
 * From what the diff saw (previous outputs, or a live member's outputs) to the desired inputs. `roleIds`
 * maps custom role keys to ids; without every key it needs, the plan asks for them.
 */
export function planMemberUpdate(id: string, olds: Props, desired: Pick<DesiredMember, "role" | "customRoles" | "roleAttributes">, roleIds?: ReadonlyMap<string, string>): MemberUpdatePlan {
  const ops = buildMemberPatch(olds, desired);
  if (ops.length === 0) return { requests: [] };
  const keys = customRoleKeysSent(ops);
  const missing = keys.filter((key) => !roleIds?.has(key));
  if (missing.length > 0) return { needs: { roleIdsOf: keys } };
  const withIds = ops.map((op) => (keys.length > 0 && op.path === "/customRoles" && "value" in op ? { ...op, value: keys.map((key) => roleIds!.get(key)!) } : op));
  return { requests: [patchMemberRequest(id, withIds)] };
}

export function planMemberDelete(id: string): ApiRequest {
  return deleteMemberRequest(id);
}

/**
 * The `PATCH /members/{id}` operations in key space: `/role` replaced, `/customRoles` and `/roleAttributes`
 * replaced whole (no index ops a concurrent change could shift).
 */
export function buildMemberPatch(olds: Props, news: Pick<DesiredMember, "role" | "customRoles" | "roleAttributes">): Operation[] {
  const live: Record<string, unknown> = { role: olds.role, customRoles: liveCustomRoles(olds) };
  if (olds.roleAttributes !== undefined) live.roleAttributes = liveRoleAttributes(olds);
  const desired: Record<string, unknown> = { role: news.role, customRoles: news.customRoles, roleAttributes: news.roleAttributes };
  // No attributes live and none wanted: nothing to send.
  if (live.roleAttributes === undefined && news.roleAttributes !== undefined && Object.keys(news.roleAttributes).length === 0) {
    delete desired.roleAttributes;
  }
  return buildJsonPatch(live, desired, { wholeValueFields: ["customRoles", "roleAttributes"] });
}

/** The custom role keys a patch sets (`/customRoles` goes whole); none when it leaves them alone. */
function customRoleKeysSent(ops: readonly Operation[]): string[] {
  const op = ops.find((candidate) => candidate.path === "/customRoles" && (candidate.op === "replace" || candidate.op === "add"));
  return op && "value" in op ? (op.value as string[]) : [];
}

/** The one invite entry for `POST /members`; custom roles go by key, which the invite accepts. */
export function buildInviteForm(news: DesiredMember) {
  return omitUndefined({
    email: news.email,
    firstName: news.firstName,
    lastName: news.lastName,
    role: news.role,
    customRoles: news.customRoles && news.customRoles.length > 0 ? news.customRoles : undefined,
    roleAttributes: news.roleAttributes && Object.keys(news.roleAttributes).length > 0 ? news.roleAttributes : undefined,
  });
}

/** Unset means "no custom roles" / "no attributes" on the live side: the API omits empty ones. */
export function liveCustomRoles(olds: Props): string[] {
  return [...new Set<string>(olds.customRoles ?? [])].sort();
}
export function liveRoleAttributes(olds: Props): Record<string, string[]> {
  return canonicalRoleAttributes(olds.roleAttributes);
}
