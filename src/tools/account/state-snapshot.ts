import type { AccountSnapshot, PolicyStatement, SnapshotMember, SnapshotRole, SnapshotTeam } from "./snapshot-types";

export class StateExportError extends Error {}

interface StateResource {
  type?: string;
  id?: string;
  outputs?: Record<string, unknown>;
}

type Kind = "member" | "team" | "teamMembership" | "customRole";

/**
 * Builds a snapshot from `pulumi stack export` JSON: what the stack manages, as of its last update. The
 * state knows no invite dates: members carry no `creationDate`, and the review says "unknown" instead of
 * flagging their invites as stale. Resources are recognised by
 * type name when it names the kind, otherwise by the outputs each kind always has.
 */
export function snapshotFromStateExport(exported: unknown, options: { readAt: string; source: string }): AccountSnapshot {
  const resources = resourcesOf(exported);
  const roles: SnapshotRole[] = [];
  const teams: SnapshotTeam[] = [];
  const members: SnapshotMember[] = [];
  const pairs: { teamKey: string; memberId: string }[] = [];

  for (const resource of resources) {
    const out = resource.outputs ?? {};
    switch (kindOf(resource)) {
      case "customRole":
        roles.push({
          id: str(out.roleId) ?? str(resource.id) ?? "",
          key: str(out.key) ?? "",
          name: str(out.name) ?? str(out.key) ?? "",
          ...(str(out.description) ? { description: str(out.description)! } : {}),
          ...(str(out.basePermissions) ? { basePermissions: str(out.basePermissions)! } : {}),
          ...(str(out.resourceCategory) ? { resourceCategory: str(out.resourceCategory)! } : {}),
          policy: Array.isArray(out.policy) ? (out.policy as PolicyStatement[]) : [],
          preset: false,
        });
        break;
      case "team":
        teams.push({
          key: str(out.key) ?? str(resource.id) ?? "",
          name: str(out.name) ?? str(out.key) ?? "",
          ...(str(out.description) ? { description: str(out.description)! } : {}),
          roleKeys: strings(out.customRoleKeys),
          maintainerIds: strings(out.maintainers),
          memberIds: strings(out.memberIds),
          ...(isAttributes(out.roleAttributes) ? { roleAttributes: out.roleAttributes } : {}),
        });
        break;
      case "member":
        members.push({
          id: str(out.memberId) ?? str(resource.id) ?? "",
          email: str(out.email) ?? "",
          ...(str(out.firstName) ? { firstName: str(out.firstName)! } : {}),
          ...(str(out.lastName) ? { lastName: str(out.lastName)! } : {}),
          role: str(out.role) ?? "reader",
          customRoleKeys: strings(out.customRoles),
          teamKeys: [],
          ...(isAttributes(out.roleAttributes) ? { roleAttributes: out.roleAttributes } : {}),
          pendingInvite: out.pendingInvite === true,
          verified: out.verified === true,
          lastSeen: 0,
          mfa: "unknown",
        });
        break;
      case "teamMembership": {
        const teamKey = str(out.teamKey);
        const memberId = str(out.memberId);
        if (teamKey && memberId) pairs.push({ teamKey, memberId });
        break;
      }
      default:
        break;
    }
  }

  for (const { teamKey, memberId } of pairs) {
    const team = teams.find((t) => t.key === teamKey);
    if (team && !team.memberIds.includes(memberId)) team.memberIds.push(memberId);
  }
  for (const member of members) {
    member.teamKeys = teams.filter((t) => t.memberIds.includes(member.id)).map((t) => t.key).sort();
  }
  if (roles.length + teams.length + members.length + pairs.length === 0) {
    throw new StateExportError(`${options.source} holds no LaunchDarkly members, teams, memberships or custom roles of this provider`);
  }
  return {
    readAt: options.readAt,
    apiHost: `stack state (${options.source})`,
    roles: roles.sort((a, b) => a.key.localeCompare(b.key)),
    teams: teams.sort((a, b) => a.key.localeCompare(b.key)),
    members: members.sort((a, b) => a.email.localeCompare(b.email)),
    source: "state",
  };
}

function resourcesOf(exported: unknown): StateResource[] {
  const deployment = (exported as { deployment?: { resources?: unknown } } | null)?.deployment;
  if (!deployment || !Array.isArray(deployment.resources)) {
    throw new StateExportError("not a `pulumi stack export` document (expected deployment.resources)");
  }
  return deployment.resources as StateResource[];
}

function kindOf(resource: StateResource): Kind | undefined {
  const type = resource.type ?? "";
  if (type.endsWith(":CustomRole")) return "customRole";
  if (type.endsWith(":TeamMembership")) return "teamMembership";
  if (type.endsWith(":Team")) return "team";
  if (type.endsWith(":Member")) return "member";
  if (!type.startsWith("pulumi-nodejs:dynamic")) return undefined;
  const out = resource.outputs ?? {};
  if ("roleId" in out && "policy" in out) return "customRole";
  if ("email" in out && "memberId" in out) return "member";
  if ("teamKey" in out && "memberId" in out) return "teamMembership";
  // Teams written before 0.2 also carry `memberCount`; roles were matched above.
  if ("key" in out && "name" in out) return "team";
  return undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

function isAttributes(value: unknown): value is Record<string, string[]> {
  return value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length > 0;
}
