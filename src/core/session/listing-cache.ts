/**
 * At most one listing per kind of object per session (team keys, member emails), shared by every
 * caller: the checks of a preview of 500 members and 50 memberships list teams once, not 50 times.
 * Concurrent callers share the one in flight; a failed listing is not kept, so the next caller retries.
 */
export type ListingKind = "teamKeys" | "memberEmails";

export class ListingCache {
  private readonly listings = new Map<ListingKind, Promise<ReadonlySet<string>>>();

  keys(kind: ListingKind, load: () => Promise<Iterable<string>>): Promise<ReadonlySet<string>> {
    const cached = this.listings.get(kind);
    if (cached) return cached;
    const loading = load().then((keys) => new Set(keys) as ReadonlySet<string>);
    this.listings.set(kind, loading);
    loading.catch(() => {
      if (this.listings.get(kind) === loading) this.listings.delete(kind);
    });
    return loading;
  }
}
