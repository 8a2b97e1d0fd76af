import { readFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { LaunchDarklyAccessProvider } from "../../src/core/native/native-provider";
import { secretValue } from "../../src/core/native/provider-config";
import { RESOURCE_TOKENS } from "../../src/core/native/tokens";
import { teamInputSchema } from "../../src/core/resources/team";
import type { ResourceKind } from "../../src/core/resources/props";
import { startEmulator, type Emulator } from "../../src/emulator";

/** The native front door's Provider methods, called directly, against the emulator. */

let emu: Emulator;
let provider: LaunchDarklyAccessProvider;
let ada: string;
let grace: string;

const urn = (kind: ResourceKind, name = "r") => `urn:pulumi:dev::proj::${RESOURCE_TOKENS[kind]}::${name}`;

beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(async () => {
  await emu?.close();
});
beforeEach(async () => {
  emu.store.reset();
  for (const key of ["reader", "deployer", "auditor"]) emu.store.addRole({ key, name: key });
  ada = emu.store.addMember({ email: "ada@example.com", firstName: "Ada" })._id;
  grace = emu.store.addMember({ email: "grace@example.com" })._id;
  provider = new LaunchDarklyAccessProvider({ version: "9.9.9", env: {} });
  // As the engine sends them: the token wrapped as a secret, stack config numbers as strings.
  await provider.configure({ accessToken: secretValue(emu.token), apiHost: emu.url, requestTimeoutMs: "5000", operationTimeoutMs: 5000 });
  emu.resetRequestLog();
});

async function checked(kind: ResourceKind, news: Record<string, unknown>, olds: Record<string, unknown> = {}) {
  const result = await provider.check(urn(kind), olds, news);
  expect(result.failures ?? []).toEqual([]);
  return result.inputs as Record<string, unknown>;
}

describe("configuration", () => {
  it("reads the token from Configure's args (secret-wrapped) and numbers given as strings", async () => {
    const inputs = await checked("team", { key: "platform", name: "Platform" });
    await provider.create(urn("team"), inputs);
    expect(emu.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toContain("POST /api/v2/teams 201");
  });

  it("falls back to LAUNCHDARKLY_* environment variables", async () => {
    const fromEnv = new LaunchDarklyAccessProvider({ version: "1.0.0", env: { LAUNCHDARKLY_ACCESS_TOKEN: emu.token, LAUNCHDARKLY_API_HOST: emu.url } });
    await fromEnv.configure({});
    const inputs = (await fromEnv.check(urn("team"), {}, { key: "env", name: "Env" })).inputs;
    const created = await fromEnv.create(urn("team"), inputs);
    expect(created.id).toBe("env");
    expect(emu.store.teams.has("env")).toBe(true);
  });

  it("reads the legacy `variables` when args are empty", async () => {
    const legacy = new LaunchDarklyAccessProvider({ version: "1.0.0", env: {} });
    await legacy.configure({}, { "launchdarkly-access:config:accessToken": emu.token, "launchdarkly-access:config:apiHost": emu.url });
    const created = await legacy.create(urn("team"), { key: "legacy", name: "Legacy" });
    expect(created.id).toBe("legacy");
  });

  it("CheckConfig marks the token secret and names a setting that cannot be used", async () => {
    const ok = await provider.checkConfig({}, { accessToken: "api-123", requestTimeoutMs: "30000", version: "0.1.0" });
    expect(ok.failures).toEqual([]);
    expect(ok.inputs.accessToken).toEqual(secretValue("api-123"));
    expect(ok.inputs.requestTimeoutMs).toBe("30000");
    const bad = await provider.checkConfig({}, { requestTimeoutMs: "thirty", apiHost: "app.launchdarkly.com/api/v2" });
    expect(bad.failures.map((failure) => failure.property).sort()).toEqual(["apiHost", "requestTimeoutMs"]);
    expect(bad.failures.find((failure) => failure.property === "requestTimeoutMs")?.reason).toMatch(/"thirty".*whole number of milliseconds/);
  });

  it("DiffConfig: a new token or host is an update of the provider, never a replace", async () => {
    const same = await provider.diffConfig({ accessToken: secretValue("a"), apiHost: "https://x" }, { accessToken: "a", apiHost: "https://x" });
    expect(same.changes).toBe(false);
    const rotated = await provider.diffConfig({ accessToken: secretValue("a") }, { accessToken: secretValue("b") });
    expect(rotated).toMatchObject({ changes: true, replaces: [], detailedDiff: { accessToken: "update" } });
  });
});

describe("resources through the native front door", () => {
  it("Team: create, no-op diff, element-level detailed diff, update with one request", async () => {
    const inputs = await checked("team", { key: "platform", name: "Platform", customRoleKeys: ["deployer"], maintainers: [ada] });
    const { id, outs } = await provider.create(urn("team"), inputs);
    expect(id).toBe("platform");
    expect(outs.maintainerEmails).toEqual(["ada@example.com"]);

    expect(await provider.diff(id, urn("team"), outs, inputs)).toMatchObject({ changes: false, detailedDiff: {} });

    const news = await checked("team", { key: "platform", name: "Platform team", customRoleKeys: ["auditor", "deployer"], maintainers: [] }, inputs);
    const diff = await provider.diff(id, urn("team"), outs, news);
    expect(diff.changes).toBe(true);
    expect(diff.replaces).toEqual([]);
    // auditor sorts before deployer: the added key is element 0 of the new list; ada leaves at element 0 of the old one.
    expect(diff.detailedDiff).toEqual({ name: "update", "customRoleKeys[0]": "add", "maintainers[0]": "delete" });

    emu.resetRequestLog();
    await provider.update(id, urn("team"), outs, news);
    expect(emu.requests.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`)).toEqual(["PATCH /api/v2/teams/platform"]);
    expect(emu.store.teams.get("platform")?.customRoleKeys.sort()).toEqual(["auditor", "deployer"]);

    const rekeyed = await checked("team", { ...news, key: "platform-2" }, news);
    const replace = await provider.diff(id, urn("team"), outs, rekeyed);
    expect(replace.replaces).toEqual(["key"]);
    expect(replace.detailedDiff?.key).toBe("updateReplace");
  });

  it("CustomRole: a policy change shows per statement and per action", async () => {
    const inputs = await checked("customRole", {
      key: "flags",
      name: "Flags",
      policy: [{ effect: "allow", resources: ["proj/*:env/*:flag/*"], actions: ["updateOn"] }],
    });
    const { id, outs } = await provider.create(urn("customRole"), inputs);
    expect(id).toBe("flags");
    const news = await checked(
      "customRole",
      {
        ...inputs,
        policy: [
          { effect: "allow", resources: ["proj/*:env/*:flag/*"], actions: ["updateOn", "updateTargets"] },
          { effect: "deny", resources: ["proj/*:env/production:flag/*"], actions: ["*"] },
        ],
      },
      inputs,
    );
    const diff = await provider.diff(id, urn("customRole"), outs, news);
    expect(diff.detailedDiff).toEqual({ "policy[0].actions[1]": "add", "policy[1]": "add" });
    const category = await provider.diff(id, urn("customRole"), outs, { ...inputs, resourceCategory: "project" });
    expect(category).toMatchObject({ changes: true, replaces: ["resourceCategory"], detailedDiff: { resourceCategory: "addReplace" } });
  });

  it("Member: the resource id is the member id, and an email change is a replace", async () => {
    const inputs = await checked("member", { email: "Linus@Example.com", customRoles: ["deployer"] });
    const { id, outs } = await provider.create(urn("member"), inputs);
    expect(id).toBe(outs.memberId);
    expect(outs.email).toBe("linus@example.com");
    const news = await checked("member", { ...inputs, email: "linus@example.org", customRoles: ["auditor", "deployer"] }, inputs);
    const diff = await provider.diff(id, urn("member"), outs, news);
    expect(diff.replaces).toEqual(["email"]);
    // Only the property that forces the replace is a replace kind.
    expect(diff.detailedDiff).toEqual({ email: "updateReplace", "customRoles[0]": "add" });
  });

  it("TeamMembership: the id is <teamKey>/<memberId>; delete removes the pair", async () => {
    emu.store.addTeam({ key: "data" });
    const inputs = await checked("teamMembership", { teamKey: "data", memberId: grace });
    const { id, outs } = await provider.create(urn("teamMembership"), inputs);
    expect(id).toBe(`data/${grace}`);
    expect(outs.memberEmail).toBe("grace@example.com");
    expect(emu.store.teams.get("data")?.memberIds).toEqual([grace]);
    await provider.delete(id, urn("teamMembership"), outs);
    expect(emu.store.teams.get("data")?.memberIds).toEqual([]);
  });

  it("an unknown resource type is refused by name", async () => {
    await expect(provider.check("urn:pulumi:dev::proj::launchdarkly-access:index:Flag::f", {}, {})).rejects.toThrow(/unknown resource type "launchdarkly-access:index:Flag"/);
  });
});

describe("import: read with an id and no state", () => {
  beforeEach(() => {
    emu.store.addRole({
      key: "ops",
      name: "Ops",
      description: "operators",
      basePermissions: "reader",
      policy: [{ effect: "allow", resources: ["proj/*"], actions: ["*"] }],
    });
    emu.store.addTeam({
      key: "platform",
      name: "Platform",
      description: "the platform team",
      customRoleKeys: ["ops"],
      memberIds: [ada],
      roleAttributes: { envs: ["prod"] },
      permissionGrants: [{ actionSet: "maintainTeam", memberIds: [grace] }],
    });
  });

  it("returns every input, and those inputs diff as no change against what was read", async () => {
    const imports: [ResourceKind, string][] = [
      ["team", "platform"],
      ["member", ada],
      ["customRole", "ops"],
      ["teamMembership", `platform/${ada}`],
    ];
    const read: Record<string, { id?: string; props?: Record<string, unknown>; inputs?: Record<string, unknown> }> = {};
    for (const [kind, id] of imports) {
      const result = await provider.read(id, urn(kind), {}, {});
      expect(result.id).toBe(id);
      read[kind] = result;
      // As `pulumi import` checks them: the read inputs are both the old and the new inputs.
      const inputs = await checked(kind, result.inputs!, result.inputs!);
      expect(await provider.diff(id, urn(kind), result.props!, inputs)).toMatchObject({ changes: false });
    }
    expect(read.team!.inputs).toEqual({
      key: "platform",
      name: "Platform",
      description: "the platform team",
      customRoleKeys: ["ops"],
      maintainers: [grace],
      roleAttributes: { envs: ["prod"] },
    });
    expect(read.member!.inputs).toMatchObject({ email: "ada@example.com", firstName: "Ada", role: "reader", customRoles: [] });
    expect(read.customRole!.inputs).toMatchObject({
      key: "ops",
      name: "Ops",
      description: "operators",
      basePermissions: "reader",
      policy: [{ effect: "allow", resources: ["proj/*"], actions: ["*"] }],
    });
    expect(read.teamMembership!.inputs).toEqual({ teamKey: "platform", memberId: ada });
    expect(emu.requests.every((r) => r.method === "GET")).toBe(true);
  });

  it("a refresh (state present) still reports only the inputs the program manages", async () => {
    const result = await provider.read("platform", urn("team"), { key: "platform", name: "Platform" }, { key: "platform", name: "Platform" });
    expect(result.inputs).toEqual({ key: "platform", name: "Platform" });
  });

  it("an object that does not exist reads as gone", async () => {
    expect((await provider.read("nope", urn("team"), {}, {})).id).toBe("");
  });
});

describe("the token", () => {
  it("is in no result, state or error", async () => {
    const results: unknown[] = [];
    const inputs = await checked("team", { key: "t", name: "T", maintainers: [ada] });
    const created = await provider.create(urn("team"), inputs);
    results.push(inputs, created, await provider.read(created.id, urn("team"), created.outs, inputs), await provider.getSchema());
    const wrong = new LaunchDarklyAccessProvider({ version: "1.0.0", env: {} });
    // The emulator answers 401 to a token it does not know; the error must not echo it.
    const badToken = `${emu.token}-revoked`;
    await wrong.configure({ accessToken: secretValue(badToken), apiHost: emu.url, requestTimeoutMs: "2000", operationTimeoutMs: "2000" });
    const failure = await wrong.create(urn("team"), { key: "u", name: "U" }).catch((error: Error) => error);
    expect(failure).toBeInstanceOf(Error);
    const text = JSON.stringify(results) + String((failure as Error).message) + String((failure as Error).stack);
    expect(text).not.toContain(emu.token);
    expect(text).not.toContain(badToken);
    expect((failure as Error).message).toMatch(/401|token/i);
  });
});

describe("getSchema", () => {
  it("is generated from the zod input schemas, with README descriptions and the package version", async () => {
    const schema = JSON.parse(await provider.getSchema());
    expect(schema.name).toBe("launchdarkly-access");
    expect(schema.version).toBe("9.9.9");
    expect(Object.keys(schema.resources).sort()).toEqual(Object.values(RESOURCE_TOKENS).sort());
    expect(schema.config.variables.accessToken).toMatchObject({ type: "string", secret: true });
    expect(schema.provider.inputProperties.accessToken.secret).toBe(true);
    expect(schema.config.variables.requestTimeoutMs.type).toBe("integer");

    const team = schema.resources["launchdarkly-access:index:Team"];

    expect(Object.keys(team.inputProperties).sort()).toEqual(Object.keys(teamInputSchema.shape).sort());
    expect(team.requiredInputs).toEqual(["key", "name"]);
    expect(team.inputProperties.customRoleKeys).toMatchObject({ type: "array", items: { type: "string" } });
    expect(team.inputProperties.roleAttributes).toMatchObject({ type: "object", additionalProperties: { type: "array", items: { type: "string" } } });
    expect(team.properties.maintainerEmails).toMatchObject({ type: "array" });

    const member = schema.resources["launchdarkly-access:index:Member"];
    expect(member.inputProperties.role).toMatchObject({ type: "string", default: "reader" });
    const role = schema.resources["launchdarkly-access:index:CustomRole"];
    expect(role.inputProperties.policy.items.$ref).toBe("#/types/launchdarkly-access:index:PolicyStatement");
    expect(schema.types["launchdarkly-access:index:PolicyStatement"].required).toEqual(["effect"]);

    // Descriptions are the README's table cells, word for word.
    const readme = readFileSync(path.join(__dirname, "../../README.md"), "utf8");
    const described = [member.inputProperties.email.description, team.inputProperties.memberIds.description, schema.config.variables.apiHost.description];
    for (const text of described) {
      expect(text).toBeTruthy();
      expect(readme).toContain(text.replace(/\|/g, "\\|").slice(0, 40));
    }
    expect(member.inputProperties.firstName.description).toBe(member.inputProperties.lastName.description);
  });

  it("describes every property and configuration key (the README's tables cover the whole schema)", async () => {
    const schema = JSON.parse(await provider.getSchema());
    const undescribed: string[] = [];
    const objects: [string, Record<string, { description?: string }>][] = [
      ["config", schema.config.variables],
      ...Object.entries(schema.resources).map(([token, resource]: [string, any]) => [token, resource.properties] as [string, any]),
      ...Object.entries(schema.types).map(([token, type]: [string, any]) => [token, type.properties] as [string, any]),
    ];
    for (const [owner, properties] of objects) {
      for (const [name, property] of Object.entries(properties)) if (!property.description) undescribed.push(`${owner}.${name}`);
    }
    expect(undescribed).toEqual([]);
  });
});

describe("errors name the plugin's configuration keys", () => {
  it("a missing token names launchdarkly-access:accessToken, not the dynamic provider's key", async () => {
    const bare = new LaunchDarklyAccessProvider({ version: "1.0.0", env: {} });
    await bare.configure({ apiHost: emu.url });
    const result = await bare.check(urn("team"), {}, { key: "t", name: "T" });
    const reasons = (result.failures ?? []).map((failure) => failure.reason).join("\n");
    expect(reasons).toContain("pulumi config set --secret launchdarkly-access:accessToken");
    expect(reasons).not.toMatch(/launchdarkly:accessToken/);
  });

  it("an unusable setting from stack config is named by its plugin key", async () => {
    const bad = new LaunchDarklyAccessProvider({ version: "1.0.0", env: {} });
    await bad.configure({ accessToken: secretValue(emu.token), apiHost: emu.url, requestTimeoutMs: "soon" });
    const failure = await bad.create(urn("team"), { key: "t", name: "T" }).catch((error: Error) => error);
    expect((failure as Error).message).toMatch(/launchdarkly-access:requestTimeoutMs \(stack config\) is "soon"/);
  });
});
