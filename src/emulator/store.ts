import { randomBytes } from "node:crypto";
import { cloneTeam, type TeamPermissionGrant, type TeamState } from "./team-apply";

export type BaseRole = "reader" | "writer" | "admin" | "no_access" | "owner";

export interface MemberRecord {
  _id: string;
  /** Always lower-case; lookups ignore case. */
  email: string;
  firstName?: string;
  lastName?: string;
  role: BaseRole;
  /** Custom role `_id`s, as the real API returns them. */
  customRoles: string[];
  roleAttributes: Record<string, string[]>;
  _pendingInvite: boolean;
  _verified: boolean;
  creationDate: number;
  /** 0 = never seen. */
  _lastSeen: number;
  mfa: "enabled" | "disabled";
}

export interface TeamRecord extends TeamState {
  _creationDate: number;
  _lastModified: number;
  _version: number;
  /** When each custom role key was applied to the team (TeamCustomRole.appliedOn). */
  roleAppliedOn: Record<string, number>;
}

export interface StatementRecord {
  effect: "allow" | "deny";
  resources?: string[];
  notResources?: string[];
  actions?: string[];
  notActions?: string[];
}

export interface RoleRecord {
  _id: string;
  key: string;
  name: string;
  description?: string;
  policy: StatementRecord[];
  basePermissions: "reader" | "no_access";
  resourceCategory?: string;
}

export interface AddMemberInput {
  email: string;
  role?: BaseRole;
  customRoleKeys?: string[];
  firstName?: string;
  lastName?: string;
  roleAttributes?: Record<string, string[]>;
  pendingInvite?: boolean;
}

export interface AddRoleInput {
  key: string;
  name?: string;
  description?: string;
  policy?: StatementRecord[];
  basePermissions?: "reader" | "no_access";
  resourceCategory?: string;
}

export interface AddTeamInput {
  key: string;
  name?: string;
  description?: string;
  memberIds?: string[];
  customRoleKeys?: string[];
  roleAttributes?: Record<string, string[]>;
  permissionGrants?: TeamPermissionGrant[];
}

export interface StoreSnapshot {
  members: MemberRecord[];
  teams: Omit<TeamRecord, "roleAppliedOn">[];
  roles: RoleRecord[];
}

export const MAINTAIN_TEAM_ACTION_SET = "maintainTeam";

export function newObjectId(): string {
  return randomBytes(12).toString("hex");
}

/**
 * In-memory account: members keyed by `_id`, teams by key, custom roles by key.
 * Team membership lives on the team (`memberIds`), as does every permission grant.
 * Methods named `add*` are the synchronous helpers tests use for out-of-band changes.
 */
export class EmulatorStore {
  readonly members = new Map<string, MemberRecord>();
  readonly teams = new Map<string, TeamRecord>();
  readonly roles = new Map<string, RoleRecord>();
  private lastTimestamp = 0;
  private ownerId: string;

  constructor(private readonly ownerEmail: string = "owner@emulator.invalid") {
    this.ownerId = this.createOwner()._id;
  }

  /** Strictly increasing epoch ms, so two writes in the same millisecond still order. */
  now(): number {
    this.lastTimestamp = Math.max(Date.now(), this.lastTimestamp + 1);
    return this.lastTimestamp;
  }

  get owner(): MemberRecord {
    const owner = this.members.get(this.ownerId);
    if (!owner) throw new Error("the token owner was deleted");
    return owner;
  }

  private createOwner(): MemberRecord {
    const owner = this.addMember({ email: this.ownerEmail, role: "owner", pendingInvite: false });
    owner._verified = true;
    owner._lastSeen = owner.creationDate;
    return owner;
  }

  // ---- members ------------------------------------------------------------------------------

  addMember(input: AddMemberInput): MemberRecord {
    const email = input.email.toLowerCase();
    if (this.memberByEmail(email)) throw new Error(`member ${email} already exists`);
    const customRoles = (input.customRoleKeys ?? []).map((ref) => {
      const role = this.resolveRole(ref);
      if (!role) throw new Error(`unknown custom role ${ref}`);
      return role._id;
    });
    const member: MemberRecord = {
      _id: newObjectId(),
      email,
      ...(input.firstName !== undefined ? { firstName: input.firstName } : {}),
      ...(input.lastName !== undefined ? { lastName: input.lastName } : {}),
      role: input.role ?? "reader",
      customRoles: [...new Set(customRoles)],
      roleAttributes: structuredClone(input.roleAttributes ?? {}),
      _pendingInvite: input.pendingInvite ?? true,
      _verified: false,
      creationDate: this.now(),
      _lastSeen: 0,
      mfa: "disabled",
    };
    this.members.set(member._id, member);
    return member;
  }

  /** `me` resolves to the token owner. */
  findMember(idOrMe: string): MemberRecord | undefined {
    return this.members.get(idOrMe === "me" ? this.ownerId : idOrMe);
  }

  memberByEmail(email: string): MemberRecord | undefined {
    const wanted = email.toLowerCase();
    for (const member of this.members.values()) if (member.email === wanted) return member;
    return undefined;
  }

  teamsOfMember(memberId: string): TeamRecord[] {
    return [...this.teams.values()].filter((team) => team.memberIds.includes(memberId));
  }

  /** Removes the member everywhere: team memberships and maintainer/permission grants. */
  deleteMember(memberId: string): boolean {
    if (!this.members.delete(memberId)) return false;
    for (const team of this.teams.values()) {
      const next = cloneTeam(team);
      next.memberIds = next.memberIds.filter((id) => id !== memberId);
      next.permissionGrants = next.permissionGrants
        .map((grant) => ({ ...grant, memberIds: grant.memberIds.filter((id) => id !== memberId) }))
        .filter((grant) => grant.memberIds.length > 0);
      this.commitTeam(team.key, next);
    }
    return true;
  }

  // ---- roles --------------------------------------------------------------------------------

  addRole(input: AddRoleInput): RoleRecord {
    if (this.roles.has(input.key)) throw new Error(`role ${input.key} already exists`);
    const role: RoleRecord = {
      _id: newObjectId(),
      key: input.key,
      name: input.name ?? input.key,
      ...(input.description !== undefined ? { description: input.description } : {}),
      policy: structuredClone(input.policy ?? [{ effect: "allow", resources: ["proj/*"], actions: ["*"] }]),
      basePermissions: input.basePermissions ?? "no_access",
      ...(input.resourceCategory !== undefined ? { resourceCategory: input.resourceCategory } : {}),
    };
    this.roles.set(role.key, role);
    return role;
  }

  /** A custom role by key or by `_id`. */
  resolveRole(keyOrId: string): RoleRecord | undefined {
    const byKey = this.roles.get(keyOrId);
    if (byKey) return byKey;
    for (const role of this.roles.values()) if (role._id === keyOrId) return role;
    return undefined;
  }

  roleAssignments(role: RoleRecord): { membersCount: number; teamsCount: number } {
    let membersCount = 0;
    for (const member of this.members.values()) if (member.customRoles.includes(role._id)) membersCount++;
    let teamsCount = 0;
    for (const team of this.teams.values()) if (team.customRoleKeys.includes(role.key)) teamsCount++;
    return { membersCount, teamsCount };
  }

  /** Deletes the role and removes it from every member and team. */
  deleteRole(role: RoleRecord): void {
    this.roles.delete(role.key);
    for (const member of this.members.values()) {
      member.customRoles = member.customRoles.filter((id) => id !== role._id);
    }
    for (const team of this.teams.values()) {
      if (!team.customRoleKeys.includes(role.key)) continue;
      const next = cloneTeam(team);
      next.customRoleKeys = next.customRoleKeys.filter((key) => key !== role.key);
      this.commitTeam(team.key, next);
    }
  }

  // ---- teams --------------------------------------------------------------------------------

  addTeam(input: AddTeamInput): TeamRecord {
    if (this.teams.has(input.key)) throw new Error(`team ${input.key} already exists`);
    for (const id of input.memberIds ?? []) if (!this.members.has(id)) throw new Error(`unknown member ${id}`);
    for (const key of input.customRoleKeys ?? []) if (!this.roles.has(key)) throw new Error(`unknown role ${key}`);
    const now = this.now();
    const customRoleKeys = [...new Set(input.customRoleKeys ?? [])];
    const team: TeamRecord = {
      key: input.key,
      name: input.name ?? input.key,
      ...(input.description !== undefined ? { description: input.description } : {}),
      memberIds: [...new Set(input.memberIds ?? [])],
      customRoleKeys,
      permissionGrants: structuredClone(input.permissionGrants ?? []),
      roleAttributes: structuredClone(input.roleAttributes ?? {}),
      _creationDate: now,
      _lastModified: now,
      _version: 1,
      roleAppliedOn: Object.fromEntries(customRoleKeys.map((key) => [key, now])),
    };
    this.teams.set(team.key, team);
    return team;
  }

  addTeamMembers(teamKey: string, memberIds: string[]): TeamRecord {
    const team = this.teams.get(teamKey);
    if (!team) throw new Error(`unknown team ${teamKey}`);
    for (const id of memberIds) if (!this.members.has(id)) throw new Error(`unknown member ${id}`);
    const next = cloneTeam(team);
    next.memberIds = [...new Set([...next.memberIds, ...memberIds])];
    return this.commitTeam(teamKey, next);
  }

  /** Stores a new state for an existing team; `_version`/`_lastModified` move only on a real change. */
  commitTeam(teamKey: string, next: TeamState, changed = !sameTeamState(this.teams.get(teamKey), next)): TeamRecord {
    const team = this.teams.get(teamKey);
    if (!team) throw new Error(`unknown team ${teamKey}`);
    if (!changed) return team;
    const now = this.now();
    const roleAppliedOn: Record<string, number> = {};
    for (const key of next.customRoleKeys) roleAppliedOn[key] = team.roleAppliedOn[key] ?? now;
    const updated: TeamRecord = {
      ...cloneTeam(next),
      key: team.key,
      _creationDate: team._creationDate,
      _lastModified: now,
      _version: team._version + 1,
      roleAppliedOn,
    };
    this.teams.set(teamKey, updated);
    return updated;
  }

  maintainerIds(team: TeamState): string[] {
    const ids = team.permissionGrants.filter((grant) => grant.actionSet === MAINTAIN_TEAM_ACTION_SET).flatMap((grant) => grant.memberIds);
    return [...new Set(ids)];
  }

  // ---- whole store --------------------------------------------------------------------------

  snapshot(): StoreSnapshot {
    return structuredClone({
      members: [...this.members.values()],
      teams: [...this.teams.values()].map(({ roleAppliedOn: _ignored, ...team }) => team),
      roles: [...this.roles.values()],
    });
  }

  /** Empties the account except for the token owner, who keeps its `_id` (recreated if it was deleted). */
  reset(): void {
    const owner = this.members.get(this.ownerId);
    this.members.clear();
    this.teams.clear();
    this.roles.clear();
    if (owner) {
      owner.customRoles = [];
      owner.roleAttributes = {};
      this.members.set(owner._id, owner);
    } else {
      this.ownerId = this.createOwner()._id;
    }
  }
}

function sameTeamState(current: TeamState | undefined, next: TeamState): boolean {
  return current !== undefined && JSON.stringify(cloneTeam(current)) === JSON.stringify(cloneTeam(next));
}
