import { describe, expect, it } from "vitest";
import { startEmulator } from "../../src/emulator";
import { hostModule, ROOT, serializedProvider, TOKEN, urn, useStack } from "./engine-harness";

/**
 * Issue 13, sections 1 and 2, through Pulumi's dynamic-provider host (one process serves every kind, as in
 * one `up`): each case that passed `check` and failed only in `up` now fails in `check` with the property and
 * the fix, and a rename with `adoptExisting` hands the object over instead of deleting it.
 */
const stack = useStack();

type Kind = keyof typeof stack.providers;

async function check(kind: Kind, name: string, news: Record<string, unknown>, olds: Record<string, unknown> = {}) {
  const res = await stack.host.check(urn(kind, name), olds, { ...news, __provider: stack.providers[kind] });
  // Failures reach the engine with no property and the path leading the reason (src/core/provider/check-failures.ts).
  for (const failure of res.failures) expect(failure.property).toBe("");
  return { inputs: res.inputs, failures: res.failures.map((f) => f.reason) };
}

function deletes() {
  return stack.emulator.requests.filter((r: any) => r.method === "DELETE");
}

describe("caught in check, through the host", () => {
  it("a mistyped role key on a Member and on a Team, and a membership of a missing team", async () => {
    stack.emulator.store.addRole({ key: "auditor", name: "Auditor" });
    stack.emulator.store.addTeam({ key: "payments" });
    expect((await check("member", "ada", { email: "ada.typo@example.com", customRoles: ["auditr"] })).failures).toEqual([
      expect.stringMatching(/^customRoles: custom role "auditr" does not exist.*did you mean "auditor"/),
    ]);
    expect((await check("team", "qa", { key: "qa-typo", name: "QA", customRoleKeys: ["auditr"] })).failures).toEqual([
      expect.stringMatching(/^customRoleKeys: custom role "auditr"/),
    ]);
    expect((await check("teamMembership", "m", { teamKey: "paymnets", memberId: "abc" })).failures).toEqual([
      expect.stringMatching(/^teamKey: team "paymnets" does not exist.*did you mean "payments"/),
    ]);
  });

  it("two Members with one email", async () => {
    expect((await check("member", "linus", { email: "twin@example.com" })).failures).toEqual([]);
    expect((await check("member", "linus-torvalds", { email: "twin@example.com", role: "writer" })).failures).toEqual([
      expect.stringMatching(/^email: another Member in this program also has email twin@example.com/),
    ]);
  });

  it("objects declared earlier in the same process count as existing: no failure", async () => {
    const policy = [{ effect: "allow", resources: ["proj/*"], actions: ["viewProject"] }];
    expect((await check("customRole", "release", { key: "release-manager", name: "Release", policy })).failures).toEqual([]);
    expect((await check("team", "release", { key: "release", name: "Release", customRoleKeys: ["release-manager"] })).failures).toEqual([]);
    expect((await check("member", "rm", { email: "rm@example.com", customRoles: ["release-manager"] })).failures).toEqual([]);
    expect((await check("teamMembership", "release-rm", { teamKey: "release", memberId: "x" })).failures).toEqual([]);
  });

  it("no token at all fails the first check, naming the setting and the variable", async () => {
    const emulator = await startEmulator({ profile: "lenient" });
    const host = await hostModule.DynamicProviderHost.start({ cwd: ROOT, env: { LAUNCHDARKLY_ACCESS_TOKEN: "" } });
    try {
      await host.configure({ "launchdarkly:apiHost": emulator.url });
      const res = await host.check(urn("member", "ada"), {}, { email: "ada@example.com", __provider: await serializedProvider("member") });
      expect(res.failures.map((f) => f.reason).join("\n")).toMatch(/launchdarkly:accessToken.*LAUNCHDARKLY_ACCESS_TOKEN/s);
      expect(emulator.requests).toHaveLength(0);
    } finally {
      await host.close();
      await emulator.close();
    }
  });
});

describe("rename with adoptExisting, through the host", () => {
  it("Member, Team and CustomRole: the new resources adopt, the old ones' deletes send no DELETE; a removed Team is still deleted", async () => {
    // The previous `up` ran in another provider process.
    const previous = await hostModule.DynamicProviderHost.start({ cwd: ROOT });
    const policy = [{ effect: "allow", resources: ["proj/*"], actions: ["viewProject"] }];
    const olds: Record<string, { id: string; properties: Record<string, unknown> }> = {};
    try {
      await previous.configure({ "launchdarkly:accessToken": TOKEN, "launchdarkly:apiHost": stack.emulator.url });
      const declare = async (kind: Kind, name: string, news: Record<string, unknown>) => {
        const checked = await previous.check(urn(kind, name), {}, { ...news, __provider: stack.providers[kind] });
        expect(checked.failures).toEqual([]);
        olds[name] = await previous.create(urn(kind, name), checked.inputs);
      };
      await declare("member", "grace", { email: "grace@example.com", role: "writer" });
      await declare("team", "web", { key: "web", name: "Web" });
      await declare("customRole", "viewer", { key: "viewer", name: "Viewer", policy });
      await declare("team", "gone", { key: "gone", name: "Gone" });
    } finally {
      await previous.close();
    }

    // This `up`: new names with adoptExisting; the engine creates them, then deletes the old names.
    const renamed = {
      member: await check("member", "grace-hopper", { email: "grace@example.com", role: "writer", adoptExisting: true }),
      team: await check("team", "web-team", { key: "web", name: "Web", adoptExisting: true }),
      customRole: await check("customRole", "viewer-role", { key: "viewer", name: "Viewer", policy, adoptExisting: true }),
    };
    for (const checked of Object.values(renamed)) expect(checked.failures).toEqual([]);
    stack.emulator.resetRequestLog();
    const adopted = await stack.host.create(urn("member", "grace-hopper"), renamed.member.inputs);
    await stack.host.create(urn("team", "web-team"), renamed.team.inputs);
    await stack.host.create(urn("customRole", "viewer-role"), renamed.customRole.inputs);
    await stack.host.delete(olds.grace!.id, urn("member", "grace"), olds.grace!.properties);
    await stack.host.delete(olds.web!.id, urn("team", "web"), olds.web!.properties);
    await stack.host.delete(olds.viewer!.id, urn("customRole", "viewer"), olds.viewer!.properties);
    await stack.host.delete(olds.gone!.id, urn("team", "gone"), olds.gone!.properties);

    expect(adopted.id).toBe(olds.grace!.id);
    expect(deletes().map((r: any) => r.path)).toEqual(["/api/v2/teams/gone"]);
    expect(stack.emulator.store.members.has(olds.grace!.id)).toBe(true);
    expect(stack.emulator.store.teams.has("web")).toBe(true);
  });
});
