import { http, HttpResponse } from "msw";
import { z } from "zod";
import type { HandlerContext } from "../handler-context";
import { applyJsonPatch, readJsonPatchOperations, type PatchOperation } from "../json-patch-apply";
import { paginate, readPageRequest } from "../pagination";
import { roleRepresentation } from "../representations/role";
import { isSemanticPatchContentType, readJsonBody } from "../request-json";
import type { RoleRecord } from "../store";
import { conflict, handled, invalidRequest, invalidRequestFromIssues, notFound } from "./errors";

// The server's rule, written here on purpose rather than imported from the provider's input checks: the
// emulator stands for LaunchDarkly, and a provider rule looser than the server's must show up as a failure.
const ROLE_KEY_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** Exactly one of resources/notResources and one of actions/notActions (digest §5). */
const statementSchema = z
  .object({
    effect: z.enum(["allow", "deny"]),
    resources: z.array(z.string()).optional(),
    notResources: z.array(z.string()).optional(),
    actions: z.array(z.string()).optional(),
    notActions: z.array(z.string()).optional(),
  })
  .superRefine((statement, issues) => {
    if ((statement.resources === undefined) === (statement.notResources === undefined)) {
      issues.addIssue({ code: "custom", message: "exactly one of resources or notResources is required" });
    }
    if ((statement.actions === undefined) === (statement.notActions === undefined)) {
      issues.addIssue({ code: "custom", message: "exactly one of actions or notActions is required" });
    }
  });

const basePermissionsSchema = z.enum(["reader", "no_access"]);
const resourceCategorySchema = z.enum(["organization", "project", "any"]);

const customRolePostSchema = z.object({
  key: z.string().regex(ROLE_KEY_PATTERN, "must start with a letter or digit and contain only letters, digits, '.', '_' and '-'"),
  name: z.string().min(1),
  description: z.string().optional(),
  policy: z.array(statementSchema),
  basePermissions: basePermissionsSchema.optional(),
  resourceCategory: resourceCategorySchema.optional(),
});

const patchedRoleSchema = z.object({
  name: z.string().min(1),
  description: z.string().optional(),
  policy: z.array(statementSchema),
  basePermissions: basePermissionsSchema,
  resourceCategory: resourceCategorySchema.optional(),
});

const PATCHABLE_ROLE_PATH = /^\/(name|description|basePermissions|resourceCategory|policy(\/.*)?)$/;

const mergeBodySchema = z.object({ merge: z.record(z.string(), z.unknown()), comment: z.string().optional() });

export function roleHandlers(ctx: HandlerContext) {
  const { store, options } = ctx;

  const requireRole = (keyOrId: string): RoleRecord => {
    const role = store.resolveRole(keyOrId);
    if (!role) throw notFound(`Custom role not found: ${keyOrId}`);
    return role;
  };

  /** JSON Patch ops, or a `{merge, comment}` JSON merge patch turned into ops on top-level fields. */
  const readRolePatch = (body: unknown): PatchOperation[] => {
    const merge = mergeBodySchema.safeParse(body);
    if (merge.success) {
      return Object.entries(merge.data.merge).map(([field, value]) =>
        value === null ? { op: "remove" as const, path: `/${field}` } : { op: "add" as const, path: `/${field}`, value },
      );
    }
    return readJsonPatchOperations(body);
  };

  return [
    http.get(
      "*/api/v2/roles",
      handled(({ request }) => {
        const url = new URL(request.url);
        const page = readPageRequest(url, options.rolePageCap, options.limitAboveCap);
        const result = paginate([...store.roles.values()], page, url, options.links);
        return HttpResponse.json({ ...result, items: result.items.map((role) => roleRepresentation(store, role, options)) });
      }),
    ),

    http.post(
      "*/api/v2/roles",
      handled(async ({ request }) => {
        const parsed = customRolePostSchema.safeParse(await readJsonBody(request));
        if (!parsed.success) throw invalidRequestFromIssues(parsed.error.issues);
        const input = parsed.data;
        if (store.roles.has(input.key)) throw conflict(`A custom role with key "${input.key}" already exists`);
        const role = store.addRole({
          key: input.key,
          name: input.name,
          policy: input.policy,
          basePermissions: input.basePermissions ?? "no_access",
          ...(input.description !== undefined ? { description: input.description } : {}),
          ...(input.resourceCategory !== undefined ? { resourceCategory: input.resourceCategory } : {}),
        });
        return HttpResponse.json(roleRepresentation(store, role, options), { status: 201 });
      }),
    ),

    http.get(
      "*/api/v2/roles/:customRoleKey",
      handled(({ params }) => HttpResponse.json(roleRepresentation(store, requireRole(String(params.customRoleKey)), options))),
    ),

    http.patch(
      "*/api/v2/roles/:customRoleKey",
      handled(async ({ request, params }) => {
        const role = requireRole(String(params.customRoleKey));
        if (isSemanticPatchContentType(request)) throw invalidRequest("This endpoint accepts JSON Patch, not semantic patch");
        const ops = readRolePatch(await readJsonBody(request));
        for (const op of ops) {
          if (!PATCHABLE_ROLE_PATH.test(op.path) || (op.from !== undefined && !PATCHABLE_ROLE_PATH.test(op.from))) {
            throw invalidRequest(`Path "${op.path}" cannot be patched on a custom role (key and _id are immutable)`);
          }
          if (options.resourceCategoryPatch === "reject" && (op.path === "/resourceCategory" || op.from === "/resourceCategory")) {
            throw invalidRequest("resourceCategory is immutable: it can only be set when the custom role is created");
          }
        }
        const { _id: _ignoredId, key: _ignoredKey, ...document } = structuredClone(role);
        const patched = applyJsonPatch(document, ops, options.jsonPatchTestFailureStatus);
        const parsed = patchedRoleSchema.safeParse(patched);
        if (!parsed.success) throw invalidRequestFromIssues(parsed.error.issues, "custom role after patch");
        const next = parsed.data;
        if (role.resourceCategory !== undefined && next.resourceCategory !== role.resourceCategory) {
          throw invalidRequest("resourceCategory cannot be changed once set");
        }
        const updated: RoleRecord = {
          _id: role._id,
          key: role.key,
          name: next.name,
          ...(next.description !== undefined ? { description: next.description } : {}),
          policy: next.policy,
          basePermissions: next.basePermissions,
          ...(next.resourceCategory !== undefined ? { resourceCategory: next.resourceCategory } : {}),
        };
        store.roles.set(role.key, updated);
        return HttpResponse.json(roleRepresentation(store, updated, options));
      }),
    ),

    http.delete(
      "*/api/v2/roles/:customRoleKey",
      handled(({ params }) => {
        const role = requireRole(String(params.customRoleKey));
        if (!options.allowDeletingAssignedRole) {
          const { membersCount, teamsCount } = store.roleAssignments(role);
          if (membersCount + teamsCount > 0) {
            throw conflict(`Custom role "${role.key}" is assigned to ${membersCount} member(s) and ${teamsCount} team(s)`);
          }
        }
        store.deleteRole(role);
        return new HttpResponse(null, { status: 204 });
      }),
    ),
  ];
}
