/**
 * A LaunchDarkly account's access configuration at one moment, as `generate` and `review` need it:
 * custom roles with their policies, teams with roles/maintainers/members, members with roles and teams.
 * Custom roles are referred to by key everywhere (the API gives members' roles as ids; the reader maps them).
 */
import type { PolicyStatement } from "../../core/resources/custom-role";

export type { PolicyStatement };

export interface SnapshotRole {
  id: string;
  key: string;
  name: string;
  description?: string;
  basePermissions?: string;
  resourceCategory?: string;
  policy: PolicyStatement[];
  /** A LaunchDarkly preset role (listed by the API, not created by the account). */
  preset: boolean;
}

export interface SnapshotTeam {
  key: string;
  name: string;
  description?: string;
  /** Custom role keys granted to the team. */
  roleKeys: string[];
  /** Member ids holding the `maintainTeam` grant (they need not be members). */
  maintainerIds: string[];
  memberIds: string[];
  roleAttributes?: Record<string, string[]>;
}

export interface SnapshotMember {
  id: string;
  email: string;
  firstName?: string;
  lastName?: string;
  /** Base role: reader, writer, admin, owner, no_access. */
  role: string;
  /** Custom roles held directly (keys). */
  customRoleKeys: string[];
  teamKeys: string[];
  roleAttributes?: Record<string, string[]>;
  pendingInvite: boolean;
  verified: boolean;
  /** Epoch ms of the invite/creation; absent when the source does not record it (a stack state export). */
  creationDate?: number;
  /** Epoch ms; 0 = never seen. */
  lastSeen: number;
  mfa: string;
}

export interface AccountSnapshot {
  /** ISO time the read started. */
  readAt: string;
  apiHost: string;
  roles: SnapshotRole[];
  teams: SnapshotTeam[];
  members: SnapshotMember[];
  /** Where the data came from: the live API or a stack state export. */
  source: "api" | "state";
}
