import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { missingCliBinaries, PulumiCli } from "../e2e/pulumi-cli";

/** The real Pulumi CLI loads the plugin by path and asks it for its schema. */
const ROOT = path.resolve(__dirname, "../..");
const BIN = path.join(ROOT, "bin", "pulumi-resource-launchdarkly-access");
const missing = missingCliBinaries();
const root = mkdtempSync(path.join(tmpdir(), "ld-access-get-schema-"));

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe.skipIf(missing.length > 0)("pulumi package get-schema bin/pulumi-resource-launchdarkly-access", () => {
  it("returns the package schema, versioned from package.json", async () => {
    const [backendDir, homeDir] = ["backend", "home"].map((dir) => path.join(root, dir));
    for (const dir of [backendDir!, homeDir!]) mkdirSync(dir, { recursive: true });
    const cli = new PulumiCli({ cwd: root, backendDir: backendDir!, homeDir: homeDir!, passphrase: "get-schema" });
    const run = await cli.run(["package", "get-schema", BIN]);
    const schema = JSON.parse(run.stdout);
    const { version } = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
    expect(schema.name).toBe("launchdarkly-access");
    expect(schema.version).toBe(version);
    expect(Object.keys(schema.resources).sort()).toEqual([
      "launchdarkly-access:index:CustomRole",
      "launchdarkly-access:index:Member",
      "launchdarkly-access:index:Team",
      "launchdarkly-access:index:TeamMembership",
    ]);
    expect(schema.config.variables.accessToken.secret).toBe(true);
  }, 60_000);
});
