import { invalidRequest } from "./handlers/errors";

export interface Link {
  href: string;
  type: "application/json";
}

export interface PageRequest {
  limit: number;
  offset: number;
}

export interface Page<T> {
  items: T[];
  totalCount: number;
  _links: Record<string, Link>;
}

export const DEFAULT_PAGE_LIMIT = 20;

/** Reads `limit`/`offset`; above `cap` the limit is clamped or rejected (digest §8). */
export function readPageRequest(url: URL, cap: number, limitAboveCap: "clamp" | "reject"): PageRequest {
  const limit = readNonNegativeInt(url, "limit") ?? DEFAULT_PAGE_LIMIT;
  const offset = readNonNegativeInt(url, "offset") ?? 0;
  if (limit < 1) throw invalidRequest("limit must be at least 1");
  if (limit > cap) {
    if (limitAboveCap === "reject") throw invalidRequest(`limit must not exceed ${cap}`);
    return { limit: cap, offset };
  }
  return { limit, offset };
}

function readNonNegativeInt(url: URL, name: string): number | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === "") return undefined;
  if (!/^\d+$/.test(raw)) throw invalidRequest(`${name} must be a non-negative integer`);
  return Number(raw);
}

export type LinksMode = "full" | "self-only";

/**
 * One page of `all` with `_links` that exist only when meaningful: no first/prev on the first page,
 * no next/last on the last. Hrefs keep the other query parameters (filter, expand, sort). With
 * `links: "self-only"` the page carries only `self`, as the spec shows for most collections: a client
 * must then page by `totalCount`.
 */
export function paginate<T>(all: readonly T[], page: PageRequest, url: URL, links: LinksMode): Page<T> {
  const totalCount = all.length;
  const items = all.slice(page.offset, page.offset + page.limit);
  const href = (offset: number): Link => {
    const params = new URLSearchParams(url.searchParams);
    params.set("limit", String(page.limit));
    params.set("offset", String(offset));
    return { href: `${url.pathname}?${params.toString()}`, type: "application/json" };
  };
  const pageLinks: Record<string, Link> = { self: href(page.offset) };
  if (links === "self-only") return { items, totalCount, _links: pageLinks };
  if (page.offset > 0) {
    pageLinks.first = href(0);
    pageLinks.prev = href(Math.max(0, page.offset - page.limit));
  }
  if (page.offset + page.limit < totalCount) {
    pageLinks.next = href(page.offset + page.limit);
    pageLinks.last = href(Math.floor((totalCount - 1) / page.limit) * page.limit);
  }
  return { items, totalCount, _links: pageLinks };
}

export function selfLink(path: string): Link {
  return { href: path, type: "application/json" };
}
