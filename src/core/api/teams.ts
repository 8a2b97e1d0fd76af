import { BETA_API_VERSION, type ApiRequest, type LaunchDarklyClient } from "../client/http";
import { DOCUMENTED_DEFAULT_PAGE_SIZE, listingPage, PAGE_SIZE, paginate, type ListingPage } from "../client/paginate";
import { itemParser, parseResponseBody } from "../client/response-validation";
import type { BulkTeamsSemanticPatch } from "../patch/bulk-team-instructions";
import { SEMANTIC_PATCH_CONTENT_TYPE, type TeamInstruction, type TeamInstructionKind, type TeamSemanticPatch } from "../patch/team-instructions";
import type { ExpandOf } from "./documented-expands";
import { deletedUnlessNotFound, undefinedIfNotFound } from "./not-found";
import {
  bulkEditTeamsResultSchema,
  memberSummarySchema,
  teamRoleSummarySchema,
  teamSchema,
  type BulkEditTeamsResult,
  type MemberSummary,
  type Team,
  type TeamExpand,
  type TeamPostInput,
  type TeamRoleSummary,
} from "./schemas";

export {
  teamSchema,
  type BulkEditTeamsResult,
  type MemberSummary,
  type Team,
  type TeamExpand,
  type TeamPermissionGrantInput,
  type TeamPostInput,
  type TeamRoleSummary,
} from "./schemas";

const TEAMS = "/api/v2/teams";
const teamPath = (key: string): string => `${TEAMS}/${encodeURIComponent(key)}`;
const expandParam = (expand: readonly TeamExpand[] | undefined): string | undefined =>
  expand && expand.length > 0 ? expand.join(",") : undefined;

/**
 * Instructions whose repetition changes nothing more (the API treats "already so" as success), so a
 * patch made only of these may be retried after a 5xx or a dropped connection. The others can fail
 * the second time (e.g. removing a grant that the first attempt already removed).
 */
const REPEATABLE_INSTRUCTIONS: ReadonlySet<TeamInstructionKind> = new Set<TeamInstructionKind>([
  "addCustomRoles",
  "removeCustomRoles",
  "addMembers",
  "removeMembers",
  "replaceMembers",
  "updateRoleAttribute",
  "replaceRoleAttributes",
  "updateName",
  "updateDescription",
]);

export function isRepeatableTeamPatch(instructions: readonly TeamInstruction[]): boolean {
  return instructions.every((instruction) => REPEATABLE_INSTRUCTIONS.has(instruction.kind));
}

export interface ListTeamsOptions {
  expand?: ExpandOf<"getTeams">[];
  pageSize?: number;
}

export function listTeams(client: LaunchDarklyClient, options: ListTeamsOptions = {}): AsyncGenerator<Team> {
  return paginate(client, TEAMS, {
    query: { expand: expandParam(options.expand) },
    pageSize: options.pageSize ?? PAGE_SIZE.teams,
    parseItem: itemParser(teamSchema),
  });
}

/** One page of the account's teams at `offset` (for the session's account snapshot). */
export function teamsPage(client: LaunchDarklyClient, offset: number, options: ListTeamsOptions = {}): Promise<ListingPage<Team>> {
  return listingPage(client, TEAMS, { query: { expand: expandParam(options.expand) }, pageSize: options.pageSize ?? PAGE_SIZE.teams, parseItem: itemParser(teamSchema) }, offset);
}

/** The `POST /teams` request `createTeam` sends (pure; `explain` shows it). */
export function createTeamRequest(input: TeamPostInput, expand?: ExpandOf<"postTeam">[]): ApiRequest & { body: TeamPostInput } {
  return { method: "POST", path: TEAMS, query: { expand: expandParam(expand) }, body: input };
}

/** `POST /teams` (201). A duplicate key may be 400 or 409; callers decide whether to GET and adopt. */
export function createTeam(client: LaunchDarklyClient, input: TeamPostInput, expand?: ExpandOf<"postTeam">[]): Promise<Team> {
  return sendTeamWrite(client, createTeamRequest(input, expand));
}

/** Sends a planned `POST /teams` or `PATCH /teams/{key}` and returns the team it answers with. */
export async function sendTeamWrite(client: LaunchDarklyClient, request: ApiRequest): Promise<Team> {
  const response = await client.request(request);
  return parseResponseBody(teamSchema, response.body, { method: request.method, path: request.path, status: response.status, requestId: response.requestId });
}

/** Undefined when the team does not exist. */
export async function getTeam(client: LaunchDarklyClient, key: string, expand?: ExpandOf<"getTeam">[]): Promise<Team | undefined> {
  const path = teamPath(key);
  const response = await undefinedIfNotFound(client.request({ method: "GET", path, query: { expand: expandParam(expand) } }));
  if (!response) return undefined;
  return parseResponseBody(teamSchema, response.body, { method: "GET", path, status: response.status, requestId: response.requestId });
}

/** The semantic-patch `PATCH /teams/{key}` request `patchTeam` sends (pure; `explain` shows it). */
export function patchTeamRequest(
  key: string,
  patch: TeamSemanticPatch,
  expand?: ExpandOf<"patchTeam">[],
  options: { retrySafe?: boolean } = {},
): ApiRequest & { body: TeamSemanticPatch } {
  const body: TeamSemanticPatch = patch.comment === undefined ? { instructions: patch.instructions } : { comment: patch.comment, instructions: patch.instructions };
  return {
    method: "PATCH",
    path: teamPath(key),
    query: { expand: expandParam(expand) },
    body,
    contentType: SEMANTIC_PATCH_CONTENT_TYPE,
    retrySafe: options.retrySafe ?? isRepeatableTeamPatch(patch.instructions),
  };
}

/** Semantic patch `{comment?, instructions}`; all-or-nothing on the server. */
export function patchTeam(
  client: LaunchDarklyClient,
  key: string,
  patch: TeamSemanticPatch,
  expand?: ExpandOf<"patchTeam">[],
  options: { retrySafe?: boolean } = {},
): Promise<Team> {
  return sendTeamWrite(client, patchTeamRequest(key, patch, expand, options));
}

export function deleteTeamRequest(key: string): ApiRequest {
  return { method: "DELETE", path: teamPath(key) };
}

/** False when the team was already gone (404). The real API answers 409 while members remain. */
export function deleteTeam(client: LaunchDarklyClient, key: string): Promise<boolean> {
  return deletedUnlessNotFound(client.request(deleteTeamRequest(key)));
}

/** All custom roles of a team (the embedded `expand=roles` stops at 25). No documented maximum page size. */
export function listTeamRoles(client: LaunchDarklyClient, key: string): AsyncGenerator<TeamRoleSummary> {
  return paginate(client, `${teamPath(key)}/roles`, {
    pageSize: PAGE_SIZE.teamRoles,
    parseItem: itemParser(teamRoleSummarySchema),
    fallback: { collection: `${TEAMS}/{teamKey}/roles`, pageSize: DOCUMENTED_DEFAULT_PAGE_SIZE },
  });
}

/** All maintainers of a team (the embedded `expand=maintainers` stops at 25). No documented maximum page size. */
export function listTeamMaintainers(client: LaunchDarklyClient, key: string): AsyncGenerator<MemberSummary> {
  return paginate(client, `${teamPath(key)}/maintainers`, {
    pageSize: PAGE_SIZE.teamMaintainers,
    parseItem: itemParser(memberSummarySchema),
    fallback: { collection: `${TEAMS}/{teamKey}/maintainers`, pageSize: DOCUMENTED_DEFAULT_PAGE_SIZE },
  });
}

/**
 * The beta bulk `PATCH /teams` request (operation `patchTeams`): a semantic patch sent with `LD-API-Version: beta`,
 * which the endpoint needs (403 without). Only additions exist there, and adding is idempotent, so it is
 * retried like a GET. Pure; `explain` shows it.
 */
export function patchTeamsRequest(patch: BulkTeamsSemanticPatch): ApiRequest & { body: BulkTeamsSemanticPatch } {
  const body: BulkTeamsSemanticPatch = patch.comment === undefined ? { instructions: patch.instructions } : { comment: patch.comment, instructions: patch.instructions };
  return { method: "PATCH", path: TEAMS, body, contentType: SEMANTIC_PATCH_CONTENT_TYPE, apiVersion: BETA_API_VERSION, retrySafe: true };
}

/** Sends a planned bulk `PATCH /teams`. The answer is partial per team (HTTP 200): check its `teamKeys` and `errors`. */
export async function sendBulkTeamsPatch(client: LaunchDarklyClient, request: ApiRequest): Promise<BulkEditTeamsResult> {
  const response = await client.request(request);
  return parseResponseBody(bulkEditTeamsResultSchema, response.body, { method: request.method, path: request.path, status: response.status, requestId: response.requestId });
}
