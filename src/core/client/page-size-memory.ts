/**
 * The page sizes a server turned down, per collection, for the life of one client (one provider process
 * and one API host). Some collections document a default page size but no maximum (`GET /roles`: default
 * 20); the provider asks for more and, when a server answers 400, pages with the documented default and
 * keeps doing so instead of paying the refused request on every listing.
 */
export class PageSizeMemory {
  private readonly refusedAbove = new Map<string, number>();

  /** The page size to ask for: `wanted`, unless the server refused a larger size than a smaller one it took. */
  sizeFor(collection: string, wanted: number): number {
    const cap = this.refusedAbove.get(collection);
    return cap === undefined ? wanted : Math.min(wanted, cap);
  }

  /** The server refused a larger page of `collection` but accepted `accepted`. */
  remember(collection: string, accepted: number): void {
    this.refusedAbove.set(collection, accepted);
  }
}
