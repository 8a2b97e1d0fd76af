import * as pulumi from "@pulumi/pulumi";
import { isDeepStrictEqual } from "node:util";
import { z } from "zod";
import { deletedUnlessNotFound } from "../api/not-found";
import { getRole, sendRoleWrite, type CustomRole as ApiCustomRole } from "../api/roles";
import { LaunchDarklyApiError } from "../client/errors";
import { backoffDelayMs } from "../client/retry";
import { handoverNotice } from "../session/ownership-ledger";
import { PartialFailureError } from "./partial-failure";
import { omitUndefined } from "./struct-safe";
import { providerShim, RESOURCE_MODULE } from "../provider/shim";
import type { Props } from "./props";
import type { ResourceProviderImpl } from "./resource-provider";
import type { Session } from "../session/session";
import { checkInputs, containsUnknown, roleKeySchema } from "./common-schemas";
import { managedFieldsFromState, MANAGED_FIELDS_KEY, readInputs, withManagedFields } from "./managed-fields";
import { outcomeUnknown, recoverLostCreate } from "./lost-create";
import { alreadyExistsAdvice, missingTokenFailures, takenKeyFailures } from "./reference-checks";
import { buildCreateRoleBody, planCustomRoleCreate, planCustomRoleDelete, planCustomRoleUpdate, UPDATABLE_FIELDS } from "./custom-role-plan";
import { checkStatement } from "../policy/check-statement";
import { withoutCheckOnlyFields } from "../policy/check-only-fields";

// ---------------------------------------------------------------------------------------------------------
// Inputs

export interface PolicyStatementArgs {
  effect: pulumi.Input<"allow" | "deny">;
  resources?: pulumi.Input<pulumi.Input<string>[]>;
  notResources?: pulumi.Input<pulumi.Input<string>[]>;
  actions?: pulumi.Input<pulumi.Input<string>[]>;
  notActions?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Accept actions the provider's action catalog does not know yet (LaunchDarkly adds actions every month).
   * Near-misses of known actions are still rejected. Checked only here: never sent to LaunchDarkly.
   */
  allowUnknownActions?: pulumi.Input<boolean>;
}

export interface CustomRoleArgs {
  /** Unique key; changing it creates a new role (and deletes the old one afterwards). */
  key: pulumi.Input<string>;
  name: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /** Statements in order; deny beats allow within one role. */
  policy: pulumi.Input<pulumi.Input<PolicyStatementArgs>[]>;
  /** Default `no_access`. */
  basePermissions?: pulumi.Input<"reader" | "no_access">;
  /** `organization`, `project` or `any`. The API cannot change it once set: a change replaces the role. */
  resourceCategory?: pulumi.Input<"organization" | "project" | "any">;
  /**
   * When a role with this key already exists, take it over (its name, description, policy and basePermissions
   * are set to this program's) instead of failing. Default false.
   */
  adoptExisting?: pulumi.Input<boolean>;
}

export interface PolicyStatement {
  effect: "allow" | "deny";
  resources?: string[];
  notResources?: string[];
  actions?: string[];
  notActions?: string[];
  /** Check-only (see PolicyStatementArgs); stripped from every request body. */
  allowUnknownActions?: boolean;
}

const statementList = z.array(z.string().trim().min(1, "entries must not be empty"));

/** An empty list counts as "not given", for the exactly-one rules and in the normalized statement. */
function given(list: string[] | undefined): list is string[] {
  return list !== undefined && list.length > 0;
}

const statementSchema = z
  .strictObject({
    effect: z.enum(["allow", "deny"], { error: 'effect must be "allow" or "deny"' }),
    resources: statementList.optional(),
    notResources: statementList.optional(),
    actions: statementList.optional(),
    notActions: statementList.optional(),
    allowUnknownActions: z.boolean({ error: "allowUnknownActions must be true or false" }).optional(),
  })
  .superRefine((statement, ctx) => {
    // The grammar and the action catalog (src/core/policy): resources and actions LaunchDarkly would accept but that grant nothing.
    for (const issue of checkStatement(statement)) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
    for (const [positive, negative] of [["resources", "notResources"], ["actions", "notActions"]] as const) {
      if (given(statement[positive]) && given(statement[negative])) {
        ctx.addIssue({ code: "custom", path: [negative], message: `give either ${positive} or ${negative}, not both` });
      } else if (!given(statement[positive]) && !given(statement[negative])) {
        ctx.addIssue({ code: "custom", path: [positive], message: `give one of ${positive} or ${negative} (a non-empty list)` });
      }
    }
  })
  .transform(canonicalStatement);

/** The statement without empty lists, in a fixed key order; the order of entries is kept (it is the user's). */
function canonicalStatement(statement: PolicyStatement): PolicyStatement {
  const out: PolicyStatement = { effect: statement.effect };
  if (given(statement.resources)) out.resources = statement.resources;
  if (given(statement.notResources)) out.notResources = statement.notResources;
  if (given(statement.actions)) out.actions = statement.actions;
  if (given(statement.notActions)) out.notActions = statement.notActions;
  if (statement.allowUnknownActions === true) out.allowUnknownActions = true;
  return out;
}

function requiredString(field: string) {
  return z
    .string({ error: (issue) => (issue.input === undefined ? `${field} is required` : `${field} must be a string`) })
    .trim()
    .min(1, `${field} must not be empty`);
}

export const customRoleInputSchema = z.object({
  key: z.string({ error: (issue) => (issue.input === undefined ? "key is required" : "key must be a string") }).pipe(roleKeySchema),
  name: requiredString("name"),
  description: z.string().trim().optional(),
  policy: z
    .array(statementSchema, { error: "policy must be a list of statements" })
    .min(1, "policy must have at least one statement: a role without statements grants nothing beyond basePermissions"),
  basePermissions: z.enum(["reader", "no_access"], { error: 'basePermissions must be "reader" or "no_access"' }).default("no_access"),
  resourceCategory: z
    .enum(["organization", "project", "any"], { error: 'resourceCategory must be "organization", "project" or "any"' })
    .optional(),
  adoptExisting: z.boolean({ error: "adoptExisting must be true or false" }).default(false),
});

export type CustomRoleInputs = z.output<typeof customRoleInputSchema>;

export interface CustomRoleOutputs extends CustomRoleInputs {
  /** The role's `_id`, which member responses use in `customRoles`. */
  roleId: string;
  _id: string;
}

// ---------------------------------------------------------------------------------------------------------
// Pure: outputs and diff (the requests: custom-role-plan.ts)

/** Outputs from an API response: the live role, normalized like inputs so that a refresh compares cleanly. */
export function customRoleOutputs(role: ApiCustomRole, flags: Pick<CustomRoleInputs, "adoptExisting">): CustomRoleOutputs {
  const policy = (role.policy ?? []).map((statement) =>
    canonicalStatement({
      effect: statement.effect as PolicyStatement["effect"],
      resources: statement.resources ?? undefined,
      notResources: statement.notResources ?? undefined,
      actions: statement.actions ?? undefined,
      notActions: statement.notActions ?? undefined,
    }),
  );
  return omitUndefined({
    key: role.key,
    name: role.name,
    description: role.description ?? undefined,
    policy,
    basePermissions: (role.basePermissions ?? undefined) as CustomRoleOutputs["basePermissions"],
    resourceCategory: (role.resourceCategory ?? undefined) as CustomRoleOutputs["resourceCategory"],
    adoptExisting: flags.adoptExisting,
    roleId: role._id,
    _id: role._id,
  }) as CustomRoleOutputs;
}

const OUTPUT_FIELDS = [...Object.keys(customRoleInputSchema.shape), "roleId", "_id", MANAGED_FIELDS_KEY];
/** Inputs that are managed only when the program sets them (decision 0004). */
const OPTIONAL_FIELDS = ["description", "resourceCategory"] as const;
const ALWAYS_MANAGED = ["key", "name", "policy", "basePermissions", "adoptExisting"] as const;

/** Outputs as the state records them: what LaunchDarkly holds, and which optional fields the program sets. */
function recorded(outs: Partial<CustomRoleOutputs>, inputs: CustomRoleInputs): Record<string, unknown> {
  return withManagedFields(outs as Record<string, unknown>, inputs as unknown as Props, OPTIONAL_FIELDS);
}

/** The previous outputs from state, without the engine's own keys (`__provider`). */
function outputsFromState(olds: Props): Partial<CustomRoleOutputs> {
  return Object.fromEntries(OUTPUT_FIELDS.filter((field) => olds[field] !== undefined).map((field) => [field, olds[field]]));
}

/** An empty description and none at all are the same to LaunchDarkly (it may omit the empty one). */
function comparable(olds: Props, field: string): unknown {
  if (field === "policy") return withoutCheckOnlyFields(olds.policy);
  return field === "description" ? (olds.description ?? "") : olds[field];
}

/**
 * Compares only the fields the user set (present in `news`). `key` and `resourceCategory` are identity:
 * a key change makes a new role that can coexist with the old one (create, repoint members, then delete);
 * a category change keeps the key, so the old role must be deleted first. `resourceCategory` is documented
 * as immutable, so setting it on a role that has none is a replace too (a PATCH of it may be refused).
 */
export function diffCustomRole(olds: Props, news: Props): pulumi.dynamic.DiffResult {
  const differs = (field: string) =>
    news[field] !== undefined && (containsUnknown(news[field]) || !isDeepStrictEqual(comparable(olds, field), comparable(news, field)));

  const replaces: string[] = [];
  if (differs("key")) replaces.push("key");
  if (differs("resourceCategory")) replaces.push("resourceCategory");
  if (replaces.length > 0) {
    return { changes: true, replaces, deleteBeforeReplace: !replaces.includes("key") };
  }
  return { changes: UPDATABLE_FIELDS.some(differs) };
}

// ---------------------------------------------------------------------------------------------------------
// Provider

function parseInputs(news: Props): CustomRoleInputs {
  const parsed = customRoleInputSchema.safeParse(news);
  if (!parsed.success) throw new Error(`invalid CustomRole inputs: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

function roleKeyTakenError(key: string, cause: unknown): Error {
  return new Error(
    `a custom role with key "${key}" already exists in LaunchDarkly. ${alreadyExistsAdvice("CustomRole")} Or choose another key. ` +
      `${cause instanceof Error ? cause.message : ""}`,
  );
}

/**
 * Whether the role found after a create with an unknown outcome is the one `POST /roles` would have made
 * from `sent` (decision 0012): the same name, description (absent = ""), policy (statement for statement,
 * in order), basePermissions (absent = the documented default `no_access`) and, when sent, resourceCategory.
 * The API returns no creation date for roles, so age cannot be checked.
 */
export function roleIsAsSent(role: ApiCustomRole, sent: ReturnType<typeof buildCreateRoleBody>): boolean {
  const live = customRoleOutputs(role, { adoptExisting: false });
  return (
    live.name === sent.name &&
    (live.description ?? "") === (sent.description ?? "") &&
    isDeepStrictEqual(live.policy, sent.policy.map(canonicalStatement)) &&
    (live.basePermissions ?? "no_access") === (sent.basePermissions ?? "no_access") &&
    (sent.resourceCategory === undefined || live.resourceCategory === sent.resourceCategory)
  );
}

async function create(session: Session, inputs: Props): Promise<pulumi.dynamic.CreateResult> {
  const news = parseInputs(inputs);
  const client = session.client;
  if (news.adoptExisting) {
    // Adoption is opt-in and usually of roles that exist: one lookup, and no write when they already match.
    const existing = await getRole(client, news.key);
    if (existing) return adoptRole(session, news, existing);
  }
  let role: ApiCustomRole;
  const request = planCustomRoleCreate(news);
  try {
    role = await sendRoleWrite(client, request);
  } catch (err) {
    if (LaunchDarklyApiError.is(err) && err.status === 409) {
      if (!news.adoptExisting) throw roleKeyTakenError(news.key, err);
      return adopt(session, news, err);
    }
    if (!outcomeUnknown(err)) throw err;
    // The outcome is unknown: find the role or send the create again (a lost create must not fail the up, and
    // a role it made must not be left out of the state).
    const outcome = await recoverLostCreate(err, {
      send: () => sendRoleWrite(client, request),
      lookup: () => getRole(client, news.key),
      isAsSent: (found) => roleIsAsSent(found, request.body),
    });
    if ("stranger" in outcome) {
      if (!news.adoptExisting) throw roleKeyTakenError(news.key, err);
      return adoptRole(session, news, outcome.stranger);
    }
    role = "created" in outcome ? outcome.created : outcome.landed;
  }
  session.roles.rememberRole(role);
  return { id: role.key, outs: recorded(customRoleOutputs(role, news), news) };
}

/** Takes over the existing role with this key and brings it to the desired state with at most one PATCH. */
async function adopt(session: Session, news: CustomRoleInputs, conflict: unknown): Promise<pulumi.dynamic.CreateResult> {
  const existing = await getRole(session.client, news.key);
  if (!existing) throw conflict;
  return adoptRole(session, news, existing);
}

async function adoptRole(session: Session, news: CustomRoleInputs, existing: ApiCustomRole): Promise<pulumi.dynamic.CreateResult> {
  const client = session.client;
  session.ledger.recordAdoption("customRole", existing.key);
  session.roles.rememberRole(existing);
  const live = customRoleOutputs(existing, news);
  if (news.resourceCategory !== undefined && live.resourceCategory !== news.resourceCategory) {
    // resourceCategory is immutable: adopting would record a role whose next preview deletes and recreates it. Refuse instead.
    const has = live.resourceCategory === undefined ? "no resourceCategory" : `resourceCategory "${live.resourceCategory}"`;
    const fix = live.resourceCategory === undefined ? "Leave resourceCategory unset" : `Set resourceCategory to "${live.resourceCategory}" (or leave it unset)`;
    throw new Error(
      `the existing custom role "${news.key}" has ${has}, which cannot change after creation; this program says ` +
        `"${news.resourceCategory}". ${fix} to adopt it.`,
    );
  }
  try {
    const [request] = planCustomRoleUpdate(existing.key, live as unknown as Props, news).requests;
    if (!request) return { id: existing.key, outs: recorded(live, news) };
    const patched = await sendRoleWrite(client, request);
    return { id: existing.key, outs: recorded(customRoleOutputs(patched, news), news) };
  } catch (err) {
    throw new PartialFailureError(existing.key, recorded(live, news), err);
  }
}

/** Live values for both outputs and inputs, so that drift shows in the next preview. */
async function read(session: Session, id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
  const role = await session.roleReader.read(id);
  if (!role) return { id: "", props: {} };
  const outs = customRoleOutputs(role, { adoptExisting: props.adoptExisting === true });
  // Optional fields the program never set are not managed: reporting them as inputs would show a phantom removal.
  const inputs = readInputs(outs as unknown as Props, props, ALWAYS_MANAGED, OPTIONAL_FIELDS, { description: "" });
  return { id: role.key, props: { ...outs, [MANAGED_FIELDS_KEY]: managedFieldsFromState(props, OPTIONAL_FIELDS) }, inputs };
}

async function update(session: Session, id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
  const desired = parseInputs(news);
  const [request] = planCustomRoleUpdate(id, olds, desired).requests;
  if (!request) return { outs: recorded(omitUndefined({ ...outputsFromState(olds), ...desired }), desired) };
  const role = await sendRoleWrite(session.client, request);
  return { outs: recorded(customRoleOutputs(role, desired), desired) };
}

async function deleteCustomRole(session: Session, id: string): Promise<void> {
  if (session.ledger.handsOver("customRole", id, id)) {
    void pulumi.log.info(handoverNotice("CustomRole", `"${id}"`));
    return;
  }
  const client = session.client;
  const deadline = Date.now() + session.config.operationTimeoutMs;
  for (let retries = 0; ; retries++) {
    try {
      await deletedUnlessNotFound(client.request(planCustomRoleDelete(id)));
      session.roles.forgetRole(id);
      return;
    } catch (err) {
      if (!LaunchDarklyApiError.is(err) || err.status !== 409) throw err;
      // Members and teams losing this role are usually being updated in the same `up`: wait for them, with the
      // retry policy's backoff, bounded by the operation deadline (not the transient-retry count: the 409 lasts
      // exactly as long as the role is still assigned).
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new Error(
          `custom role "${id}" is still assigned to members or teams, so LaunchDarkly refuses to delete it ` +
            `(retried until the ${session.config.operationTimeoutMs} ms operation deadline). Remove "${id}" from every Member's ` +
            `customRoles and every Team's customRoleKeys (in this program or in LaunchDarkly), then run \`pulumi up\` again. ${err.message}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(backoffDelayMs(retries, Math.random), remaining)));
    }
  }
}

/** Beyond the inputs' shape: a token is configured, no other CustomRole here has the key, a new key is not taken (unless adopted). */
async function check(session: Session, olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
  const result = checkInputs(customRoleInputSchema, news);
  const failures = [...missingTokenFailures(session), ...(result.failures ?? [])];
  if (result.failures?.length) return { inputs: result.inputs, failures };
  const inputs = result.inputs as Props;
  failures.push(...(await takenKeyFailures(session, "customRole", olds, inputs)));
  return failures.length > 0 ? { inputs, failures } : { inputs };
}

async function diff(_session: Session, _id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
  return diffCustomRole(olds, news);
}

export const customRoleProvider: ResourceProviderImpl = { check, diff, create, read, update, delete: deleteCustomRole };

// ---------------------------------------------------------------------------------------------------------
// Resource

/** A LaunchDarkly custom role: a named policy that members and teams are given by key. */
export class CustomRole extends pulumi.dynamic.Resource {
  declare public readonly key: pulumi.Output<string>;
  declare public readonly name: pulumi.Output<string>;
  declare public readonly description: pulumi.Output<string | undefined>;
  declare public readonly policy: pulumi.Output<PolicyStatement[]>;
  declare public readonly basePermissions: pulumi.Output<"reader" | "no_access">;
  declare public readonly resourceCategory: pulumi.Output<"organization" | "project" | "any" | undefined>;
  declare public readonly adoptExisting: pulumi.Output<boolean>;
  /** The role's `_id` (member responses list custom roles by id). */
  declare public readonly roleId: pulumi.Output<string>;
  declare public readonly _id: pulumi.Output<string>;

  constructor(name: string, args: CustomRoleArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerShim("customRole"),
      name,
      { description: undefined, basePermissions: undefined, resourceCategory: undefined, adoptExisting: undefined, ...args, roleId: undefined, _id: undefined },
      opts,
      RESOURCE_MODULE,
      "CustomRole",
    );
  }
}
