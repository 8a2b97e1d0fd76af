/** The digest §8 open questions, as switches. Defaults are the digest's recommendations. */
export interface EmulatorOptions {
  jsonPatchTestFailureStatus: 400 | 409;
  duplicateTeamKeyStatus: 400 | 409;
  limitAboveCap: "clamp" | "reject";
  unknownTeamRoleKeys: "drop" | "reject";
  allowDeletingAssignedRole: boolean;
  nonPatchableMemberPath: "reject" | "ignore";
  /** false → 403 on teams, roles and bulk member routes (non-Enterprise account). */
  enterprise: boolean;
  memberPageCap: number;
  teamPageCap: number;
  rolePageCap: number;
}

export const DEFAULT_EMULATOR_OPTIONS: EmulatorOptions = {
  jsonPatchTestFailureStatus: 400,
  duplicateTeamKeyStatus: 409,
  limitAboveCap: "clamp",
  unknownTeamRoleKeys: "reject",
  allowDeletingAssignedRole: true,
  nonPatchableMemberPath: "reject",
  enterprise: true,
  memberPageCap: 1000,
  teamPageCap: 100,
  rolePageCap: 100,
};

export function resolveOptions(partial: Partial<EmulatorOptions> = {}): EmulatorOptions {
  return { ...DEFAULT_EMULATOR_OPTIONS, ...partial };
}
