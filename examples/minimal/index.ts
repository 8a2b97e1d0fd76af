import * as ld from "pulumi-launchdarkly-access";

const viewer = new ld.CustomRole("flag-viewer", {
  key: "flag-viewer",
  name: "Flag viewer",
  basePermissions: "no_access",
  policy: [{ effect: "allow", resources: ["proj/*:env/*:flag/*"], actions: ["viewProject"] }],
});

const team = new ld.Team("qa", { key: "qa", name: "QA", customRoleKeys: [viewer.key] });

const member = new ld.Member("sam", { email: "sam@example.com", role: "reader", customRoles: [viewer.key] });

new ld.TeamMembership("qa-sam", { teamKey: team.key, memberId: member.id });

export const memberId = member.id;
