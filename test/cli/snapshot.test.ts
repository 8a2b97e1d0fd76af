import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readAccountSnapshot } from "../../src/tools/account/snapshot";
import { LaunchDarklyClient, type ApiRequest } from "../../src/core/client/http";
import { PageSizeMemory } from "../../src/core/client/page-size-memory";
import { startEmulator, type Emulator } from "../../src/emulator";

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ owner: { email: "owner@example.com" } });
});
afterAll(async () => {
  await emu.close();
});

function clientFor(target: { url: string; token: string }) {
  return new LaunchDarklyClient({ apiHost: target.url, accessToken: target.token });
}

describe("readAccountSnapshot", () => {
  it("maps members' custom role ids to keys, takes teams from Member.teams[], and pages maintainers beyond the 25 embedded", async () => {
    emu.store.reset();
    const role = emu.store.addRole({ key: "deployer", name: "Deployer" });
    const people = Array.from({ length: 30 }, (_, i) => emu.store.addMember({ email: `m${i}@example.com`, customRoleKeys: i === 0 ? ["deployer"] : [] }));
    emu.store.addTeam({ key: "big", customRoleKeys: ["deployer"], memberIds: [people[0]!._id], permissionGrants: [{ actionSet: "maintainTeam", memberIds: people.map((p) => p._id) }] });
    emu.resetRequestLog();
    const client = clientFor(emu);
    const snapshot = await readAccountSnapshot(client, { apiHost: emu.url });
    await client.close();

    expect(snapshot.members.find((m) => m.email === "m0@example.com")).toMatchObject({ customRoleKeys: ["deployer"], teamKeys: ["big"] });
    expect(snapshot.roles.map((r) => [r.key, r.id])).toEqual([["deployer", role._id]]);
    const big = snapshot.teams[0]!;
    expect(big.maintainerIds).toHaveLength(30);
    expect(big.memberIds).toEqual([people[0]!._id]);
    expect(big.roleKeys).toEqual(["deployer"]);
    // Strict profile: GET /roles refuses the page of 100 once (rolePageCap 20, limitAboveCap "reject"), then pages by 20.
    expect(emu.requests.map((r) => `${r.path} ${r.status}`)).toEqual([
      "/api/v2/roles 400",
      "/api/v2/roles 200",
      "/api/v2/teams 200",
      "/api/v2/members 200",
      "/api/v2/teams/big/maintainers 200",
    ]);
  });

  it("asks for a custom role by id when a member holds one the listing did not have; a vanished one keeps its id", async () => {
    emu.store.reset();
    const ghost = emu.store.addMember({ email: "ghost@example.com" });
    ghost.customRoles = ["0123456789abcdef01234567"];
    const client = clientFor(emu);
    const snapshot = await readAccountSnapshot(client, { apiHost: emu.url });
    await client.close();
    expect(snapshot.members.find((m) => m.email === "ghost@example.com")!.customRoleKeys).toEqual(["0123456789abcdef01234567"]);
    expect(emu.requests.at(-1)!.path).toBe("/api/v2/roles/0123456789abcdef01234567");
  });

  it("lists a team's members itself when the count on the team disagrees with the members' teams[]", async () => {
    const requests: string[] = [];
    const page = (items: unknown[]) => ({ status: 200, headers: {}, body: { items, totalCount: items.length, _links: {} } });
    const member = (id: string, teams: unknown[]) => ({ _id: id, _links: {}, role: "reader", email: `${id}@example.com`, _pendingInvite: false, _verified: true, customRoles: [], mfa: "disabled", _lastSeen: 0, creationDate: 0, teams });
    const fake = {
      stats: { requests: 0, retries: 0, rateLimitWaits: 0 },
      pageSizes: new PageSizeMemory(),
      async request(req: ApiRequest) {
        requests.push(`${req.path}${req.query?.filter ? `?filter=${req.query.filter}` : ""}`);
        if (req.path === "/api/v2/roles") return page([]);
        if (req.path === "/api/v2/teams") return page([{ key: "ops", name: "Ops", members: { totalCount: 2 }, maintainers: { totalCount: 0, items: [] } }]);
        // The team's own listing: each member names the team (the provider keeps only members whose teams[] hold the exact key).
        if (req.path === "/api/v2/members" && req.query?.filter === "team:ops") {
          return page([member("a", [{ key: "ops", customRoleKeys: [] }]), member("b", [{ key: "ops", customRoleKeys: [] }]), member("c", [{ key: "ops-eng", customRoleKeys: [] }])]);
        }
        if (req.path === "/api/v2/members") return page([member("a", [{ key: "ops", customRoleKeys: [] }]), member("b", [])]);
        if (req.path === "/api/v2/teams/ops/roles") return page([]);
        throw new Error(`unexpected ${req.path}`);
      },
    } as unknown as LaunchDarklyClient;
    const snapshot = await readAccountSnapshot(fake, { apiHost: "fake" });
    expect(snapshot.teams[0]!.memberIds).toEqual(["a", "b"]);
    expect(snapshot.members.map((m) => m.teamKeys)).toEqual([["ops"], ["ops"]]);
    expect(requests).toContain("/api/v2/members?filter=team:ops");
    expect(requests).not.toContain("/api/v2/teams/ops/roles");
  });
});
