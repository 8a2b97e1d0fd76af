import { listRoles, type CustomRole } from "../api/roles";
import { getClient, onProcessReset } from "../provider/context";

/**
 * Custom role key ↔ `_id`, for the process's lifetime. Member responses list custom roles by id while users
 * (and invites) name them by key; one paginated `GET /roles` answers every lookup instead of one request per
 * role. A lookup that misses refreshes the listing once, unless that listing was fetched for this very lookup,
 * so roles created elsewhere are found and no call lists roles twice. Roles this process creates or deletes
 * are recorded in place. Refreshing custom roles lists every role too (`listAllRoles`): the two share one
 * listing, so a refresh of roles and members pages through `GET /roles` once.
 */
interface Listing {
  roles: CustomRole[];
  idByKey: Map<string, string>;
  keyById: Map<string, string>;
  fetchedAt: number;
}

/**
 * An unknown id on a read is shown as the id (harmless drift), so it re-lists only when the listing is this old;
 * otherwise N members holding one stale id would list roles N times. An unknown key on a write always re-lists.
 */
const ID_MISS_RELIST_AFTER_MS = 30_000;

let listing: Listing | undefined;
let inflight: Promise<Listing> | undefined;
/** Changes by this process, applied to whichever listing lands next too (it may have been fetched before them). */
const recorded: Array<(current: Listing) => void> = [];

onProcessReset(() => {
  listing = undefined;
  inflight = undefined;
  recorded.length = 0;
});

async function fetchListing(): Promise<Listing> {
  const roles: CustomRole[] = [];
  const idByKey = new Map<string, string>();
  const keyById = new Map<string, string>();
  for await (const role of listRoles(getClient())) {
    roles.push(role);
    idByKey.set(role.key, role._id);
    keyById.set(role._id, role.key);
  }
  return { roles, idByKey, keyById, fetchedAt: Date.now() };
}

/**
 * Every custom role, listed now (or by the listing already in flight) and kept as the catalog: a refresh of
 * roles and the id → key lookups of members share one `GET /roles` listing.
 */
export async function listAllRoles(): Promise<readonly CustomRole[]> {
  return (await refresh()).roles;
}

/** One listing at a time; concurrent lookups share it. A failed listing is not kept. */
function refresh(): Promise<Listing> {
  if (inflight) return inflight;
  const pending = fetchListing().then(
    (fresh) => {
      for (const change of recorded) change(fresh);
      recorded.length = 0;
      listing = fresh;
      return fresh;
    },
  );
  inflight = pending;
  pending.then(
    () => (inflight = inflight === pending ? undefined : inflight),
    () => (inflight = inflight === pending ? undefined : inflight),
  );
  return pending;
}

/**
 * Runs `lookup`; on a miss against a listing fetched before this call (and at least `relistAfterMs` ago),
 * refetches once and runs it again.
 */
async function lookUp<T>(hasMiss: (current: Listing) => boolean, lookup: (current: Listing) => T, relistAfterMs: number): Promise<T> {
  const fetchedNow = listing === undefined;
  let current = listing ?? (await refresh());
  if (!fetchedNow && hasMiss(current) && Date.now() - current.fetchedAt >= relistAfterMs) current = await refresh();
  return lookup(current);
}

function record(change: (current: Listing) => void): void {
  if (listing) change(listing);
  if (inflight) recorded.push(change);
}

export class UnknownCustomRoleError extends Error {
  readonly keys: string[];
  constructor(keys: string[]) {
    super(
      `custom role${keys.length > 1 ? "s" : ""} ${keys.map((k) => `"${k}"`).join(", ")} not found in LaunchDarkly. ` +
        `Check the key, or create the role first (pass the CustomRole's \`key\` output so Pulumi orders the two).`,
    );
    this.name = "UnknownCustomRoleError";
    this.keys = keys;
  }
}

/** Ids for role keys, in the same order; throws `UnknownCustomRoleError` naming the keys that do not exist. */
export async function roleIdsForKeys(keys: readonly string[]): Promise<string[]> {
  if (keys.length === 0) return [];
  return lookUp(
    (current) => keys.some((key) => !current.idByKey.has(key)),
    (current) => {
      const missing = keys.filter((key) => !current.idByKey.has(key));
      if (missing.length > 0) throw new UnknownCustomRoleError(missing);
      return keys.map((key) => current.idByKey.get(key)!);
    },
    0,
  );
}

/** Keys for role ids, in the same order; an id with no role (deleted meanwhile) stays as the id, so it shows as drift. */
export async function roleKeysForIds(ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  return lookUp(
    (current) => ids.some((id) => !current.keyById.has(id)),
    (current) => ids.map((id) => current.keyById.get(id) ?? id),
    ID_MISS_RELIST_AFTER_MS,
  );
}

/** Records a role this process created, without listing again. */
export function rememberRole(role: { _id: string; key: string }): void {
  record((current) => {
    current.idByKey.set(role.key, role._id);
    current.keyById.set(role._id, role.key);
  });
}

/** Forgets a role this process deleted (by key or id). */
export function forgetRole(keyOrId: string): void {
  record((current) => {
    const id = current.idByKey.get(keyOrId) ?? (current.keyById.has(keyOrId) ? keyOrId : undefined);
    if (id === undefined) return;
    current.idByKey.delete(current.keyById.get(id)!);
    current.keyById.delete(id);
  });
}

/**
 * The role keys of the process's role listing, listing at most once (for `check`, which must not cost a
 * listing per resource). Roles this process created are in it.
 */
export async function listedRoleKeys(): Promise<ReadonlySet<string>> {
  const current = listing ?? (await refresh());
  return new Set(current.idByKey.keys());
}
