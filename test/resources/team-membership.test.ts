import { checkInputs } from "../../src/core/resources/common-schemas";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator";
import { createSession, type Session } from "../../src/core/session/session";
import { DEFAULT_MAX_BATCH_SIZE, UnknownMemberError } from "../../src/core/session/membership-batcher";
import { memberProvider } from "../../src/core/resources/member";
import { teamMembershipProvider as provider, teamMembershipInputSchema } from "../../src/core/resources/team-membership";
import { assertSentBodyMatchesSpec } from "../support/openapi";
import { testEmulatorProfile } from "../support/emulator-profile";

let session: Session;

/** TeamMembership through its provider implementation against the loopback emulator, with request counts. */

let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({ profile: testEmulatorProfile() });
});
afterAll(async () => {
  await emu?.close();
});
beforeEach(() => {
  emu.store.reset();
  emu.store.addTeam({ key: "platform", name: "Platform" });
  emu.store.addTeam({ key: "payments", name: "Payments" });
  // A new configuration also starts a fresh batcher and member cache, as a new provider process would.
  session = createSession({ accessToken: emu.token, apiHost: emu.url, requestTimeoutMs: 5000, operationTimeoutMs: 5000 });
  emu.resetRequestLog();
});

function sent(): string[] {
  return emu.requests.map((r) => `${r.method} ${r.path} ${r.status}`);
}

function addMembers(count: number, prefix = "user"): string[] {
  return Array.from({ length: count }, (_, i) => emu.store.addMember({ email: `${prefix}${i}@example.com` })._id);
}

function teamMembers(teamKey: string): Set<string> {
  return new Set(emu.store.teams.get(teamKey)!.memberIds);
}

/** The inputs' shape only: the program-level checks (references, duplicates, taken keys) are in test/resources/program-checks.test.ts. */
async function checked(news: Record<string, unknown>) {
  const result = checkInputs(teamMembershipInputSchema, news);
  expect(result.failures).toBeUndefined();
  return result.inputs as { teamKey: string; memberId: string };
}

describe("TeamMembership lifecycle", () => {
  it("creates with one PATCH addMembers, reads from the team's member list, deletes with one PATCH removeMembers", async () => {
    const [ada, grace] = addMembers(2);
    emu.store.addTeamMembers("platform", [grace!]); // someone else's member: must stay
    const inputs = await checked({ teamKey: "platform", memberId: ada });

    const created = await provider.create(session, inputs);
    expect(created).toEqual({ id: `platform/${ada}`, outs: { teamKey: "platform", memberId: ada, memberEmail: "user0@example.com" } });
    // One read of the existing team's members (is the pair already there?): the account's member listing, whole in
    // one page here, which also has the email of a member no Member of this `up` wrote. Then the write.
    expect(sent()).toEqual(["GET /api/v2/members 200", "PATCH /api/v2/teams/platform 200"]);
    expect(emu.requests[0]!.query.filter).toBeUndefined();
    expect(emu.requests[1]!.body).toEqual({
      comment: "Team membership managed by Pulumi (pulumi-launchdarkly-access)",
      instructions: [{ kind: "addMembers", values: [ada] }],
    });
    assertSentBodyMatchesSpec(emu.requests[1]!);
    expect(teamMembers("platform")).toEqual(new Set([ada, grace]));

    // In the same process the accepted write keeps the cached member list exact: no request.
    emu.resetRequestLog();
    expect(await provider.read(session, created.id, created.outs!)).toEqual({ id: created.id, props: created.outs, inputs });
    expect(sent()).toEqual([]);

    // `pulumi refresh` runs in a new provider process: one listing of the team's members.
    session = createSession({ accessToken: emu.token, apiHost: emu.url, requestTimeoutMs: 5000, operationTimeoutMs: 5000 });
    // The listing carries the emails too: the refreshed outputs equal the created ones (a quiet refresh).
    const read = await provider.read(session, created.id, created.outs!);
    expect(read).toEqual({ id: created.id, props: created.outs, inputs });
    expect(sent()).toEqual(["GET /api/v2/members 200"]);
    expect(emu.requests[0]!.query.filter).toBeUndefined();

    emu.resetRequestLog();
    expect((await provider.diff(session, created.id, created.outs!, inputs)).changes).toBe(false);
    expect(emu.requests).toHaveLength(0);

    await provider.delete(session, created.id, created.outs!);
    expect(sent()).toEqual(["PATCH /api/v2/teams/platform 200"]);
    expect(emu.requests[0]!.body).toMatchObject({ instructions: [{ kind: "removeMembers", values: [ada] }] });
    expect(teamMembers("platform")).toEqual(new Set([grace]));
  });

  it("notices out-of-band removal on refresh", async () => {
    const [ada] = addMembers(1);
    const created = await provider.create(session, await checked({ teamKey: "platform", memberId: ada }));
    const team = emu.store.teams.get("platform")!;
    emu.store.commitTeam("platform", { ...team, memberIds: [] });
    session = createSession({ accessToken: emu.token, apiHost: emu.url, requestTimeoutMs: 5000, operationTimeoutMs: 5000 });
    expect(await provider.read(session, created.id, created.outs!)).toEqual({ id: "", props: {} });
  });

  it("treats deleting from a deleted team, or a deleted member, as success", async () => {
    const [ada, grace] = addMembers(2);
    const first = await provider.create(session, await checked({ teamKey: "platform", memberId: ada }));
    const second = await provider.create(session, await checked({ teamKey: "payments", memberId: grace }));
    emu.store.teams.delete("platform");
    emu.store.deleteMember(grace!);
    emu.resetRequestLog();
    await provider.delete(session, first.id, first.outs!);
    await provider.delete(session, second.id, second.outs!);
    expect(sent().filter((line) => line.startsWith("PATCH"))).toEqual(["PATCH /api/v2/teams/platform 404", "PATCH /api/v2/teams/payments 200"]);
  });

  it("fails to add to a team that does not exist", async () => {
    const [ada] = addMembers(1);
    await expect(provider.create(session, await checked({ teamKey: "nope", memberId: ada }))).rejects.toThrow(/404/);
  });
});

describe("TeamMembership memberEmail", () => {
  it("records the email of a Member written by the same provider process without a request", async () => {
    const invited = await Promise.all(
      ["ada", "grace"].map(async (name) => (await memberProvider.create(session, (await memberProvider.check(session, {}, { email: `${name}@example.com` })).inputs!)).id),
    );
    emu.resetRequestLog();
    const results = await Promise.all(invited.map((memberId) => provider.create(session, { teamKey: "platform", memberId })));
    expect(results.map((r) => r.outs.memberEmail)).toEqual(["ada@example.com", "grace@example.com"]);
    expect(sent()).toEqual(["GET /api/v2/members 200", "PATCH /api/v2/teams/platform 200"]);
  });
});

describe("TeamMembership coalescing", () => {
  it("creates 200 memberships of one team with ⌈200 / batch⌉ PATCHes and refreshes them with one GET", async () => {
    const ids = addMembers(200);
    const inputs = await Promise.all(ids.map((memberId) => checked({ teamKey: "platform", memberId })));
    const results = await Promise.all(inputs.map((pair) => provider.create(session, pair)));

    const patches = emu.requests.filter((r) => r.method === "PATCH");
    expect(patches.length).toBeLessThanOrEqual(Math.ceil(200 / DEFAULT_MAX_BATCH_SIZE));
    // + one read of the team's current members (the account's member listing, which has the emails too)
    expect(emu.requests).toHaveLength(patches.length + 1);
    expect(results.every((r) => /^user\d+@example\.com$/.test(r.outs.memberEmail))).toBe(true);
    expect(teamMembers("platform")).toEqual(new Set(ids));
    expect(results.map((r) => r.id)).toEqual(ids.map((id) => `platform/${id}`));

    // Refresh in a fresh process: one cached member list for the whole team.
    session = createSession({ accessToken: emu.token, apiHost: emu.url, requestTimeoutMs: 5000, operationTimeoutMs: 5000 });
    emu.resetRequestLog();
    const reads = await Promise.all(results.map((r) => provider.read(session, r.id, r.outs!)));
    expect(reads.every((r) => r.id !== "")).toBe(true);
    expect(sent()).toEqual(["GET /api/v2/members 200"]);

    // Deleting all 200: ⌈200 / batch⌉ PATCHes again.
    emu.resetRequestLog();
    await Promise.all(results.map((r) => provider.delete(session, r.id, r.outs!)));
    expect(emu.requests.filter((r) => r.method === "PATCH").length).toBeLessThanOrEqual(Math.ceil(200 / DEFAULT_MAX_BATCH_SIZE));
    expect(teamMembers("platform").size).toBe(0);
  });

  it("additions to two teams at once: one bulk PATCH /teams (beta), the same members on both teams as one instruction", async () => {
    const ids = addMembers(10);
    await Promise.all(ids.flatMap((memberId) => [provider.create(session, { teamKey: "platform", memberId }), provider.create(session, { teamKey: "payments", memberId })]));
    const writes = emu.requests.filter((r) => r.method !== "GET");
    expect(writes.map((r) => `${r.method} ${r.path} ${r.status} ${r.apiVersion}`)).toEqual(["PATCH /api/v2/teams 200 beta"]);
    expect(writes[0]!.body).toEqual({
      comment: "Team membership managed by Pulumi (pulumi-launchdarkly-access)",
      instructions: [{ kind: "addMembersToTeams", memberIDs: ids, teamKeys: ["payments", "platform"] }],
    });
    expect(teamMembers("platform")).toEqual(new Set(ids));
    expect(teamMembers("payments")).toEqual(new Set(ids));
    // Per team, its current members; the 10 members' emails once per batch that looks them up (one per team at most).
    // The teams' current members and the members' emails: one account listing, shared by both teams.
    expect(emu.requests.filter((r) => r.method === "GET").map((r) => `${r.path} ${r.query.filter ?? "(whole account)"}`)).toEqual(["/api/v2/members (whole account)"]);
  });

  it("isolates one unknown member id in a batch: the others are added, only that resource fails", async () => {
    const ids = addMembers(20);
    const ghost = "0123456789abcdef01234567";
    const pairs = [...ids.slice(0, 10), ghost, ...ids.slice(10)].map((memberId) => ({ teamKey: "platform", memberId }));
    const results = await Promise.allSettled(pairs.map((pair) => provider.create(session, pair)));

    const failed = results.flatMap((r, i) => (r.status === "rejected" ? [{ i, reason: r.reason }] : []));
    expect(failed.map((f) => f.i)).toEqual([10]);
    expect(failed[0]!.reason).toBeInstanceOf(UnknownMemberError);
    expect(failed[0]!.reason.message).toMatch(new RegExp(`"${ghost}".*team "platform"`));
    expect(teamMembers("platform")).toEqual(new Set(ids));
    if (emu.options.unknownMemberIds === "reject") {
      // The team's current members, the rejected batch, one lookup of which ids exist, the batch again without the bad pair.
      expect(sent()).toEqual(["GET /api/v2/members 200", "PATCH /api/v2/teams/platform 400", "GET /api/v2/members 200", "PATCH /api/v2/teams/platform 200"]);
      expect(emu.requests[2]!.query.filter).toMatch(/^id:/);
    } else {
      // The unknown id is dropped silently (strict): the team's current members, the accepted batch, the team's members
      // again (the member count disproved the write), one lookup of which ids exist.
      expect(sent()).toEqual(["GET /api/v2/members 200", "PATCH /api/v2/teams/platform 200", "GET /api/v2/members 200", "GET /api/v2/members 200"]);
      expect(emu.requests[2]!.query.filter).toBe("team:platform");
      expect(emu.requests[3]!.query.filter).toMatch(/^id:/);
    }
    // The team's members before the write come from the account's listing; after a write, from the team's own.
    expect(emu.requests[0]!.query.filter).toBeUndefined();
  });
});
