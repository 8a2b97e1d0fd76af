import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileGenerated, distBuilt, distResourceAdopts, ROOT } from "./generated-project";
import { cli, envFor } from "./run-cli";
import { useSeededAccount } from "./seeded-account-hooks";

/**
 * generate → up on the same account changes nothing. The generated program runs from the built dist
 * through Pulumi's dynamic-provider host (HarnessEngine), as `pulumi up` would run it.
 */
const ready = distBuilt() && distResourceAdopts("member") && distResourceAdopts("team") && distResourceAdopts("custom-role");
const requireDist = createRequire(join(ROOT, "dist", "index.js"));

const seeded = useSeededAccount();

function loadProgram(out: string): () => unknown {
  return () => {
    for (const file of ["index.js", "org.js"]) delete requireDist.cache[join(out, "bin", file)];
    return requireDist(join(out, "bin", "index.js"));
  };
}

describe.skipIf(!ready)("generate → up on the seeded account", () => {
  for (const memberships of ["team-membership", "authoritative"] as const) {
    it(`makes no change (${memberships})`, { timeout: 300_000 }, async () => {
      const out = join(seeded.scratch.dir, memberships);
      expect((await cli(["generate", "--quiet", "--out", out, "--memberships", memberships], envFor(seeded.emu))).code).toBe(0);
      expect(compileGenerated(out, { emit: true })).toEqual([]);

      const { DynamicProviderHost } = requireDist("./harnesses/host/dynamic-provider-host.js");
      const { HarnessEngine } = requireDist("./harnesses/engine/harness-engine.js");
      const { hostCalls } = requireDist("./harnesses/engine/provider-calls.js");
      const host = await DynamicProviderHost.start({ cwd: ROOT });
      try {
        await host.configure({ "launchdarkly:accessToken": seeded.emu.token, "launchdarkly:apiHost": seeded.emu.url });
        const engine = new HarnessEngine(hostCalls(host), { parallel: Number.POSITIVE_INFINITY });
        const before = JSON.stringify(seeded.emu.store.snapshot());
        seeded.emu.resetRequestLog();
        const started = performance.now();
        const { steps }: { steps: { op: string }[] } = await engine.run("up", loadProgram(out));
        const ms = Math.round(performance.now() - started);
        const writes = seeded.emu.requests.filter((r) => r.method !== "GET");
        const applied = writes.filter((r) => r.status >= 200 && r.status < 300);
        console.log(
          `[generate→up ${memberships}] ${steps.length} resources, ${seeded.emu.requests.length} requests ` +
            `(${seeded.emu.requests.length - writes.length} GET, ${writes.length} write attempts, ${applied.length} applied) in ${ms} ms; ` +
            `write attempts: ${JSON.stringify(countBy(writes.map((w) => `${w.method} ${w.path.replace(/[0-9a-f]{24}/g, ":id")} ${w.status}`)))}`,
        );
        // Adoption looks up before it writes: not even a rejected POST.
        expect(writes).toEqual([]);
        expect(applied).toEqual([]);
        expect(JSON.stringify(seeded.emu.store.snapshot())).toBe(before);

        seeded.emu.resetRequestLog();
        const { steps: again }: { steps: { op: string }[] } = await engine.run("up", loadProgram(out));
        expect(again.every((s) => s.op === "same")).toBe(true);
        expect(seeded.emu.requests.filter((r) => r.method !== "GET")).toEqual([]);
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
