import { beforeAll, expect, it } from "vitest";
import type { Session } from "../../src/core/session/session";
import { customRoleProvider } from "../../src/core/resources/custom-role";
import { memberProvider } from "../../src/core/resources/member";
import { teamProvider } from "../../src/core/resources/team";
import { teamMembershipProvider } from "../../src/core/resources/team-membership";
import { emulatorSession, useEmulatorSession } from "../support/emulator-session";

// Issue 13 §5. Before: right after the first `up`, a refresh with no outside change showed `memberCount 0 => 2`
// and `version 1 => 2` on the team (its memberships are written after it) and `+ roleAttributes: {}` on
// members (invite responses omit them, reads return {}); a refresh handed back `customRoles: []` as an input the
// program never set, which the next preview rendered as `- customRoles: []`.
const { emulator } = useEmulatorSession();
let session: Session;

function freshProcess() {
  session = emulatorSession(emulator());
}
beforeAll(freshProcess);

async function checked(provider: typeof memberProvider, news: Record<string, unknown>) {
  const result = await provider.check(session, {}, news);
  expect(result.failures).toBeUndefined();
  return result.inputs!;
}

it("a refresh right after up changes no output and hands back only the inputs the program set", async () => {
  // As `up` runs them: the role, then members (no customRoles, no roleAttributes), then the team, then memberships.
  const roleInputs = await checked(customRoleProvider, { key: "auditor", name: "Auditor", policy: [{ effect: "allow", resources: ["proj/*"], actions: ["viewProject"] }] });
  const role = await customRoleProvider.create(session, roleInputs);
  const memberInputs = await Promise.all(["ada", "grace"].map((name) => checked(memberProvider, { email: `${name}@example.com`, firstName: name, role: "writer" })));
  const members = await Promise.all(memberInputs.map((inputs) => memberProvider.create(session, inputs)));
  const teamInputs = await checked(teamProvider, { key: "platform", name: "Platform", customRoleKeys: ["auditor"], maintainers: [members[0]!.id] });
  const team = await teamProvider.create(session, teamInputs);
  const memberships = await Promise.all(members.map((m) => teamMembershipProvider.create(session, { teamKey: "platform", memberId: m.id })));

  // `pulumi refresh` is another provider process.
  freshProcess();
  const refreshedRole = await customRoleProvider.read(session, role.id, role.outs);
  expect(refreshedRole.props).toEqual(role.outs);
  expect(Object.keys(refreshedRole.inputs!).sort()).toEqual(Object.keys(roleInputs).sort());

  for (const [i, member] of members.entries()) {
    const refreshed = await memberProvider.read(session, member.id, member.outs);
    expect(refreshed.props).toEqual(member.outs);
    expect(refreshed.props).not.toHaveProperty("roleAttributes");
    // Never `customRoles: []` or `roleAttributes: {}`: the program did not set them.
    expect(Object.keys(refreshed.inputs!).sort()).toEqual(Object.keys(memberInputs[i]!).sort());
    // A second refresh, from the refreshed state, is just as quiet.
    const again = await memberProvider.read(session, member.id, refreshed.props!);
    expect(again).toEqual(refreshed);
  }

  const refreshedTeam = await teamProvider.read(session, team.id, team.outs);
  expect(refreshedTeam.props).toEqual(team.outs);
  expect(refreshedTeam.props).not.toHaveProperty("memberCount");
  expect(refreshedTeam.props).not.toHaveProperty("version");
  expect(refreshedTeam.props).toMatchObject({ maintainerEmails: ["ada@example.com"] });

  for (const membership of memberships) {
    const refreshed = await teamMembershipProvider.read(session, membership.id, membership.outs);
    expect(refreshed.props).toEqual(membership.outs);
    expect(refreshed.inputs).toEqual({ teamKey: "platform", memberId: membership.outs.memberId });
  }
  expect(memberships.map((m) => m.outs.memberEmail)).toEqual(["ada@example.com", "grace@example.com"]);
});

it("a member whose program leaves customRoles unset never gets them back as an input, even from state without the record", async () => {
  freshProcess();
  const inputs = await checked(memberProvider, { email: "linus@example.com" });
  const created = await memberProvider.create(session, inputs);
  const refreshed = await memberProvider.read(session, created.id, created.outs);
  expect(refreshed.inputs).not.toHaveProperty("customRoles");
  // State written before the record existed: the fields present in the outputs stand in (old behaviour) until the next write.
  const { __managedFields: _record, ...legacy } = created.outs as Record<string, unknown>;
  expect((await memberProvider.read(session, created.id, legacy)).inputs).toHaveProperty("customRoles", []);
  const rewritten = await memberProvider.update(session, created.id, legacy, inputs);
  expect((await memberProvider.read(session, created.id, rewritten.outs!)).inputs).not.toHaveProperty("customRoles");
});
