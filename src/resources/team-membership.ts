import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { listMembers } from "../api/members";
import { patchTeam } from "../api/teams";
import { collect, PAGE_SIZE } from "../client/paginate";
import type { TeamInstruction } from "../patch/team-instructions";
import { getClient, getLedger, onProcessReset } from "../provider/context";
import { providerShim, RESOURCE_MODULE } from "../provider/shim";
import type { ResourceProviderImpl } from "../provider/types";
import { checkInputs, containsUnknown } from "./common-schemas";
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
    return failures.length > 0 ? { inputs: result.inputs, failures } : { inputs: result.inputs };
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
    return { id: membershipId(teamKey, memberId), outs: { teamKey, memberId } };
  },

  async read(id, props) {
    const { teamKey, memberId } = pairOf(id, props);
    const members = await teamMembersCache().memberIds(teamKey);
    if (!members.has(memberId)) return { id: "", props: {} };
    const outs = { teamKey, memberId };
    return { id: membershipId(teamKey, memberId), props: outs, inputs: outs };
  },

  async update(_id, _olds, news) {
    // Both inputs replace on change, so the engine never asks for an in-place update with a different pair.
    const { teamKey, memberId } = news as TeamMembershipInputs;
    return { outs: { teamKey, memberId } };
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

  constructor(name: string, args: TeamMembershipArgs, opts?: pulumi.CustomResourceOptions) {
    super(providerShim("teamMembership"), name, { ...args }, opts, RESOURCE_MODULE, "TeamMembership");
  }
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

const membershipTransport: MembershipTransport = {
  async send(teamKey, add, remove) {
    try {
      await patchTeam(getClient(), teamKey, { comment: MEMBERSHIP_COMMENT, instructions: membershipInstructions(add, remove) });
    } catch (error) {
      teamMembersCache().invalidate(teamKey);
      throw error;
    }
    teamMembersCache().applyWrite(teamKey, add, remove);
  },

  async unknownMembers(memberIds) {
    const known = new Set<string>();
    for (let start = 0; start < memberIds.length; start += ID_FILTER_CHUNK) {
      const chunk = memberIds.slice(start, start + ID_FILTER_CHUNK);
      const found = await collect(listMembers(getClient(), { filter: `id:${chunk.join("|")}`, pageSize: PAGE_SIZE.members }));
      for (const member of found) known.add(member._id);
    }
    return new Set(memberIds.filter((id) => !known.has(id)));
  },
};

let processBatcher: MembershipBatcher | undefined;
onProcessReset(() => {
  processBatcher = undefined;
});

function membershipBatcher(): MembershipBatcher {
  if (!processBatcher) processBatcher = new MembershipBatcher(membershipTransport);
  return processBatcher;
}
