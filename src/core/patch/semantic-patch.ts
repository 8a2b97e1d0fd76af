import { canonicalRoleAttributes } from "./role-attributes";
import type { TeamInstruction, TeamInstructionKind } from "./team-instructions";

/**
 * Builds the semantic-patch instructions that turn one team into another. Pure: no I/O, no clock.
 *
 * A field missing from `desired` is unmanaged and produces no instruction. A field missing from `current`
 * is unknown (never read); the builder then uses a whole-field replace where the API has one
 * (`replaceMembers`, `replaceRoleAttributes`) and refuses otherwise: there is no `replaceCustomRoles` and no
 * replace for permission grants, so the caller must read the live team first (see `fieldsNeedingLiveValues`).
 */
export interface TeamFields {
  name?: string;
  description?: string;
  customRoleKeys?: readonly string[];
  /** Member ids holding the `maintainTeam` permission grant. */
  maintainers?: readonly string[];
  roleAttributes?: Readonly<Record<string, readonly string[]>>;
  memberIds?: readonly string[];
}

export const MAINTAIN_TEAM_ACTION_SET = "maintainTeam";

/**
 * The order instructions are emitted in. Typed as a record over every kind so that a kind added to the
 * union fails compilation here until it is placed: the builder stays exhaustive over the union.
 * Removals come before additions so a batch never holds a transient over-grant.
 */
const INSTRUCTION_ORDER: Record<TeamInstructionKind, number> = {
  updateName: 0,
  updateDescription: 1,
  removeCustomRoles: 2,
  addCustomRoles: 3,
  replaceMembers: 4,
  removeMembers: 5,
  addMembers: 6,
  removePermissionGrants: 7,
  addPermissionGrants: 8,
  replaceRoleAttributes: 9,
  removeRoleAttribute: 10,
  updateRoleAttribute: 11,
  addRoleAttribute: 12,
};

/**
 * The managed fields whose current value must be read before building: roles and maintainers have no
 * replace instruction, and an empty member list or attribute map is never sent as a whole-field replace
 * (whether the API accepts `replaceMembers: []` is undocumented), so emptying needs the current items.
 */
export function fieldsNeedingLiveValues(current: TeamFields, desired: TeamFields): LiveTeamField[] {
  const needed: LiveTeamField[] = [];
  if (desired.customRoleKeys !== undefined && current.customRoleKeys === undefined) needed.push("customRoleKeys");
  if (desired.maintainers !== undefined && current.maintainers === undefined) needed.push("maintainers");
  if (desired.memberIds?.length === 0 && current.memberIds === undefined) needed.push("memberIds");
  if (desired.roleAttributes && Object.keys(desired.roleAttributes).length === 0 && current.roleAttributes === undefined) {
    needed.push("roleAttributes");
  }
  return needed;
}

export type LiveTeamField = "customRoleKeys" | "maintainers" | "memberIds" | "roleAttributes";

export function buildTeamInstructions(current: TeamFields, desired: TeamFields): TeamInstruction[] {
  const unknown = fieldsNeedingLiveValues(current, desired);
  if (unknown.length > 0) throw new Error(`buildTeamInstructions: read the current ${unknown.join(", ")} first`);
  const out: TeamInstruction[] = [];
  if (desired.name !== undefined && desired.name !== current.name) out.push({ kind: "updateName", value: desired.name });
  if (desired.description !== undefined && desired.description !== current.description) {
    out.push({ kind: "updateDescription", value: desired.description });
  }
  if (desired.customRoleKeys !== undefined) out.push(...customRoleInstructions(current.customRoleKeys ?? [], desired.customRoleKeys));
  if (desired.memberIds !== undefined) out.push(...memberInstructions(current.memberIds, desired.memberIds));
  if (desired.maintainers !== undefined) out.push(...maintainerInstructions(current.maintainers ?? [], desired.maintainers));
  if (desired.roleAttributes !== undefined) out.push(...roleAttributeInstructions(current.roleAttributes, desired.roleAttributes));
  return out.sort((a, b) => INSTRUCTION_ORDER[a.kind] - INSTRUCTION_ORDER[b.kind]);
}

function customRoleInstructions(current: readonly string[], desired: readonly string[]): TeamInstruction[] {
  const { added, removed } = setChanges(current, desired);
  const out: TeamInstruction[] = [];
  if (removed.length > 0) out.push({ kind: "removeCustomRoles", values: removed });
  if (added.length > 0) out.push({ kind: "addCustomRoles", values: added });
  return out;
}

/**
 * add/remove touch only the changed ids (safe against concurrent additions by others); `replaceMembers` is
 * used when it sends fewer ids, or when the current set is unknown. Never with an empty list: whether the
 * API accepts `replaceMembers: []` is undocumented, and explicit removals are.
 */
function memberInstructions(current: readonly string[] | undefined, desired: readonly string[]): TeamInstruction[] {
  if (current === undefined) return [{ kind: "replaceMembers", values: sortedUnique(desired) }];
  const { added, removed } = setChanges(current, desired);
  if (added.length + removed.length === 0) return [];
  if (desired.length > 0 && desired.length < added.length + removed.length) {
    return [{ kind: "replaceMembers", values: sortedUnique(desired) }];
  }
  const out: TeamInstruction[] = [];
  if (removed.length > 0) out.push({ kind: "removeMembers", values: removed });
  if (added.length > 0) out.push({ kind: "addMembers", values: added });
  return out;
}

function maintainerInstructions(current: readonly string[], desired: readonly string[]): TeamInstruction[] {
  const { added, removed } = setChanges(current, desired);
  const out: TeamInstruction[] = [];
  if (removed.length > 0) out.push({ kind: "removePermissionGrants", actionSet: MAINTAIN_TEAM_ACTION_SET, memberIDs: removed });
  if (added.length > 0) out.push({ kind: "addPermissionGrants", actionSet: MAINTAIN_TEAM_ACTION_SET, memberIDs: added });
  return out;
}

/**
 * Per-key instructions leave untouched keys alone; `replaceRoleAttributes` is used when the current map is
 * unknown or when it sends fewer items (keys + values) than the per-key instructions would.
 */
function roleAttributeInstructions(
  current: Readonly<Record<string, readonly string[]>> | undefined,
  desired: Readonly<Record<string, readonly string[]>>,
): TeamInstruction[] {
  const desiredMap = canonicalRoleAttributes(desired);
  if (current === undefined) return [{ kind: "replaceRoleAttributes", value: desiredMap }];
  const perKey: TeamInstruction[] = [];
  let perKeyCost = 0;
  for (const key of Object.keys(current).sort()) {
    if (!(key in desiredMap)) {
      perKey.push({ kind: "removeRoleAttribute", key });
      perKeyCost += 1;
    }
  }
  for (const [key, values] of Object.entries(desiredMap)) {
    const before = current[key];
    if (before === undefined) {
      perKey.push({ kind: "addRoleAttribute", key, values });
      perKeyCost += 1 + values.length;
    } else if (!sameSet(before, values)) {
      perKey.push({ kind: "updateRoleAttribute", key, values });
      perKeyCost += 1 + values.length;
    }
  }
  if (perKey.length === 0) return [];
  const replaceCost = Object.values(desiredMap).reduce((sum, values) => sum + 1 + values.length, 0);
  if (replaceCost > 0 && replaceCost < perKeyCost) return [{ kind: "replaceRoleAttributes", value: desiredMap }];
  return perKey;
}

export function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

export function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  if (left.size !== right.size) return false;
  for (const v of left) if (!right.has(v)) return false;
  return true;
}

export function setChanges(current: readonly string[], desired: readonly string[]): { added: string[]; removed: string[] } {
  const before = new Set(current);
  const after = new Set(desired);
  return {
    added: [...after].filter((v) => !before.has(v)).sort(),
    removed: [...before].filter((v) => !after.has(v)).sort(),
  };
}
