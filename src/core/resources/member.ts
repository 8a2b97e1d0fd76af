import * as pulumi from "@pulumi/pulumi";
import { isDeepStrictEqual } from "node:util";
import { z } from "zod";
import { sendMemberPatch, type Member as ApiMember } from "../api/members";
import { deletedUnlessNotFound } from "../api/not-found";
import { LaunchDarklyApiError } from "../client/errors";
import { canonicalRoleAttributes } from "../patch/role-attributes";
import { handoverNotice } from "../session/ownership-ledger";
import { PartialFailureError } from "./partial-failure";
import { omitUndefined } from "./struct-safe";
import { providerShim, RESOURCE_MODULE } from "../provider/shim";
import type { Props } from "./props";
import type { ResourceProviderImpl } from "./resource-provider";
import type { Session } from "../session/session";
import { managedFieldsFromState, MANAGED_FIELDS_KEY, readInputs, withManagedFields } from "./managed-fields";
import { checkInputs, containsUnknown, roleAttributesSchema, roleKeySetSchema } from "./common-schemas";
import { CLOCK_SKEW_MS, outcomeUnknown, recoverLostCreate } from "./lost-create";
import { alreadyExistsAdvice, memberEmailExists, missingTokenFailures, newReferences, unknownRoleKeyFailures } from "./reference-checks";
import {
  buildInviteForm,
  liveCustomRoles,
  liveRoleAttributes,
  planMemberDelete,
  planMemberUpdate,
  type MemberPatchRequest,
} from "./member-plan";

// ---------------------------------------------------------------------------------------------------------
// Inputs

export type MemberRole = "reader" | "writer" | "admin" | "no_access";

export interface MemberArgs {
  /** The member's email; compared case-insensitively, stored lower-case. A change means another person: replace. */
  email: pulumi.Input<string>;
  /** Set at invite. The API cannot change names: a change is a warning, or a replace with `replaceOnNameChange`. */
  firstName?: pulumi.Input<string>;
  lastName?: pulumi.Input<string>;
  /** Base role; default `reader`. */
  role?: pulumi.Input<MemberRole>;
  /** Custom role **keys** (a set: order does not matter). Unset = not managed; `[]` = none. */
  customRoles?: pulumi.Input<pulumi.Input<string>[]>;
  /** Role attributes for `${roleAttribute/<key>}` in policies. Unset = not managed; `{}` = none. */
  roleAttributes?: pulumi.Input<Record<string, pulumi.Input<pulumi.Input<string>[]>>>;
  /** When the email is already a member, take that member over instead of failing. Default false. */
  adoptExisting?: pulumi.Input<boolean>;
  /** Replace (delete, then re-invite) the member when firstName/lastName change. Default false: warn only. */
  replaceOnNameChange?: pulumi.Input<boolean>;
}

export const memberInputSchema = z.object({
  email: z
    .string({ error: (issue) => (issue.input === undefined ? "email is required" : "email must be a string") })
    .trim()
    .toLowerCase()
    .pipe(z.email({ error: (issue) => `"${String(issue.input)}" is not an email address` })),
  firstName: z.string().trim().optional(),
  lastName: z.string().trim().optional(),
  role: z.enum(["reader", "writer", "admin", "no_access"], { error: 'role must be one of "reader", "writer", "admin", "no_access"' }).default("reader"),
  customRoles: roleKeySetSchema.optional(),
  roleAttributes: roleAttributesSchema.optional(),
  adoptExisting: z.boolean({ error: "adoptExisting must be true or false" }).default(false),
  replaceOnNameChange: z.boolean({ error: "replaceOnNameChange must be true or false" }).default(false),
});

export type MemberInputs = z.output<typeof memberInputSchema>;

export interface MemberOutputs {
  email: string;
  firstName?: string;
  lastName?: string;
  role: string;
  /** Custom role keys, sorted. */
  customRoles: string[];
  roleAttributes?: Record<string, string[]>;
  adoptExisting: boolean;
  replaceOnNameChange: boolean;
  memberId: string;
  pendingInvite: boolean;
  verified: boolean;
}

const INPUT_FIELDS = Object.keys(memberInputSchema.shape) as (keyof MemberInputs)[];
/**
 * The names the program last asked for (internal, like `__managedFields`). The API cannot change names, so
 * the live names may differ from the program's for good; the warning is given once, when the program's
 * names change, not on every preview.
 */
const NAMES_REQUESTED_KEY = "__namesRequested";
const OUTPUT_FIELDS = [...INPUT_FIELDS, "memberId", "pendingInvite", "verified", MANAGED_FIELDS_KEY, NAMES_REQUESTED_KEY] as const;
/** Inputs that are managed only when the program sets them (decision 0004). */
const OPTIONAL_FIELDS = ["firstName", "lastName", "customRoles", "roleAttributes"] as const;
/** Always managed: required, or filled with a default by `check`. */
const ALWAYS_MANAGED = ["email", "role", "adoptExisting", "replaceOnNameChange"] as const;
/** What a managed optional field holds when LaunchDarkly omits it. */
const EMPTY_VALUES = { customRoles: [], roleAttributes: {} };

/** Outputs as the state records them: what LaunchDarkly holds, and which optional fields the program sets. */
function recorded(session: Session, outs: MemberOutputs, inputs: Props): Record<string, unknown> {
  // TeamMemberships of this member, written later in the same `up`, record its email from here.
  if (outs.memberId && outs.email) session.memberDirectory.remember(outs.memberId, outs.email);
  // Created or updated by this session: the account snapshot, if taken, no longer answers for it.
  if (outs.memberId) session.memberSnapshot.markWritten(outs.memberId);
  const names = omitUndefined({ firstName: inputs.firstName, lastName: inputs.lastName });
  return { ...withManagedFields(outs as unknown as Record<string, unknown>, inputs, OPTIONAL_FIELDS), [NAMES_REQUESTED_KEY]: names };
}

/** The previous outputs from state, without the engine's own keys (`__provider`). */
function outputsFromState(olds: Props): MemberOutputs {
  const out: Record<string, unknown> = {};
  for (const field of OUTPUT_FIELDS) if (olds[field] !== undefined) out[field] = olds[field];
  out.customRoles = liveCustomRoles(olds);
  return out as unknown as MemberOutputs;
}

// ---------------------------------------------------------------------------------------------------------
// Pure: outputs and diff (the requests: member-plan.ts)

/**
 * Role attributes as outputs record them: none is absent, never `{}`. Invite and PATCH responses omit them
 * while reads return `{}`, so recording `{}` would make every refresh show `+ roleAttributes: {}`.
 */
function outputRoleAttributes(attributes: Record<string, readonly string[]> | null | undefined): Record<string, string[]> | undefined {
  const canonical = canonicalRoleAttributes(attributes);
  return Object.keys(canonical).length > 0 ? canonical : undefined;
}

/** Outputs from a live member; `customRoleKeys` are its custom roles already mapped from ids to keys. */
export function memberOutputs(member: ApiMember, customRoleKeys: readonly string[], flags: Pick<MemberInputs, "adoptExisting" | "replaceOnNameChange">): MemberOutputs {
  return omitUndefined({
    email: member.email.toLowerCase(),
    firstName: member.firstName ?? undefined,
    lastName: member.lastName ?? undefined,
    role: member.role,
    customRoles: [...new Set(customRoleKeys)].sort(),
    roleAttributes: outputRoleAttributes(member.roleAttributes),
    adoptExisting: flags.adoptExisting,
    replaceOnNameChange: flags.replaceOnNameChange,
    memberId: member._id,
    pendingInvite: member._pendingInvite,
    verified: member._verified,
  }) as MemberOutputs;
}

export interface MemberDiff {
  result: pulumi.dynamic.DiffResult;
  /** Things the user asked for that the API cannot do; the provider logs them. */
  warnings: string[];
}

/**
 * Compares only fields the user set. Email is identity (compared lower-case): a new email is another person,
 * who can be invited before the old member is removed. Names cannot be changed through the API: a change only
 * warns, unless `replaceOnNameChange`, and then the same email must leave before it can be invited again.
 */
export function diffMember(olds: Props, news: Props): MemberDiff {
  const warnings: string[] = [];
  const unknown = (field: string) => containsUnknown(news[field]);
  const set = (field: string) => news[field] !== undefined;

  const emailChanged = set("email") && (unknown("email") || String(olds.email ?? "").toLowerCase() !== String(news.email).toLowerCase());

  const requested = (olds[NAMES_REQUESTED_KEY] ?? {}) as Record<string, unknown>;
  // A name that differs from LaunchDarkly's, and that the program did not already ask for in an earlier `up`.
  const nameChanges = (["firstName", "lastName"] as const).filter(
    (field) => set(field) && (unknown(field) || ((olds[field] ?? "") !== news[field] && requested[field] !== news[field])),
  );
  const replaces: string[] = emailChanged ? ["email"] : [];
  if (nameChanges.length > 0) {
    if (news.replaceOnNameChange === true) replaces.push(...nameChanges);
    else {
      warnings.push(
        `${nameChanges.join(" and ")} of ${String(olds.email)} differ${nameChanges.length === 1 ? "s" : ""} from LaunchDarkly, but the API ` +
          `cannot change names (only the member can, in the LaunchDarkly UI). Leaving them as they are; set ` +
          `\`replaceOnNameChange: true\` to delete and re-invite the member instead. (Said once: this \`up\` records the ` +
          `requested name, with no request to LaunchDarkly.)`,
      );
    }
  }
  if (replaces.length > 0) {
    return { result: { changes: true, replaces, deleteBeforeReplace: !emailChanged }, warnings };
  }
  // The update sends nothing for names; it records that the program asked, so the warning is not repeated.
  if (nameChanges.length > 0) return { result: { changes: true }, warnings };

  const changed =
    (set("role") && (unknown("role") || olds.role !== news.role)) ||
    (set("customRoles") && (unknown("customRoles") || !isDeepStrictEqual(liveCustomRoles(olds), [...new Set<string>(news.customRoles)].sort()))) ||
    (set("roleAttributes") && (unknown("roleAttributes") || !isDeepStrictEqual(liveRoleAttributes(olds), canonicalRoleAttributes(news.roleAttributes))));
  return { result: { changes: changed }, warnings };
}

// ---------------------------------------------------------------------------------------------------------
// Provider

function parseInputs(news: Props): MemberInputs {
  const parsed = memberInputSchema.safeParse(news);
  if (!parsed.success) throw new Error(`invalid Member inputs: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

function isEmailConflict(err: unknown): err is LaunchDarklyApiError {
  // The spec documents 400; accept 409 too, since the code, not the status, says what happened.
  return LaunchDarklyApiError.is(err) && (err.status === 400 || err.status === 409) && err.code === "email_already_exists_in_account";
}

/**
 * Whether the member found by email after an invite with an unknown outcome is the one the invite would
 * have made from `sent` (decision 0012): created no earlier than the send (allowing for clock skew), the
 * same base role, first and last name (absent = ""), custom roles (as a set; the invite rejects unknown
 * keys) and role attributes (absent = {}). Costs no request beyond the role listing `converge` needs anyway.
 */
async function memberIsAsSent(session: Session, member: ApiMember, sent: ReturnType<typeof buildInviteForm>, sentAt: number): Promise<boolean> {
  if ((member.creationDate ?? 0) < sentAt - CLOCK_SKEW_MS) return false;
  if (member.role !== sent.role) return false;
  if ((member.firstName ?? "") !== (sent.firstName ?? "") || (member.lastName ?? "") !== (sent.lastName ?? "")) return false;
  if (!isDeepStrictEqual(canonicalRoleAttributes(member.roleAttributes), canonicalRoleAttributes(sent.roleAttributes))) return false;
  const liveKeys = [...new Set(await session.roles.roleKeysForIds(member.customRoles ?? []))].sort();
  return isDeepStrictEqual(liveKeys, [...new Set(sent.customRoles ?? [])].sort());
}

function alreadyMemberError(email: string, cause: unknown): Error {
  return new Error(
    `${email} is already a member of this LaunchDarkly account. ${alreadyExistsAdvice("Member")} ${cause instanceof Error ? cause.message : String(cause)}`,
  );
}

/**
 * Outputs for a member that exists, converged to the desired role, custom roles and attributes with at most
 * one PATCH. Used for adoption and for an invite whose response was lost. A failed PATCH keeps the id.
 */
async function converge(session: Session, member: ApiMember, news: MemberInputs): Promise<MemberOutputs> {
  // From here on this resource holds the member: a delete of it by another resource in this `up` is a handover.
  session.ledger.recordAdoption("member", member._id);
  let live: MemberOutputs | undefined;
  try {
    live = memberOutputs(member, await session.roles.roleKeysForIds(member.customRoles ?? []), news);
    const request = await plannedPatch(session, member._id, live as unknown as Props, news);
    if (!request) return desiredOutputs(live, news);
    const patched = await sendMemberPatch(session.client, request);
    return desiredOutputs({ ...live, ...memberOutputs(patched, live.customRoles, news) }, news);
  } catch (err) {
    const known = live ?? memberOutputs(member, member.customRoles ?? [], news);
    throw new PartialFailureError(member._id, recorded(session, known, news), err);
  }
}

/**
 * The member's PATCH, if anything differs, with custom role keys resolved to ids. The role listing (once per
 * session) is needed only when `/customRoles` actually changes.
 */
async function plannedPatch(session: Session, id: string, olds: Props, news: MemberInputs): Promise<MemberPatchRequest | undefined> {
  let plan = planMemberUpdate(id, olds, news);
  if ("needs" in plan) {
    const keys = plan.needs.roleIdsOf;
    const ids = await session.roles.roleIdsForKeys(keys);
    plan = planMemberUpdate(id, olds, news, new Map(keys.map((key, i) => [key, ids[i]!])));
  }
  if ("needs" in plan) throw new Error(`member update planned without the ids of custom roles ${plan.needs.roleIdsOf.join(", ")}`);
  return plan.requests[0];
}

/** After a successful write the desired values are what LaunchDarkly holds; responses may omit attributes. */
function desiredOutputs(live: MemberOutputs, news: MemberInputs): MemberOutputs {
  return omitUndefined({
    ...live,
    role: news.role,
    customRoles: news.customRoles ?? live.customRoles,
    roleAttributes: outputRoleAttributes(news.roleAttributes ?? live.roleAttributes),
    adoptExisting: news.adoptExisting,
    replaceOnNameChange: news.replaceOnNameChange,
  });
}

/** The invite goes out with those of concurrent creates (the session's batcher); its own member or error comes back. */
function invite(session: Session, news: MemberInputs): Promise<ApiMember> {
  return session.invites.invite(buildInviteForm(news));
}

async function create(session: Session, inputs: Props): Promise<pulumi.dynamic.CreateResult> {
  const news = parseInputs(inputs);
  const lookup = () => session.memberByEmail.read(news.email.toLowerCase());
  if (news.adoptExisting) {
    // Adoption is opt-in and usually of members that exist: one lookup, and no write when they already match.
    const existing = await lookup();
    if (existing) {
      const outs = await converge(session, existing, news);
      return { id: existing._id, outs: recorded(session, outs, news) };
    }
  }
  const sentAt = Date.now();
  let invited: ApiMember;
  try {
    invited = await invite(session, news);
  } catch (err) {
    if (isEmailConflict(err)) {
      if (!news.adoptExisting) throw alreadyMemberError(news.email, err);
      const existing = await lookup();
      if (!existing) throw new Error(`LaunchDarkly says ${news.email} is already a member, but no member with that email was found. ${err.message}`);
      const outs = await converge(session, existing, news);
      return { id: existing._id, outs: recorded(session, outs, news) };
    }
    if (!outcomeUnknown(err)) throw err;
    // The outcome is unknown: look before inviting again, and invite again until it lands or is found (a
    // member it made must not be left out of the state).
    const sent = buildInviteForm(news);
    const outcome = await recoverLostCreate(err, {
      send: () => invite(session, news),
      lookup,
      isAsSent: (found) => memberIsAsSent(session, found, sent, sentAt),
    });
    if ("created" in outcome) {
      invited = outcome.created;
    } else {
      const found = "landed" in outcome ? outcome.landed : outcome.stranger;
      if ("stranger" in outcome && !news.adoptExisting) throw alreadyMemberError(news.email, err);
      const outs = await converge(session, found, news);
      return { id: found._id, outs: recorded(session, outs, news) };
    }
  }
  // The invite carries role, custom roles (by key) and attributes, so the response is the desired state.
  const outs = desiredOutputs(memberOutputs(invited, news.customRoles ?? [], news), news);
  return { id: invited._id, outs: recorded(session, outs, news) };
}

/** Live values for both outputs and inputs, so that drift shows in the next preview. */
async function read(session: Session, id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
  const member = await session.memberReader.read(id);
  if (!member) return { id: "", props: {} };
  const keys = await session.roles.roleKeysForIds(member.customRoles ?? []);
  const outs = memberOutputs(member, keys, {
    adoptExisting: props.adoptExisting === true,
    replaceOnNameChange: props.replaceOnNameChange === true,
  });
  session.memberDirectory.remember(member._id, member.email);
  const live = outs as unknown as Record<string, unknown>;
  // Fields the program never set are not managed: reporting their live value as an input would show a
  // phantom removal (`- customRoles: []`) in the next preview.
  const inputs = readInputs(live, props, ALWAYS_MANAGED, OPTIONAL_FIELDS, EMPTY_VALUES);
  const refreshed: Record<string, unknown> = { ...live, [MANAGED_FIELDS_KEY]: managedFieldsFromState(props, OPTIONAL_FIELDS) };
  if (props[NAMES_REQUESTED_KEY] !== undefined) refreshed[NAMES_REQUESTED_KEY] = props[NAMES_REQUESTED_KEY];
  return { id: member._id, props: refreshed, inputs };
}

async function update(session: Session, id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
  const desired = parseInputs(news);
  const request = await plannedPatch(session, id, olds, desired);
  const previous = outputsFromState(olds);
  if (!request) return { outs: recorded(session, desiredOutputs(previous, desired), desired) };
  const patched = await sendMemberPatch(session.client, request);
  // The response may omit roleAttributes (no expand); the previous value stands unless the patch set it.
  const outs = desiredOutputs({ ...previous, ...memberOutputs(patched, previous.customRoles, desired) }, desired);
  return { outs: recorded(session, outs, desired) };
}

/**
 * Beyond the inputs' shape: a token is configured, no other Member of this program has the email, a new
 * email is not already a member (unless adopted), and new custom role keys exist or are declared here.
 */
async function check(session: Session, olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
  const result = checkInputs(memberInputSchema, news);
  const failures = [...missingTokenFailures(session), ...(result.failures ?? [])];
  if (result.failures?.length) return { inputs: result.inputs, failures };
  const inputs = result.inputs as Props;
  if (typeof inputs.email === "string" && !containsUnknown(inputs.email)) {
    const email = inputs.email;
    const previous = typeof olds.email === "string" ? olds.email.toLowerCase() : undefined;
    const { duplicate } = session.ledger.declare("member", email, inputs, { olds, previousIdentity: previous, adoptExisting: inputs.adoptExisting === true });
    if (duplicate) {
      failures.push({
        property: "email",
        reason:
          `another Member in this program also has email ${email}; one person must be one Member resource, or deleting either ` +
          `one removes the person. Keep one (if you renamed the resource, keep the new name and add \`aliases: [{ name: "<old name>" }]\`).`,
      });
    } else if (previous !== email && inputs.adoptExisting !== true && (await memberEmailExists(session, email))) {
      failures.push({ property: "email", reason: `${email} is already a member of this LaunchDarkly account. ${alreadyExistsAdvice("Member")}` });
    }
  }
  failures.push(...(await unknownRoleKeyFailures(session, "customRoles", newReferences(olds, inputs, "customRoles"))));
  if (failures.length > 0) return { inputs, failures };
  announceNewInvite(session, olds, inputs);
  return { inputs };
}

/**
 * A checked member with a new email will be invited next: tell the session's invite batcher, so the pending
 * batch waits for it (docs/decisions/0035-batched-invites.md). Adoption looks the email up first, so its
 * invite, if any, comes later and is not announced; previews check too, and an announcement never followed lapses.
 */
function announceNewInvite(session: Session, olds: Props, inputs: Props): void {
  const email = inputs.email;
  if (typeof email !== "string" || containsUnknown(email) || inputs.adoptExisting === true) return;
  if (typeof olds.email === "string" && olds.email.toLowerCase() === email.toLowerCase()) return;
  session.invites.announce(email);
}

/**
 * Deletes the member, unless another resource of this `up` holds it: one that adopted it already (a rename
 * with \`adoptExisting\`: create ran first), or one that will adopt it (its create runs after this delete).
 */
async function deleteMemberResource(session: Session, id: string, props: Props): Promise<void> {
  const email = typeof props.email === "string" ? props.email.toLowerCase() : undefined;
  if (session.ledger.handsOver("member", id, email)) {
    void pulumi.log.info(handoverNotice("Member", email ?? id));
    return;
  }
  session.memberSnapshot.remove(id);
  // false = already gone (404), which is what delete wants.
  await deletedUnlessNotFound(session.client.request(planMemberDelete(id)));
}

async function diff(_session: Session, _id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
  const { result, warnings } = diffMember(olds, news);
  for (const warning of warnings) void pulumi.log.warn(warning);
  return result;
}

export const memberProvider: ResourceProviderImpl = { check, diff, create, read, update, delete: deleteMemberResource };

// ---------------------------------------------------------------------------------------------------------
// Resource

/** A LaunchDarkly account member: invited by email, given a base role, custom roles and role attributes. */
export class Member extends pulumi.dynamic.Resource {
  declare public readonly email: pulumi.Output<string>;
  declare public readonly firstName: pulumi.Output<string | undefined>;
  declare public readonly lastName: pulumi.Output<string | undefined>;
  declare public readonly role: pulumi.Output<string>;
  /** Custom role keys, sorted. */
  declare public readonly customRoles: pulumi.Output<string[]>;
  declare public readonly roleAttributes: pulumi.Output<Record<string, string[]> | undefined>;
  declare public readonly adoptExisting: pulumi.Output<boolean>;
  declare public readonly replaceOnNameChange: pulumi.Output<boolean>;
  /** The member's `_id` (also the resource id). */
  declare public readonly memberId: pulumi.Output<string>;
  /** True until the person accepts the invitation. */
  declare public readonly pendingInvite: pulumi.Output<boolean>;
  declare public readonly verified: pulumi.Output<boolean>;

  constructor(name: string, args: MemberArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerShim("member"),
      name,
      {
        firstName: undefined,
        lastName: undefined,
        role: undefined,
        customRoles: undefined,
        roleAttributes: undefined,
        adoptExisting: undefined,
        replaceOnNameChange: undefined,
        ...args,
        memberId: undefined,
        pendingInvite: undefined,
        verified: undefined,
      },
      opts,
      RESOURCE_MODULE,
      "Member",
    );
  }
}
