import { paginate, selfLink, type LinksMode, type PageRequest } from "../pagination";
import type { EmulatorStore, TeamRecord } from "../store";
import { memberSummaryRepresentation } from "./member";
import { absentAsNull, type RepresentationStyle } from "./nulls";

/** How collections and absent fields look: `links` for the embedded and paged lists, `nulls` for absent fields. */
export type TeamRepresentationStyle = RepresentationStyle & { links: LinksMode };

const TEAM_OPTIONAL_FIELDS = ["description", "roleAttributes", "members", "roles", "projects", "maintainers"] as const;

/** Embedded `roles` / `maintainers` on a team show only the first page (digest §3). */
export const EMBEDDED_PAGE_SIZE = 25;

export type TeamExpandContext = "single" | "list";

/**
 * API `Team`. Expansions: members (count only, never ids), roles, roleAttributes, projects, maintainers.
 * On the list endpoint `roles` and `projects` are not expanded (20240415 changelog).
 */
export function teamRepresentation(
  store: EmulatorStore,
  team: TeamRecord,
  expand: ReadonlySet<string>,
  style: TeamRepresentationStyle,
  context: TeamExpandContext = "single",
) {
  const teamPath = `/api/v2/teams/${encodeURIComponent(team.key)}`;
  const embedded: PageRequest = { limit: EMBEDDED_PAGE_SIZE, offset: 0 };
  const representation = {
    key: team.key,
    name: team.name,
    ...(team.description !== undefined ? { description: team.description } : {}),
    _creationDate: team._creationDate,
    _lastModified: team._lastModified,
    _version: team._version,
    _idpSynced: false,
    _links: {
      self: selfLink(teamPath),
      parent: selfLink("/api/v2/teams"),
      roles: selfLink(`${teamPath}/roles`),
    },
    ...(expand.has("roleAttributes") ? { roleAttributes: structuredClone(team.roleAttributes) } : {}),
    ...(expand.has("members") ? { members: { totalCount: team.memberIds.length } } : {}),
    ...(expand.has("roles") && context === "single" ? { roles: teamRolesPage(store, team, embedded, new URL(`http://emulator${teamPath}/roles`), style.links) } : {}),
    ...(expand.has("projects") && context === "single" ? { projects: { totalCount: 0, items: [] } } : {}),
    ...(expand.has("maintainers")
      ? { maintainers: teamMaintainersPage(store, team, embedded, new URL(`http://emulator${teamPath}/maintainers`), style) }
      : {}),
  };
  return absentAsNull(representation, TEAM_OPTIONAL_FIELDS, style);
}

/** API `TeamCustomRoles`. */
export function teamRolesPage(store: EmulatorStore, team: TeamRecord, page: PageRequest, url: URL, links: LinksMode) {
  const roles = team.customRoleKeys.flatMap((key) => {
    const role = store.roles.get(key);
    return role ? [{ key: role.key, name: role.name, appliedOn: team.roleAppliedOn[key] ?? team._lastModified }] : [];
  });
  return paginate(roles, page, url, links);
}

/** API `TeamMaintainers`: members holding the `maintainTeam` grant on this team. */
export function teamMaintainersPage(store: EmulatorStore, team: TeamRecord, page: PageRequest, url: URL, style: TeamRepresentationStyle) {
  const maintainers = store.maintainerIds(team).flatMap((id) => {
    const member = store.members.get(id);
    return member ? [memberSummaryRepresentation(member, style)] : [];
  });
  return paginate(maintainers, page, url, style.links);
}
