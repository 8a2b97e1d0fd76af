import { beforeEach, describe, expect, it } from "vitest";
import type { EmulatorProfile } from "../../src/emulator";
import type { Session } from "../../src/core/session/session";
import { PartialFailureError } from "../../src/core/resources/partial-failure";
import { customRoleProvider } from "../../src/core/resources/custom-role";
import { memberProvider } from "../../src/core/resources/member";
import { UnknownMemberError } from "../../src/core/session/membership-batcher";
import { teamProvider, type TeamOutputs } from "../../src/core/resources/team";
import { teamMembershipProvider } from "../../src/core/resources/team-membership";
import { emulatorSession, useEmulatorSession } from "../support/emulator-session";

/**
 * Issue 12, items 1, 2, 5 and 6 through the resources, under both profiles: strict holds the adverse reading
 * (collections with only `self` links, GET /roles refusing a limit above 20, `filter=team:` matching by
 * substring, unknown member ids silently ignored), lenient the friendly one. Request counts are asserted
 * per profile: they are the cost of each reading.
 */
const GHOST = "0123456789abcdef01234567";
const policy = [{ effect: "allow" as const, resources: ["proj/*"], actions: ["viewProject"] }];
const roleKey = (i: number) => `role-${String(i).padStart(3, "0")}`;

describe.each(["strict", "lenient"] as EmulatorProfile[])("%s profile", (profile) => {
  const { emulator } = useEmulatorSession({ profile });
  const strict = profile === "strict";
  let session: Session;

  beforeEach(() => {
    // Each test is a fresh provider process.
    const emu = emulator();
    emu.store.reset();
    session = emulatorSession(emu);
  });

  const requests = () => emulator().requests.map((r) => `${r.method} ${r.path} ${r.status}`);
  const count = (prefix: string) => requests().filter((line) => line.startsWith(prefix)).length;

  function addRoles(n: number): void {
    for (let i = 0; i < n; i++) emulator().store.addRole({ key: roleKey(i), name: `Role ${i}`, policy });
  }

  describe("paging (links, limitAboveCap + rolePageCap)", () => {
    it("a member holding the 130th custom role reads it by key: no phantom drift", async () => {
      addRoles(130);
      const member = emulator().store.addMember({ email: "ada@example.com", role: "reader", customRoleKeys: [roleKey(129), roleKey(3)] });
      emulator().resetRequestLog();
      const inputs = { email: "ada@example.com", role: "reader", customRoles: [roleKey(3), roleKey(129)] };
      const read = await memberProvider.read(session, member._id, inputs);
      expect(read.props).toMatchObject({ customRoles: [roleKey(3), roleKey(129)] });
      expect(await memberProvider.diff(session, member._id, read.props!, (await memberProvider.check(session, inputs, inputs)).inputs!)).toMatchObject({ changes: false });
      // One GET of the member, and the role catalog: 2 pages of 100, or one refused page of 100 and 7 of 20.
      expect(requests()).toEqual([
        `GET /api/v2/members/${member._id} 200`,
        ...(strict ? ["GET /api/v2/roles 400", ...Array(7).fill("GET /api/v2/roles 200")] : Array(2).fill("GET /api/v2/roles 200")),
      ]);

      // The page size is remembered for the process: the next listing costs no refused request.
      emulator().resetRequestLog();
      const reads = await Promise.all([roleKey(0), roleKey(129)].map((key) => customRoleProvider.read(session, key, { key, name: "x", policy, basePermissions: "no_access" })));
      expect(reads.map((r) => r.id)).toEqual([roleKey(0), roleKey(129)]);
      expect(requests()).toEqual(Array(strict ? 7 : 2).fill("GET /api/v2/roles 200"));
    });

    it("refresh of 130 roles, 200 members and 10 teams (members and 13 roles each): every object read, request counts", async () => {
      const emu = emulator();
      addRoles(130);
      const members = Array.from({ length: 200 }, (_, i) =>
        emu.store.addMember({ email: `m${i}@example.com`, role: "reader", customRoleKeys: [roleKey(i % 130)] }),
      );
      const teams = Array.from({ length: 10 }, (_, t) => {
        const memberIds = members.slice(t * 20, t * 20 + 20).map((m) => m._id);
        const customRoleKeys = Array.from({ length: 13 }, (_, i) => roleKey(t * 13 + i));
        emu.store.addTeam({ key: `team-${t}`, name: `Team ${t}`, memberIds, customRoleKeys });
        return { key: `team-${t}`, name: `Team ${t}`, memberIds: [...memberIds].sort(), customRoleKeys: [...customRoleKeys].sort() };
      });
      emu.resetRequestLog();

      const [roleReads, memberReads, teamReads] = await Promise.all([
        Promise.all(Array.from({ length: 130 }, (_, i) => customRoleProvider.read(session, roleKey(i), { key: roleKey(i), name: `Role ${i}`, policy, basePermissions: "no_access" }))),
        Promise.all(members.map((m, i) => memberProvider.read(session, m._id, { email: m.email, role: "reader", customRoles: [roleKey(i % 130)] }))),
        Promise.all(teams.map((team) => teamProvider.read(session, team.key, team))),
      ]);
      expect(roleReads.every((r, i) => r.id === roleKey(i))).toBe(true);
      expect(memberReads.map((r) => (r.props as { customRoles: string[] }).customRoles[0])).toEqual(members.map((_, i) => roleKey(i % 130)));
      expect(teamReads.map((r) => r.props)).toEqual(teams.map((team) => expect.objectContaining({ memberIds: team.memberIds, customRoleKeys: team.customRoleKeys })));

      const counts = { roles: count("GET /api/v2/roles"), members: count("GET /api/v2/members"), teams: count("GET /api/v2/teams"), total: requests().length };
      // Roles: one listing serves the role reads and the members' id → key lookups; strict pages by 20 after one
      // refusal. Members: the account's one page of 200 (limit 1000) answers the member reads and, by each member's
      // teams, the teams' members. Teams: one listing; the list expands no roles, the members' team summaries carry them.
      expect(counts).toEqual(strict ? { roles: 8, members: 1, teams: 1, total: 10 } : { roles: 2, members: 1, teams: 1, total: 4 });
    });

    it("one team of 30 custom roles: create proves all 30 from the response, a refresh pages the team's roles", async () => {
      addRoles(30);
      const keys = Array.from({ length: 30 }, (_, i) => roleKey(i));
      const inputs = (await teamProvider.check(session, {}, { key: "big", name: "Big", customRoleKeys: keys })).inputs!;
      emulator().resetRequestLog();
      const created = await teamProvider.create(session, inputs);
      expect(requests()).toEqual(["POST /api/v2/teams 201"]);
      emulator().resetRequestLog();
      const read = await teamProvider.read(session, "big", created.outs);
      expect((read.props as TeamOutputs).customRoleKeys).toEqual(keys);
      expect(requests().sort()).toEqual(["GET /api/v2/teams/big 200", "GET /api/v2/teams/big/roles 200"]);
    });
  });

  describe("filter=team:<key> (teamFilter), teams platform and platform-eng", () => {
    function twoTeams() {
      const emu = emulator();
      const ada = emu.store.addMember({ email: "ada@example.com" })._id;
      const bob = emu.store.addMember({ email: "bob@example.com" })._id;
      emu.store.addTeam({ key: "platform", name: "Platform", memberIds: [ada] });
      emu.store.addTeam({ key: "platform-eng", name: "Platform engineering", memberIds: [bob] });
      emu.resetRequestLog();
      return { ada, bob };
    }

    it("a membership of platform-eng is not read as a membership of platform", async () => {
      const { ada, bob } = twoTeams();
      const [held, notHeld] = await Promise.all([
        teamMembershipProvider.read(session, `platform/${ada}`, { teamKey: "platform", memberId: ada }),
        teamMembershipProvider.read(session, `platform/${bob}`, { teamKey: "platform", memberId: bob }),
      ]);
      expect(held.id).toBe(`platform/${ada}`);
      expect(notHeld).toEqual({ id: "", props: {} });
      // The account's member listing, read by each member's exact team keys: bob is on platform-eng only.
      expect(requests()).toEqual(["GET /api/v2/members 200"]);
      expect(emulator().requests[0]!.query.filter).toBeUndefined();
    });

    it("Team.memberIds of platform lists only platform's members, and adding one to platform does not count platform-eng's", async () => {
      const { ada, bob } = twoTeams();
      const read = await teamProvider.read(session, "platform", { key: "platform", name: "Platform", memberIds: [ada] });
      expect((read.props as TeamOutputs).memberIds).toEqual([ada]);

      // TeamMembership create: the team's current members decide whether a write is needed.
      const created = await teamMembershipProvider.create(session, { teamKey: "platform", memberId: bob });
      expect(created.id).toBe(`platform/${bob}`);
      expect(emulator().store.teams.get("platform")!.memberIds.sort()).toEqual([ada, bob].sort());
    });
  });

  describe("unknown member ids in addMembers / addPermissionGrants (unknownMemberIds)", () => {
    it("TeamMembership: exactly the pair naming an unknown member fails, with the id and the fix; the others are added", async () => {
      const emu = emulator();
      emu.store.addTeam({ key: "platform", name: "Platform" });
      const ids = Array.from({ length: 5 }, (_, i) => emu.store.addMember({ email: `u${i}@example.com` })._id);
      emu.resetRequestLog();
      const pairs = [...ids.slice(0, 2), GHOST, ...ids.slice(2)].map((memberId) => ({ teamKey: "platform", memberId }));
      const results = await Promise.allSettled(pairs.map((pair) => teamMembershipProvider.create(session, pair)));
      expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled", "fulfilled", "fulfilled"]);
      const reason = (results[2] as PromiseRejectedResult).reason as Error;
      expect(reason).toBeInstanceOf(UnknownMemberError);
      expect(reason.message).toMatch(new RegExp(`memberId is "${GHOST}", and team "platform" cannot get it: no member with this id exists.*Member resource's \`id\` output`));
      expect(new Set(emu.store.teams.get("platform")!.memberIds)).toEqual(new Set(ids));
      // strict: the write succeeds, the member count disproves it, one listing finds the pair, one lookup says why.
      // lenient: the write is refused, one lookup finds the unknown id, the rest is sent again.
      expect(requests()).toEqual(
        strict
          ? ["GET /api/v2/members 200", "PATCH /api/v2/teams/platform 200", "GET /api/v2/members 200", "GET /api/v2/members 200"]
          : ["GET /api/v2/members 200", "PATCH /api/v2/teams/platform 400", "GET /api/v2/members 200", "PATCH /api/v2/teams/platform 200"],
      );

      // A refresh does not find the failed pair, and a second up fails it again instead of recording it.
      expect((await teamMembershipProvider.read(session, `platform/${GHOST}`, { teamKey: "platform", memberId: GHOST })).id).toBe("");
      await expect(teamMembershipProvider.create(session, { teamKey: "platform", memberId: GHOST })).rejects.toBeInstanceOf(UnknownMemberError);
    });

    it("TeamMembership: a batch of known members costs no verification request", async () => {
      const emu = emulator();
      emu.store.addTeam({ key: "platform", name: "Platform" });
      const ids = Array.from({ length: 5 }, (_, i) => emu.store.addMember({ email: `u${i}@example.com` })._id);
      emu.resetRequestLog();
      await Promise.all(ids.map((memberId) => teamMembershipProvider.create(session, { teamKey: "platform", memberId })));
      // The team's members before (the account's member listing, which also gives the emails), one PATCH; no listing after it.
      expect(emu.requests.filter((r) => r.method === "PATCH").map((r) => r.query.expand)).toEqual(["members"]);
      expect(emu.requests.filter((r) => r.method === "GET").map((r) => `${r.path} ${r.query.filter ?? "(whole account)"}`)).toEqual(["/api/v2/members (whole account)"]);
    });

    it("Team create with an unknown member id and maintainer: created, state records what it holds, the error names both", async () => {
      const emu = emulator();
      const ada = emu.store.addMember({ email: "ada@example.com" })._id;
      const inputs = (await teamProvider.check(session, {}, { key: "platform", name: "Platform", memberIds: [ada, GHOST], maintainers: [GHOST, ada] })).inputs!;
      emu.resetRequestLog();
      const outcome = await teamProvider.create(session, inputs).then(
        () => undefined,
        (error: unknown) => error,
      );
      if (strict) {
        expect(outcome).toBeInstanceOf(PartialFailureError);
        const partial = outcome as PartialFailureError;
        expect(partial.id).toBe("platform");
        expect(partial.properties).toMatchObject({ memberIds: [ada], maintainers: [ada] });
        expect(partial.message).toMatch(new RegExp(`member\\(s\\) "${GHOST}" \\(memberIds\\) and maintainer\\(s\\) "${GHOST}" \\(maintainers\\).*Member resource's`));
        expect(emu.store.teams.get("platform")!.memberIds).toEqual([ada]);
        // POST, then one listing of the team's members (the count disagreed); the maintainers came embedded.
        expect(requests()).toEqual(["POST /api/v2/teams 201", "GET /api/v2/members 200"]);
      } else {
        expect(outcome).toMatchObject({ name: "LaunchDarklyApiError", status: 400 });
        expect(emu.store.teams.has("platform")).toBe(false);
        // A 400 may also mean "key taken" (undocumented), so the create looks the key up once before failing.
        expect(requests()).toEqual(["POST /api/v2/teams 400", "GET /api/v2/teams/platform 404"]);
      }
    });

    it("Team update adding an unknown member or maintainer fails naming it; known additions cost no extra request", async () => {
      const emu = emulator();
      const [ada, grace] = ["ada", "grace"].map((name) => emu.store.addMember({ email: `${name}@example.com` })._id) as [string, string];
      const inputs = (await teamProvider.check(session, {}, { key: "platform", name: "Platform", memberIds: [ada], maintainers: [ada] })).inputs!;
      const created = await teamProvider.create(session, inputs);
      const olds = created.outs as TeamOutputs;

      emu.resetRequestLog();
      const known = (await teamProvider.check(session, olds, { ...inputs, memberIds: [ada, grace], maintainers: [ada, grace] })).inputs!;
      const updated = await teamProvider.update(session, "platform", olds, known);
      expect((updated.outs as TeamOutputs).memberIds).toEqual([ada, grace].sort());
      expect(requests()).toEqual(["PATCH /api/v2/teams/platform 200"]);

      emu.resetRequestLog();
      const withGhost = (await teamProvider.check(session, olds, { ...inputs, memberIds: [ada, grace, GHOST], maintainers: [ada, grace, GHOST] })).inputs!;
      const error = await teamProvider.update(session, "platform", updated.outs as TeamOutputs, withGhost).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error).toBeDefined();
      if (strict) expect(error!.message).toMatch(new RegExp(`team "platform" did not receive member\\(s\\) "${GHOST}".*maintainer\\(s\\) "${GHOST}"`));
      else expect(error).toMatchObject({ name: "LaunchDarklyApiError", status: 400 });
      expect(new Set(emu.store.teams.get("platform")!.memberIds)).toEqual(new Set([ada, grace]));
    });
  });
});
