import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { PULUMI_PEER_RANGE } from "../../src/tools/generate/render-project-files";

/**
 * What `npm pack` would publish (dist/ must be built): only what users run, every relative require of a
 * shipped file resolves to a shipped file, and the public declarations import nothing but @pulumi/pulumi.
 */
const ROOT = path.resolve(__dirname, "..", "..");
const manifest = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
const [packed] = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT, encoding: "utf8" })) as [{ files: { path: string }[] }];
const files = new Set(packed.files.map((f) => f.path));

describe("the published tarball", () => {
  it("carries no demo, examples, test host or source maps (they point at sources that are not shipped)", () => {
    const unwanted = [...files].filter((f) => /^dist\/(demo|examples|host)\//.test(f) || f.endsWith(".map") || f.startsWith("src/") || f.startsWith("test/"));
    expect(unwanted).toEqual([]);
  });

  it("carries the entries package.json names: main, types, bin and every export", () => {
    const targets = [manifest.main, manifest.types, ...Object.values(manifest.bin as Record<string, string>)];
    for (const entry of Object.values(manifest.exports as Record<string, string | Record<string, string>>)) {
      targets.push(...(typeof entry === "string" ? [entry] : Object.values(entry)));
    }
    const missing = targets.map((t: string) => t.replace(/^\.\//, "")).filter((t: string) => !files.has(t));
    expect(missing).toEqual([]);
    expect([...files].filter((f) => f.startsWith("dist/harnesses/"))).toEqual([]);
  });

  it("every relative require in a shipped file resolves to a shipped file", () => {
    const unresolved: string[] = [];
    for (const file of [...files].filter((f) => f.endsWith(".js"))) {
      const source = readFileSync(path.join(ROOT, file), "utf8");
      for (const [, spec] of source.matchAll(/require\("(\.{1,2}\/[^"]+)"\)/g)) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec!));
        const candidates = [target, `${target}.js`, `${target}/index.js`];
        if (!candidates.some((c) => files.has(c))) unresolved.push(`${file} → ${spec}`);
      }
    }
    expect(unresolved).toEqual([]);
  });

  it("declares @pulumi/pulumi as a peer dependency with a range, pinned only for this repository's tests", () => {
    expect(manifest.dependencies["@pulumi/pulumi"]).toBeUndefined();
    expect(manifest.peerDependencies["@pulumi/pulumi"]).toMatch(/^\^3\.\d+\.\d+$/);
    expect(manifest.devDependencies["@pulumi/pulumi"]).toBe("3.248.0");
    // `generate` writes projects that depend on the same range.
    expect(PULUMI_PEER_RANGE).toBe(manifest.peerDependencies["@pulumi/pulumi"]);
    // The native plugin (bin/pulumi-resource-launchdarkly-access) serves gRPC itself: it declares the gRPC runtime
    // with the ranges @pulumi/pulumi requires, so one copy serves both (docs/decisions/0027).
    const sdk = JSON.parse(readFileSync(require.resolve("@pulumi/pulumi/package.json"), "utf8"));
    for (const name of ["@grpc/grpc-js", "google-protobuf"]) expect(manifest.dependencies[name]).toBe(sdk.dependencies[name]);
  });

  it("the public declarations (dist/index.d.ts) import only @pulumi/pulumi and expose no zod, undici or msw types", () => {
    const declarations = readFileSync(path.join(ROOT, "dist", "index.d.ts"), "utf8");
    const imports = [...declarations.matchAll(/(?:from|import\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);
    expect([...new Set(imports)]).toEqual(["@pulumi/pulumi"]);
    expect(declarations).not.toMatch(/\bzod\b|\bZod[A-Z]\w*|\bundici\b|\bmsw\b/);
    for (const name of ["MemberArgs", "TeamArgs", "TeamMembershipArgs", "CustomRoleArgs", "PolicyStatementArgs"]) {
      expect(declarations).toMatch(new RegExp(`export interface ${name} \\{`));
    }
    for (const name of ["Member", "Team", "TeamMembership", "CustomRole", "LaunchDarklyApiError"]) {
      expect(declarations).toMatch(new RegExp(`export declare class ${name} `));
    }
  });
});
