import { afterEach, describe, expect, it } from "vitest";
import { listRoles } from "../../src/core/api/roles";
import { LaunchDarklyClient } from "../../src/core/client/http";
import { collect, paginate } from "../../src/core/client/paginate";
import { sendJson, startLocalServer } from "./local-server";

/**
 * `paginate` against scripted servers: paging stops by `totalCount`, and follows `_links.next` only when
 * a collection has no `totalCount`; a refused page size falls back to the documented default once per client.
 */
const servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

interface Collection {
  total: number;
  /** Which of `_links` a page carries. */
  links: "self-only" | "full" | "none";
  withTotalCount: boolean;
  /** Above this `limit` the server answers 400. */
  rejectAbove?: number;
}

async function collectionServer(collection: Collection) {
  const server = await startLocalServer((req, res) => {
    const url = new URL(req.url, "http://stub");
    const limit = Number(url.searchParams.get("limit") ?? 20);
    const offset = Number(url.searchParams.get("offset") ?? 0);
    if (collection.rejectAbove !== undefined && limit > collection.rejectAbove) {
      sendJson(res, 400, { code: "invalid_request", message: `limit must not exceed ${collection.rejectAbove}` });
      return;
    }
    const items = Array.from({ length: Math.max(0, Math.min(limit, collection.total - offset)) }, (_, i) => ({
      _id: `id-${offset + i}`,
      key: `role-${offset + i}`,
      name: `Role ${offset + i}`,
      policy: [],
      _links: {},
    }));
    const links: Record<string, { href: string; type: string }> = {};
    if (collection.links !== "none") links.self = { href: `${url.pathname}?limit=${limit}&offset=${offset}`, type: "application/json" };
    if (collection.links === "full" && offset + limit < collection.total) {
      links.next = { href: `${url.pathname}?limit=${limit}&offset=${offset + limit}`, type: "application/json" };
    }
    sendJson(res, 200, {
      items,
      ...(collection.links !== "none" ? { _links: links } : {}),
      ...(collection.withTotalCount ? { totalCount: collection.total } : {}),
    });
  });
  servers.push(server);
  const client = new LaunchDarklyClient({ apiHost: server.url, accessToken: "api-paginate-test", requestTimeoutMs: 5000, operationTimeoutMs: 5000 });
  return { server, client };
}

const offsets = (seen: Array<{ url: string }>) => seen.map((req) => new URL(req.url, "http://stub").searchParams.get("offset"));

describe("paginate: when paging stops", () => {
  it("pages to totalCount when a collection carries only a self link (150 of 150, not 100)", async () => {
    const { server, client } = await collectionServer({ total: 150, links: "self-only", withTotalCount: true });
    const items = await collect(paginate(client, "/api/v2/roles", { pageSize: 100 }));
    expect(items).toHaveLength(150);
    expect(offsets(server.seen)).toEqual(["0", "100"]);
  });

  it("stops at totalCount even when the last page is full (no extra empty request)", async () => {
    const { server, client } = await collectionServer({ total: 200, links: "self-only", withTotalCount: true });
    expect(await collect(paginate(client, "/api/v2/roles", { pageSize: 100 }))).toHaveLength(200);
    expect(server.seen).toHaveLength(2);
  });

  it("follows next only when totalCount is absent, and stops without it", async () => {
    const linked = await collectionServer({ total: 250, links: "full", withTotalCount: false });
    expect(await collect(paginate(linked.client, "/api/v2/members", { pageSize: 100 }))).toHaveLength(250);
    expect(offsets(linked.server.seen)).toEqual(["0", "100", "200"]);

    const bare = await collectionServer({ total: 250, links: "self-only", withTotalCount: false });
    expect(await collect(paginate(bare.client, "/api/v2/members", { pageSize: 100 }))).toHaveLength(100);
    expect(bare.server.seen).toHaveLength(1);
  });

  it("an empty page stops paging even when totalCount says more", async () => {
    const server = await startLocalServer((_req, res) => sendJson(res, 200, { items: [], totalCount: 500, _links: {} }));
    servers.push(server);
    const client = new LaunchDarklyClient({ apiHost: server.url, accessToken: "api-paginate-test", requestTimeoutMs: 5000, operationTimeoutMs: 5000 });
    expect(await collect(paginate(client, "/api/v2/roles", { pageSize: 100 }))).toEqual([]);
    expect(server.seen).toHaveLength(1);
  });
});

describe("GET /roles page size (default 20 documented, no maximum)", () => {
  it("uses 100 a page where 100 is accepted", async () => {
    const { server, client } = await collectionServer({ total: 130, links: "self-only", withTotalCount: true });
    expect(await collect(listRoles(client))).toHaveLength(130);
    expect(server.seen.map((req) => new URL(req.url, "http://stub").searchParams.get("limit"))).toEqual(["100", "100"]);
  });

  it("falls back to 20 after one 400 and remembers it on the client for every later listing", async () => {
    const { server, client } = await collectionServer({ total: 130, links: "self-only", withTotalCount: true, rejectAbove: 20 });
    const first = await collect(listRoles(client));
    expect(first.map((role) => role.key)).toEqual(Array.from({ length: 130 }, (_, i) => `role-${i}`));
    const limits = () => server.seen.map((req) => new URL(req.url, "http://stub").searchParams.get("limit"));
    expect(limits()).toEqual(["100", ...Array(7).fill("20")]);

    server.seen.length = 0;
    expect(await collect(listRoles(client))).toHaveLength(130);
    expect(limits()).toEqual(Array(7).fill("20"));

    // Another client (another provider process, or another API host) starts over.
    const other = new LaunchDarklyClient({ apiHost: server.url, accessToken: "api-paginate-test", requestTimeoutMs: 5000, operationTimeoutMs: 5000 });
    server.seen.length = 0;
    await collect(listRoles(other));
    expect(limits()[0]).toBe("100");
  });

  it("a 400 that the documented page size does not cure is the caller's error", async () => {
    const server = await startLocalServer((_req, res) => sendJson(res, 400, { code: "invalid_request", message: "no" }));
    servers.push(server);
    const client = new LaunchDarklyClient({ apiHost: server.url, accessToken: "api-paginate-test", requestTimeoutMs: 5000, operationTimeoutMs: 5000 });
    await expect(collect(listRoles(client))).rejects.toMatchObject({ name: "LaunchDarklyApiError", status: 400 });
    expect(server.seen).toHaveLength(2);
    expect(client.pageSizes.sizeFor("/api/v2/roles", 100)).toBe(100);
  });
});
