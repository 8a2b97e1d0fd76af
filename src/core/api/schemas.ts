/**
 * Response schemas and request shapes of the endpoints this package uses, following
 * `launchdarkly-openapi.json`. Responses are parsed leniently (`z.looseObject`: unknown fields pass
 * through) but the fields the spec marks required are checked. `null` is read as absent before any of
 * these schemas sees a body (`nullsAsAbsent` in client/response-validation.ts, decision 0011), so every
 * `.optional()` here also accepts `null`. Depends on zod only, so the emulator can share the types.
 */
import { z } from "zod";

const links = z.record(z.string(), z.unknown());
const stringList = z.array(z.string());
const roleAttributes = z.record(z.string(), stringList);

export type BaseRole = "reader" | "writer" | "admin" | "owner" | "no_access";

// ---- Custom roles ----

export const statementSchema = z.looseObject({
  effect: z.enum(["allow", "deny"]),
  resources: stringList.optional(),
  notResources: stringList.optional(),
  actions: stringList.optional(),
  notActions: stringList.optional(),
});
export type Statement = z.output<typeof statementSchema>;

export const customRoleSchema = z.looseObject({
  _id: z.string(),
  _links: links,
  key: z.string(),
  name: z.string(),
  policy: z.array(statementSchema),
  description: z.string().optional(),
  basePermissions: z.string().optional(),
  resourceCategory: z.string().optional(),
  assignedTo: z.looseObject({ membersCount: z.number().optional(), teamsCount: z.number().optional() }).optional(),
});
export type CustomRole = z.output<typeof customRoleSchema>;

/** Statement as sent: `effect` plus exactly one of resources/notResources and of actions/notActions. */
export interface StatementPost {
  effect: "allow" | "deny";
  resources?: string[];
  notResources?: string[];
  actions?: string[];
  notActions?: string[];
}

export interface CustomRolePost {
  key: string;
  name: string;
  policy: StatementPost[];
  description?: string;
  /** Spec default `no_access`. */
  basePermissions?: "reader" | "no_access";
  /** Immutable once set. */
  resourceCategory?: "organization" | "project" | "any";
}

// ---- Members ----

const memberTeamSchema = z.looseObject({
  key: z.string(),
  name: z.string().optional(),
  customRoleKeys: stringList.optional(),
});

const permissionGrantSchema = z.looseObject({
  resource: z.string().optional(),
  actionSet: z.string().optional(),
  actions: stringList.optional(),
});

export const memberSchema = z.looseObject({
  _id: z.string(),
  _links: links,
  role: z.string(),
  email: z.string(),
  _pendingInvite: z.boolean(),
  _verified: z.boolean(),
  /** Custom-role `_id`s (not keys), whatever the spec example suggests. */
  customRoles: stringList,
  mfa: z.string(),
  _lastSeen: z.number(),
  creationDate: z.number(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  _pendingEmail: z.string().optional(),
  teams: z.array(memberTeamSchema).optional(),
  permissionGrants: z.array(permissionGrantSchema).optional(),
  /** Present only with `expand=roleAttributes`. */
  roleAttributes: roleAttributes.optional(),
  version: z.number().optional(),
});
export type Member = z.output<typeof memberSchema>;

export const membersCollectionSchema = z.looseObject({
  items: z.array(memberSchema),
  totalCount: z.number().optional(),
  _links: links.optional(),
});

export interface NewMemberForm {
  email: string;
  firstName?: string;
  lastName?: string;
  password?: string;
  role?: "reader" | "writer" | "admin" | "no_access";
  /** Custom-role keys. */
  customRoles?: string[];
  teamKeys?: string[];
  roleAttributes?: Record<string, string[]>;
}

/** Every member expand some operation documents; each call takes only its own (api/documented-expands.ts). */
export type MemberExpand = "customRoles" | "roleAttributes";

// ---- Teams ----

export const teamRoleSummarySchema = z.looseObject({
  key: z.string(),
  name: z.string().optional(),
  appliedOn: z.number().optional(),
  projects: z.unknown().optional(),
});
export type TeamRoleSummary = z.output<typeof teamRoleSummarySchema>;

export const memberSummarySchema = z.looseObject({
  _id: z.string(),
  email: z.string(),
  role: z.string().optional(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  _links: links.optional(),
});
export type MemberSummary = z.output<typeof memberSummarySchema>;

const embeddedPage = <S extends z.ZodType>(item: S) =>
  z.looseObject({ totalCount: z.number().optional(), items: z.array(item).optional(), _links: links.optional() });

export const teamSchema = z.looseObject({
  key: z.string(),
  name: z.string().optional(),
  description: z.string().optional(),
  _creationDate: z.number().optional(),
  _lastModified: z.number().optional(),
  _version: z.number().optional(),
  _idpSynced: z.boolean().optional(),
  _links: links.optional(),
  roleAttributes: roleAttributes.optional(),
  /** With `expand=members`: a count only, never member ids. */
  members: z.looseObject({ totalCount: z.number().optional() }).optional(),
  /** With `expand=roles`: the first page (25) only. */
  roles: embeddedPage(teamRoleSummarySchema).optional(),
  /** With `expand=maintainers`: the first page (25) only. */
  maintainers: embeddedPage(memberSummarySchema).optional(),
  projects: embeddedPage(z.unknown()).optional(),
});
export type Team = z.output<typeof teamSchema>;

/** Every team expand some operation documents; each call takes only its own (api/documented-expands.ts). */
export type TeamExpand = "members" | "roles" | "roleAttributes" | "projects" | "maintainers";

export interface TeamPermissionGrantInput {
  actionSet?: "maintainTeam";
  actions?: string[];
  memberIDs?: string[];
}

export interface TeamPostInput {
  key: string;
  name: string;
  description?: string;
  customRoleKeys?: string[];
  memberIDs?: string[];
  permissionGrants?: TeamPermissionGrantInput[];
  roleAttributes?: Record<string, string[]>;
}

export const bulkEditTeamsResultSchema = z.looseObject({
  memberIDs: stringList.optional(),
  teamKeys: stringList.optional(),
  /** One entry per failed team: `{<teamKey>: "<message>"}`. */
  errors: z.array(z.record(z.string(), z.string())).optional(),
});
export type BulkEditTeamsResult = z.output<typeof bulkEditTeamsResultSchema>;
