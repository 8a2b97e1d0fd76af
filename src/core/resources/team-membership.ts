import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { listMembers } from "../api/members";
import { patchTeamRequest, teamSchema, type Team as ApiTeam } from "../api/teams";
import { LaunchDarklyApiError } from "../client/errors";
import type { ApiRequest } from "../client/http";
import { parseResponseBody } from "../client/response-validation";
import { collect, PAGE_SIZE } from "../client/paginate";
import type { TeamInstruction } from "../patch/team-instructions";
import { getClient, getLedger, onProcessReset } from "../provider/context";
import { providerShim, RESOURCE_MODULE } from "../provider/shim";
import type { ResourceProviderImpl } from "../provider/types";
import { checkInputs, containsUnknown } from "./common-schemas";
import { memberDirectory } from "./member-directory";
import { memberReader } from "./member-reader";
import { missingTokenFailures, unknownTeamFailures } from "./reference-checks";
import { MembershipBatcher, type MembershipTransport } from "./membership-batcher";
import { teamMembersCache } from "./team-members-cache";

/**
 * One (team, member) pair. Additive: it adds or removes exactly this member and leaves the team's other
 * members alone. Do not combine it with `Team.memberIds` (authoritative) for the same team.
 */
export interface TeamMembershipArgs {
  /** Key of the team; changing it replaces the membership. */
  teamKey: pulumi.Input<string>;
  /** Id of the member (e.g. a Member resource's `id`); changing it replaces the membership. */
  memberId: pulumi.Input<string>;
}

export const teamMembershipInputSchema = z.object({
  teamKey: z
    .string({ error: "is required: the key of the team, e.g. a Team resource's `key` output" })
    .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, "must be a team key: letters, digits, '_', '.' and '-', starting with a letter or digit"),
  memberId: z
    .string({ error: "is required: the member's id, e.g. a Member resource's `id` output" })
    .trim()
    .min(1, "must be a member id, not empty")
    .refine((id) => !id.includes("@"), {
      error: "looks like an email address; pass the member's id (e.g. a Member resource's `id` output)",
    }),
});

export type TeamMembershipInputs = z.output<typeof teamMembershipInputSchema>;
/** `memberEmail`: who the id is, for reviewers (ids are what the API takes). Absent only if the lookup failed. */
export type TeamMembershipOutputs = TeamMembershipInputs & { memberEmail?: string };

export const MEMBERSHIP_COMMENT = "Team membership managed by Pulumi (pulumi-launchdarkly-access)";
/** How many member ids one `filter=id:a|b|…` lookup carries (keeps the URL short). */
const ID_FILTER_CHUNK = 100;

export function membershipId(teamKey: string, memberId: string): string {
  return `${teamKey}/${memberId}`;
}

export const teamMembershipProvider: ResourceProviderImpl = {
  async check(olds, news) {
    // Beyond the inputs' shape: a token is configured, and a new team key exists or is declared by this program.
    const result = checkInputs(teamMembershipInputSchema, news);
    const failures = [...missingTokenFailures(), ...(result.failures ?? [])];
    if (result.failures?.length) return { inputs: result.inputs, failures };
    const teamKey = result.inputs.teamKey;
    if (typeof teamKey === "string" && !containsUnknown(teamKey) && teamKey !== olds.teamKey) {
      failures.push(...(await unknownTeamFailures("teamKey", teamKey)));
    }
    if (failures.length > 0) return { inputs: result.inputs, failures };
    announceNewPair(olds, result.inputs);
    return { inputs: result.inputs };
  },

  async diff(_id, olds, news) {
    const replaces = (["teamKey", "memberId"] as const).filter((field) => olds[field] !== news[field]);
    return { changes: replaces.length > 0, replaces, deleteBeforeReplace: false };
  },

  async create(inputs) {
    const { teamKey, memberId } = inputs as TeamMembershipInputs;
    // Additive: a pair already on the team (adopted accounts, a re-run after an interrupted up) is recorded
    // without a write. Teams created by this process are seeded in the cache, so this costs no request there.
    const current = await teamMembersCache().memberIds(teamKey);
    if (current.has(memberId)) getLedger().recordAdoption("teamMembership", membershipId(teamKey, memberId));
    else await membershipBatcher().add(teamKey, memberId);
    return { id: membershipId(teamKey, memberId), outs: await membershipOutputs(teamKey, memberId) };
  },

  async read(id, props) {
    const { teamKey, memberId } = pairOf(id, props);
    const members = await teamMembersCache().memberIds(teamKey);
    if (!members.has(memberId)) return { id: "", props: {} };
    // The team's member listing that answered `has` also recorded the emails: no request of its own.
    return { id: membershipId(teamKey, memberId), props: await membershipOutputs(teamKey, memberId), inputs: { teamKey, memberId } };
  },

  async update(_id, olds, news) {
    // Both inputs replace on change, so the engine never asks for an in-place update with a different pair.
    const { teamKey, memberId } = news as TeamMembershipInputs;
    const outs: TeamMembershipOutputs = { teamKey, memberId };
    if (typeof olds.memberEmail === "string") outs.memberEmail = olds.memberEmail;
    return { outs };
  },

  async delete(id, props) {
    const { teamKey, memberId } = pairOf(id, props);
    const ledger = getLedger();
    if (ledger.wasAdopted("teamMembership", membershipId(teamKey, memberId))) {
      // A renamed TeamMembership: the new resource recorded the pair already on the team in this `up`.
      ledger.recordHandover("teamMembership", membershipId(teamKey, memberId));
      void pulumi.log.info(`${memberId} stays on team "${teamKey}": the membership was handed over to the TeamMembership resource that recorded it in this update.`);
      return;
    }
    await membershipBatcher().remove(teamKey, memberId);
  },
};

export class TeamMembership extends pulumi.dynamic.Resource {
  declare public readonly teamKey: pulumi.Output<string>;
  declare public readonly memberId: pulumi.Output<string>;
  /** The member's email, so that state, `up` output and reviews show who, not only an id. */
  declare public readonly memberEmail: pulumi.Output<string | undefined>;

  constructor(name: string, args: TeamMembershipArgs, opts?: pulumi.CustomResourceOptions) {
    super(providerShim("teamMembership"), name, { ...args, memberEmail: undefined }, opts, RESOURCE_MODULE, "TeamMembership");
  }
}

/**
 * The pair and its member's email: from what this process has seen (the Member written in this `up`, the
 * team's member listing), else one coalesced member read (`GET /members?filter=id:…`, 100 ids per request).
 * The email is for reading only: a failed lookup leaves it out rather than failing a membership that was written.
 */
async function membershipOutputs(teamKey: string, memberId: string): Promise<TeamMembershipOutputs> {
  let email = memberDirectory().emailOf(memberId);
  if (email === undefined) {
    const member = await memberReader()
      .read(memberId)
      .catch(() => undefined);
    if (member) {
      memberDirectory().remember(member._id, member.email);
      email = memberDirectory().emailOf(memberId);
    }
  }
  return email === undefined ? { teamKey, memberId } : { teamKey, memberId, memberEmail: email };
}

/** The pair from state, falling back to the id (`<teamKey>/<memberId>`; team keys contain no '/'). */
function pairOf(id: string, props: Record<string, unknown>): TeamMembershipInputs {
  if (typeof props.teamKey === "string" && typeof props.memberId === "string") {
    return { teamKey: props.teamKey, memberId: props.memberId };
  }
  const slash = id.indexOf("/");
  if (slash <= 0) throw new Error(`invalid team membership id "${id}": expected "<teamKey>/<memberId>"`);
  return { teamKey: id.slice(0, slash), memberId: id.slice(slash + 1) };
}

/** One coalesced membership batch of a team as semantic-patch instructions: removals first, then additions. */
export function membershipInstructions(add: readonly string[], remove: readonly string[]): TeamInstruction[] {
  const instructions: TeamInstruction[] = [];
  if (remove.length > 0) instructions.push({ kind: "removeMembers", values: [...remove] });
  if (add.length > 0) instructions.push({ kind: "addMembers", values: [...add] });
  return instructions;
}

/**
 * The `PATCH /teams/{key}` of one coalesced batch (pure; `explain` shows it). A batch that adds asks for
 * `expand=members` (documented for this operation): the member count verifies that every addition held.
 */
export function membershipPatchRequest(teamKey: string, add: readonly string[], remove: readonly string[]): ApiRequest {
  return patchTeamRequest(teamKey, { comment: MEMBERSHIP_COMMENT, instructions: membershipInstructions(add, remove) }, add.length > 0 ? ["members"] : undefined);
}

const membershipTransport: MembershipTransport = {
  async send(teamKey, add, remove) {
    const cache = teamMembersCache();
    // Taken before the write: the members the team held, when this process knows them (a create reads them first).
    const before = add.length > 0 ? cache.cached(teamKey) : undefined;
    let team: ApiTeam;
    try {
      const request = membershipPatchRequest(teamKey, add, remove);
      const response = await getClient().request(request);
      team = parseResponseBody(teamSchema, response.body, { method: "PATCH", path: request.path, status: response.status, requestId: response.requestId });
    } catch (error) {
      // A 4xx changed nothing (a semantic patch is all-or-nothing); any other failure may have hidden a write.
      if (!(LaunchDarklyApiError.is(error) && error.status >= 400 && error.status < 500)) cache.invalidate(teamKey);
      throw error;
    }
    if (add.length === 0) {
      // Removing an id the team does not hold (or that names no member) leaves the state asked for: nothing to verify.
      cache.applyWrite(teamKey, add, remove);
      return { notAdded: [] };
    }
    const notAdded = await additionsNotHeld(teamKey, add, remove, team, before);
    cache.applyWrite(teamKey, add.filter((id) => !notAdded.includes(id)), remove);
    return { notAdded };
  },

  async unknownMembers(memberIds) {
    const known = new Set<string>();
    for (let start = 0; start < memberIds.length; start += ID_FILTER_CHUNK) {
      const chunk = memberIds.slice(start, start + ID_FILTER_CHUNK);
      const found = await collect(listMembers(getClient(), { filter: `id:${chunk.join("|")}`, pageSize: PAGE_SIZE.members }));
      for (const member of found) {
        known.add(member._id);
        memberDirectory().remember(member._id, member.email);
      }
    }
    return new Set(memberIds.filter((id) => !known.has(id)));
  },
};

/**
 * The additions of a write that the team does not hold afterwards: LaunchDarkly may ignore an unknown member id
 * instead of rejecting it. `expand=members` gives the member count only, so the write is proven when the count is
 * exactly what the members held before, plus additions, minus removals, make; otherwise (or when the earlier
 * members are not known) one listing of the team's members says which additions are missing.
 */
async function additionsNotHeld(
  teamKey: string,
  add: readonly string[],
  remove: readonly string[],
  team: ApiTeam,
  before: Promise<ReadonlySet<string>> | undefined,
): Promise<string[]> {
  const held = await before?.catch(() => undefined);
  const count = team.members?.totalCount;
  if (held && count !== undefined) {
    const expected = new Set(held);
    for (const id of remove) expected.delete(id);
    for (const id of add) expected.add(id);
    if (count === expected.size) return [];
  }
  const live = await teamMembersCache().reload(teamKey);
  return add.filter((id) => !live.has(id));
}

let processBatcher: MembershipBatcher | undefined;
onProcessReset(() => {
  processBatcher = undefined;
});

/**
 * A checked pair that is new (or replaces another) will be created next: tell the batcher, so the team's batch
 * waits for it (docs/decisions/0032-adaptive-membership-window.md). Previews check too; the batcher lets an
 * announcement that is never followed lapse.
 */
function announceNewPair(olds: Record<string, unknown>, inputs: Record<string, unknown>): void {
  const { teamKey, memberId } = inputs;
  if (typeof teamKey !== "string" || typeof memberId !== "string" || containsUnknown(teamKey) || containsUnknown(memberId)) return;
  if (olds.teamKey === teamKey && olds.memberId === memberId) return;
  membershipBatcher().announce(teamKey, memberId);
}

function membershipBatcher(): MembershipBatcher {
  if (!processBatcher) processBatcher = new MembershipBatcher(membershipTransport);
  return processBatcher;
}
