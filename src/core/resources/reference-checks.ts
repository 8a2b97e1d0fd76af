import type * as pulumi from "@pulumi/pulumi";
import { listMembers } from "../api/members";
import { listTeams } from "../api/teams";
import { collect, PAGE_SIZE } from "../client/paginate";
import { missingTokenText } from "../client/setting-fixes";
import { closestMatch } from "../policy/closest";
import { containsUnknown, UNKNOWN_VALUE } from "./common-schemas";
import type { Session } from "../session/session";

/**
 * The checks that make a green preview mean a green `up`: the things that only LaunchDarkly (or the rest
 * of the program) can answer, asked in `check`, which the engine calls in preview. Objects this program
 * declares count as existing: the ledger holds every identity an earlier `check` of this process declared.
 * Only references that are new compared with the state are looked up, so an unchanged program (or a
 * rename with `aliases`) sends no request. Unknown values (outputs not known in preview) are skipped.
 */
type CheckFailure = pulumi.dynamic.CheckFailure;

/** No token anywhere: every write would fail, so say so before any of them. */
export function missingTokenFailures(session: Session): CheckFailure[] {
  if (session.config.accessToken || !session.ledger.firstReport("missingToken")) return [];
  const { message, fix } = missingTokenText(session.config.readsStackConfig ?? true, session.config.configNamespace);
  // The one error format's wording (what is wrong, then "Fix:"), as a request without a token would fail.
  return [{ property: "", reason: `${message}. Fix: ${fix}.` }];
}

function known(values: unknown): string[] {
  return Array.isArray(values) ? values.filter((value): value is string => typeof value === "string" && value !== UNKNOWN_VALUE) : [];
}

/** Values of `news[property]` that `olds[property]` did not have: only those need looking up. */
export function newReferences(olds: Record<string, unknown>, news: Record<string, unknown>, property: string): string[] {
  const before = new Set(known(olds[property]));
  return [...new Set(known(news[property]))].filter((value) => !before.has(value));
}

/** Custom role keys that neither this program declares nor LaunchDarkly has. */
export async function unknownRoleKeyFailures(session: Session, property: string, keys: readonly string[]): Promise<CheckFailure[]> {
  const ledger = session.ledger;
  const undeclared = keys.filter((key) => !ledger.isDeclared("customRole", key));
  if (undeclared.length === 0 || !session.config.accessToken) return [];
  const listed = await session.roles.listedRoleKeys();
  return undeclared.filter((key) => !listed.has(key)).map((key) => ({
    property,
    reason:
      `custom role "${key}" does not exist in LaunchDarkly and no CustomRole in this program has that key${didYouMean(key, [...ledger.declaredIdentities("customRole"), ...listed])}. ` +
      `Fix the key, or declare the role with a CustomRole and pass its \`key\` output (that also makes Pulumi create the role first).`,
  }));
}

/** A team key that neither this program declares nor LaunchDarkly has. */
export async function unknownTeamFailures(session: Session, property: string, teamKey: string): Promise<CheckFailure[]> {
  const ledger = session.ledger;
  if (ledger.isDeclared("team", teamKey) || !session.config.accessToken) return [];
  const teams = await teamKeys(session);
  if (teams.has(teamKey)) return [];
  return [
    {
      property,
      reason:
        `team "${teamKey}" does not exist in LaunchDarkly and no Team in this program has that key${didYouMean(teamKey, [...ledger.declaredIdentities("team"), ...teams])}. ` +
        `Fix the key, or declare the team with a Team and pass its \`key\` output (that also makes Pulumi create the team first).`,
    },
  ];
}

function teamKeys(session: Session): Promise<ReadonlySet<string>> {
  return session.listings.keys("teamKeys", async () => (await collect(listTeams(session.client, { pageSize: PAGE_SIZE.teams }))).map((team) => team.key));
}

/** Whether LaunchDarkly already has a team with this key (one team listing per session). */
export async function teamKeyExists(session: Session, key: string): Promise<boolean> {
  if (!session.config.accessToken) return false;
  return (await teamKeys(session)).has(key);
}

/** Whether LaunchDarkly already has a custom role with this key (the session's one role listing). */
export async function roleKeyExists(session: Session, key: string): Promise<boolean> {
  if (!session.config.accessToken) return false;
  return (await session.roles.listedRoleKeys()).has(key);
}

/** Whether LaunchDarkly already has a member with this email (one member listing per session). */
export async function memberEmailExists(session: Session, email: string): Promise<boolean> {
  if (!session.config.accessToken) return false;
  const emails = await session.listings.keys("memberEmails", async () =>
    (await collect(listMembers(session.client, { pageSize: PAGE_SIZE.members }))).map((member) => member.email.toLowerCase()),
  );
  return emails.has(email.toLowerCase());
}

const KEYED_KINDS = {
  customRole: { typeName: "CustomRole", noun: "custom role", exists: roleKeyExists },
  team: { typeName: "Team", noun: "team", exists: teamKeyExists },
} as const;

/**
 * Declares a keyed object of this program in the ledger and, when its key is new and not adopted, fails if
 * LaunchDarkly already has it. Two resources with one key are not reported here (only Member emails are): a
 * host that serves several deployments (the demo harness) sees a team's inputs change between preview and up.
 */
export async function takenKeyFailures(
  session: Session,
  kind: keyof typeof KEYED_KINDS,
  olds: Record<string, unknown>,
  inputs: Record<string, unknown>,
): Promise<CheckFailure[]> {
  if (typeof inputs.key !== "string" || containsUnknown(inputs.key)) return [];
  const key = inputs.key;
  const previous = typeof olds.key === "string" ? olds.key : undefined;
  const adoptExisting = inputs.adoptExisting === true;
  const { duplicate } = session.ledger.declare(kind, key, inputs, { olds, previousIdentity: previous, adoptExisting });
  const { typeName, noun, exists } = KEYED_KINDS[kind];
  if (duplicate || previous === key || adoptExisting || !(await exists(session, key))) return [];
  return [{ property: "key", reason: `a ${noun} with key "${key}" already exists in LaunchDarkly. ${alreadyExistsAdvice(typeName)}` }];
}

/**
 * The advice for a key or email that already exists, most likely cause first. The second cause is a create
 * that reached LaunchDarkly in an `up` that was killed before it recorded the result: Pulumi then lists it under
 * "pending operations" and suggests `pulumi refresh`, but for a dynamic resource
 * `pulumi refresh --import-pending-creates` drops the pending create without importing it (observed with CLI
 * 3.248), so `adoptExisting` is the way to take that object into the stack.
 */
export function alreadyExistsAdvice(resourceType: "Member" | "Team" | "CustomRole"): string {
  return (
    `If you renamed this ${resourceType} resource in your program, add \`aliases: [{ name: "<old name>" }]\` to its options ` +
    `so Pulumi moves the existing state instead of creating and deleting. If an earlier \`pulumi up\` was interrupted while ` +
    `creating this ${resourceType} (Pulumi warns of "pending operations"), that create reached LaunchDarkly: set \`adoptExisting: true\` ` +
    `to record it in the stack without creating it again. Otherwise too, \`adoptExisting: true\` takes over the existing object ` +
    `(a delete of another resource holding it in the same \`up\` is then a handover, not a delete).`
  );
}

function didYouMean(value: string, candidates: Iterable<string>): string {
  const best = closestMatch(value, candidates);
  return best === undefined || best === value ? "" : ` (did you mean "${best}"?)`;
}
