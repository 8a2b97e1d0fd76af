import { checkInputs } from "../../src/core/resources/common-schemas";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator";
import { createSession, type Session } from "../../src/core/session/session";
import { customRoleProvider as provider, customRoleInputSchema } from "../../src/core/resources/custom-role";
import { memberProvider } from "../../src/core/resources/member";
import { assertSentBodyMatchesSpec } from "../support/openapi";
import { testEmulatorProfile } from "../support/emulator-profile";

let session: Session;

/** CustomRole through its provider implementation against the loopback emulator. */

function assertSentBodiesMatchSpec(requests: Emulator["requests"]) {
  const withBodies = requests.filter((r) => r.body !== undefined);
  expect(withBodies.length).toBeGreaterThan(0);
  for (const r of withBodies) assertSentBodyMatchesSpec(r);
}

let emu: Emulator;

function configure(target: Emulator, overrides: { operationTimeoutMs?: number } = {}) {
  session = createSession({ accessToken: target.token, apiHost: target.url, requestTimeoutMs: 5000, operationTimeoutMs: 5000, ...overrides });
}

beforeAll(async () => {
  emu = await startEmulator({ profile: testEmulatorProfile() });
});
afterAll(async () => {
  await emu?.close();
});
beforeEach(() => {
  configure(emu);
  emu.resetRequestLog();
});

const policy = [{ effect: "allow", resources: ["proj/*:env/production:flag/*"], actions: ["updateOn", "updateOffVariation"] }];

/** The inputs' shape only: the program-level checks (references, duplicates, taken keys) are in test/resources/program-checks.test.ts. */
async function checked(news: Record<string, unknown>) {
  const result = checkInputs(customRoleInputSchema, news);
  expect(result.failures).toBeUndefined();
  return result.inputs as Record<string, unknown>;
}

describe("CustomRole lifecycle", () => {
  it("creates, reads, no-ops, updates with one PATCH, sees drift and out-of-band deletion, deletes", async () => {
    const inputs = await checked({ key: "deployer", name: "Deployer", description: "Ships to production", policy });
    expect(emu.requests).toHaveLength(0);

    // create: one request
    const created = await provider.create(session, inputs);
    expect(created.id).toBe("deployer");
    const role = emu.store.roles.get("deployer")!;
    expect(created.outs).toEqual({ ...inputs, roleId: role._id, _id: role._id, __managedFields: ["description"] });
    expect(emu.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(["POST /api/v2/roles 201"]);
    expect(emu.requests[0]!.body).toEqual({ key: "deployer", name: "Deployer", description: "Ships to production", policy, basePermissions: "no_access" });

    // read: one request, nothing changed
    emu.resetRequestLog();
    const read = await provider.read(session, created.id, created.outs);
    expect(read).toEqual({ id: "deployer", props: created.outs, inputs });
    expect(emu.requests).toHaveLength(1);

    // no-op diff: no change, zero requests
    emu.resetRequestLog();
    expect(await provider.diff(session, created.id, created.outs, inputs)).toEqual({ changes: false });
    expect(emu.requests).toHaveLength(0);

    // update: exactly one PATCH with {patch, comment}; /policy whole
    const newPolicy = [...policy, { effect: "deny", resources: ["proj/*:env/production:flag/*"], actions: ["deleteFlag"] }];
    const renamed = await checked({ key: "deployer", name: "Production deployer", description: "Ships to production", policy: newPolicy });
    expect(await provider.diff(session, created.id, created.outs, renamed)).toEqual({ changes: true });
    emu.resetRequestLog();
    const updated = await provider.update(session, created.id, created.outs, renamed);
    expect(emu.requests).toHaveLength(1);
    expect(emu.requests[0]).toMatchObject({ method: "PATCH", path: "/api/v2/roles/deployer", status: 200 });
    expect(emu.requests[0]!.body).toEqual({
      patch: expect.arrayContaining([
        { op: "replace", path: "/name", value: "Production deployer" },
        { op: "replace", path: "/policy", value: newPolicy },
      ]),
      comment: expect.any(String),
    });
    expect((emu.requests[0]!.body as { patch: unknown[] }).patch).toHaveLength(2);
    expect(updated.outs).toMatchObject({ name: "Production deployer", policy: newPolicy });
    expect(emu.store.roles.get("deployer")).toMatchObject({ name: "Production deployer", policy: newPolicy });

    // drift: changed out of band, read shows it, the next diff sees it
    emu.store.roles.get("deployer")!.name = "Renamed in the UI";
    emu.store.roles.get("deployer")!.basePermissions = "reader";
    const drifted = await provider.read(session, created.id, updated.outs!);
    expect(drifted.props).toMatchObject({ name: "Renamed in the UI", basePermissions: "reader" });
    expect(drifted.inputs).toMatchObject({ name: "Renamed in the UI", basePermissions: "reader" });
    expect(await provider.diff(session, created.id, drifted.props!, renamed)).toEqual({ changes: true });

    // out-of-band deletion: read says gone
    emu.store.deleteRole(emu.store.roles.get("deployer")!);
    expect(await provider.read(session, created.id, drifted.props!)).toEqual({ id: "", props: {} });

    // delete of something already gone: 404 is success, one request
    emu.resetRequestLog();
    await provider.delete(session, created.id, drifted.props!);
    expect(emu.requests.map((r) => `${r.method} ${r.status}`)).toEqual(["DELETE 404"]);
  });

  it("deletes with one request", async () => {
    const created = await provider.create(session, await checked({ key: "short-lived", name: "Short", policy }));
    emu.resetRequestLog();
    await provider.delete(session, created.id, created.outs);
    expect(emu.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(["DELETE /api/v2/roles/short-lived 204"]);
    expect(emu.store.roles.has("short-lived")).toBe(false);
  });

  it("sets a resourceCategory in place while unset; a set one changes by replacement", async () => {
    const created = await provider.create(session, await checked({ key: "categorized", name: "C", policy }));
    const withCategory = await checked({ key: "categorized", name: "C", policy, resourceCategory: "project" });
    const updated = await provider.update(session, created.id, created.outs, withCategory);
    expect(updated.outs).toMatchObject({ resourceCategory: "project" });
    const moved = await checked({ key: "categorized", name: "C", policy, resourceCategory: "organization" });
    expect(await provider.diff(session, created.id, updated.outs!, moved)).toEqual({ changes: true, replaces: ["resourceCategory"], deleteBeforeReplace: true });
    const rekeyed = await checked({ key: "categorized-2", name: "C", policy, resourceCategory: "project" });
    expect(await provider.diff(session, created.id, updated.outs!, rekeyed)).toEqual({ changes: true, replaces: ["key"], deleteBeforeReplace: false });
  });

  it("reports an existing key as a clear error", async () => {
    emu.store.addRole({ key: "taken" });
    emu.resetRequestLog();
    await expect(provider.create(session, await checked({ key: "taken", name: "T", policy }))).rejects.toThrow(/"taken" already exists.*adoptExisting: true.*409/s);
    expect(emu.requests).toHaveLength(1);
  });

  it("adopts an existing role by key with adoptExisting, converging with one PATCH", async () => {
    const existing = emu.store.addRole({ key: "legacy", name: "Legacy", description: "old", basePermissions: "reader" });
    emu.resetRequestLog();
    const inputs = await checked({ key: "legacy", name: "Legacy role", policy, adoptExisting: true });
    const created = await provider.create(session, inputs);
    expect(created.id).toBe("legacy");
    expect(emu.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      "GET /api/v2/roles/legacy 200",
      "PATCH /api/v2/roles/legacy 200",
    ]);
    expect((emu.requests[1]!.body as { patch: unknown[] }).patch).toEqual(
      expect.arrayContaining([
        { op: "replace", path: "/name", value: "Legacy role" },
        { op: "replace", path: "/policy", value: policy },
        { op: "replace", path: "/basePermissions", value: "no_access" },
      ]),
    );
    // description was not set in the program: not managed, left as it is
    expect(emu.store.roles.get("legacy")).toMatchObject({ _id: existing._id, name: "Legacy role", description: "old", basePermissions: "no_access", policy });
    expect(created.outs).toEqual({ ...inputs, description: "old", roleId: existing._id, _id: existing._id, __managedFields: [] });
    expect(await provider.diff(session, created.id, created.outs, inputs)).toEqual({ changes: false });
    // A refresh hands back the live description as an output, never as an input (it would read as a removal).
    const read = await provider.read(session, created.id, created.outs!);
    expect(read.props).toEqual(created.outs);
    expect(read.inputs).not.toHaveProperty("description");
  });

  it("refuses to adopt a role whose set resourceCategory differs (it would be replaced next)", async () => {
    emu.store.addRole({ key: "categorized-legacy", resourceCategory: "project" });
    await expect(
      provider.create(session, await checked({ key: "categorized-legacy", name: "C", policy, resourceCategory: "organization", adoptExisting: true })),
    ).rejects.toThrow(/has resourceCategory "project", which cannot change/);
  });

  it("recovers a create whose response was lost, without creating twice", async () => {
    emu.setFaults([{ kind: "reset-after", method: "POST", path: "/api/v2/roles", count: 1 }]);
    try {
      const created = await provider.create(session, await checked({ key: "lost-response", name: "L", policy }));
      expect(created.id).toBe("lost-response");
      expect(created.outs).toMatchObject({ roleId: emu.store.roles.get("lost-response")!._id });
      expect(emu.requests.filter((r) => r.method === "POST")).toHaveLength(1);
    } finally {
      emu.setFaults([]);
    }
  });

  it("rejects bad inputs in check, each with its path and message, before any request", async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ key: "-bad", name: "n", policy }, "key: must start with a letter or digit"],
      [{ key: "k", name: "n", policy: [{ ...policy[0], notActions: ["x"] }] }, "policy[0].notActions: give either actions or notActions, not both"],
      [{ key: "k", name: "n", policy: [{ effect: "allow", actions: ["x"] }] }, "policy[0].resources: give one of resources or notResources"],
      [{ key: "k", name: "n", policy, basePermissions: "admin" }, 'basePermissions: basePermissions must be "reader" or "no_access"'],
      [{ key: "k", policy }, "name: name is required"],
    ];
    for (const [news, expected] of cases) {
      const result = await provider.check(session, {}, news);
      expect((result.failures ?? []).map((f) => `${f.property}: ${f.reason}`).join("\n")).toContain(expected);
    }
    expect(emu.requests).toHaveLength(0);
  });

  it("sends request bodies that match the OpenAPI spec", async () => {
    const created = await provider.create(session, await checked({ key: "spec-checked", name: "S", description: "d", policy, resourceCategory: "project" }));
    await provider.update(session, created.id, created.outs, await checked({ key: "spec-checked", name: "S2", policy, basePermissions: "reader", resourceCategory: "project" }));
    assertSentBodiesMatchSpec(emu.requests);
  });
});

describe("CustomRole delete while the role is still assigned", () => {
  let strict: Emulator;
  beforeAll(async () => {
    strict = await startEmulator({ profile: testEmulatorProfile(), options: { allowDeletingAssignedRole: false } });
  });
  afterAll(async () => {
    await strict?.close();
  });

  it("retries 409 with backoff and succeeds once the members are detached concurrently", async () => {
    configure(strict);
    const created = await provider.create(session, await checked({ key: "assigned", name: "A", policy }));
    const member = strict.store.addMember({ email: "holder@example.com", customRoleKeys: ["assigned"] });
    strict.resetRequestLog();

    const deleting = provider.delete(session, created.id, created.outs);
    // Meanwhile the same `up` takes the role away from the member.
    await new Promise((resolve) => setTimeout(resolve, 400));
    await memberProvider.update(session, member._id, { email: member.email, role: "reader", customRoles: ["assigned"] }, { email: member.email, role: "reader", customRoles: [] });
    await deleting;

    const deletes = strict.requests.filter((r) => r.method === "DELETE");
    expect(deletes.length).toBeGreaterThan(1);
    expect(deletes.slice(0, -1).every((r) => r.status === 409)).toBe(true);
    expect(deletes.at(-1)!.status).toBe(204);
    expect(strict.store.roles.has("assigned")).toBe(false);
  });

  it("gives up at the operation deadline with an error that names the fix", async () => {
    configure(strict, { operationTimeoutMs: 700 });
    const created = await provider.create(session, await checked({ key: "stuck", name: "S", policy }));
    strict.store.addMember({ email: "stuck@example.com", customRoleKeys: ["stuck"] });
    const started = Date.now();
    await expect(provider.delete(session, created.id, created.outs)).rejects.toThrow(/"stuck" is still assigned.*Remove "stuck" from every Member's customRoles and every Team's customRoleKeys/s);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(strict.store.roles.has("stuck")).toBe(true);
  });
});
