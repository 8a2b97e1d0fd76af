import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { providerShim, RESOURCE_MODULE } from "../provider/shim";
import type { Props } from "./props";
import type { ResourceProviderImpl } from "./resource-provider";
import type { Session } from "../session/session";
import { checkInputs, containsUnknown, KEY_PATTERN, memberIdSchema } from "./common-schemas";
import { missingTokenFailures, unknownTeamFailures } from "./reference-checks";

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
    .regex(KEY_PATTERN, "must be a team key: letters, digits, '_', '.' and '-', starting with a letter or digit"),
  memberId: memberIdSchema,
});

export type TeamMembershipInputs = z.output<typeof teamMembershipInputSchema>;
/** `memberEmail`: who the id is, for reviewers (ids are what the API takes). Absent only if the lookup failed. */
export type TeamMembershipOutputs = TeamMembershipInputs & { memberEmail?: string };

export function membershipId(teamKey: string, memberId: string): string {
  return `${teamKey}/${memberId}`;
}

async function check(session: Session, olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
  // Beyond the inputs' shape: a token is configured, and a new team key exists or is declared by this program.
  const result = checkInputs(teamMembershipInputSchema, news);
  const failures = [...missingTokenFailures(session), ...(result.failures ?? [])];
  if (result.failures?.length) return { inputs: result.inputs, failures };
  const teamKey = result.inputs.teamKey;
  if (typeof teamKey === "string" && !containsUnknown(teamKey) && teamKey !== olds.teamKey) {
    failures.push(...(await unknownTeamFailures(session, "teamKey", teamKey)));
  }
  if (failures.length > 0) return { inputs: result.inputs, failures };
  announceNewPair(session, olds, result.inputs);
  return { inputs: result.inputs };
}

async function diff(_session: Session, _id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
  const replaces = (["teamKey", "memberId"] as const).filter((field) => olds[field] !== news[field]);
  return { changes: replaces.length > 0, replaces, deleteBeforeReplace: false };
}

async function create(session: Session, inputs: Props): Promise<pulumi.dynamic.CreateResult> {
  const { teamKey, memberId } = inputs as TeamMembershipInputs;
  // Additive: a pair already on the team (adopted accounts, a re-run after an interrupted up) is recorded
  // without a write. Teams created by this session are seeded in the cache, so this costs no request there.
  const current = await session.teamMembers.memberIds(teamKey);
  if (current.has(memberId)) session.ledger.recordAdoption("teamMembership", membershipId(teamKey, memberId));
  else await session.memberships.add(teamKey, memberId);
  return { id: membershipId(teamKey, memberId), outs: await membershipOutputs(session, teamKey, memberId) };
}

async function read(session: Session, id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
  const { teamKey, memberId } = pairOf(id, props);
  const members = await session.teamMembers.memberIds(teamKey);
  if (!members.has(memberId)) return { id: "", props: {} };
  // The team's member listing that answered `has` also recorded the emails: no request of its own.
  return { id: membershipId(teamKey, memberId), props: await membershipOutputs(session, teamKey, memberId), inputs: { teamKey, memberId } };
}

async function update(_session: Session, _id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
  // Both inputs replace on change, so the engine never asks for an in-place update with a different pair.
  const { teamKey, memberId } = news as TeamMembershipInputs;
  const outs: TeamMembershipOutputs = { teamKey, memberId };
  if (typeof olds.memberEmail === "string") outs.memberEmail = olds.memberEmail;
  return { outs };
}

async function deleteTeamMembership(session: Session, id: string, props: Props): Promise<void> {
  const { teamKey, memberId } = pairOf(id, props);
  const ledger = session.ledger;
  if (ledger.wasAdopted("teamMembership", membershipId(teamKey, memberId))) {
    // A renamed TeamMembership: the new resource recorded the pair already on the team in this `up`.
    ledger.recordHandover("teamMembership", membershipId(teamKey, memberId));
    void pulumi.log.info(`${memberId} stays on team "${teamKey}": the membership was handed over to the TeamMembership resource that recorded it in this update.`);
    return;
  }
  await session.memberships.remove(teamKey, memberId);
}

export const teamMembershipProvider: ResourceProviderImpl = { check, diff, create, read, update, delete: deleteTeamMembership };

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
 * The pair and its member's email: from what this session has seen (the Member written in this `up`, the
 * team's member listing), else one coalesced member read (`GET /members?filter=id:…`, 100 ids per request).
 * The email is for reading only: a failed lookup leaves it out rather than failing a membership that was written.
 */
async function membershipOutputs(session: Session, teamKey: string, memberId: string): Promise<TeamMembershipOutputs> {
  const directory = session.memberDirectory;
  let email = directory.emailOf(memberId);
  if (email === undefined) {
    const member = await session.memberReader.read(memberId).catch(() => undefined);
    if (member) {
      directory.remember(member._id, member.email);
      email = directory.emailOf(memberId);
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

/**
 * A checked pair that is new (or replaces another) will be created next: tell the session's batcher, so the
 * team's batch waits for it (docs/decisions/0032-adaptive-membership-window.md). Previews check too; the
 * batcher lets an announcement that is never followed lapse.
 */
function announceNewPair(session: Session, olds: Props, inputs: Props): void {
  const { teamKey, memberId } = inputs;
  if (typeof teamKey !== "string" || typeof memberId !== "string" || containsUnknown(teamKey) || containsUnknown(memberId)) return;
  if (olds.teamKey === teamKey && olds.memberId === memberId) return;
  session.memberships.announce(teamKey, memberId);
}
