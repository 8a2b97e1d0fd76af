import type { TeamInstruction } from "../core/patch/team-instructions";

/**
 * Pure application of single-team semantic-patch instructions (`PATCH /api/v2/teams/{key}`).
 *
 * Semantics (digest §3, §6.11–13):
 * - All-or-nothing: the first failing instruction fails the whole patch and the input team is untouched
 *   (the function never mutates its arguments).
 * - Instructions asking for a state that already holds succeed and change nothing (`changed: false`).
 * - `addMembers` / `replaceMembers` / `addPermissionGrants` with an unknown member id fail, or leave that
 *   id out, per `lookups.unknownMemberIds`.
 * - `addCustomRoles` with an unknown role key fails or is dropped, per `lookups.unknownRoleKeys`.
 * - `removeMembers` / `removeCustomRoles` / `removeRoleAttribute` of something absent are no-ops.
 * - `removePermissionGrants` must name an existing grant (same actionSet, or same set of actions).
 * - `addRoleAttribute` on an existing key fails unless the values are already equal (then a no-op);
 *   `updateRoleAttribute` on a missing key fails.
 * Set-like lists keep first-insertion order and never hold duplicates.
 */
export interface TeamPermissionGrant {
  memberIds: string[];
  actionSet?: string;
  actions?: string[];
}

export interface TeamState {
  key: string;
  name: string;
  description?: string;
  memberIds: string[];
  customRoleKeys: string[];
  permissionGrants: TeamPermissionGrant[];
  roleAttributes: Record<string, string[]>;
}

export interface TeamApplyLookups {
  memberExists(memberId: string): boolean;
  roleExists(roleKey: string): boolean;
  /** What to do with `addCustomRoles` keys naming no role. Default "reject". */
  unknownRoleKeys?: "drop" | "reject";
  /** What to do with member ids naming no member. Default "reject". */
  unknownMemberIds?: "reject" | "ignore";
}

export type TeamApplyResult =
  | { ok: true; team: TeamState; changed: boolean }
  | { ok: false; message: string; instructionIndex: number };

class InstructionFailure extends Error {}

export function applyTeamInstructions(
  team: TeamState,
  instructions: readonly TeamInstruction[],
  lookups: TeamApplyLookups,
): TeamApplyResult {
  const working = cloneTeam(team);
  for (const [index, instruction] of instructions.entries()) {
    try {
      applyOne(working, instruction, lookups);
    } catch (error) {
      if (error instanceof InstructionFailure) {
        return { ok: false, message: `instruction ${index} (${instruction.kind}): ${error.message}`, instructionIndex: index };
      }
      throw error;
    }
  }
  const normalized = normalizeTeam(working);
  return { ok: true, team: normalized, changed: !teamsEqual(normalizeTeam(cloneTeam(team)), normalized) };
}

function applyOne(team: TeamState, instruction: TeamInstruction, lookups: TeamApplyLookups): void {
  switch (instruction.kind) {
    case "addCustomRoles": {
      for (const key of instruction.values) {
        if (!lookups.roleExists(key)) {
          if ((lookups.unknownRoleKeys ?? "reject") === "reject") throw new InstructionFailure(`unknown custom role key "${key}"`);
          continue;
        }
        addUnique(team.customRoleKeys, key);
      }
      return;
    }
    case "removeCustomRoles":
      team.customRoleKeys = team.customRoleKeys.filter((key) => !instruction.values.includes(key));
      return;
    case "addMembers":
      for (const id of knownMembers(instruction.values, lookups)) addUnique(team.memberIds, id);
      return;
    case "removeMembers":
      team.memberIds = team.memberIds.filter((id) => !instruction.values.includes(id));
      return;
    case "replaceMembers":
      team.memberIds = dedupe(knownMembers(instruction.values, lookups));
      return;
    case "addPermissionGrants": {
      const target = grantTarget(instruction);
      const memberIds = knownMembers(instruction.memberIDs, lookups);
      const existing = team.permissionGrants.find((grant) => sameGrantTarget(grant, target));
      if (existing) {
        for (const id of memberIds) addUnique(existing.memberIds, id);
      } else {
        team.permissionGrants.push({ ...target, memberIds: dedupe(memberIds) });
      }
      return;
    }
    case "removePermissionGrants": {
      const target = grantTarget(instruction);
      const existing = team.permissionGrants.find((grant) => sameGrantTarget(grant, target));
      if (!existing) throw new InstructionFailure("no permission grant matches the given actionSet/actions");
      existing.memberIds = existing.memberIds.filter((id) => !instruction.memberIDs.includes(id));
      team.permissionGrants = team.permissionGrants.filter((grant) => grant.memberIds.length > 0);
      return;
    }
    case "addRoleAttribute": {
      const current = team.roleAttributes[instruction.key];
      if (current && !sameValues(current, instruction.values)) {
        throw new InstructionFailure(`role attribute "${instruction.key}" already exists; use updateRoleAttribute`);
      }
      team.roleAttributes[instruction.key] = [...instruction.values];
      return;
    }
    case "updateRoleAttribute":
      if (!(instruction.key in team.roleAttributes)) throw new InstructionFailure(`role attribute "${instruction.key}" does not exist`);
      team.roleAttributes[instruction.key] = [...instruction.values];
      return;
    case "removeRoleAttribute":
      delete team.roleAttributes[instruction.key];
      return;
    case "replaceRoleAttributes":
      team.roleAttributes = Object.fromEntries(Object.entries(instruction.value).map(([key, values]) => [key, [...values]]));
      return;
    case "updateName":
      if (instruction.value.trim() === "") throw new InstructionFailure("name must not be empty");
      team.name = instruction.value;
      return;
    case "updateDescription":
      team.description = instruction.value;
      return;
    default: {
      const unknownKind: never = instruction;
      throw new InstructionFailure(`unknown instruction kind ${JSON.stringify((unknownKind as { kind: unknown }).kind)}`);
    }
  }
}

function grantTarget(instruction: { actionSet?: string; actions?: string[] }): Omit<TeamPermissionGrant, "memberIds"> {
  const hasSet = instruction.actionSet !== undefined;
  const hasActions = instruction.actions !== undefined;
  if (hasSet === hasActions) throw new InstructionFailure("exactly one of actionSet or actions is required");
  return hasSet ? { actionSet: instruction.actionSet } : { actions: dedupe(instruction.actions ?? []) };
}

function sameGrantTarget(grant: TeamPermissionGrant, target: Omit<TeamPermissionGrant, "memberIds">): boolean {
  if (target.actionSet !== undefined) return grant.actionSet === target.actionSet;
  return grant.actions !== undefined && sameValues(grant.actions, target.actions ?? []);
}

/** The ids that name members; an unknown id fails the instruction unless the lookups say to ignore it. */
function knownMembers(ids: readonly string[], lookups: TeamApplyLookups): string[] {
  const unknown = ids.filter((id) => !lookups.memberExists(id));
  if (unknown.length > 0 && (lookups.unknownMemberIds ?? "reject") === "reject") {
    throw new InstructionFailure(`unknown member id(s): ${unknown.join(", ")}`);
  }
  return ids.filter((id) => lookups.memberExists(id));
}

function addUnique(list: string[], value: string): void {
  if (!list.includes(value)) list.push(value);
}

function dedupe(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function sameValues(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((value) => right.has(value));
}

export function cloneTeam(team: TeamState): TeamState {
  return {
    key: team.key,
    name: team.name,
    ...(team.description !== undefined ? { description: team.description } : {}),
    memberIds: [...team.memberIds],
    customRoleKeys: [...team.customRoleKeys],
    permissionGrants: team.permissionGrants.map((grant) => ({
      memberIds: [...grant.memberIds],
      ...(grant.actionSet !== undefined ? { actionSet: grant.actionSet } : {}),
      ...(grant.actions !== undefined ? { actions: [...grant.actions] } : {}),
    })),
    roleAttributes: Object.fromEntries(Object.entries(team.roleAttributes).map(([key, values]) => [key, [...values]])),
  };
}

function normalizeTeam(team: TeamState): TeamState {
  team.memberIds = dedupe(team.memberIds);
  team.customRoleKeys = dedupe(team.customRoleKeys);
  team.permissionGrants = team.permissionGrants.filter((grant) => grant.memberIds.length > 0);
  return team;
}

function teamsEqual(a: TeamState, b: TeamState): boolean {
  return (
    a.name === b.name &&
    (a.description ?? "") === (b.description ?? "") &&
    sameValues(a.memberIds, b.memberIds) &&
    sameValues(a.customRoleKeys, b.customRoleKeys) &&
    grantsEqual(a.permissionGrants, b.permissionGrants) &&
    roleAttributesEqual(a.roleAttributes, b.roleAttributes)
  );
}

function grantsEqual(a: TeamPermissionGrant[], b: TeamPermissionGrant[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((grant) => {
    const other = b.find((candidate) => sameGrantTarget(candidate, grant));
    return other !== undefined && sameValues(grant.memberIds, other.memberIds);
  });
}

function roleAttributesEqual(a: Record<string, string[]>, b: Record<string, string[]>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => key in b && sameValues(a[key] ?? [], b[key] ?? []));
}
