import type { ExpandOf } from "../api/documented-expands";
import { createTeamRequest, deleteTeamRequest, patchTeamRequest, type TeamPostInput } from "../api/teams";
import type { ApiRequest } from "../client/http";
import { buildTeamInstructions, fieldsNeedingLiveValues, MAINTAIN_TEAM_ACTION_SET, type LiveTeamField, type TeamFields } from "../patch/semantic-patch";
import type { TeamInstruction, TeamSemanticPatch } from "../patch/team-instructions";
import type { Props } from "./props";

// The requests a Team sends, planned without I/O: team.ts sends what these return, and `explain` shows them.

/**
 * A write's response needs only the version and what proves the write held: the roles (every requested key
 * was kept), the member count and the maintainers (no member id was left out, see team-member-verification).
 * The outputs are the desired inputs. postTeam and patchTeam document no `roleAttributes` expand.
 */
export const TEAM_WRITE_EXPAND: (ExpandOf<"postTeam"> & ExpandOf<"patchTeam">)[] = ["roles", "members", "maintainers"];
export const TEAM_UPDATE_COMMENT = "Updated by Pulumi (pulumi-launchdarkly-access)";
const TEAM_EMPTYING_COMMENT = "Emptied by Pulumi before deleting the team";

/** The team as the program sets it: the key and name, and the optional fields it manages. */
export type DesiredTeam = TeamFields & { key: string; name: string };

export type TeamPatchRequest = ApiRequest & { body: TeamSemanticPatch };

/**
 * An update's plan: the PATCH (none when nothing differs), or the fields whose live values it depends on
 * (not recorded in the state, and without a whole-field replace): read them, then plan again with them.
 */
export type TeamUpdatePlan = { needs: LiveTeamField[] } | { requests: [] | [TeamPatchRequest] };

export function planTeamCreate(desired: DesiredTeam): ApiRequest & { body: TeamPostInput } {
  return createTeamRequest(teamPostInput(desired), TEAM_WRITE_EXPAND);
}

/** From `current` (the state's fields, plus any live values read for `needs`) to `desired`. */
export function planTeamUpdate(key: string, current: TeamFields, desired: DesiredTeam): TeamUpdatePlan {
  const needs = fieldsNeedingLiveValues(current, desired);
  if (needs.length > 0) return { needs };
  const instructions = buildTeamInstructions(current, desired);
  return { requests: instructions.length === 0 ? [] : [teamUpdateRequest(key, instructions)] };
}

/** The update PATCH for `instructions` (explain shows it with none when they depend on live values). */
export function teamUpdateRequest(key: string, instructions: TeamInstruction[]): TeamPatchRequest {
  return patchTeamRequest(key, { comment: TEAM_UPDATE_COMMENT, instructions }, TEAM_WRITE_EXPAND);
}

export function planTeamDelete(key: string): ApiRequest {
  return deleteTeamRequest(key);
}

/**
 * The one PATCH that empties a team LaunchDarkly refused to delete (409: members remain), from its live
 * members and maintainer ids; none when it holds neither. Both must be live: a `removePermissionGrants`
 * naming a grant that no longer exists would fail the whole patch.
 */
export function planTeamEmptying(key: string, memberIds: readonly string[], maintainerIds: readonly string[]): TeamPatchRequest | undefined {
  const instructions: TeamInstruction[] = [];
  if (memberIds.length > 0) instructions.push({ kind: "removeMembers", values: [...memberIds] });
  if (maintainerIds.length > 0) instructions.push({ kind: "removePermissionGrants", actionSet: MAINTAIN_TEAM_ACTION_SET, memberIDs: [...maintainerIds] });
  return instructions.length === 0 ? undefined : patchTeamRequest(key, { comment: TEAM_EMPTYING_COMMENT, instructions });
}

/** The `POST /teams` body for the desired inputs. */
export function teamPostInput(desired: DesiredTeam): TeamPostInput {
  const body: TeamPostInput = { key: desired.key, name: desired.name };
  if (desired.description !== undefined) body.description = desired.description;
  if (desired.customRoleKeys?.length) body.customRoleKeys = [...desired.customRoleKeys];
  if (desired.memberIds?.length) body.memberIDs = [...desired.memberIds];
  if (desired.maintainers?.length) body.permissionGrants = [{ actionSet: MAINTAIN_TEAM_ACTION_SET, memberIDs: [...desired.maintainers] }];
  if (desired.roleAttributes && Object.keys(desired.roleAttributes).length > 0) body.roleAttributes = desired.roleAttributes as Record<string, string[]>;
  return body;
}

/** The team fields the state (previous outputs) records, as the instruction builder takes them. */
export function teamFieldsFromState(props: Props): TeamFields {
  const fields: TeamFields = {};
  if (typeof props.name === "string") fields.name = props.name;
  if (typeof props.description === "string") fields.description = props.description;
  if (Array.isArray(props.customRoleKeys)) fields.customRoleKeys = props.customRoleKeys;
  if (Array.isArray(props.maintainers)) fields.maintainers = props.maintainers;
  if (isAttributeMap(props.roleAttributes)) fields.roleAttributes = props.roleAttributes;
  if (Array.isArray(props.memberIds)) fields.memberIds = props.memberIds;
  return fields;
}

export function isAttributeMap(value: unknown): value is Record<string, string[]> {
  return value !== null && typeof value === "object" && !Array.isArray(value) && Object.values(value).every(Array.isArray);
}
