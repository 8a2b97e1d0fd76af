import { describe, expect, it } from "vitest";
import { TOKEN, urn, useStack } from "./engine-harness";

/**
 * Every resource through Pulumi's own dynamic-provider host over gRPC, as the engine drives it:
 * the provider is the serialized `__provider` of the built package, inputs and outputs cross as
 * protobuf Structs, and the config arrives through Configure.
 */
const stack = useStack();

function writes() {
  return stack.emulator.requests.filter((r: any) => r.method !== "GET");
}

async function checked(kind: keyof typeof stack.providers, name: string, inputs: Record<string, unknown>, olds: Record<string, unknown> = {}) {
  const res = await stack.host.check(urn(kind, name), olds, { ...inputs, __provider: stack.providers[kind] });
  expect(res.failures).toEqual([]);
  return res.inputs;
}

describe("CustomRole through the host", () => {
  const policy = [{ effect: "allow", resources: ["proj/*:env/staging:flag/*"], actions: ["updateOn"] }];

  it("creates, reads, no-ops, updates, replaces on key change, sees drift and deletion, deletes", async () => {
    const u = urn("customRole", "deployer");
    const inputs = await checked("customRole", "deployer", { key: "deployer", name: "Deployer", policy });
    expect(inputs.basePermissions).toBe("no_access");

    const created = await stack.host.create(u, inputs);
    expect(created.id).not.toBe("");
    expect(created.properties).toMatchObject({ key: "deployer", name: "Deployer" });
    expect(JSON.stringify(created.properties)).not.toContain(TOKEN);

    const read = await stack.host.read(created.id, u, created.properties, inputs);
    expect(read.id).toBe(created.id);
    expect(read.properties).toMatchObject({ key: "deployer", name: "Deployer" });

    stack.emulator.resetRequestLog();
    const same = await stack.host.diff(created.id, u, created.properties, inputs);
    expect(same.changes).toBe("none");
    expect(stack.emulator.requests).toHaveLength(0);

    const renamed = await checked("customRole", "deployer", { key: "deployer", name: "Staging deployer", policy }, inputs);
    const diff = await stack.host.diff(created.id, u, created.properties, renamed);
    expect(diff).toMatchObject({ changes: "some", replaces: [] });
    stack.emulator.resetRequestLog();
    const updated = await stack.host.update(created.id, u, created.properties, renamed);
    expect(updated.properties).toMatchObject({ name: "Staging deployer" });
    expect(writes()).toHaveLength(1);
    expect(writes()[0]).toMatchObject({ method: "PATCH", path: "/api/v2/roles/deployer" });

    const rekeyed = await checked("customRole", "deployer", { key: "deployer-staging", name: "Staging deployer", policy }, renamed);
    const replace = await stack.host.diff(created.id, u, updated.properties, rekeyed);
    expect(replace.replaces).toContain("key");

    const role = [...stack.emulator.store.roles.values()].find((r: any) => r.key === "deployer") as any;
    role.name = "Renamed in the UI";
    const drifted = await stack.host.read(created.id, u, updated.properties, renamed);
    expect(drifted.properties).toMatchObject({ name: "Renamed in the UI" });

    await stack.host.delete(created.id, u, drifted.properties);
    expect([...stack.emulator.store.roles.values()].some((r: any) => r.key === "deployer")).toBe(false);
    await stack.host.delete(created.id, u, drifted.properties); // already gone: 404 is success
    const gone = await stack.host.read(created.id, u, drifted.properties, renamed);
    expect(gone.id).toBe("");
  });

  it("returns check failures with property paths, before any request", async () => {
    stack.emulator.resetRequestLog();
    const res = await stack.host.check(urn("customRole", "bad"), {}, {
      __provider: stack.providers.customRole,
      key: "bad key!",
      name: "Bad",
      policy: [{ effect: "allow", resources: ["member/*"], actions: ["*"], notActions: ["deleteMember"] }],
    });
    // The path leads the reason and the property is empty: the engine prints a nested property's value as {<nil>}.
    expect(res.failures.map((f) => f.property)).toEqual(["", ""]);
    const reasons = res.failures.map((f) => f.reason).join("\n");
    expect(reasons).toMatch(/^key must start with a letter or digit/m);
    expect(reasons).toMatch(/^policy\[0\]\.notActions: /m);
    expect(stack.emulator.requests).toHaveLength(0);
  });
});

describe("Member through the host", () => {
  it("creates, no-ops, updates with one PATCH, replaces on email change, sees drift and deletion, deletes", async () => {
    const u = urn("member", "ada");
    const inputs = await checked("member", "ada", { email: "Ada@Example.com", firstName: "Ada", role: "reader" });
    expect(inputs.email).toBe("ada@example.com");

    const created = await stack.host.create(u, inputs);
    expect(created.id).toMatch(/^[0-9a-f]{24}$/);

    stack.emulator.resetRequestLog();
    expect((await stack.host.diff(created.id, u, created.properties, inputs)).changes).toBe("none");
    expect(stack.emulator.requests).toHaveLength(0);

    const writer = await checked("member", "ada", { email: "ada@example.com", firstName: "Ada", role: "writer" }, inputs);
    stack.emulator.resetRequestLog();
    const updated = await stack.host.update(created.id, u, created.properties, writer);
    expect(updated.properties).toMatchObject({ role: "writer" });
    expect(writes()).toHaveLength(1);
    expect(writes()[0]).toMatchObject({ method: "PATCH", path: `/api/v2/members/${created.id}` });

    const moved = await checked("member", "ada", { email: "ada@example.org", firstName: "Ada", role: "writer" }, writer);
    expect((await stack.host.diff(created.id, u, updated.properties, moved)).replaces).toContain("email");

    (stack.emulator.store.members.get(created.id) as any).role = "admin";
    const drifted = await stack.host.read(created.id, u, updated.properties, writer);
    expect(drifted.properties).toMatchObject({ role: "admin" });
    expect((await stack.host.diff(created.id, u, drifted.properties, writer)).changes).toBe("some");

    await stack.host.delete(created.id, u, drifted.properties);
    expect(stack.emulator.store.members.has(created.id)).toBe(false);
    expect((await stack.host.read(created.id, u, drifted.properties, writer)).id).toBe("");
  });

  it("reports an API error with status, code and request id, naming the fix, without the token", async () => {
    const existing = stack.emulator.store.addMember({ email: "taken@example.com", role: "reader" });
    expect(existing).toBeTruthy();
    const inputs = await checked("member", "taken", { email: "taken@example.com", role: "reader" });
    const err = await stack.host.create(urn("member", "taken"), inputs).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect(err!.message).toMatch(/400/);
    expect(err!.message).toMatch(/email_already_exists_in_account/);
    expect(err!.message).toMatch(/request id/i);
    expect(err!.message).toMatch(/adoptExisting/);
    expect(err!.message).not.toContain(TOKEN);
    expect(stack.host.stderr).not.toContain(TOKEN);
  });
});

describe("Team and TeamMembership through the host", () => {
  it("creates a team with a role, adds a member additively, updates with one PATCH, deletes both", async () => {
    const role = await stack.host.create(
      urn("customRole", "viewer"),
      await checked("customRole", "viewer", { key: "viewer", name: "Viewer", policy: [{ effect: "allow", resources: ["proj/*"], actions: ["viewProject"] }] }),
    );
    const member = await stack.host.create(urn("member", "grace"), await checked("member", "grace", { email: "grace@example.com", role: "reader" }));
    const other = stack.emulator.store.addMember({ email: "someone-else@example.com", role: "reader" }) as any;

    const tu = urn("team", "qa");
    const teamInputs = await checked("team", "qa", { key: "qa", name: "QA", customRoleKeys: ["viewer"] });
    const team = await stack.host.create(tu, teamInputs);
    expect(team.id).not.toBe("");
    stack.emulator.store.addTeamMembers("qa", [other._id]);

    const mu = urn("teamMembership", "qa-grace");
    const membershipInputs = await checked("teamMembership", "qa-grace", { teamKey: "qa", memberId: member.id });
    const membership = await stack.host.create(mu, membershipInputs);
    expect(membership.id).not.toBe("");
    const read = await stack.host.read(membership.id, mu, membership.properties, membershipInputs);
    expect(read.id).toBe(membership.id);

    stack.emulator.resetRequestLog();
    expect((await stack.host.diff(team.id, tu, team.properties, teamInputs)).changes).toBe("none");
    const renamed = await checked("team", "qa", { key: "qa", name: "Quality", customRoleKeys: ["viewer"] }, teamInputs);
    await stack.host.update(team.id, tu, team.properties, renamed);
    expect(writes()).toHaveLength(1);
    expect(writes()[0]).toMatchObject({ method: "PATCH", path: "/api/v2/teams/qa" });
    expect(JSON.stringify(writes()[0]!.body)).toContain("updateName");

    await stack.host.delete(membership.id, mu, membership.properties);
    const afterRemoval = await stack.host.read(membership.id, mu, membership.properties, membershipInputs);
    expect(afterRemoval.id).toBe("");
    // Additive: the member added outside this stack is still there.
    const left = await stack.emulator.store.snapshot();
    expect(JSON.stringify(left)).toContain(other._id);

    await stack.host.delete(team.id, tu, team.properties);
    expect((await stack.host.read(team.id, tu, team.properties, renamed)).id).toBe("");
    await stack.host.delete(member.id, urn("member", "grace"), member.properties);
    await stack.host.delete(role.id, urn("customRole", "viewer"), role.properties);
  });
});
