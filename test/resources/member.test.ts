import { checkInputs } from "../../src/core/resources/common-schemas";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator";
import { createSession, type Session } from "../../src/core/session/session";
import { PartialFailureError } from "../../src/core/resources/partial-failure";
import { memberProvider as provider, memberInputSchema } from "../../src/core/resources/member";
import { assertSentBodyMatchesSpec } from "../support/openapi";
import { testEmulatorProfile } from "../support/emulator-profile";

let session: Session;

/** Member through its provider implementation against the loopback emulator. */
let emu: Emulator;
let roleId: Record<string, string>;

beforeAll(async () => {
  emu = await startEmulator({ profile: testEmulatorProfile() });
  roleId = {};
  for (const key of ["deployer", "viewer", "auditor"]) roleId[key] = emu.store.addRole({ key })._id;
});
afterAll(async () => {
  await emu?.close();
});
beforeEach(() => {
  // A fresh runtime each test: the role catalog starts empty.
  session = createSession({ accessToken: emu.token, apiHost: emu.url, requestTimeoutMs: 5000, operationTimeoutMs: 5000 });
  emu.resetRequestLog();
});

function calls() {
  return emu.requests.map((r) => `${r.method} ${r.path} ${r.status}`);
}

/**
 * The process's first role listing: under a profile that refuses `limit=100` for roles (strict: limitAboveCap
 * reject, rolePageCap 20) it starts with that one refused request, then pages by the documented 20 (src/core/api/roles.ts).
 */
function firstRoleListing(): string[] {
  const refused = emu.options.limitAboveCap === "reject" && emu.options.rolePageCap < 100;
  return [...(refused ? ["GET /api/v2/roles 400"] : []), "GET /api/v2/roles 200"];
}

function assertSentBodiesMatchSpec(requests: Emulator["requests"]) {
  const withBodies = requests.filter((r) => r.body !== undefined);
  expect(withBodies.length).toBeGreaterThan(0);
  for (const r of withBodies) assertSentBodyMatchesSpec(r);
}

/** The inputs' shape only: the program-level checks (references, duplicates, taken keys) are in test/resources/program-checks.test.ts. */
async function checked(news: Record<string, unknown>) {
  const result = checkInputs(memberInputSchema, news);
  expect(result.failures).toBeUndefined();
  return result.inputs as Record<string, unknown>;
}

describe("Member lifecycle", () => {
  it("creates, reads, no-ops, updates with one PATCH, sees drift and out-of-band deletion, deletes", async () => {
    const inputs = await checked({ email: "Ada@Example.com", firstName: "Ada", lastName: "Lovelace", customRoles: ["deployer"], roleAttributes: { projects: ["web"] } });
    expect(emu.requests).toHaveLength(0);

    // create: one request, custom roles by key in the invite
    const created = await provider.create(session, inputs);
    expect(calls()).toEqual(["POST /api/v2/members 201"]);
    expect(emu.requests[0]!.body).toEqual([
      { email: "ada@example.com", firstName: "Ada", lastName: "Lovelace", role: "reader", customRoles: ["deployer"], roleAttributes: { projects: ["web"] } },
    ]);
    const stored = emu.store.members.get(created.id)!;
    expect(stored.customRoles).toEqual([roleId.deployer]);
    expect(created.outs).toEqual({
      ...inputs,
      memberId: created.id,
      pendingInvite: true,
      verified: false,
      __managedFields: ["firstName", "lastName", "customRoles", "roleAttributes"],
      __namesRequested: { firstName: "Ada", lastName: "Lovelace" },
    });

    // read: GET member + one role listing (first lookup in this process); later reads: one request
    emu.resetRequestLog();
    const read = await provider.read(session, created.id, created.outs);
    expect(calls()).toEqual([`GET /api/v2/members/${created.id} 200`, ...firstRoleListing()]);
    expect(emu.requests[0]!.query).toMatchObject({ expand: "roleAttributes" });
    expect(read.id).toBe(created.id);
    expect(read.props).toEqual(created.outs);
    emu.resetRequestLog();
    await provider.read(session, created.id, created.outs);
    expect(emu.requests).toHaveLength(1);

    // no-op diff: zero requests
    emu.resetRequestLog();
    expect(await provider.diff(session, created.id, read.props!, inputs)).toEqual({ changes: false });
    expect(emu.requests).toHaveLength(0);

    // update: exactly one PATCH, custom roles as ids, replaced whole
    const promoted = await checked({ ...inputs, role: "writer", customRoles: ["viewer", "deployer"], roleAttributes: { projects: ["web", "api"] } });
    expect(await provider.diff(session, created.id, read.props!, promoted)).toEqual({ changes: true });
    emu.resetRequestLog();
    const updated = await provider.update(session, created.id, read.props!, promoted);
    expect(calls()).toEqual([`PATCH /api/v2/members/${created.id} 200`]);
    expect(emu.requests[0]!.body).toEqual(
      expect.arrayContaining([
        { op: "replace", path: "/role", value: "writer" },
        { op: "replace", path: "/customRoles", value: [roleId.deployer, roleId.viewer] },
        { op: "replace", path: "/roleAttributes", value: { projects: ["api", "web"] } },
      ]),
    );
    expect(emu.requests[0]!.body).toHaveLength(3);
    expect(updated.outs).toMatchObject({ role: "writer", customRoles: ["deployer", "viewer"], roleAttributes: { projects: ["api", "web"] } });
    expect(emu.store.members.get(created.id)).toMatchObject({ role: "writer", roleAttributes: { projects: ["api", "web"] } });

    // drift: role and custom roles changed out of band; read shows keys, the next diff sees it
    const member = emu.store.members.get(created.id)!;
    member.role = "admin";
    member.customRoles = [roleId.auditor!];
    const drifted = await provider.read(session, created.id, updated.outs!);
    expect(drifted.props).toMatchObject({ role: "admin", customRoles: ["auditor"] });
    expect(drifted.inputs).toMatchObject({ role: "admin", customRoles: ["auditor"] });
    expect(await provider.diff(session, created.id, drifted.props!, promoted)).toEqual({ changes: true });

    // out-of-band deletion: read says gone
    emu.store.members.delete(created.id);
    expect(await provider.read(session, created.id, drifted.props!)).toEqual({ id: "", props: {} });

    // delete of something already gone: 404 is success, one request
    emu.resetRequestLog();
    await provider.delete(session, created.id, drifted.props!);
    expect(calls()).toEqual([`DELETE /api/v2/members/${created.id} 404`]);
  });

  it("deletes with one request", async () => {
    const created = await provider.create(session, await checked({ email: "brief@example.com" }));
    emu.resetRequestLog();
    await provider.delete(session, created.id, created.outs);
    expect(calls()).toEqual([`DELETE /api/v2/members/${created.id} 204`]);
    expect(emu.store.members.has(created.id)).toBe(false);
  });

  it("a role-only update needs no role listing: one request", async () => {
    const created = await provider.create(session, await checked({ email: "solo@example.com", customRoles: ["viewer"] }));
    session = createSession({ accessToken: emu.token, apiHost: emu.url, requestTimeoutMs: 5000, operationTimeoutMs: 5000 });
    emu.resetRequestLog();
    await provider.update(session, created.id, created.outs, await checked({ email: "solo@example.com", role: "admin", customRoles: ["viewer"] }));
    expect(calls()).toEqual([`PATCH /api/v2/members/${created.id} 200`]);
    expect(emu.requests[0]!.body).toEqual([{ op: "replace", path: "/role", value: "admin" }]);
  });

  it("finds a role created elsewhere after the listing was cached (one more listing), and names unknown keys", async () => {
    const created = await provider.create(session, await checked({ email: "late@example.com" }));
    await provider.read(session, created.id, created.outs); // caches nothing yet: no custom roles to map
    await provider.update(session, created.id, created.outs, await checked({ email: "late@example.com", customRoles: ["viewer"] })); // lists roles
    roleId["late-role"] = emu.store.addRole({ key: "late-role" })._id;
    emu.resetRequestLog();
    const outs = { ...created.outs, customRoles: ["viewer"] };
    await provider.update(session, created.id, outs, await checked({ email: "late@example.com", customRoles: ["late-role", "viewer"] }));
    expect(calls()).toEqual(["GET /api/v2/roles 200", `PATCH /api/v2/members/${created.id} 200`]);

    emu.resetRequestLog();
    await expect(provider.update(session, created.id, outs, await checked({ email: "late@example.com", customRoles: ["no-such-role"] }))).rejects.toThrow(
      /custom role "no-such-role" not found/,
    );
    expect(calls()).toEqual(["GET /api/v2/roles 200"]);
  });

  it("shows an id no listed role has as the id, without listing roles again on every read", async () => {
    const created = await provider.create(session, await checked({ email: "stale@example.com", customRoles: ["viewer"] }));
    await provider.read(session, created.id, created.outs); // lists roles once
    emu.store.members.get(created.id)!.customRoles.push("0123456789abcdef01234567");
    emu.resetRequestLog();
    const first = await provider.read(session, created.id, created.outs);
    const second = await provider.read(session, created.id, created.outs);
    expect(first.props).toMatchObject({ customRoles: ["0123456789abcdef01234567", "viewer"] });
    expect(second.props).toEqual(first.props);
    expect(calls()).toEqual([`GET /api/v2/members/${created.id} 200`, `GET /api/v2/members/${created.id} 200`]);
  });

  it("warns once about a name change (an update that sends nothing), and replaces when the user opts in", async () => {
    const created = await provider.create(session, await checked({ email: "grace@example.com", firstName: "Grace" }));
    emu.resetRequestLog();
    const renamed = await checked({ email: "grace@example.com", firstName: "Amazing Grace" });
    expect(await provider.diff(session, created.id, created.outs, renamed)).toEqual({ changes: true });
    const updated = await provider.update(session, created.id, created.outs, renamed);
    expect(emu.requests).toHaveLength(0);
    // The outputs keep LaunchDarkly's name; the next diff (and one after a refresh) is quiet.
    expect(updated.outs).toMatchObject({ firstName: "Grace" });
    expect(await provider.diff(session, created.id, updated.outs!, renamed)).toEqual({ changes: false });
    const refreshed = await provider.read(session, created.id, updated.outs!);
    expect(await provider.diff(session, created.id, refreshed.props!, renamed)).toEqual({ changes: false });
    emu.resetRequestLog();
    expect(
      await provider.diff(session, created.id, created.outs, await checked({ email: "grace@example.com", firstName: "Amazing Grace", replaceOnNameChange: true })),
    ).toEqual({ changes: true, replaces: ["firstName"], deleteBeforeReplace: true });
    expect(await provider.diff(session, created.id, created.outs, await checked({ email: "GRACE@example.com", firstName: "Grace" }))).toEqual({ changes: false });
    expect(emu.requests).toHaveLength(0);
  });
});

describe("Member create conflicts and recovery", () => {
  it("adopts an existing member by email when adoptExisting is set, converging with one PATCH", async () => {
    const existing = emu.store.addMember({ email: "hopper@example.com", role: "reader", customRoleKeys: ["auditor"] });
    const inputs = await checked({ email: "Hopper@example.com", role: "writer", customRoles: ["deployer"], roleAttributes: { projects: ["cobol"] }, adoptExisting: true });
    const created = await provider.create(session, inputs);
    expect(created.id).toBe(existing._id);
    expect(calls()).toEqual([
      "GET /api/v2/members 200",
      ...firstRoleListing(),
      `PATCH /api/v2/members/${existing._id} 200`,
    ]);
    expect(emu.requests[0]!.query).toMatchObject({ filter: "email:hopper@example.com" });
    expect(emu.store.members.get(existing._id)).toMatchObject({ role: "writer", customRoles: [roleId.deployer], roleAttributes: { projects: ["cobol"] } });
    expect(created.outs).toMatchObject({ email: "hopper@example.com", role: "writer", customRoles: ["deployer"], roleAttributes: { projects: ["cobol"] }, adoptExisting: true });
    const members = [...emu.store.members.values()].filter((m) => m.email === "hopper@example.com");
    expect(members).toHaveLength(1);
  });

  it("fails an invite conflict without adoptExisting with an error naming it, after one request", async () => {
    emu.store.addMember({ email: "taken@example.com" });
    emu.resetRequestLog();
    await expect(provider.create(session, await checked({ email: "taken@example.com" }))).rejects.toThrow(/already a member.*adoptExisting: true.*email_already_exists_in_account/s);
    expect(calls()).toEqual(["POST /api/v2/members 400"]);
  });

  it("reconciles an invite whose response was lost by email instead of inviting twice", async () => {
    emu.setFaults([{ kind: "reset-after", method: "POST", path: "/api/v2/members", count: 1 }]);
    try {
      const created = await provider.create(session, await checked({ email: "lost@example.com", role: "writer" }));
      const members = [...emu.store.members.values()].filter((m) => m.email === "lost@example.com");
      expect(members).toHaveLength(1);
      expect(created.id).toBe(members[0]!._id);
      expect(created.outs).toMatchObject({ email: "lost@example.com", role: "writer", memberId: members[0]!._id });
      expect(calls()).toEqual(["POST /api/v2/members 0", "GET /api/v2/members 200"]);
    } finally {
      emu.setFaults([]);
    }
  });

  it("re-invites when the lost request never arrived", async () => {
    emu.setFaults([{ kind: "reset-before", method: "POST", path: "/api/v2/members", count: 1 }]);
    try {
      const created = await provider.create(session, await checked({ email: "never-arrived@example.com" }));
      expect(emu.store.members.get(created.id)?.email).toBe("never-arrived@example.com");
      expect(emu.requests.filter((r) => r.method === "POST" && r.status === 201)).toHaveLength(1);
    } finally {
      emu.setFaults([]);
    }
  });

  it("keeps the id when adoption succeeds but converging fails (partial failure)", async () => {
    const existing = emu.store.addMember({ email: "partial@example.com" });
    session = createSession({ accessToken: emu.token, apiHost: emu.url, requestTimeoutMs: 5000, operationTimeoutMs: 800 });
    emu.setFaults([{ kind: "503", method: "PATCH", path: "/api/v2/members/*", count: 100 }]);
    try {
      const error = await provider.create(session, await checked({ email: "partial@example.com", role: "admin", adoptExisting: true })).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(PartialFailureError);
      expect((error as PartialFailureError).id).toBe(existing._id);
      expect((error as PartialFailureError).message).toMatch(/pulumi up/);
      expect((error as PartialFailureError).properties).toMatchObject({ email: "partial@example.com", memberId: existing._id });
      expect(Object.values((error as PartialFailureError).properties).includes(undefined)).toBe(false);
    } finally {
      emu.setFaults([]);
    }
  });
});

describe("Member inputs and request bodies", () => {
  it("rejects bad inputs in check, each with its path and message, before any request", async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ email: "nope" }, 'email: "nope" is not an email address'],
      [{ email: "a@b.co", role: "owner" }, 'role: role must be one of "reader", "writer", "admin", "no_access"'],
      [{ email: "a@b.co", customRoles: ["has space"] }, "customRoles[0]: must start with a letter or digit"],
      [{ email: "a@b.co", roleAttributes: { projects: "web" } }, "roleAttributes.projects:"],
      [{ email: "a@b.co", adoptExisting: "true" }, "adoptExisting: adoptExisting must be true or false"],
      [{}, "email: email is required"],
    ];
    for (const [news, expected] of cases) {
      const result = await provider.check(session, {}, news);
      expect((result.failures ?? []).map((f) => `${f.property}: ${f.reason}`).join("\n")).toContain(expected);
    }
    expect(emu.requests).toHaveLength(0);
  });

  it("sends request bodies that match the OpenAPI spec", async () => {
    const created = await provider.create(session, await checked({ email: "spec@example.com", firstName: "S", customRoles: ["viewer"], roleAttributes: { a: ["b"] } }));
    await provider.update(session, created.id, created.outs, await checked({ email: "spec@example.com", role: "no_access", customRoles: ["deployer"], roleAttributes: {} }));
    assertSentBodiesMatchSpec(emu.requests);
  });
});
