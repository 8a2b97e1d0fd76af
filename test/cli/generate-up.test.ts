import { createRequire } from "node:module";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator";
import { compileGenerated, distBuilt, distResourceAdopts, ROOT, scratchDir } from "./generated-project";
import { cli, envFor } from "./run-cli";
import { seedAccount } from "./seed-account";

/**
 * generate → up on the same account changes nothing. The generated program runs from the built dist
 * through Pulumi's dynamic-provider host (HarnessEngine), as `pulumi up` would run it.
 */
const ready = distBuilt() && distResourceAdopts("member") && distResourceAdopts("team") && distResourceAdopts("custom-role");
const requireDist = createRequire(join(ROOT, "dist", "index.js"));

let emu: Emulator;
let scratch: ReturnType<typeof scratchDir>;

beforeAll(async () => {
  emu = await startEmulator({ owner: { email: "owner@example.com" } });
  seedAccount(emu.store);
  scratch = scratchDir();
});
afterAll(async () => {
  scratch.remove();
  await emu.close();
});

function loadProgram(out: string): () => unknown {
  return () => {
    for (const file of ["index.js", "org.js"]) delete requireDist.cache[join(out, "bin", file)];
    return requireDist(join(out, "bin", "index.js"));
  };
}

describe.skipIf(!ready)("generate → up on the seeded account", () => {
  for (const memberships of ["team-membership", "authoritative"] as const) {
    it(`makes no change (${memberships})`, { timeout: 300_000 }, async () => {
      const out = join(scratch.dir, memberships);
      expect((await cli(["generate", "--quiet", "--out", out, "--memberships", memberships], envFor(emu))).code).toBe(0);
      expect(compileGenerated(out, { emit: true })).toEqual([]);

      const { DynamicProviderHost } = requireDist("./host/dynamic-provider-host.js");
      const { HarnessEngine } = requireDist("./demo/harness-engine.js");
      const host = await DynamicProviderHost.start({ cwd: ROOT });
      try {
        await host.configure({ "launchdarkly:accessToken": emu.token, "launchdarkly:apiHost": emu.url });
        const engine = new HarnessEngine(host);
        const before = JSON.stringify(emu.store.snapshot());
        emu.resetRequestLog();
        const started = performance.now();
        const steps: { op: string }[] = await engine.run("up", loadProgram(out));
        const ms = Math.round(performance.now() - started);
        const writes = emu.requests.filter((r) => r.method !== "GET");
        const applied = writes.filter((r) => r.status >= 200 && r.status < 300);
        console.log(
          `[generate→up ${memberships}] ${steps.length} resources, ${emu.requests.length} requests ` +
            `(${emu.requests.length - writes.length} GET, ${writes.length} write attempts, ${applied.length} applied) in ${ms} ms; ` +
            `write attempts: ${JSON.stringify(countBy(writes.map((w) => `${w.method} ${w.path.replace(/[0-9a-f]{24}/g, ":id")} ${w.status}`)))}`,
        );
        // Adoption looks up before it writes: not even a rejected POST.
        expect(writes).toEqual([]);
        expect(applied).toEqual([]);
        expect(JSON.stringify(emu.store.snapshot())).toBe(before);

        emu.resetRequestLog();
        const again: { op: string }[] = await engine.run("up", loadProgram(out));
        expect(again.every((s) => s.op === "same")).toBe(true);
        expect(emu.requests.filter((r) => r.method !== "GET")).toEqual([]);
      } finally {
        await host.close();
      }
    });
  }
});

function countBy(items: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[item] = (counts[item] ?? 0) + 1;
  return counts;
}
