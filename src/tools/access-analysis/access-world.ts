import type { PolicyStatement } from "../../core/resources/custom-role";

/**
 * Who holds which custom roles, as far as access deltas need it. Members are keyed by id, or by a
 * placeholder (`<id of Member "ada", known once it is created>`) for members an `up` creates.
 */
export interface WorldMember {
  email?: string;
  name?: string;
  baseRole?: string;
  customRoles: string[];
  roleAttributes?: Record<string, string[]>;
  /** False when only the id is known (no Member in the plan and no state): its other roles and attributes are unknown. */
  known: boolean;
}

export interface WorldTeam {
  roleKeys: string[];
  memberIds: string[];
  roleAttributes?: Record<string, string[]>;
}

export interface AccessWorld {
  roles: Map<string, PolicyStatement[]>;
  teams: Map<string, WorldTeam>;
  members: Map<string, WorldMember>;
}

export function emptyWorld(): AccessWorld {
  return { roles: new Map(), teams: new Map(), members: new Map() };
}

export function cloneWorld(world: AccessWorld): AccessWorld {
  return structuredClone(world);
}
