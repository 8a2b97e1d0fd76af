import { z } from "zod";
import type { LaunchDarklyClient, QueryParams } from "./http";
import { parseResponseBody } from "./response-validation";

/** Page sizes the API accepts: members up to 1000; teams 100 (20240415); roles undocumented, 100 is safe. */
export const PAGE_SIZE = { members: 1000, teams: 100, roles: 100, teamRoles: 100, teamMaintainers: 100 } as const;

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
}

/**
 * Offset pagination over `{items, totalCount, _links}`. Stops at `totalCount`, when `_links` has no
 * `next`, or at an empty page, whichever comes first. The offset advances by the items received, so a
 * server that clamps `limit` below `pageSize` is still paged correctly.
 */
export async function* paginate<T>(client: LaunchDarklyClient, path: string, options: PaginateOptions<T>): AsyncGenerator<T> {
  let offset = 0;
  for (;;) {
    const response = await client.request({
      method: "GET",
      path,
      query: { ...options.query, limit: options.pageSize, offset },
    });
    const page = parseResponseBody(pageSchema, response.body, { method: "GET", path, status: response.status, requestId: response.requestId });
    for (const [index, raw] of page.items.entries()) {
      yield options.parseItem ? options.parseItem(raw, { path, status: response.status, index }) : (raw as T);
    }
    offset += page.items.length;
    if (page.items.length === 0) return;
    if (page.totalCount !== undefined && offset >= page.totalCount) return;
    // Without `_links` at all (some collections mark it optional) only `totalCount` can say there is more.
    if (page._links ? page._links.next === undefined : page.totalCount === undefined) return;
  }
}

export async function collect<T>(gen: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of gen) items.push(item);
  return items;
}
