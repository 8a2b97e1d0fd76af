/**
 * The places where LaunchDarkly's documentation is silent, as switches. Each default is the adverse
 * reading the references allow (the "strict" profile); "lenient" is the friendliest reading. The provider
 * must be correct under every setting. docs/emulator-api.md cites the reference that leaves each one open.
 */
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
  /** "self-only": collections carry only `_links.self` (the spec shows `next` only for GET /members and GET /teams). */
  links: "full" | "self-only";
  /** true: absent optional fields are sent as `null` (LaunchDarkly's Go client tolerates null; the spec marks nothing nullable). */
  nulls: boolean;
  /** "reject": a query value the spec does not list for that operation (e.g. `expand`) is a 400. */
  undocumentedQueryValues: "ignore" | "reject";
  /** "ignore": unknown member ids in `addMembers` / `addPermissionGrants` are dropped silently instead of a 400. */
  unknownMemberIds: "reject" | "ignore";
  /** "substring": `filter=team:<key>` matches members of every team whose key contains <key>. */
  teamFilter: "exact" | "substring";
  /** "reject": a PATCH of `/resourceCategory` (documented as immutable) is a 400. */
  resourceCategoryPatch: "allow" | "reject";
  /** "first": an invite conflict's `invalid_emails` names only the first offending email, not every one. */
  inviteInvalidEmails: "all" | "first";
  /** "one": a bulk `PATCH /teams` with more than one instruction is a 400 (the spec's examples show one). */
  bulkTeamInstructions: "several" | "one";
  /** "omitted": a team a bulk `PATCH /teams` left unchanged (every member already on it) is in neither `teamKeys` nor `errors`. */
  bulkUnchangedTeams: "listed" | "omitted";
  /** Whether the account serves the beta bulk `PATCH /teams`: "forbidden" → 403, "method-not-allowed" → 405 (a beta route withdrawn or not enabled). */
  bulkTeamPatch: "served" | "forbidden" | "method-not-allowed";
}

export type EmulatorProfile = "strict" | "lenient";

const COMMON = { enterprise: true, memberPageCap: 1000, teamPageCap: 100, bulkTeamPatch: "served" } as const;

export const EMULATOR_PROFILES: Record<EmulatorProfile, EmulatorOptions> = {
  strict: {
    ...COMMON,
    jsonPatchTestFailureStatus: 409,
    duplicateTeamKeyStatus: 400,
    limitAboveCap: "reject",
    unknownTeamRoleKeys: "drop",
    allowDeletingAssignedRole: false,
    nonPatchableMemberPath: "ignore",
    rolePageCap: 20,
    links: "self-only",
    nulls: true,
    undocumentedQueryValues: "reject",
    unknownMemberIds: "ignore",
    teamFilter: "substring",
    resourceCategoryPatch: "reject",
    inviteInvalidEmails: "first",
    bulkTeamInstructions: "one",
    bulkUnchangedTeams: "omitted",
  },
  lenient: {
    ...COMMON,
    jsonPatchTestFailureStatus: 400,
    duplicateTeamKeyStatus: 409,
    limitAboveCap: "clamp",
    unknownTeamRoleKeys: "reject",
    allowDeletingAssignedRole: true,
    nonPatchableMemberPath: "reject",
    rolePageCap: 100,
    links: "full",
    nulls: false,
    undocumentedQueryValues: "ignore",
    unknownMemberIds: "reject",
    teamFilter: "exact",
    resourceCategoryPatch: "allow",
    inviteInvalidEmails: "all",
    bulkTeamInstructions: "several",
    bulkUnchangedTeams: "listed",
  },
};

/** The default is the adverse reading of every open question. */
export const DEFAULT_EMULATOR_PROFILE: EmulatorProfile = "strict";
export const DEFAULT_EMULATOR_OPTIONS: EmulatorOptions = EMULATOR_PROFILES[DEFAULT_EMULATOR_PROFILE];

/** A profile sets every switch at once; individual options override it. */
export function resolveOptions(partial: Partial<EmulatorOptions> = {}, profile: EmulatorProfile = DEFAULT_EMULATOR_PROFILE): EmulatorOptions {
  return { ...EMULATOR_PROFILES[profile], ...partial };
}
