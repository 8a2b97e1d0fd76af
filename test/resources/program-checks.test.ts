import { beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator";
import { createSession, type Session } from "../../src/core/session/session";
import type { Props } from "../../src/core/resources/props";
import { UNKNOWN_VALUE } from "../../src/core/resources/common-schemas";
import { customRoleProvider } from "../../src/core/resources/custom-role";
import { memberProvider } from "../../src/core/resources/member";
import { teamProvider } from "../../src/core/resources/team";
import { teamMembershipProvider } from "../../src/core/resources/team-membership";

let session: Session;

/**
 * Issue 13, sections 1 and 2, in process: each case that used to pass `check` (so `preview`) and fail only
 * in `up`, and each rename that used to delete a person. Every test starts a fresh provider process
 * (a new session), as one `pulumi preview` or `pulumi up` would.
 */
let emu: Emulator;
const policy = [{ effect: "allow", resources: ["proj/*"], actions: ["viewProject"] }];

beforeEach(async () => {
  await emu?.close();
  emu = await startEmulator({ profile: "lenient" });
  freshProcess();
});

function freshProcess(token: string | undefined = emu.token): void {
  session = createSession({ ...(token === undefined ? {} : { accessToken: token }), apiHost: emu.url, requestTimeoutMs: 5000, operationTimeoutMs: 5000 });
}

function failures(result: { failures?: Array<{ property: string; reason: string }> }): string[] {
  return (result.failures ?? []).map((f) => `${f.property}: ${f.reason}`);
}

function requests(method?: string) {
  return emu.requests.filter((r) => method === undefined || r.method === method).map((r) => `${r.method} ${r.path}`);
}

describe("a green preview means a green up: caught in check", () => {
  it("no token at all: the first check fails naming both settings, once per process, with no request", async () => {
    session = createSession({ apiHost: emu.url, requestTimeoutMs: 5000, operationTimeoutMs: 5000 });
    const first = await memberProvider.check(session, {}, { email: "ada@example.com" });
    expect(failures(first).join("\n")).toMatch(/launchdarkly:accessToken.*LAUNCHDARKLY_ACCESS_TOKEN/s);
    const second = await teamProvider.check(session, {}, { key: "platform", name: "Platform" });
    expect(second.failures).toBeUndefined();
    expect(emu.requests).toHaveLength(0);
  });

  it("a mistyped custom role key on a Member fails at customRoles and suggests the real key", async () => {
    emu.store.addRole({ key: "auditor", name: "Auditor" });
    const result = await memberProvider.check(session, {}, { email: "ada@example.com", customRoles: ["auditr"] });
    expect(failures(result)).toEqual([expect.stringMatching(/^customRoles: custom role "auditr" does not exist.*did you mean "auditor"/)]);
  });

  it("a mistyped custom role key on a Team fails at customRoleKeys", async () => {
    emu.store.addRole({ key: "deployer", name: "Deployer" });
    const result = await teamProvider.check(session, {}, { key: "platform", name: "Platform", customRoleKeys: ["deployer", "deployr"] });
    expect(failures(result)).toEqual([expect.stringMatching(/^customRoleKeys: custom role "deployr" does not exist.*did you mean "deployer"/)]);
  });

  it("a TeamMembership whose team does not exist fails at teamKey", async () => {
    emu.store.addTeam({ key: "payments" });
    const result = await teamMembershipProvider.check(session, {}, { teamKey: "paymnets", memberId: "abc123" });
    expect(failures(result)).toEqual([expect.stringMatching(/^teamKey: team "paymnets" does not exist.*did you mean "payments"/)]);
    expect((await teamMembershipProvider.check(session, {}, { teamKey: "payments", memberId: "abc123" })).failures).toBeUndefined();
  });

  it("two Members with one email: the second fails at email", async () => {
    const a = await memberProvider.check(session, {}, { email: "linus@example.com", firstName: "Linus" });
    const b = await memberProvider.check(session, {}, { email: "Linus@Example.com", firstName: "Linus", role: "writer" });
    expect(a.failures).toBeUndefined();
    expect(failures(b)).toEqual([expect.stringMatching(/^email: another Member in this program also has email linus@example.com/)]);
  });

  it("an email that is already a member fails in check, with the rename advice (aliases) first", async () => {
    emu.store.addMember({ email: "linus@example.com", role: "reader" });
    const result = await memberProvider.check(session, {}, { email: "linus@example.com" });
    const [message] = failures(result);
    expect(message).toMatch(/^email: linus@example.com is already a member/);
    expect(message!.indexOf("aliases: [{ name:")).toBeLessThan(message!.indexOf("adoptExisting"));
    // adoptExisting says "take it over": no failure, and no listing needed.
    freshProcess();
    emu.resetRequestLog();
    expect((await memberProvider.check(session, {}, { email: "linus@example.com", adoptExisting: true })).failures).toBeUndefined();
    expect(emu.requests).toHaveLength(0);
  });

  it("a team or role key that is taken fails in check; the same resource updated (olds) does not", async () => {
    emu.store.addTeam({ key: "platform" });
    emu.store.addRole({ key: "deployer", name: "Deployer" });
    expect(failures(await teamProvider.check(session, {}, { key: "platform", name: "P" }))[0]).toMatch(/^key: a team with key "platform" already exists.*aliases/);
    expect(failures(await customRoleProvider.check(session, {}, { key: "deployer", name: "D", policy }))[0]).toMatch(/^key: a custom role with key "deployer" already exists.*aliases/);
    freshProcess();
    emu.resetRequestLog();
    expect((await teamProvider.check(session, { key: "platform", name: "P" }, { key: "platform", name: "Q" })).failures).toBeUndefined();
    expect((await customRoleProvider.check(session, { key: "deployer", name: "D", policy }, { key: "deployer", name: "E", policy })).failures).toBeUndefined();
    expect(emu.requests).toHaveLength(0);
  });
});

describe("objects this program declares count as existing", () => {
  it("a role, team and member declared in this run are not looked up and never fail", async () => {
    expect((await customRoleProvider.check(session, {}, { key: "auditor", name: "Auditor", policy })).failures).toBeUndefined();
    expect((await teamProvider.check(session, {}, { key: "payments", name: "Payments", customRoleKeys: ["auditor"] })).failures).toBeUndefined();
    emu.resetRequestLog();
    expect((await memberProvider.check(session, {}, { email: "ada@example.com", customRoles: ["auditor"] })).failures).toBeUndefined();
    expect((await teamMembershipProvider.check(session, {}, { teamKey: "payments", memberId: UNKNOWN_VALUE })).failures).toBeUndefined();
    // Only the new email needed LaunchDarkly's answer (one member listing).
    expect(requests()).toEqual(["GET /api/v2/members"]);
  });

  it("unknown values (outputs not known in preview) are skipped", async () => {
    emu.resetRequestLog();
    const result = await memberProvider.check(session, {}, { email: UNKNOWN_VALUE, customRoles: [UNKNOWN_VALUE] });
    expect(result.failures).toBeUndefined();
    expect((await teamMembershipProvider.check(session, {}, { teamKey: UNKNOWN_VALUE, memberId: UNKNOWN_VALUE })).failures).toBeUndefined();
    expect((await teamProvider.check(session, {}, { key: UNKNOWN_VALUE, name: "X", customRoleKeys: UNKNOWN_VALUE })).failures).toBeUndefined();
    expect(emu.requests).toHaveLength(0);
  });

  it("lists each kind at most once per process, however many resources are checked", async () => {
    emu.store.addRole({ key: "auditor", name: "Auditor" });
    emu.store.addTeam({ key: "payments" });
    emu.resetRequestLog();
    for (let i = 0; i < 30; i++) {
      await memberProvider.check(session, {}, { email: `person${i}@example.com`, customRoles: ["auditor", `missing-${i}`] });
      await teamMembershipProvider.check(session, {}, { teamKey: i % 2 ? "payments" : `nope-${i}`, memberId: `m${i}` });
      await teamProvider.check(session, {}, { key: `team-${i}`, name: "T", customRoleKeys: [`gone-${i}`] });
    }
    expect(requests().sort()).toEqual(["GET /api/v2/members", "GET /api/v2/roles", "GET /api/v2/teams"]);
  });

  it("an unchanged program (olds = news) sends no request, even with references LaunchDarkly lacks", async () => {
    emu.resetRequestLog();
    const olds = { email: "ada@example.com", customRoles: ["auditor"] };
    expect((await memberProvider.check(session, olds, olds)).failures).toBeUndefined();
    expect((await teamMembershipProvider.check(session, { teamKey: "payments", memberId: "x" }, { teamKey: "payments", memberId: "x" })).failures).toBeUndefined();
    expect(emu.requests).toHaveLength(0);
  });

  it("the engine's second check of a Member it replaces for a new email is not a second Member", async () => {
    const first = await memberProvider.check(session, { email: "ada@example.com" }, { email: "ada@example.org" });
    expect(first.failures).toBeUndefined();
    expect((await memberProvider.check(session, {}, first.inputs as Props)).failures).toBeUndefined();
  });

  it("the engine's second check of a resource it replaces is not a second Member", async () => {
    const olds = { email: "ada@example.com", firstName: "Ada" };
    const news = { email: "ada@example.com", firstName: "Augusta", replaceOnNameChange: true };
    const first = await memberProvider.check(session, olds, news);
    expect(first.failures).toBeUndefined();
    expect((await memberProvider.check(session, {}, first.inputs as Props)).failures).toBeUndefined();
  });
});

describe("ownership: a delete in the same up as an adopt of the same object is a handover", () => {
  async function declared(provider: typeof memberProvider, news: Props): Promise<Props> {
    const result = await provider.check(session, {}, news);
    expect(result.failures).toBeUndefined();
    return result.inputs as Props;
  }

  it("Member renamed with adoptExisting (create, then the old one's delete): no DELETE, the person keeps their id", async () => {
    const old = await memberProvider.create(session, { email: "linus@example.com", role: "writer", adoptExisting: false, replaceOnNameChange: false });
    freshProcess(); // the rename's `up` is another process
    const inputs = await declared(memberProvider, { email: "linus@example.com", role: "writer", adoptExisting: true });
    emu.resetRequestLog();
    const adopted = await memberProvider.create(session, inputs);
    expect(adopted.id).toBe(old.id);
    await memberProvider.delete(session, old.id, old.outs!);
    expect(requests("DELETE")).toEqual([]);
    expect(emu.store.members.has(old.id)).toBe(true);
  });

  it("Member: when the old resource's delete runs before the adopting create, it is still a handover", async () => {
    const old = await memberProvider.create(session, { email: "grace@example.com", role: "reader", adoptExisting: false, replaceOnNameChange: false });
    freshProcess();
    const inputs = await declared(memberProvider, { email: "grace@example.com", role: "reader", adoptExisting: true });
    emu.resetRequestLog();
    await memberProvider.delete(session, old.id, old.outs!);
    const adopted = await memberProvider.create(session, inputs);
    expect(requests("DELETE")).toEqual([]);
    expect(adopted.id).toBe(old.id);
  });

  it("Member removed from the program (no one adopts it) is still deleted", async () => {
    const old = await memberProvider.create(session, { email: "ken@example.com", role: "reader", adoptExisting: true, replaceOnNameChange: false });
    freshProcess();
    emu.resetRequestLog();
    await memberProvider.delete(session, old.id, old.outs!);
    expect(requests("DELETE")).toEqual([`DELETE /api/v2/members/${old.id}`]);
  });

  it("Member replaced by its own name change (deleteBeforeReplace) is deleted and re-invited, as asked", async () => {
    const old = await memberProvider.create(session, { email: "barbara@example.com", firstName: "Barbara", role: "reader", adoptExisting: true, replaceOnNameChange: true });
    freshProcess();
    const news = { email: "barbara@example.com", firstName: "Babs", role: "reader", adoptExisting: true, replaceOnNameChange: true };
    const checked = await memberProvider.check(session, old.outs!, news);
    await memberProvider.check(session, {}, checked.inputs as Props);
    emu.resetRequestLog();
    await memberProvider.delete(session, old.id, old.outs!);
    expect(requests("DELETE")).toEqual([`DELETE /api/v2/members/${old.id}`]);
  });

  it("Team and CustomRole renamed with adoptExisting: no DELETE", async () => {
    const role = await customRoleProvider.create(session, { key: "auditor", name: "Auditor", policy, basePermissions: "no_access", adoptExisting: false });
    const team = await teamProvider.create(session, { key: "payments", name: "Payments" });
    freshProcess();
    const roleInputs = await declared(customRoleProvider, { key: "auditor", name: "Auditor", policy, adoptExisting: true });
    const teamInputs = await declared(teamProvider, { key: "payments", name: "Payments", adoptExisting: true });
    emu.resetRequestLog();
    await customRoleProvider.create(session, roleInputs);
    await teamProvider.create(session, teamInputs);
    await customRoleProvider.delete(session, role.id, role.outs!);
    await teamProvider.delete(session, team.id, team.outs!);
    expect(requests("DELETE")).toEqual([]);
    expect(emu.store.roles.has("auditor") || [...emu.store.roles.values()].some((r) => r.key === "auditor")).toBe(true);
    expect(emu.store.teams.has("payments")).toBe(true);
  });

  it("TeamMembership renamed: the new one records the pair, the old one's delete leaves the member on the team", async () => {
    const member = emu.store.addMember({ email: "ada@example.com", role: "reader" });
    emu.store.addTeam({ key: "payments" });
    const old = await teamMembershipProvider.create(session, { teamKey: "payments", memberId: member._id });
    freshProcess();
    const inputs = await declared(teamMembershipProvider, { teamKey: "payments", memberId: member._id });
    emu.resetRequestLog();
    await teamMembershipProvider.create(session, inputs);
    await teamMembershipProvider.delete(session, old.id, old.outs!);
    expect(requests("PATCH")).toEqual([]);
    expect(emu.store.teams.get("payments")!.memberIds).toContain(member._id);
  });

  it("the conflict error of a create says the likely cause first: a rename, fixed with aliases", async () => {
    emu.store.addMember({ email: "linus@example.com", role: "reader" });
    const err = await memberProvider.create(session, { email: "linus@example.com", role: "reader", adoptExisting: false, replaceOnNameChange: false }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    const message = (err as Error).message;
    expect(message).toMatch(/If you renamed this Member resource in your program, add `aliases: \[\{ name: "<old name>" \}\]`/);
    expect(message.indexOf("aliases")).toBeLessThan(message.indexOf("adoptExisting"));
  });
});
