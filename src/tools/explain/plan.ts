import { UNKNOWN_VALUE } from "../../core/resources/common-schemas";
import { customRoleDeletesBeforeReplace, plannedCustomRoleCreate, plannedCustomRoleDelete, plannedCustomRoleUpdate } from "./plan-custom-role";
import { plannedInviteBatches, type InviteEntry } from "./plan-invites";
import { memberDeletesBeforeReplace, plannedMemberDelete, plannedMemberInvite, plannedMemberUpdate } from "./plan-member";
import { plannedMembershipBatches, type MembershipChange } from "./plan-memberships";
import { plannedTeamCreate, plannedTeamDelete, plannedTeamUpdate } from "./plan-team";
import { ownershipWarnings } from "./ownership-warnings";
import type { PlannedRequest, PlannedStep } from "./planned-request";
import { resourceName, type PreviewStep } from "./preview-json";
import { PeopleDirectory } from "./people";
import { RoleIdLookup } from "./role-id-lookup";
import { inputsWithPlaceholders, typeNameOfUrn } from "./unknown-values";

/** The resource types this package registers (`pulumi-nodejs:dynamic/launchdarkly:<Name>`). */
const OUR_TYPE_PREFIX = "pulumi-nodejs:dynamic/launchdarkly:";

export interface ExplainPlan {
  /** `destroy` when the preview deletes the stack itself (`pulumi destroy --preview-only --json`). */
  command: "up" | "destroy";
  /** In the order `up` (or `destroy`) sends them: creates, invites and updates, membership additions, then removals, then deletes. */
  steps: PlannedStep[];
  /** Steps of other resource types, or operations explain does not model, by URN. */
  skipped: Array<{ urn: string; op: string; reason: string }>;
  counts: { creates: number; updates: number; deletes: number; replaces: number };
  requestRange: { min: number; max: number };
  /** Resources created and deleted that point at one email or key (most likely a rename without `aliases`). */
  warnings: string[];
}

interface PlannedParts {
  requests: PlannedRequest[];
  notes: string[];
  /** A Member create's invite entry, planned with the other invites of the run instead of on its own. */
  invite?: { form: InviteEntry["form"]; notes: string[] };
  /** For a create-before-delete replace: the old object's delete, which `up` sends with the other deletes. */
  replacedDelete?: { requests: PlannedRequest[]; notes: string[] };
}

/**
 * Per resource step of a preview, the requests `up` will send, from the same pure builders the provider
 * calls. Ids that exist only after `up` appear as placeholders naming the resource they come from.
 */
export function planFromPreview(previewSteps: readonly PreviewStep[]): ExplainPlan {
  const pendingUrns = new Set(previewSteps.filter((s) => s.op === "create" || s.op === "replace" || s.op === "create-replacement").map((s) => s.urn));
  // `up --json` and some previews list a replace as create-replacement + delete-replaced besides (or instead of) `replace`.
  const splitReplaces = new Set(previewSteps.filter((s) => s.op === "create-replacement").map((s) => s.urn));
  const roleIds = new RoleIdLookup(previewSteps);
  const people = new PeopleDirectory(previewSteps, pendingUrns);
  const command: ExplainPlan["command"] = previewSteps.some((s) => s.op === "delete" && s.urn.split("::")[2] === "pulumi:pulumi:Stack") ? "destroy" : "up";
  const steps: PlannedStep[] = [];
  // The engine deletes after it creates and updates, dependents first: membership removals, then the rest.
  const deletes: PlannedStep[] = [];
  const skipped: ExplainPlan["skipped"] = [];
  const memberships: MembershipChange[] = [];
  const invites: InviteEntry[] = [];
  // Where the invites go: at the first Member create, as the engine reaches members in program order.
  let invitesAt: number | undefined;
  const counts = { creates: 0, updates: 0, deletes: 0, replaces: 0 };

  for (const step of previewSteps) {
    if (["same", "read", "refresh"].includes(step.op)) continue;
    // Its create-replacement and delete-replaced halves are listed too, and planned instead.
    if (step.op === "replace" && splitReplaces.has(step.urn)) continue;
    const type = step.newState?.type ?? step.oldState?.type ?? "";
    // The stack and provider resources send nothing to LaunchDarkly.
    if (type.startsWith("pulumi:")) continue;
    if (!type.startsWith(OUR_TYPE_PREFIX)) {
      skipped.push({ urn: step.urn, op: step.op, reason: `not a pulumi-launchdarkly-access resource (${type || "unknown type"})` });
      continue;
    }
    const typeName = typeNameOfUrn(step.urn);
    const name = resourceName(step.urn);
    const news = step.newState ? inputsWithPlaceholders(step.newState.inputs, step.newState.propertyDependencies, pendingUrns) : undefined;
    const olds = step.oldState?.outputs;
    const id = step.oldState?.id;

    if (typeName === "TeamMembership") {
      if (news && ["create", "replace", "create-replacement"].includes(step.op)) memberships.push(membershipChange(news, "add", name));
      if (olds && ["delete", "replace", "delete-replaced"].includes(step.op)) memberships.push(membershipChange(olds, "remove", name));
      countOp(counts, step.op);
      continue;
    }

    const planner = PLANNERS[typeName];
    if (!planner) {
      skipped.push({ urn: step.urn, op: step.op, reason: `unknown launchdarkly resource type ${typeName}` });
      continue;
    }
    const parts = planStep(planner, step, news, olds, id, roleIds);
    if (!parts) {
      skipped.push({ urn: step.urn, op: step.op, reason: `the operation "${step.op}" sends no request explain models` });
      continue;
    }
    countOp(counts, step.op);
    if (parts.invite) invites.push({ ...parts.invite, resourceName: name });
    const op = normalizedOp(step.op);
    // A create whose only request is its invite is the invite step's entry, not a step of its own.
    if (op === "create" && parts.invite && parts.requests.length === 0) {
      invitesAt ??= steps.length;
      continue;
    }
    const planned: PlannedStep = {
      op,
      typeName,
      name,
      ...(id !== undefined ? { id } : {}),
      ...(step.replaceReasons.length > 0 ? { replaceReasons: step.replaceReasons } : {}),
      ...(step.op === "delete-replaced" ? { replaced: true as const } : {}),
      requests: parts.requests,
      notes: parts.notes,
      requestRange: { min: parts.requests.length, max: parts.requests.length },
    };
    (op === "delete" ? deletes : steps).push(planned);
    if (parts.invite) invitesAt ??= steps.length;
    if (parts.replacedDelete) {
      deletes.push({
        op: "delete",
        typeName,
        name,
        ...(id !== undefined ? { id } : {}),
        replaced: true,
        requests: parts.replacedDelete.requests,
        notes: parts.replacedDelete.notes,
        requestRange: { min: parts.replacedDelete.requests.length, max: parts.replacedDelete.requests.length },
      });
    }
  }

  const inviteStep = plannedInviteBatches(invites);
  if (inviteStep) steps.splice(invitesAt ?? steps.length, 0, inviteStep);
  steps.push(...plannedMembershipBatches(memberships, command), ...deletes);
  for (const step of steps) {
    if (step.op === "invite-members") continue;
    const named = people.namedIn([step.typeName === "Member" ? (step.id ?? "") : "", step.requests.map((r) => [r.request.path, r.request.body])]);
    if (named.length > 0) step.people = named;
  }
  const requestRange = steps.reduce((sum, s) => ({ min: sum.min + s.requestRange.min, max: sum.max + s.requestRange.max }), { min: 0, max: 0 });
  return { command, steps, skipped, counts, requestRange, warnings: ownershipWarnings(previewSteps) };
}

interface KindPlanner {
  create(news: Record<string, unknown>, roleIds: RoleIdLookup): PlannedParts;
  update(id: string, olds: Record<string, unknown>, news: Record<string, unknown>, roleIds: RoleIdLookup): PlannedParts;
  delete(id: string): PlannedParts;
  deletesBeforeReplace(olds: Record<string, unknown>, news: Record<string, unknown>): boolean;
}

const PLANNERS: Record<string, KindPlanner> = {
  Member: {
    create: (news) => ({ requests: [], notes: [], invite: plannedMemberInvite(news) }),
    update: (id, olds, news, roleIds) => plannedMemberUpdate(id, olds, news, roleIds),
    delete: plannedMemberDelete,
    deletesBeforeReplace: memberDeletesBeforeReplace,
  },
  CustomRole: {
    create: (news) => plannedCustomRoleCreate(news),
    update: (id, olds, news) => plannedCustomRoleUpdate(id, olds, news),
    delete: plannedCustomRoleDelete,
    deletesBeforeReplace: customRoleDeletesBeforeReplace,
  },
  Team: {
    create: (news) => plannedTeamCreate(news),
    update: (id, olds, news) => plannedTeamUpdate(id, olds, news),
    delete: plannedTeamDelete,
    // A team's only replace reason is its key, and the new key can exist beside the old one.
    deletesBeforeReplace: () => false,
  },
};

function planStep(
  planner: KindPlanner,
  step: PreviewStep,
  news: Record<string, unknown> | undefined,
  olds: Record<string, unknown> | undefined,
  id: string | undefined,
  roleIds: RoleIdLookup,
): PlannedParts | undefined {
  switch (step.op) {
    case "create":
    case "create-replacement":
      return news ? planner.create(news, roleIds) : undefined;
    case "update":
      return news && olds && id !== undefined ? planner.update(id, olds, news, roleIds) : undefined;
    case "delete":
    case "delete-replaced":
      return id !== undefined ? planner.delete(id) : undefined;
    case "replace": {
      if (!news || !olds || id === undefined) return undefined;
      const created = planner.create(news, roleIds);
      const deleted = planner.delete(id);
      const deleteFirst = planner.deletesBeforeReplace(olds, news);
      const invited = created.invite ? ["The new member is invited with the other invites of this run (the invite step)."] : [];
      if (deleteFirst) {
        return {
          requests: [...deleted.requests, ...created.requests],
          notes: ["Delete before replace: the old object goes first (the new one cannot coexist with it).", ...invited, ...created.notes, ...deleted.notes],
          ...(created.invite ? { invite: created.invite } : {}),
        };
      }
      return {
        requests: created.requests,
        notes: [
          created.invite
            ? "Create before delete: the new member is invited with the other invites of this run (the invite step); the old one is deleted with the other deletes, after what points at it (listed below)."
            : "Create before delete: the new object is created here; the old one is deleted with the other deletes, after what points at it (listed below).",
          ...created.notes,
        ],
        ...(created.invite ? { invite: created.invite } : {}),
        replacedDelete: { requests: deleted.requests, notes: ["The object replaced above: deleted once the new one exists and its dependents are updated or removed.", ...deleted.notes] },
      };
    }
    default:
      return undefined;
  }
}

function membershipChange(props: Record<string, unknown>, operation: "add" | "remove", name: string): MembershipChange {
  return { teamKey: String(props.teamKey ?? UNKNOWN_VALUE), memberId: String(props.memberId ?? UNKNOWN_VALUE), operation, resourceName: name };
}

function normalizedOp(op: string): PlannedStep["op"] {
  if (op === "create-replacement") return "create";
  if (op === "delete-replaced") return "delete";
  return op as PlannedStep["op"];
}

/** A replace counts once: as `replace`, or as its `create-replacement` half when the halves are listed. */
function countOp(counts: ExplainPlan["counts"], op: string): void {
  if (op === "create") counts.creates++;
  else if (op === "update") counts.updates++;
  else if (op === "delete") counts.deletes++;
  else if (op === "replace" || op === "create-replacement") counts.replaces++;
}
