import * as fs from "node:fs";
import { isBuiltin } from "node:module";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { serializedProvider, TOKEN, urn, useStack } from "./engine-harness";

const KINDS = ["member", "team", "teamMembership", "customRole"] as const;
const EXPORTED = new Set(["pulumi-launchdarkly-access", "pulumi-launchdarkly-access/runtime", "pulumi-launchdarkly-access/emulator"]);

describe("serialized provider contract", () => {
  for (const kind of KINDS) {
    it(`${kind}: __provider is small, token-free, and requires only exported subpaths or built-ins`, async () => {
      process.env.LAUNCHDARKLY_ACCESS_TOKEN = TOKEN; // a token in the environment must not leak into the closure
      const text = await serializedProvider(kind);
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(4096);
      expect(text).not.toContain(TOKEN);
      const specifiers = [...text.matchAll(/require\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]!);
      expect(specifiers.length).toBeGreaterThan(0);
      for (const s of specifiers) expect(EXPORTED.has(s) || isBuiltin(s), `unexpected require("${s}")`).toBe(true);
      delete process.env.LAUNCHDARKLY_ACCESS_TOKEN;
    });
  }
});

describe("state written by an earlier build", () => {
  const stack = useStack();

  // test/fixtures/provider-0.1.0-customRole.js is the `__provider` recorded from release 0.1.0's build.
  it("a recorded __provider still loads and runs the installed runtime", async () => {
    const recorded = fs.readFileSync(path.join(__dirname, "..", "fixtures", "provider-0.1.0-customRole.js"), "utf8");
    const u = urn("customRole", "legacy");
    const check = await stack.host.check(u, {}, {
      __provider: recorded,
      key: "legacy",
      name: "Legacy",
      policy: [{ effect: "allow", resources: ["proj/*"], actions: ["viewProject"] }],
    });
    expect(check.failures).toEqual([]);
    const created = await stack.host.create(u, check.inputs);
    expect(created.properties.__provider).toBe(recorded);
    const read = await stack.host.read(created.id, u, created.properties, check.inputs);
    expect(read.id).toBe(created.id);
    await stack.host.delete(created.id, u, created.properties);
    expect([...stack.emulator.store.roles.values()].some((r: any) => r.key === "legacy")).toBe(false);
  });
});
