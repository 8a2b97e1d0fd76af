import type * as pulumi from "@pulumi/pulumi";
import { listMembers } from "../api/members";
import { listTeams } from "../api/teams";
import { collect, PAGE_SIZE } from "../client/paginate";
import { missingTokenText } from "../client/setting-fixes";
import { getClient, getConfig, getLedger, getListings } from "../provider/context";
import { UNKNOWN_VALUE } from "./common-schemas";
import { listedRoleKeys } from "./role-catalog";

/**
 * The checks that make a green preview mean a green `up`: the things that only LaunchDarkly (or the rest
 * of the program) can answer, asked in `check`, which the engine calls in preview. Objects this program
 * declares count as existing: the ledger holds every identity an earlier `check` of this process declared.
 * Only references that are new compared with the state are looked up, so an unchanged program (or a
 * rename with `aliases`) sends no request. Unknown values (outputs not known in preview) are skipped.
 */
type CheckFailure = pulumi.dynamic.CheckFailure;

/** No token anywhere: every write would fail, so say so before any of them. */
export function missingTokenFailures(): CheckFailure[] {
  if (getConfig().accessToken || !getLedger().firstReport("missingToken")) return [];
  const { message, fix } = missingTokenText(getConfig().readsStackConfig ?? true);
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
export async function unknownRoleKeyFailures(property: string, keys: readonly string[]): Promise<CheckFailure[]> {
  const ledger = getLedger();
  const undeclared = keys.filter((key) => !ledger.isDeclared("customRole", key));
  if (undeclared.length === 0 || !getConfig().accessToken) return [];
  const listed = await listedRoleKeys();
  return undeclared.filter((key) => !listed.has(key)).map((key) => ({
    property,
    reason:
      `custom role "${key}" does not exist in LaunchDarkly and no CustomRole in this program has that key${didYouMean(key, [...ledger.declaredIdentities("customRole"), ...listed])}. ` +
      `Fix the key, or declare the role with a CustomRole and pass its \`key\` output (that also makes Pulumi create the role first).`,
  }));
}

/** A team key that neither this program declares nor LaunchDarkly has. */
export async function unknownTeamFailures(property: string, teamKey: string): Promise<CheckFailure[]> {
  const ledger = getLedger();
  if (ledger.isDeclared("team", teamKey) || !getConfig().accessToken) return [];
  const teams = await teamKeys();
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

function teamKeys(): Promise<ReadonlySet<string>> {
  return getListings().keys("teamKeys", async () => (await collect(listTeams(getClient(), { pageSize: PAGE_SIZE.teams }))).map((team) => team.key));
}

/** Whether LaunchDarkly already has a team with this key (one team listing per process). */
export async function teamKeyExists(key: string): Promise<boolean> {
  if (!getConfig().accessToken) return false;
  return (await teamKeys()).has(key);
}

/** Whether LaunchDarkly already has a custom role with this key (the process's one role listing). */
export async function roleKeyExists(key: string): Promise<boolean> {
  if (!getConfig().accessToken) return false;
  return (await listedRoleKeys()).has(key);
}

/** Whether LaunchDarkly already has a member with this email (one member listing per process). */
export async function memberEmailExists(email: string): Promise<boolean> {
  if (!getConfig().accessToken) return false;
  const emails = await getListings().keys("memberEmails", async () =>
    (await collect(listMembers(getClient(), { pageSize: PAGE_SIZE.members }))).map((member) => member.email.toLowerCase()),
  );
  return emails.has(email.toLowerCase());
}

/** The advice for a key or email that already exists, most likely cause first. */
export function alreadyExistsAdvice(resourceType: "Member" | "Team" | "CustomRole"): string {
  return (
    `If you renamed this ${resourceType} resource in your program, add \`aliases: [{ name: "<old name>" }]\` to its options ` +
    `so Pulumi moves the existing state instead of creating and deleting. Otherwise set \`adoptExisting: true\` to take over the ` +
    `existing object (a delete of another resource holding it in the same \`up\` is then a handover, not a delete).`
  );
}

function didYouMean(value: string, candidates: Iterable<string>): string {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(value.length / 4)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(value, candidate);
    if (distance > 0 && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best === undefined ? "" : ` (did you mean "${best}"?)`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
