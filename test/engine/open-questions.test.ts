import { describe, expect, it } from "vitest";
import { urn, useStack, type EngineStack } from "./engine-harness";

/**
 * Open questions 3, 4, 7, 8 and 9 through Pulumi's dynamic-provider host (the serialized provider of the built
 * package), against an emulator with the adverse reading of each switch.
 */
const ADVERSE = { nulls: true, undocumentedQueryValues: "reject", resourceCategoryPatch: "reject", jsonPatchTestFailureStatus: 409 } as const;
const stack = useStack({ options: ADVERSE });

const policy = [{ effect: "allow", resources: ["proj/*:env/staging:flag/*"], actions: ["updateOn"] }];

async function checked(target: EngineStack, kind: keyof EngineStack["providers"], name: string, inputs: Record<string, unknown>, olds: Record<string, unknown> = {}) {
  const res = await target.host.check(urn(kind, name), olds, { ...inputs, __provider: target.providers[kind] });
  expect(res.failures).toEqual([]);
  return res.inputs;
}

function calls(target: EngineStack): string[] {
  return target.emulator.requests.map((r) => `${r.method} ${r.path} ${r.status}`);
}

describe("3. null in responses, through the host", () => {
  it("creates and refreshes a member, a team and a role whose responses carry null, with no drift", async () => {
    for (const [kind, name, inputs] of [
      ["member", "nul", { email: "nul@example.com" }],
      ["team", "nulls", { key: "nulls", name: "Nulls" }],
      ["customRole", "nulls", { key: "nulls", name: "Nulls", policy }],
    ] as const) {
      const u = urn(kind, name);
      const news = await checked(stack, kind, name, inputs);
      const created = await stack.host.create(u, news);
      expect(created.id).not.toBe("");
      const read = await stack.host.read(created.id, u, created.properties, news);
      expect((await stack.host.diff(created.id, u, read.properties, news)).changes).toBe("none");
    }
  });

  it("regression: a create whose 201 body cannot be read ends in the state, found by one lookup", async () => {
    stack.emulator.setFaults([{ kind: "garble-after", method: "POST", path: "/api/v2/teams", count: 1 }]);
    stack.emulator.resetRequestLog();
    const u = urn("team", "garbled");
    const created = await stack.host.create(u, await checked(stack, "team", "garbled", { key: "garbled", name: "Garbled" }));
    expect(created).toMatchObject({ id: "garbled", properties: { key: "garbled", name: "Garbled" } });
    expect(calls(stack)).toEqual(["POST /api/v2/teams 201", "GET /api/v2/teams/garbled 200"]);
  });
});

describe("4. only documented expand values, through the host", () => {
  it("creates and updates a team under an API that rejects undocumented expands", async () => {
    stack.emulator.setFaults([]);
    stack.emulator.resetRequestLog();
    const u = urn("team", "platform");
    const news = await checked(stack, "team", "platform", { key: "platform", name: "Platform", roleAttributes: { env: ["prod"] } });
    const created = await stack.host.create(u, news);
    const renamed = await checked(stack, "team", "platform", { key: "platform", name: "Platform team", roleAttributes: { env: ["stg"] } }, news);
    await stack.host.update(created.id, u, created.properties, renamed);
    expect(stack.emulator.store.teams.get("platform")).toMatchObject({ name: "Platform team", roleAttributes: { env: ["stg"] } });
    expect(stack.emulator.requests.map((r) => `${r.method} ${r.query.expand} ${r.status}`)).toEqual(["POST roles,members,maintainers 201", "PATCH roles,members,maintainers 200"]);
  });
});

describe("7. 409 optimistic_locking_error, through the host", () => {
  it("regression: a member update that meets one 409 optimistic_locking_error succeeds", async () => {
    const u = urn("member", "lock");
    const news = await checked(stack, "member", "lock", { email: "lock@example.com", role: "reader" });
    const created = await stack.host.create(u, news);
    stack.emulator.setFaults([{ kind: "409-optimistic", method: "PATCH", count: 1 }]);
    stack.emulator.resetRequestLog();
    const writer = await checked(stack, "member", "lock", { email: "lock@example.com", role: "writer" }, news);
    const updated = await stack.host.update(created.id, u, created.properties, writer);
    expect(updated.properties).toMatchObject({ role: "writer" });
    expect(calls(stack)).toEqual([`PATCH /api/v2/members/${created.id} 409`, `PATCH /api/v2/members/${created.id} 200`]);
  });
});

describe("8. resourceCategory is immutable, through the host", () => {
  it("plans setting a category on a role that has none as a delete-before-replace", async () => {
    stack.emulator.setFaults([]);
    const u = urn("customRole", "cat");
    const news = await checked(stack, "customRole", "cat", { key: "cat", name: "C", policy });
    const created = await stack.host.create(u, news);
    const categorized = await checked(stack, "customRole", "cat", { key: "cat", name: "C", policy, resourceCategory: "project" }, news);
    expect(await stack.host.diff(created.id, u, created.properties, categorized)).toMatchObject({
      changes: "some",
      replaces: ["resourceCategory"],
      deleteBeforeReplace: true,
    });
    await stack.host.delete(created.id, u, created.properties);
    const replaced = await stack.host.create(u, categorized);
    expect(replaced.properties).toMatchObject({ resourceCategory: "project" });
  });
});

describe("9. a lost create does not take over a stranger, through the host", () => {
  it("fails with the adoptExisting message and leaves the stranger's team alone", async () => {
    stack.emulator.store.addTeam({ key: "taken", name: "Someone else's team" });
    // Answered before the handler runs: the POST never sees the stranger, the recovery's lookup does.
    stack.emulator.setFaults([{ kind: "500", method: "POST", path: "/api/v2/teams", count: 1 }]);
    stack.emulator.resetRequestLog();
    const u = urn("team", "taken");
    await expect(stack.host.create(u, await checked(stack, "team", "taken", { key: "taken", name: "Taken" }))).rejects.toThrow(
      /a team with key "taken" already exists.*adoptExisting: true/s,
    );
    expect(calls(stack)).toEqual(["POST /api/v2/teams 500", "GET /api/v2/teams/taken 200"]);
    expect(stack.emulator.store.teams.get("taken")!.name).toBe("Someone else's team");
  });
});
