import { existsSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator";
import type { DynamicProviderHost as Host } from "../../src/harnesses/host/dynamic-provider-host";
import { hostModule } from "../engine/engine-harness";
import { consumerProject, installedCopies, PEER_RANGE, runIn, versionsInPeerRange } from "./consumer-project";

/**
 * The provider works with the lowest and the newest `@pulumi/pulumi` of the peer range that the registry
 * serves: each is installed with the packed tarball into its own project; that version's SDK serializes
 * the resources' `__provider` (from `new ld.Member(…)` under Pulumi's mocks, as a program does) and that
 * version's dynamic-provider host runs it over gRPC, configured with stack config as the engine does.
 */
const TOKEN = "api-PEER-RANGE-TEST-TOKEN-4b1e";

/**
 * Runs in the consumer project: the `__provider` strings its @pulumi/pulumi computes for our resources, and
 * the `sourcePosition` it sends the engine for each (with source-map-support registered, as Pulumi's Node.js
 * runtime does, so a shipped source map would be followed).
 */
const CAPTURE = `require("source-map-support/register");
const pulumi = require("@pulumi/pulumi");
const ld = require("pulumi-launchdarkly-access");
const providers = {};
const positions = {};
pulumi.runtime.setMocks({
  newResource: (args) => { providers[args.type] = args.inputs.__provider; return { id: args.name + "-id", state: args.inputs }; },
  call: () => ({}),
}, "peer-range", "dev", false);
const monitor = pulumi.runtime.getMonitor();
const register = monitor.registerResource.bind(monitor);
monitor.registerResource = (req, callback) => {
  const position = req.getSourceposition && req.getSourceposition();
  positions[req.getType()] = position ? position.getUri() : null;
  return register(req, callback);
};
const role = new ld.CustomRole("auditor", { key: "auditor", name: "Auditor", policy: [{ effect: "deny", resources: ["proj/*"], actions: ["*"] }] });
const ada = new ld.Member("ada", { email: "ada@example.com" });
pulumi.all([role.urn, ada.urn]).apply(() => {
  process.stdout.write(JSON.stringify({ sdk: require("@pulumi/pulumi/package.json").version, providers, positions }));
});
`;

const registry = versionsInPeerRange();
const skip = "skip" in registry ? registry.skip : undefined;
if (skip) console.warn(`peer-range tests skipped: ${skip}`);
const versions = "versions" in registry ? [...new Set([registry.versions[0]!, registry.versions.at(-1)!])] : ["(none)"];

describe.skipIf(skip !== undefined).each(versions)(`@pulumi/pulumi %s (peer range ${PEER_RANGE})${skip ? ` (skipped: ${skip})` : ""}`, (version) => {
  let dir = "";
  let emulator: Emulator;
  let host: Host;
  let providers: Record<string, string> = {};
  let positions: Record<string, string | null> = {};

  beforeAll(async () => {
    dir = await consumerProject(`peer-${version}`, { pulumiVersion: version });
    writeFileSync(path.join(dir, "capture-provider.js"), CAPTURE);
    const captured = JSON.parse(await runIn(process.execPath, ["capture-provider.js"], dir, 120_000)) as {
      sdk: string;
      providers: Record<string, string>;
      positions: Record<string, string | null>;
    };
    expect(captured.sdk).toBe(version);
    providers = captured.providers;
    positions = captured.positions;
    // Strict, except that a listing limit above the cap is clamped: GET /roles asks for more than the strict
    // cap of 20 (a provider issue of its own, not of the SDK version under test here).
    emulator = await startEmulator({ token: TOKEN, profile: "strict", options: { limitAboveCap: "clamp" } });
    host = await hostModule.DynamicProviderHost.start({ cwd: dir, startTimeoutMs: 60_000 });
    await host.configure({ "launchdarkly:accessToken": TOKEN, "launchdarkly:apiHost": emulator.url });
  }, 900_000);

  afterAll(async () => {
    await host?.close();
    await emulator?.close();
  });

  it("is the only @pulumi/pulumi in the project", () => {
    expect(installedCopies(dir, "@pulumi/pulumi").map((copy) => copy.version)).toEqual([version]);
  });

  it("serializes a small __provider that names the package's runtime and no token", () => {
    const member = providers["pulumi-nodejs:dynamic/launchdarkly:Member"];
    expect(member).toContain("pulumi-launchdarkly-access/runtime");
    expect(member!.length).toBeLessThan(4000);
    expect(JSON.stringify(providers)).not.toContain(TOKEN);
  });

  it("records a sourcePosition for each resource that points at a file shipped in the package", () => {
    const kinds = ["CustomRole", "Member"];
    for (const kind of kinds) {
      const uri = positions[`pulumi-nodejs:dynamic/launchdarkly:${kind}`];
      expect(uri, kind).toMatch(/^file:\/\//);
      const file = fileURLToPath(uri!);
      expect(path.relative(dir, file)).toMatch(/^node_modules\/pulumi-launchdarkly-access\/dist\/core\/resources\/[a-z-]+\.js$/);
      expect(existsSync(file)).toBe(true);
    }
  });

  it("creates, reads, updates and deletes through that version's dynamic-provider host, with the token from Configure", async () => {
    const roleUrn = `urn:pulumi:dev::peer-range::pulumi-nodejs:dynamic/launchdarkly:CustomRole::auditor`;
    const memberUrn = `urn:pulumi:dev::peer-range::pulumi-nodejs:dynamic/launchdarkly:Member::ada`;
    const roleProvider = providers["pulumi-nodejs:dynamic/launchdarkly:CustomRole"]!;
    const memberProvider = providers["pulumi-nodejs:dynamic/launchdarkly:Member"]!;

    const roleCheck = await host.check(roleUrn, {}, { __provider: roleProvider, key: "auditor", name: "Auditor", policy: [{ effect: "deny", resources: ["proj/*"], actions: ["*"] }] });
    expect(roleCheck.failures).toEqual([]);
    const role = await host.create(roleUrn, roleCheck.inputs);
    expect(role.properties).toMatchObject({ key: "auditor", basePermissions: "no_access" });

    const memberCheck = await host.check(memberUrn, {}, { __provider: memberProvider, email: "Ada@Example.com", role: "writer", customRoles: ["auditor"] });
    expect(memberCheck.failures).toEqual([]);
    const member = await host.create(memberUrn, memberCheck.inputs);
    expect(member.properties).toMatchObject({ email: "ada@example.com", role: "writer", customRoles: ["auditor"] });
    expect([...emulator.store.members.values()].some((m: any) => m.email === "ada@example.com")).toBe(true);

    const read = await host.read(member.id, memberUrn, member.properties, memberCheck.inputs);
    expect(read.properties).toMatchObject({ email: "ada@example.com", role: "writer" });

    const reader = await host.check(memberUrn, memberCheck.inputs, { __provider: memberProvider, email: "ada@example.com", role: "reader", customRoles: [] });
    const diff = await host.diff(member.id, memberUrn, read.properties, reader.inputs);
    expect(diff).toMatchObject({ changes: "some", replaces: [] });
    const updated = await host.update(member.id, memberUrn, read.properties, reader.inputs);
    expect(updated.properties).toMatchObject({ role: "reader", customRoles: [] });

    await host.delete(member.id, memberUrn, updated.properties);
    await host.delete(role.id, roleUrn, role.properties);
    expect([...emulator.store.members.values()].some((m: any) => m.email === "ada@example.com")).toBe(false);
    expect([...emulator.store.roles.values()].some((r: any) => r.key === "auditor")).toBe(false);
  }, 120_000);
});
