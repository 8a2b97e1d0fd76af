import { selfLink } from "../pagination";
import type { EmulatorStore, MemberRecord } from "../store";
import { absentAsNull, type RepresentationStyle } from "./nulls";

const MEMBER_OPTIONAL_FIELDS = ["firstName", "lastName", "_pendingEmail", "permissionGrants", "roleAttributes"] as const;
const SUMMARY_OPTIONAL_FIELDS = ["firstName", "lastName"] as const;

/** API `Member`. `roleAttributes` only with `expand=roleAttributes`; `customRoles` are role `_id`s. */
export function memberRepresentation(store: EmulatorStore, member: MemberRecord, expand: ReadonlySet<string>, style: RepresentationStyle) {
  const teams = store.teamsOfMember(member._id).map((team) => ({
    key: team.key,
    name: team.name,
    customRoleKeys: [...team.customRoleKeys],
    _links: { self: selfLink(`/api/v2/teams/${encodeURIComponent(team.key)}`) },
  }));
  const permissionGrants = [...store.teams.values()].flatMap((team) =>
    team.permissionGrants
      .filter((grant) => grant.memberIds.includes(member._id))
      .map((grant) => ({
        resource: `team/${team.key}`,
        ...(grant.actionSet !== undefined ? { actionSet: grant.actionSet } : {}),
        ...(grant.actions !== undefined ? { actions: [...grant.actions] } : {}),
      })),
  );
  const representation = {
    ...memberSummaryRepresentation(member, style),
    _pendingInvite: member._pendingInvite,
    _verified: member._verified,
    customRoles: [...member.customRoles],
    mfa: member.mfa,
    excludedDashboards: [],
    _lastSeen: member._lastSeen,
    creationDate: member.creationDate,
    teams,
    ...(permissionGrants.length > 0 ? { permissionGrants } : {}),
    ...(expand.has("roleAttributes") ? { roleAttributes: structuredClone(member.roleAttributes) } : {}),
  };
  return absentAsNull(representation, MEMBER_OPTIONAL_FIELDS, style);
}

/** API `MemberSummary` (team maintainers). */
export function memberSummaryRepresentation(member: MemberRecord, style: RepresentationStyle) {
  const representation = {
    _links: { self: selfLink(`/api/v2/members/${member._id}`) },
    _id: member._id,
    ...(member.firstName !== undefined ? { firstName: member.firstName } : {}),
    ...(member.lastName !== undefined ? { lastName: member.lastName } : {}),
    role: member.role,
    email: member.email,
  };
  return absentAsNull(representation, SUMMARY_OPTIONAL_FIELDS, style);
}
