import type { ListingPage } from "../client/paginate";

/** The page of the account-wide listing at `offset`. */
export type FetchListingPage<T> = (offset: number) => Promise<ListingPage<T>>;

/** What the snapshot can say about some keys now. */
export interface SnapshotAnswer<T> {
  /** Keys the snapshot answers: the object, or undefined when the whole listing proves it absent. */
  answered: Map<string, T | undefined>;
  /** Keys the caller must read another way (not on a partial snapshot, or written by this session). */
  unanswered: string[];
}

/**
 * One collection of the account (all members, all teams) as listed once in a session, taken only when it is
 * cheaper than reading the objects one by one (docs/decisions/0033-account-snapshots.md). The rule:
 *
 * - A lone read never starts it. The first batch of reads (`demand` requests' worth) fetches the first page,
 *   which also tells the account's `totalCount`. A whole account on that page is the snapshot: one request.
 * - Otherwise the rest is listed once the requests spent on reads that the first page could not answer,
 *   plus those the pending batch would cost, reach the listing's remaining pages (ski rental: never more than
 *   twice the cheaper of the two); until then the caller reads per key.
 *
 * It belongs to one session. Keys this session writes are `markWritten`: the snapshot no longer answers for
 * them (a created key is absent from it, an updated one stale); `remove` also drops a deleted key, so what is
 * derived from the whole listing (memberships from members' teams) no longer counts it.
 */
export class AccountSnapshot<T> {
  private first: Promise<ListingPage<T>> | undefined;
  private whole: Promise<Map<string, T>> | undefined;
  private spent = 0;
  private readonly written = new Set<string>();
  private readonly removed = new Set<string>();

  constructor(
    private readonly fetchPage: FetchListingPage<T>,
    private readonly keyOf: (item: T) => string,
  ) {}

  /** The whole listing if it is being or has been taken, without asking for it. */
  taken(): Promise<ReadonlyMap<string, T>> | undefined {
    return this.whole?.then((items) => this.withoutRemoved(items));
  }

  /**
   * The whole listing when it is (or now becomes) worth taking for reads costing `demand` requests on their
   * own; undefined while per-key reads stay cheaper (those `demand` requests are then counted as spent).
   */
  async wholeFor(demand: number): Promise<ReadonlyMap<string, T> | undefined> {
    if (!this.whole) {
      const first = await this.firstPage();
      if (!this.whole) {
        if (first.more && this.spent + demand < this.remainingPages(first)) {
          this.spent += demand;
          return undefined;
        }
        this.whole = this.rest(first);
        this.whole.catch(() => (this.whole = undefined));
      }
    }
    return this.withoutRemoved(await this.whole);
  }

  /** Answers for `keys` from the whole listing, or from the first page only when the whole is not worth it. */
  async answer(keys: readonly string[], demand: number): Promise<SnapshotAnswer<T>> {
    const whole = await this.wholeFor(demand);
    const answered = new Map<string, T | undefined>();
    const unanswered: string[] = [];
    const firstItems = whole ? undefined : new Map((await this.firstPage()).items.map((item) => [this.keyOf(item), item]));
    for (const key of keys) {
      if (this.written.has(key)) unanswered.push(key);
      else if (whole) answered.set(key, whole.get(key));
      else if (firstItems?.has(key)) answered.set(key, firstItems.get(key));
      else unanswered.push(key);
    }
    return { answered, unanswered };
  }

  markWritten(key: string): void {
    this.written.add(key);
  }

  remove(key: string): void {
    this.written.add(key);
    this.removed.add(key);
  }

  private firstPage(): Promise<ListingPage<T>> {
    if (!this.first) {
      this.first = this.fetchPage(0);
      this.first.catch(() => (this.first = undefined));
    }
    return this.first;
  }

  private remainingPages(first: ListingPage<T>): number {
    if (first.totalCount === undefined || first.items.length === 0) return 1;
    return Math.ceil((first.totalCount - first.items.length) / first.items.length);
  }

  private async rest(first: ListingPage<T>): Promise<Map<string, T>> {
    const items = new Map(first.items.map((item) => [this.keyOf(item), item]));
    let page = first;
    let offset = first.items.length;
    while (page.more) {
      page = await this.fetchPage(offset);
      for (const item of page.items) items.set(this.keyOf(item), item);
      offset += page.items.length;
    }
    return items;
  }

  private withoutRemoved(items: Map<string, T>): ReadonlyMap<string, T> {
    if (this.removed.size === 0) return items;
    return new Map([...items].filter(([key]) => !this.removed.has(key)));
  }
}
