import type { Operation } from "fast-json-patch";
import type { ApiRequest, LaunchDarklyClient } from "../client/http";
import { DOCUMENTED_DEFAULT_PAGE_SIZE, PAGE_SIZE, paginate } from "../client/paginate";
import { itemParser, parseResponseBody } from "../client/response-validation";
import { isRepeatableJsonPatch } from "../client/retry";
import { deletedUnlessNotFound, undefinedIfNotFound } from "./not-found";
import { customRoleSchema, type CustomRole, type CustomRolePost } from "./schemas";

export { customRoleSchema, statementSchema, type CustomRole, type CustomRolePost, type Statement, type StatementPost } from "./schemas";

const ROLES = "/api/v2/roles";
const rolePath = (keyOrId: string): string => `${ROLES}/${encodeURIComponent(keyOrId)}`;

export interface RolePatch {
  patch: Operation[];
  comment?: string;
}

/**
 * Every custom role. The spec documents a default page size of 20 and no maximum: 100 a page is asked for,
 * and a 400 to that makes the client page by 20 from then on (one refused request per client).
 */
export function listRoles(client: LaunchDarklyClient, options: { pageSize?: number } = {}): AsyncGenerator<CustomRole> {
  return paginate(client, ROLES, {
    pageSize: options.pageSize ?? PAGE_SIZE.roles,
    parseItem: itemParser(customRoleSchema),
    fallback: { collection: ROLES, pageSize: DOCUMENTED_DEFAULT_PAGE_SIZE },
  });
}

/** Accepts a key or an `_id`. Undefined when the role does not exist. */
export async function getRole(client: LaunchDarklyClient, keyOrId: string): Promise<CustomRole | undefined> {
  const path = rolePath(keyOrId);
  const response = await undefinedIfNotFound(client.request({ method: "GET", path }));
  if (!response) return undefined;
  return parseResponseBody(customRoleSchema, response.body, { method: "GET", path, status: response.status, requestId: response.requestId });
}

/** The `POST /roles` request `createRole` sends (pure; `explain` shows it). */
export function createRoleRequest(role: CustomRolePost): ApiRequest & { body: CustomRolePost } {
  return { method: "POST", path: ROLES, body: role };
}

/** 409 when the key exists. Never retried blindly. */
export function createRole(client: LaunchDarklyClient, role: CustomRolePost): Promise<CustomRole> {
  return sendRoleWrite(client, createRoleRequest(role));
}

/** Sends a planned `POST /roles` or `PATCH /roles/{key}` and returns the role it answers with. */
export async function sendRoleWrite(client: LaunchDarklyClient, request: ApiRequest): Promise<CustomRole> {
  const response = await client.request(request);
  return parseResponseBody(customRoleSchema, response.body, { method: request.method, path: request.path, status: response.status, requestId: response.requestId });
}

/** The `PATCH /roles/{key}` request `patchRole` sends: `{patch, comment?}` (pure; `explain` shows it). */
export function patchRoleRequest(key: string, body: RolePatch, options: { retrySafe?: boolean } = {}): ApiRequest & { body: RolePatch } {
  const payload: RolePatch = body.comment === undefined ? { patch: body.patch } : { patch: body.patch, comment: body.comment };
  return { method: "PATCH", path: rolePath(key), body: payload, retrySafe: options.retrySafe ?? isRepeatableJsonPatch(body.patch) };
}

/** Sends `{patch, comment?}`. Retried on 5xx/reset only when the patch is repeatable (or the caller says so). */
export function patchRole(client: LaunchDarklyClient, key: string, body: RolePatch, options: { retrySafe?: boolean } = {}): Promise<CustomRole> {
  return sendRoleWrite(client, patchRoleRequest(key, body, options));
}

export function deleteRoleRequest(key: string): ApiRequest {
  return { method: "DELETE", path: rolePath(key) };
}

/** False when the role was already gone (404). */
export function deleteRole(client: LaunchDarklyClient, key: string): Promise<boolean> {
  return deletedUnlessNotFound(client.request(deleteRoleRequest(key)));
}
