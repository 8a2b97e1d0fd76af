import { listRoles, type CustomRole } from "../api/roles";
import type { LaunchDarklyClient } from "../client/http";

/**
 * Custom role key ↔ `_id`, for the session's lifetime. Member responses list custom roles by id while users
 * (and invites) name them by key; one paginated `GET /roles` answers every lookup instead of one request per
 * role. A lookup that misses refreshes the listing once, unless that listing was fetched for this very lookup,
 * so roles created elsewhere are found and no call lists roles twice. Roles this session creates or deletes
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

export class RoleCatalog {
  private listing: Listing | undefined;
  private inflight: Promise<Listing> | undefined;
  /** Changes by this session, applied to whichever listing lands next too (it may have been fetched before them). */
  private readonly recorded: Array<(current: Listing) => void> = [];

  constructor(private readonly client: LaunchDarklyClient) {}

  /**
   * Every custom role, listed now (or by the listing already in flight) and kept as the catalog: a refresh of
   * roles and the id → key lookups of members share one `GET /roles` listing.
   */
  async listAllRoles(): Promise<readonly CustomRole[]> {
    return (await this.refresh()).roles;
  }

  /** Ids for role keys, in the same order; throws `UnknownCustomRoleError` naming the keys that do not exist. */
  async roleIdsForKeys(keys: readonly string[]): Promise<string[]> {
    if (keys.length === 0) return [];
    return this.lookUp(
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
  async roleKeysForIds(ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    return this.lookUp(
      (current) => ids.some((id) => !current.keyById.has(id)),
      (current) => ids.map((id) => current.keyById.get(id) ?? id),
      ID_MISS_RELIST_AFTER_MS,
    );
  }

  /** Records a role this session created, without listing again. */
  rememberRole(role: { _id: string; key: string }): void {
    this.record((current) => {
      current.idByKey.set(role.key, role._id);
      current.keyById.set(role._id, role.key);
    });
  }

  /** Forgets a role this session deleted (by key or id). */
  forgetRole(keyOrId: string): void {
    this.record((current) => {
      const id = current.idByKey.get(keyOrId) ?? (current.keyById.has(keyOrId) ? keyOrId : undefined);
      if (id === undefined) return;
      current.idByKey.delete(current.keyById.get(id)!);
      current.keyById.delete(id);
    });
  }

  /**
   * The role keys of the session's role listing, listing at most once (for `check`, which must not cost a
   * listing per resource). Roles this session created are in it.
   */
  async listedRoleKeys(): Promise<ReadonlySet<string>> {
    const current = this.listing ?? (await this.refresh());
    return new Set(current.idByKey.keys());
  }

  private async fetchListing(): Promise<Listing> {
    const roles: CustomRole[] = [];
    const idByKey = new Map<string, string>();
    const keyById = new Map<string, string>();
    for await (const role of listRoles(this.client)) {
      roles.push(role);
      idByKey.set(role.key, role._id);
      keyById.set(role._id, role.key);
    }
    return { roles, idByKey, keyById, fetchedAt: Date.now() };
  }

  /** One listing at a time; concurrent lookups share it. A failed listing is not kept. */
  private refresh(): Promise<Listing> {
    if (this.inflight) return this.inflight;
    const pending = this.fetchListing().then((fresh) => {
      for (const change of this.recorded) change(fresh);
      this.recorded.length = 0;
      this.listing = fresh;
      return fresh;
    });
    this.inflight = pending;
    const settled = () => {
      if (this.inflight === pending) this.inflight = undefined;
    };
    pending.then(settled, settled);
    return pending;
  }

  /**
   * Runs `lookup`; on a miss against a listing fetched before this call (and at least `relistAfterMs` ago),
   * refetches once and runs it again.
   */
  private async lookUp<T>(hasMiss: (current: Listing) => boolean, lookup: (current: Listing) => T, relistAfterMs: number): Promise<T> {
    const fetchedNow = this.listing === undefined;
    let current = this.listing ?? (await this.refresh());
    if (!fetchedNow && hasMiss(current) && Date.now() - current.fetchedAt >= relistAfterMs) current = await this.refresh();
    return lookup(current);
  }

  private record(change: (current: Listing) => void): void {
    if (this.listing) change(this.listing);
    if (this.inflight) this.recorded.push(change);
  }
}
