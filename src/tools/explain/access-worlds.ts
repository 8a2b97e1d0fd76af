import type { AccountSnapshot } from "../account/snapshot-types";
import { cloneWorld, emptyWorld, type AccessWorld, type WorldMember } from "../access-analysis/access-world";
import type { PolicyStatement } from "../../core/resources/custom-role";
import { UNKNOWN_VALUE } from "../../core/resources/common-schemas";
import type { PreviewStep } from "./preview-json";
import { inputsWithPlaceholders, typeNameOfUrn, unknownPlaceholder } from "./unknown-values";

export interface AccessWorlds {
  before: AccessWorld;
  after: AccessWorld;
  /** Roles whose policy changes, with both policies (undefined: created or deleted). */
  changedRoles: { key: string; before?: PolicyStatement[]; after?: PolicyStatement[] }[];
  /** Changed roles and teams whose holders the plan alone cannot list (no state given). */
  unknownHolders: string[];
  /** Roles held in either world whose policy neither the plan nor the state gives. */
  unknownRoles: string[];
}

const CREATES = new Set(["create", "replace", "create-replacement"]);
const DELETES = new Set(["delete", "replace", "delete-replaced"]);

/**
 * The account's access before and after `up`, from the preview's steps: the state (`pulumi stack export`)
 * when given is the starting point, with the steps' old outputs on top; the steps' new inputs make the
 * world after. Members an `up` creates are keyed by the placeholder dependent resources carry for their id.
 */
export function accessWorldsFromPreview(steps: readonly PreviewStep[], state?: AccountSnapshot): AccessWorlds {
  const before = state ? worldFromSnapshot(state) : emptyWorld();
  const pendingUrns = new Set(steps.filter((s) => CREATES.has(s.op)).map((s) => s.urn));
  const relevant = steps.filter((s) => !["same", "read", "refresh"].includes(s.op) && !(s.op === "replace" && steps.some((o) => o.op === "create-replacement" && o.urn === s.urn)));

  for (const step of relevant) {
    const olds = step.oldState?.outputs;
    if (!olds || (!DELETES.has(step.op) && step.op !== "update")) continue;
    applyOld(before, typeNameOfUrn(step.urn), olds);
  }
  const after = cloneWorld(before);
  const changedRoles: AccessWorlds["changedRoles"] = [];
  const unknownHolders: string[] = [];
  for (const step of relevant) {
    const typeName = typeNameOfUrn(step.urn);
    const olds = step.oldState?.outputs;
    const news = step.newState ? inputsWithPlaceholders(step.newState.inputs, step.newState.propertyDependencies, pendingUrns) : undefined;
    const removes = olds !== undefined && DELETES.has(step.op);
    const adds = news !== undefined && (CREATES.has(step.op) || step.op === "update");
    switch (typeName) {
      case "CustomRole": {
        const oldKey = olds?.key as string | undefined;
        const newKey = news?.key as string | undefined;
        if (removes && oldKey) after.roles.delete(oldKey);
        if (adds && newKey) after.roles.set(newKey, (news!.policy as PolicyStatement[]) ?? []);
        for (const key of new Set([oldKey, newKey].filter((k): k is string => k !== undefined))) {
          const was = before.roles.get(key);
          const will = after.roles.get(key);
          if (JSON.stringify(was) !== JSON.stringify(will)) {
            changedRoles.push({ key, ...(was ? { before: was } : {}), ...(will ? { after: will } : {}) });
            if (!state && was) unknownHolders.push(`custom role \`${key}\``);
          }
        }
        break;
      }
      case "Team": {
        const oldKey = olds?.key as string | undefined;
        const newKey = news?.key as string | undefined;
        const previous = oldKey ? after.teams.get(oldKey) : undefined;
        if (removes && oldKey) after.teams.delete(oldKey);
        if (adds && newKey) {
          const roleKeys = Array.isArray(news!.customRoleKeys) ? (news!.customRoleKeys as string[]) : (previous?.roleKeys ?? []);
          const memberIds = Array.isArray(news!.memberIds) ? (news!.memberIds as string[]) : (previous?.memberIds ?? []);
          const roleAttributes = (news!.roleAttributes as Record<string, string[]> | undefined) ?? previous?.roleAttributes;
          after.teams.set(newKey, { roleKeys, memberIds, ...(roleAttributes ? { roleAttributes } : {}) });
          if (!state && previous && JSON.stringify(previous.roleKeys) !== JSON.stringify(roleKeys)) unknownHolders.push(`team \`${newKey}\``);
        }
        break;
      }
      case "Member": {
        const oldId = (olds?.memberId as string | undefined) ?? step.oldState?.id;
        if (removes && oldId) after.members.delete(oldId);
        if (adds) {
          const key = step.op === "update" && oldId ? oldId : unknownPlaceholder([step.urn], pendingUrns);
          const previous = step.op === "update" && oldId ? after.members.get(oldId) : undefined;
          after.members.set(key, memberFrom(news!, previous));
        }
        break;
      }
      case "TeamMembership": {
        if (removes) removePair(after, String(olds!.teamKey), String(olds!.memberId));
        if (adds) addPair(after, String(news!.teamKey), String(news!.memberId));
        break;
      }
      default:
        break;
    }
  }
  const held = [before, after].flatMap((world) => [...world.teams.values()].flatMap((t) => t.roleKeys).concat([...world.members.values()].flatMap((m) => m.customRoles)));
  const unknownRoles = [...new Set(held)].filter((key) => !before.roles.has(key) && !after.roles.has(key)).sort();
  return { before, after, changedRoles, unknownHolders: [...new Set(unknownHolders)], unknownRoles };
}

function applyOld(world: AccessWorld, typeName: string, olds: Record<string, unknown>): void {
  switch (typeName) {
    case "CustomRole":
      if (typeof olds.key === "string") world.roles.set(olds.key, (olds.policy as PolicyStatement[]) ?? []);
      break;
    case "Team":
      if (typeof olds.key === "string") {
        const known = world.teams.get(olds.key);
        world.teams.set(olds.key, {
          roleKeys: Array.isArray(olds.customRoleKeys) ? (olds.customRoleKeys as string[]) : (known?.roleKeys ?? []),
          memberIds: Array.isArray(olds.memberIds) ? (olds.memberIds as string[]) : (known?.memberIds ?? []),
          ...((olds.roleAttributes ?? known?.roleAttributes) ? { roleAttributes: (olds.roleAttributes ?? known?.roleAttributes) as Record<string, string[]> } : {}),
        });
      }
      break;
    case "Member":
      if (typeof olds.memberId === "string") world.members.set(olds.memberId, memberFrom(olds, world.members.get(olds.memberId)));
      break;
    case "TeamMembership":
      addPair(world, String(olds.teamKey), String(olds.memberId));
      break;
    default:
      break;
  }
}

function memberFrom(props: Record<string, unknown>, previous: WorldMember | undefined): WorldMember {
  const name = [props.firstName, props.lastName].filter((p): p is string => typeof p === "string" && p !== "").join(" ");
  return {
    ...(typeof props.email === "string" ? { email: props.email } : previous?.email ? { email: previous.email } : {}),
    ...(name ? { name } : previous?.name ? { name: previous.name } : {}),
    ...(typeof props.role === "string" ? { baseRole: props.role } : previous?.baseRole ? { baseRole: previous.baseRole } : {}),
    // Unset customRoles / roleAttributes are not managed: the member keeps what it had.
    customRoles: Array.isArray(props.customRoles) ? (props.customRoles as string[]) : (previous?.customRoles ?? []),
    ...(props.roleAttributes ? { roleAttributes: props.roleAttributes as Record<string, string[]> } : previous?.roleAttributes ? { roleAttributes: previous.roleAttributes } : {}),
    known: true,
  };
}

function addPair(world: AccessWorld, teamKey: string, memberId: string): void {
  if (teamKey === UNKNOWN_VALUE) return;
  const team = world.teams.get(teamKey) ?? { roleKeys: [], memberIds: [] };
  if (!team.memberIds.includes(memberId)) team.memberIds.push(memberId);
  world.teams.set(teamKey, team);
  if (!world.members.has(memberId)) world.members.set(memberId, { customRoles: [], known: false });
}

function removePair(world: AccessWorld, teamKey: string, memberId: string): void {
  const team = world.teams.get(teamKey);
  if (team) team.memberIds = team.memberIds.filter((id) => id !== memberId);
}

function worldFromSnapshot(snapshot: AccountSnapshot): AccessWorld {
  const world = emptyWorld();
  for (const role of snapshot.roles) world.roles.set(role.key, role.policy);
  for (const team of snapshot.teams) world.teams.set(team.key, { roleKeys: team.roleKeys, memberIds: [...team.memberIds], ...(team.roleAttributes ? { roleAttributes: team.roleAttributes } : {}) });
  for (const m of snapshot.members) {
    const name = [m.firstName, m.lastName].filter(Boolean).join(" ");
    world.members.set(m.id, { email: m.email, ...(name ? { name } : {}), baseRole: m.role, customRoles: m.customRoleKeys, ...(m.roleAttributes ? { roleAttributes: m.roleAttributes } : {}), known: true });
  }
  return world;
}
