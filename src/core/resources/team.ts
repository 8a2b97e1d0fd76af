import * as pulumi from "@pulumi/pulumi";
import { isDeepStrictEqual } from "node:util";
import { z } from "zod";
import { listTeamMembers } from "../api/members";
import type { Team as ApiTeam, TeamPostInput } from "../api/schemas";
import { deletedUnlessNotFound } from "../api/not-found";
import { getTeam, listTeamMaintainers, listTeamRoles, sendTeamWrite } from "../api/teams";
import { LaunchDarklyApiError } from "../client/errors";
import { collect } from "../client/paginate";
import type { LaunchDarklyClient } from "../client/http";
import { sameSet, setChanges, type TeamFields } from "../patch/semantic-patch";
import { canonicalRoleAttributes } from "../patch/role-attributes";
import type { TeamInstruction } from "../patch/team-instructions";
import { PartialFailureError } from "./partial-failure";
import { providerShim, RESOURCE_MODULE } from "../provider/shim";
import type { Props } from "./props";
import type { ResourceProviderImpl } from "./resource-provider";
import { handoverNotice } from "../session/ownership-ledger";
import type { Session } from "../session/session";
import { TEAM_READ_EXPAND } from "../session/team-reader";
import { checkInputs, KEY_PATTERN, KEY_RULE, memberIdSchema, roleAttributesSchema, roleKeySetSchema } from "./common-schemas";
import { CLOCK_SKEW_MS, outcomeUnknown, recoverLostCreate } from "./lost-create";
import { alreadyExistsAdvice, missingTokenFailures, newReferences, takenKeyFailures, unknownRoleKeyFailures } from "./reference-checks";
import { addedByInstructions, hasUnheld, unheldMembers, unheldMembersError } from "./team-member-verification";
import { isAttributeMap, planTeamCreate, planTeamDelete, planTeamEmptying, planTeamUpdate, teamFieldsFromState, type TeamPatchRequest } from "./team-plan";

/**
 * A LaunchDarkly team: name, description, custom roles, maintainers (the `maintainTeam` permission
 * grant), role attributes and, optionally, its exact member list.
 *
 * Every optional field is managed only when set: leaving one out leaves the live value alone (set `[]`
 * to clear a list). `memberIds`, when set, is authoritative — the team has exactly these members — so do
 * not combine it with `TeamMembership` resources for the same team.
 */
export interface TeamArgs {
  /** Team key; changing it replaces the team. */
  key: pulumi.Input<string>;
  name: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /** Custom role keys granted to the team (a set). */
  customRoleKeys?: pulumi.Input<pulumi.Input<string>[]>;
  /** Member ids that may maintain the team (a set). Maintainers need not be members. */
  maintainers?: pulumi.Input<pulumi.Input<string>[]>;
  /** Attribute key → values for `${roleAttribute/<key>}` placeholders in the team's roles. */
  roleAttributes?: pulumi.Input<Record<string, pulumi.Input<pulumi.Input<string>[]>>>;
  /** The team's exact member ids (authoritative). Leave unset to manage members with `TeamMembership`. */
  memberIds?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * When a team with this key already exists, take it over and converge the fields this program sets
   * (fields left unset stay as they are) instead of failing. Default false.
   */
  adoptExisting?: pulumi.Input<boolean>;
}

/** Member ids form a set: duplicates (easy to get when lists are computed) are dropped, order is sorted. */
const memberIdSetSchema = z.array(memberIdSchema).transform((ids) => [...new Set(ids)].sort());

export const teamInputSchema = z.object({
  key: z
    .string({ error: "is required: the team key, e.g. \"platform\"" })
    .regex(KEY_PATTERN, KEY_RULE),
  name: z.string({ error: "is required: the team's display name" }).refine((name) => name.trim() !== "", {
    error: "must not be empty",
  }),
  description: z.string({ error: "must be a string" }).optional(),
  customRoleKeys: roleKeySetSchema.optional(),
  maintainers: memberIdSetSchema.optional(),
  roleAttributes: roleAttributesSchema.optional(),
  memberIds: memberIdSetSchema.optional(),
  adoptExisting: z.boolean({ error: "must be true or false" }).optional(),
});

export type TeamInputs = z.output<typeof teamInputSchema>;
/**
 * Outputs are the inputs with LaunchDarkly's values, plus `maintainerEmails` when maintainers are managed.
 * No `version` or member count: TeamMembership writes change both without touching this resource, so the
 * state could only be stale and every refresh would show a change nobody made (docs/decisions/0014).
 */
export type TeamOutputs = TeamInputs & { maintainerEmails?: string[] };

/** A read carries every managed field: embedded roles and maintainers (first 25), role attributes, member count. */
const OPTIONAL_FIELDS = ["description", "customRoleKeys", "maintainers", "roleAttributes", "memberIds"] as const;

/**
 * Beyond the inputs' shape: a token is configured, a new key is
 * not taken (unless adopted), and new custom role keys exist or are declared here.
 */
async function check(session: Session, olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
  const result = checkInputs(teamInputSchema, news);
  const failures = [...missingTokenFailures(session), ...(result.failures ?? [])];
  if (result.failures?.length) return { inputs: result.inputs, failures };
  const inputs = result.inputs as Props;
  failures.push(...(await takenKeyFailures(session, "team", olds, inputs)));
  failures.push(...(await unknownRoleKeyFailures(session, "customRoleKeys", newReferences(olds, inputs, "customRoleKeys"))));
  return failures.length > 0 ? { inputs, failures } : { inputs };
}

async function diff(_session: Session, _id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
  const replaces = olds.key !== news.key ? ["key"] : [];
  const changed = changedTeamFields(olds, news);
  return { changes: replaces.length > 0 || changed.length > 0, replaces, deleteBeforeReplace: false };
}

async function create(session: Session, inputs: Props): Promise<pulumi.dynamic.CreateResult> {
  session.teamSnapshot.markWritten(String(inputs.key));
  const desired = inputs as TeamInputs;
  const client = session.client;
  if (desired.adoptExisting) {
    // Adoption is opt-in and usually of teams that exist: one lookup, and no write when they already match.
    const existing = await getTeam(client, desired.key, TEAM_READ_EXPAND);
    if (existing) {
      session.ledger.recordAdoption("team", desired.key);
      const team = await convergeCreatedTeam(session, existing, desired);
      session.teamMembers.invalidate(desired.key);
      return { id: desired.key, outs: await teamOutputs(session, desired, team) };
    }
  }
  let team: ApiTeam;
  let createdByThisRequest = false;
  const request = planTeamCreate(desired);
  const sentAt = Date.now();
  try {
    team = await sendTeamWrite(client, request);
    createdByThisRequest = true;
  } catch (error) {
    // The API documents no status for a duplicate key (409 in practice, 400 possible): either may mean "exists".
    const keyTaken = LaunchDarklyApiError.is(error) && (error.status === 409 || error.status === 400);
    if (!keyTaken && !outcomeUnknown(error)) throw error;
    if (!keyTaken) {
      // The outcome is unknown: find the team or send the create again (a lost create must not fail the up,
      // and a team it made must not be left out of the state).
      const outcome = await recoverLostCreate(error, {
        send: () => sendTeamWrite(client, request),
        lookup: () => getTeam(client, desired.key, TEAM_READ_EXPAND),
        isAsSent: (found) => teamIsAsSent(client, found, request.body, sentAt),
      });
      if ("stranger" in outcome && !desired.adoptExisting) throw teamKeyTakenError(desired.key, error);
      team = "created" in outcome ? outcome.created : await convergeCreatedTeam(session, "landed" in outcome ? outcome.landed : outcome.stranger, desired);
    } else {
      const existing = await getTeam(client, desired.key, TEAM_READ_EXPAND);
      if (!existing) throw error;
      if (!desired.adoptExisting) throw teamKeyTakenError(desired.key, error);
      team = await convergeCreatedTeam(session, existing, desired);
    }
  } finally {
    session.teamMembers.invalidate(desired.key);
  }
  // A team this request created has exactly the members it was created with; memberships of it need no read.
  if (createdByThisRequest) session.teamMembers.seed(desired.key, desired.memberIds ?? []);
  const outs = await teamOutputs(session, desired, team);
  const requested = desired.customRoleKeys ?? [];
  if (requested.length > 0) {
    // A new team holds only what this request granted, so a full count proves every key was kept.
    const proven = team.roles?.totalCount === requested.length;
    const missing = proven ? [] : await missingRoleKeys(client, desired.key, requested, team);
    if (missing.length > 0) {
      const kept = requested.filter((key) => !missing.includes(key));
      throw new PartialFailureError(desired.key, { ...outs, customRoleKeys: kept }, unknownRolesError(desired.key, missing));
    }
  }
  const unheld = await unheldMembers(session, team, {
    addedMembers: desired.memberIds ?? [],
    expectedMemberCount: desired.memberIds?.length ?? 0,
    addedMaintainers: desired.maintainers ?? [],
    expectedMaintainerCount: desired.maintainers?.length ?? 0,
  });
  if (hasUnheld(unheld)) {
    // The state records what the team holds, so the next `up` tries the missing ids again (and fails the same way).
    const kept: TeamOutputs = { ...outs };
    if (kept.memberIds) kept.memberIds = kept.memberIds.filter((id) => !unheld.memberIds.includes(id));
    if (kept.maintainers) kept.maintainers = kept.maintainers.filter((id) => !unheld.maintainers.includes(id));
    throw new PartialFailureError(desired.key, kept, unheldMembersError(desired.key, unheld));
  }
  return { id: desired.key, outs };
}

async function read(session: Session, id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
  const client = session.client;
  const team = await session.teamReader.read(id);
  if (!team) return { id: "", props: {} };
  const live = await liveTeamFields(session, team, {
    description: "description" in props,
    customRoleKeys: "customRoleKeys" in props,
    maintainers: "maintainers" in props,
    roleAttributes: "roleAttributes" in props,
    memberIds: "memberIds" in props,
  });
  const inputs: TeamInputs = { key: team.key, name: team.name ?? String(props.name ?? ""), ...live };
  if (typeof props.adoptExisting === "boolean") inputs.adoptExisting = props.adoptExisting;
  return { id: team.key, props: await teamOutputs(session, inputs, team), inputs };
}

async function update(session: Session, _id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
  const desired = news as TeamInputs;
  session.teamSnapshot.markWritten(desired.key);
  const client = session.client;
  const current = teamFieldsFromState(olds);
  let plan = planTeamUpdate(desired.key, current, desired);
  if ("needs" in plan) {
    // The field was not managed before and cannot be set by a whole-field replace: read its live value.
    const live = await getTeam(client, desired.key, ["roles", "maintainers", "roleAttributes"]);
    if (!live) throw new Error(`team "${desired.key}" no longer exists in LaunchDarkly; run \`pulumi refresh\` to recreate it`);
    const liveFields = await liveTeamFields(session, live, Object.fromEntries(plan.needs.map((field) => [field, true])));
    plan = planTeamUpdate(desired.key, { ...current, ...liveFields }, desired);
  }
  const [request] = plannedRequests(plan);
  if (!request) {
    return { outs: withMaintainerEmails(desired, olds.maintainerEmails) };
  }
  const instructions = request.body.instructions;
  const team = await sendTeamWrite(client, request);
  session.teamMembers.invalidate(desired.key);
  const added = addedRoleKeys(instructions);
  if (added.length > 0) {
    const missing = await missingRoleKeys(client, desired.key, added, team);
    if (missing.length > 0) throw unknownRolesError(desired.key, missing);
  }
  const addedIds = addedByInstructions(instructions);
  const unheld = await unheldMembers(session, team, {
    addedMembers: addedIds.members,
    expectedMemberCount: desired.memberIds?.length ?? 0,
    addedMaintainers: addedIds.maintainers,
    expectedMaintainerCount: desired.maintainers?.length ?? 0,
  });
  if (hasUnheld(unheld)) throw unheldMembersError(desired.key, unheld);
  return { outs: await teamOutputs(session, desired, team) };
}

async function deleteTeamResource(session: Session, id: string): Promise<void> {
  session.teamSnapshot.markWritten(id);
  if (session.ledger.handsOver("team", id, id)) {
    void pulumi.log.info(handoverNotice("Team", `"${id}"`));
    return;
  }
  const client = session.client;
  try {
    await deletedUnlessNotFound(client.request(planTeamDelete(id)));
  } catch (error) {
    if (!(LaunchDarklyApiError.is(error) && error.status === 409)) throw error;
    // LaunchDarkly refuses to delete a team that still has members (409): empty it with one patch, then delete.
    // Nobody left by the time it is listed: the members went meanwhile (TeamMembership deletes running beside
    // this one when nothing orders them, as after `pulumi import`), so the delete is simply tried again.
    const emptying = await emptyingPlan(client, id);
    if (emptying) await sendTeamWrite(client, emptying);
    await deletedUnlessNotFound(client.request(planTeamDelete(id)));
  } finally {
    session.teamMembers.invalidate(id);
  }
}

export const teamProvider: ResourceProviderImpl = { check, diff, create, read, update, delete: deleteTeamResource };

export class Team extends pulumi.dynamic.Resource {
  declare public readonly key: pulumi.Output<string>;
  declare public readonly name: pulumi.Output<string>;
  declare public readonly description: pulumi.Output<string | undefined>;
  declare public readonly customRoleKeys: pulumi.Output<string[] | undefined>;
  declare public readonly maintainers: pulumi.Output<string[] | undefined>;
  declare public readonly roleAttributes: pulumi.Output<Record<string, string[]> | undefined>;
  declare public readonly memberIds: pulumi.Output<string[] | undefined>;
  /** The maintainers' emails (sorted), when `maintainers` is set: ids are what the API takes, emails what reviewers read. */
  declare public readonly maintainerEmails: pulumi.Output<string[] | undefined>;
  declare public readonly adoptExisting: pulumi.Output<boolean | undefined>;

  constructor(name: string, args: TeamArgs, opts?: pulumi.CustomResourceOptions) {
    // Optional inputs are listed too, so that every declared property is an Output even when left unset.
    const unset = { description: undefined, customRoleKeys: undefined, maintainers: undefined, roleAttributes: undefined, memberIds: undefined, adoptExisting: undefined };
    super(providerShim("team"), name, { ...unset, ...args, maintainerEmails: undefined }, opts, RESOURCE_MODULE, "Team");
  }
}

/** Fields the user set that differ from the state; a field missing from the state counts as changed. */
export function changedTeamFields(olds: Props, news: Props): string[] {
  const changed: string[] = [];
  if (olds.name !== news.name) changed.push("name");
  for (const field of OPTIONAL_FIELDS) {
    if (!(field in news)) continue;
    if (!(field in olds) || !sameFieldValue(olds[field], news[field])) changed.push(field);
  }
  return changed;
}

function sameFieldValue(a: unknown, b: unknown): boolean {
  if (typeof a === "string" || typeof b === "string") return a === b;
  if (Array.isArray(a) && Array.isArray(b)) return sameSet(a, b);
  if (isAttributeMap(a) && isAttributeMap(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && sameSet(a[key]!, b[key]!));
  }
  return false;
}

function teamKeyTakenError(key: string, cause: unknown): Error {
  return new Error(
    `a team with key "${key}" already exists in LaunchDarkly. ${alreadyExistsAdvice("Team")} Or choose another key. ` +
      `${cause instanceof Error ? cause.message : ""}`,
  );
}

/**
 * Whether the team found after a create with an unknown outcome is the one `POST /teams` would have made
 * from `sent` (decision 0012): created no earlier than the send (allowing for clock skew), the same name,
 * description and role attributes, and no role, maintainer or member beyond those sent. Fewer is allowed:
 * LaunchDarkly may drop unknown role keys and member ids silently, and the create checks those afterwards.
 * Costs no request unless the team holds more than the 25 embedded roles or maintainers.
 */
async function teamIsAsSent(client: LaunchDarklyClient, team: ApiTeam, sent: TeamPostInput, sentAt: number): Promise<boolean> {
  if (team._creationDate !== undefined && team._creationDate < sentAt - CLOCK_SKEW_MS) return false;
  if (team.name !== sent.name || (team.description ?? "") !== (sent.description ?? "")) return false;
  if (!isDeepStrictEqual(canonicalRoleAttributes(team.roleAttributes), canonicalRoleAttributes(sent.roleAttributes))) return false;
  const sentMembers = sent.memberIDs?.length ?? 0;
  if ((team.members?.totalCount ?? 0) > sentMembers) return false;
  const sentMaintainers = sent.permissionGrants?.flatMap((grant) => grant.memberIDs ?? []) ?? [];
  const [roleKeys, maintainers] = await Promise.all([teamRoleKeys(client, team), teamMaintainerIds(client, team)]);
  return setChanges(sent.customRoleKeys ?? [], roleKeys).added.length === 0 && setChanges(sentMaintainers, maintainers).added.length === 0;
}

/** The team a lost create response left behind, brought to the desired state with at most one PATCH. */
async function convergeCreatedTeam(session: Session, existing: ApiTeam, desired: TeamInputs): Promise<ApiTeam> {
  const managed = Object.fromEntries(OPTIONAL_FIELDS.map((field) => [field, field in desired]));
  const current: TeamFields = { ...(existing.name !== undefined ? { name: existing.name } : {}), ...(await liveTeamFields(session, existing, managed)) };
  const [request] = plannedRequests(planTeamUpdate(desired.key, current, desired));
  return request ? sendTeamWrite(session.client, request) : existing;
}

/** The requests of a plan whose live values were read: asking for more would be a bug in the reading. */
function plannedRequests(plan: ReturnType<typeof planTeamUpdate>): [] | [TeamPatchRequest] {
  if ("needs" in plan) throw new Error(`team update planned without the live ${plan.needs.join(", ")} it depends on`);
  return plan.requests;
}

/**
 * Outputs for the inputs as LaunchDarkly now holds them. Maintainer emails come from what this session has
 * seen (Members written in the same `up`, embedded maintainers of a read): no request. Otherwise from the
 * response's embedded maintainers, or one maintainers listing (write responses do not embed them).
 */
async function teamOutputs(session: Session, inputs: TeamInputs, team: ApiTeam): Promise<TeamOutputs> {
  if (inputs.maintainers === undefined) return { ...inputs };
  const directory = session.memberDirectory;
  for (const member of team.maintainers?.items ?? []) directory.remember(member._id, member.email);
  if (inputs.maintainers.some((id) => directory.emailOf(id) === undefined)) {
    for (const member of await teamMaintainers(session.client, team)) directory.remember(member._id, member.email);
  }
  return withMaintainerEmails(inputs, inputs.maintainers.flatMap((id) => directory.emailOf(id) ?? []));
}

function withMaintainerEmails(inputs: TeamInputs, emails: unknown): TeamOutputs {
  if (inputs.maintainers === undefined || !Array.isArray(emails) || !emails.every((email) => typeof email === "string")) return { ...inputs };
  return { ...inputs, maintainerEmails: [...(emails as string[])].sort() };
}

type LiveFieldSelection = Partial<Record<(typeof OPTIONAL_FIELDS)[number], boolean>>;

/**
 * The live values of the selected fields. Roles and maintainers come embedded in the team (first 25); the
 * dedicated endpoints are paged only when that page is truncated. Members cost a `GET /members` page set.
 */
async function liveTeamFields(session: Session, team: ApiTeam, select: LiveFieldSelection): Promise<Omit<TeamInputs, "key" | "name">> {
  const [customRoleKeys, maintainers, memberIds] = await Promise.all([
    select.customRoleKeys ? teamRoleKeys(session.client, team) : undefined,
    select.maintainers ? teamMaintainerIds(session.client, team) : undefined,
    select.memberIds ? session.teamMembers.readLive(team.key).then((ids) => [...ids].sort()) : undefined,
  ]);
  const live: Omit<TeamInputs, "key" | "name"> = {};
  if (select.description) live.description = team.description ?? "";
  if (customRoleKeys) live.customRoleKeys = customRoleKeys;
  if (maintainers) live.maintainers = maintainers;
  if (select.roleAttributes) live.roleAttributes = canonicalRoleAttributes(team.roleAttributes);
  if (memberIds) live.memberIds = memberIds;
  return live;
}

async function teamRoleKeys(client: LaunchDarklyClient, team: ApiTeam): Promise<string[]> {
  const embedded = team.roles;
  const items = embedded?.items;
  if (items && (embedded.totalCount === undefined || embedded.totalCount <= items.length)) {
    return items.map((role) => role.key).sort();
  }
  return (await collect(listTeamRoles(client, team.key))).map((role) => role.key).sort();
}

async function teamMaintainerIds(client: LaunchDarklyClient, team: ApiTeam): Promise<string[]> {
  return (await teamMaintainers(client, team)).map((member) => member._id).sort();
}

type MaintainerSummary = { _id: string; email: string };
/** One listing per team response, shared by the live fields and the outputs built from that response. */
const listedMaintainers = new WeakMap<ApiTeam, Promise<MaintainerSummary[]>>();

async function teamMaintainers(client: LaunchDarklyClient, team: ApiTeam): Promise<MaintainerSummary[]> {
  const embedded = team.maintainers;
  const items = embedded?.items;
  if (items && (embedded.totalCount === undefined || embedded.totalCount <= items.length)) return items;
  let listing = listedMaintainers.get(team);
  if (!listing) {
    listing = collect(listTeamMaintainers(client, team.key));
    listedMaintainers.set(team, listing);
    listing.catch(() => listedMaintainers.delete(team));
  }
  return listing;
}

function addedRoleKeys(instructions: readonly TeamInstruction[]): string[] {
  return instructions.flatMap((instruction) => (instruction.kind === "addCustomRoles" ? instruction.values : []));
}

/**
 * Role keys from `expected` the team does not hold. The real API may drop unknown keys silently, so a
 * write that adds roles is checked: against the response's embedded roles when they prove it, otherwise
 * against `GET /teams/{key}/roles`.
 */
async function missingRoleKeys(client: LaunchDarklyClient, teamKey: string, expected: readonly string[], team: ApiTeam): Promise<string[]> {
  const embedded = team.roles?.items?.map((role) => role.key);
  if (embedded) {
    const missing = setChanges(embedded, expected).added;
    const complete = team.roles?.totalCount === undefined || team.roles.totalCount <= embedded.length;
    if (missing.length === 0 || complete) return missing;
  }
  const held = (await collect(listTeamRoles(client, teamKey))).map((role) => role.key);
  return setChanges(held, expected).added;
}

function unknownRolesError(teamKey: string, missing: readonly string[]): Error {
  const list = missing.map((key) => `"${key}"`).join(", ");
  return new Error(
    `team "${teamKey}" did not receive custom role(s) ${list}: LaunchDarkly ignored them, most likely because no custom role ` +
      `has that key. Create the role(s) first (e.g. with a CustomRole resource and pass its \`key\` output) or fix the key.`,
  );
}

/** The patch emptying the team, from its live members and maintainers (none when it holds neither). */
async function emptyingPlan(client: LaunchDarklyClient, teamKey: string): Promise<TeamPatchRequest | undefined> {
  const [members, maintainers] = await Promise.all([
    collect(listTeamMembers(client, teamKey)).then((list) => list.map((member) => member._id).sort()),
    getTeam(client, teamKey, ["maintainers"]).then((team) => (team ? teamMaintainerIds(client, team) : [])),
  ]);
  return planTeamEmptying(teamKey, members, maintainers);
}
