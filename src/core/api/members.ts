import type { Operation } from "fast-json-patch";
import type { ApiRequest, LaunchDarklyClient } from "../client/http";
import { listingPage, PAGE_SIZE, paginate, type ListingPage } from "../client/paginate";
import { itemParser, parseResponseBody } from "../client/response-validation";
import { isRepeatableJsonPatch } from "../client/retry";
import type { ExpandOf } from "./documented-expands";
import { memberWithEmail, membersOfTeam, type MemberFilter } from "./member-filters";
import { deletedUnlessNotFound, undefinedIfNotFound } from "./not-found";
import { memberSchema, membersCollectionSchema, type Member, type NewMemberForm } from "./schemas";

export { memberSchema, type Member, type MemberExpand, type NewMemberForm } from "./schemas";
export type { Operation } from "fast-json-patch";

const MEMBERS = "/api/v2/members";
const memberPath = (id: string): string => `${MEMBERS}/${encodeURIComponent(id)}`;
const expandParam = (expand: readonly string[] | undefined): string | undefined =>
  expand && expand.length > 0 ? expand.join(",") : undefined;

export interface ListMembersOptions {
  /** Built by `member-filters.ts`. */
  filter?: MemberFilter;
  expand?: ExpandOf<"getMembers">[];
  /** Default 1000, the API maximum. */
  pageSize?: number;
}

export function listMembers(client: LaunchDarklyClient, options: ListMembersOptions = {}): AsyncGenerator<Member> {
  return paginate(client, MEMBERS, {
    query: { filter: options.filter, expand: expandParam(options.expand) },
    pageSize: options.pageSize ?? PAGE_SIZE.members,
    parseItem: itemParser(memberSchema),
  });
}

/** One page of the account's members at `offset` (for the session's account snapshot). */
export function membersPage(client: LaunchDarklyClient, offset: number, options: Omit<ListMembersOptions, "filter"> = {}): Promise<ListingPage<Member>> {
  return listingPage(client, MEMBERS, { query: { expand: expandParam(options.expand) }, pageSize: options.pageSize ?? PAGE_SIZE.members, parseItem: itemParser(memberSchema) }, offset);
}

/**
 * The members of one team. `filter=team:<key>` is post-filtered on each member's `teams[].key`: the spec
 * says the filter "matches against" the key, its wording for the substring `query` filter too, so a server
 * may also return the members of `platform-eng` for `platform`. Compared case-insensitively, as the spec
 * says the filter is. A member listed without `teams` is kept: the server's filter is all there is to go on.
 */
export async function* listTeamMembers(
  client: LaunchDarklyClient,
  teamKey: string,
  options: Omit<ListMembersOptions, "filter"> = {},
): AsyncGenerator<Member> {
  const wanted = teamKey.toLowerCase();
  for await (const member of listMembers(client, { ...options, filter: membersOfTeam(teamKey) })) {
    if (member.teams === undefined || member.teams.some((team) => team.key.toLowerCase() === wanted)) yield member;
  }
}

/** `id` may be `me`. Undefined when the member does not exist. */
export async function getMember(client: LaunchDarklyClient, id: string, options: { expand?: ExpandOf<"getMember">[] } = {}): Promise<Member | undefined> {
  const path = memberPath(id);
  const response = await undefinedIfNotFound(client.request({ method: "GET", path, query: { expand: expandParam(options.expand) } }));
  if (!response) return undefined;
  return parseResponseBody(memberSchema, response.body, { method: "GET", path, status: response.status, requestId: response.requestId });
}

/** The `POST /members` request `inviteMembers` sends (pure; `explain` shows it). */
export function inviteMembersRequest(forms: NewMemberForm[]): ApiRequest & { body: NewMemberForm[] } {
  return { method: "POST", path: MEMBERS, body: forms };
}

/** Invites 1–50 members in one atomic request (one bad entry rejects all). Never retried blindly. */
export function inviteMembers(client: LaunchDarklyClient, forms: NewMemberForm[]): Promise<Member[]> {
  return sendInvite(client, inviteMembersRequest(forms));
}

/** Sends a planned `POST /members` and returns the members it invited. */
export async function sendInvite(client: LaunchDarklyClient, request: ApiRequest): Promise<Member[]> {
  const response = await client.request(request);
  const parsed = parseResponseBody(membersCollectionSchema, response.body, { method: "POST", path: MEMBERS, status: response.status, requestId: response.requestId });
  return parsed.items;
}

/** The `PATCH /members/{id}` request `patchMember` sends (pure; `explain` shows it). */
export function patchMemberRequest(id: string, ops: Operation[], options: { retrySafe?: boolean } = {}): ApiRequest & { body: Operation[] } {
  return { method: "PATCH", path: memberPath(id), body: ops, retrySafe: options.retrySafe ?? isRepeatableJsonPatch(ops) };
}

/**
 * JSON Patch (bare array) on `/role`, `/customRoles` (role ids) or `/roleAttributes`. Retried on
 * 5xx/reset only when repeating it is harmless (replace/test, or add outside an array), unless the
 * caller says otherwise.
 */
export function patchMember(client: LaunchDarklyClient, id: string, ops: Operation[], options: { retrySafe?: boolean } = {}): Promise<Member> {
  return sendMemberPatch(client, patchMemberRequest(id, ops, options));
}

/** Sends a planned `PATCH /members/{id}` and returns the member it answers with. */
export async function sendMemberPatch(client: LaunchDarklyClient, request: ApiRequest): Promise<Member> {
  const response = await client.request(request);
  return parseResponseBody(memberSchema, response.body, { method: "PATCH", path: request.path, status: response.status, requestId: response.requestId });
}

export function deleteMemberRequest(id: string): ApiRequest {
  return { method: "DELETE", path: memberPath(id) };
}

/** False when the member was already gone (404). */
export function deleteMember(client: LaunchDarklyClient, id: string): Promise<boolean> {
  return deletedUnlessNotFound(client.request(deleteMemberRequest(id)));
}

/**
 * Exact, case-insensitive email lookup via `filter=email:<email>`. Expands roleAttributes, so that a caller
 * adopting the member compares against its real attributes.
 */
export async function findMemberByEmail(client: LaunchDarklyClient, email: string): Promise<Member | undefined> {
  const wanted = email.trim().toLowerCase();
  for await (const member of listMembers(client, { filter: memberWithEmail(wanted), pageSize: 20, expand: ["roleAttributes"] })) {
    if (member.email.toLowerCase() === wanted) return member;
  }
  return undefined;
}
