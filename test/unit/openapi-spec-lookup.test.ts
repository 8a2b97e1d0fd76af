import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

/**
 * The OpenAPI spec lookup (scripts/openapi-spec-location.js) and `npm run spec:fetch`. The fetch is only ever
 * pointed at loopback servers here: never at LaunchDarkly.
 */
const ROOT = path.resolve(__dirname, "..", "..");
const lookup = createRequire(__filename)("../../scripts/openapi-spec-location.js") as {
  SPEC_ENV: string;
  CACHE_SPEC_PATH: string;
  PUBLISHED_SPEC_URL: string;
  locateOpenApiSpec(env: Record<string, string | undefined>): { path: string; source: string } | undefined;
  openApiSpecRequired(env: Record<string, string | undefined>): boolean;
  missingSpecMessage(required: boolean): string;
};
const scratch = mkdtempSync(path.join(tmpdir(), "ld-spec-fetch-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function fetchSpec(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(ROOT, "scripts", "fetch-openapi-spec.js"), ...args], { cwd: ROOT, timeout: 20_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

async function serve(body: string, status = 200): Promise<{ url: string; server: Server }> {
  const server = createServer((_request, response) => {
    response.writeHead(status, { "content-type": "application/json" });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2/openapi.json`, server };
}

const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

describe("spec lookup", () => {
  it("LAUNCHDARKLY_OPENAPI_SPEC comes first; naming a missing file is an error that says how to fix it", () => {
    const file = path.join(scratch, "mine.json");
    writeFileSync(file, "{}");
    expect(lookup.locateOpenApiSpec({ [lookup.SPEC_ENV]: file })).toEqual({ path: file, source: "env" });
    expect(() => lookup.locateOpenApiSpec({ [lookup.SPEC_ENV]: path.join(scratch, "absent.json") })).toThrow(/LAUNCHDARKLY_OPENAPI_SPEC=.*absent\.json: no such file.*npm run spec:fetch/);
  });

  it("REQUIRE_OPENAPI_SPEC=1 turns the skip into a failure; the messages say how to get the spec", () => {
    expect(lookup.openApiSpecRequired({ REQUIRE_OPENAPI_SPEC: "1" })).toBe(true);
    expect(lookup.openApiSpecRequired({})).toBe(false);
    expect(lookup.missingSpecMessage(false)).toMatch(/^OpenAPI spec tests skipped: .*npm run spec:fetch.*LAUNCHDARKLY_OPENAPI_SPEC=/);
    expect(lookup.missingSpecMessage(true)).toMatch(/^REQUIRE_OPENAPI_SPEC=1 but .*not found.*npm run spec:fetch/);
    expect(lookup.missingSpecMessage(false)).not.toContain("\n");
  });

  it("the fetch cache is inside the repository and git-ignored; the published spec is LaunchDarkly's", () => {
    expect(path.relative(ROOT, lookup.CACHE_SPEC_PATH).split(path.sep)).toEqual([".cache", path.basename(lookup.CACHE_SPEC_PATH)]);
    expect(readFileSync(path.join(ROOT, ".gitignore"), "utf8").split("\n")).toContain(".cache/");
    expect(lookup.PUBLISHED_SPEC_URL).toBe("https://app.launchdarkly.com/api/v2/openapi.json");
  });
});

describe("npm run spec:fetch", () => {
  it("writes an OpenAPI document it downloaded", async () => {
    const spec = { openapi: "3.0.3", info: { title: "LaunchDarkly REST API", version: "2.0" }, paths: { "/api/v2/members": {} } };
    const { url, server } = await serve(JSON.stringify(spec));
    const out = path.join(scratch, "fetched", "spec.json");
    try {
      const result = await fetchSpec(["--url", url, "--out", out]);
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^spec:fetch: wrote .*spec\.json \(OpenAPI info\.version 2\.0, 1 paths/);
      expect(JSON.parse(readFileSync(out, "utf8"))).toEqual(spec);
    } finally {
      await close(server);
    }
  });

  it("offline: fails with a clear message and writes nothing", async () => {
    const { url, server } = await serve("{}");
    await close(server); // the port is now closed: connection refused, as when offline
    const out = path.join(scratch, "offline.json");
    const result = await fetchSpec(["--url", url, "--out", out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^spec:fetch: could not reach http:\/\/127\.0\.0\.1:\d+\/api\/v2\/openapi\.json \(connect ECONNREFUSED 127\.0\.0\.1:\d+\): offline, or the host is unreachable\. Nothing was written\..*LAUNCHDARKLY_OPENAPI_SPEC=/);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
  });

  it("a response that is not an OpenAPI document leaves the previous file untouched", async () => {
    const out = path.join(scratch, "kept.json");
    writeFileSync(out, "previous");
    for (const [body, status, message] of [
      ["<html>maintenance</html>", 200, /did not return JSON/],
      [JSON.stringify({ hello: "world" }), 200, /not an OpenAPI document/],
      [JSON.stringify({ code: "unavailable" }), 503, /answered 503/],
    ] as const) {
      const { url, server } = await serve(body, status);
      try {
        const result = await fetchSpec(["--url", url, "--out", out]);
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(message);
      } finally {
        await close(server);
      }
    }
    expect(readFileSync(out, "utf8")).toBe("previous");
  });
});
