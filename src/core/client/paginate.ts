import { z } from "zod";
import { LaunchDarklyApiError } from "./errors";
import type { ApiResponse, LaunchDarklyClient, QueryParams } from "./http";
import { parseResponseBody } from "./response-validation";

/**
 * Page sizes the provider asks for: members up to 1000; teams 100 (20240415). Roles, team roles and team
 * maintainers document only a default of 20 and no maximum: 100 is asked for, and 20 used when refused.
 */
export const PAGE_SIZE = { members: 1000, teams: 100, roles: 100, teamRoles: 100, teamMaintainers: 100 } as const;
/** The documented default page size of every collection, the size to fall back to. */
export const DOCUMENTED_DEFAULT_PAGE_SIZE = 20;

const pageSchema = z.looseObject({
  items: z.array(z.unknown()),
  totalCount: z.number().int().nonnegative().optional(),
  _links: z.looseObject({ next: z.looseObject({ href: z.string() }).optional() }).optional(),
});

export interface PaginateOptions<T> {
  query?: QueryParams;
  pageSize: number;
  /** Validates one item; `at` is its place in the body (e.g. `items[3]`) for error messages. */
  parseItem?: (raw: unknown, at: { path: string; status: number; index: number }) => T;
  /**
   * For a collection without a documented maximum page size: when a `pageSize` above `pageSize` here is
   * answered 400, the page is asked again with this size, and the client keeps using it for `collection`.
   */
  fallback?: { collection: string; pageSize: number };
}

/**
 * Offset pagination over `{items, totalCount, _links}`. Pages while `offset < totalCount`; only when a
 * page has no `totalCount` does a `_links.next` say there is more (the spec shows `next` only on some
 * collections, `self` alone on others). An empty page always stops. The offset advances by the items
 * received, so a server that clamps `limit` below `pageSize` is still paged correctly.
 */
export async function* paginate<T>(client: LaunchDarklyClient, path: string, options: PaginateOptions<T>): AsyncGenerator<T> {
  const fallback = options.fallback;
  let pageSize = fallback ? client.pageSizes.sizeFor(fallback.collection, options.pageSize) : options.pageSize;
  let offset = 0;
  const fetchPage = (limit: number): Promise<ApiResponse> =>
    client.request({ method: "GET", path, query: { ...options.query, limit, offset } });
  for (;;) {
    let response: ApiResponse;
    try {
      response = await fetchPage(pageSize);
    } catch (error) {
      if (!fallback || pageSize <= fallback.pageSize || !(LaunchDarklyApiError.is(error) && error.status === 400)) throw error;
      pageSize = fallback.pageSize;
      response = await fetchPage(pageSize);
      client.pageSizes.remember(fallback.collection, pageSize);
    }
    const page = parseResponseBody(pageSchema, response.body, { method: "GET", path, status: response.status, requestId: response.requestId });
    for (const [index, raw] of page.items.entries()) {
      yield options.parseItem ? options.parseItem(raw, { path, status: response.status, index }) : (raw as T);
    }
    offset += page.items.length;
    if (page.items.length === 0) return;
    if (page.totalCount !== undefined) {
      if (offset >= page.totalCount) return;
    } else if (page._links?.next === undefined) {
      return;
    }
  }
}

/** One page of a listing as it came: its items and, when the server says, the collection's total. */
export interface ListingPage<T> {
  items: T[];
  totalCount: number | undefined;
  /** Whether the page says more follow (by `totalCount`, else by `_links.next`). */
  more: boolean;
}

/** The page at `offset` (no fallback page size: callers use collections with a documented maximum). */
export async function listingPage<T>(
  client: LaunchDarklyClient,
  path: string,
  options: Omit<PaginateOptions<T>, "fallback">,
  offset: number,
): Promise<ListingPage<T>> {
  const response = await client.request({ method: "GET", path, query: { ...options.query, limit: options.pageSize, offset } });
  const page = parseResponseBody(pageSchema, response.body, { method: "GET", path, status: response.status, requestId: response.requestId });
  const items = page.items.map((raw, index) => (options.parseItem ? options.parseItem(raw, { path, status: response.status, index }) : (raw as T)));
  const seen = offset + items.length;
  const more = items.length > 0 && (page.totalCount !== undefined ? seen < page.totalCount : page._links?.next !== undefined);
  return { items, totalCount: page.totalCount, more };
}

export async function collect<T>(gen: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of gen) items.push(item);
  return items;
}
