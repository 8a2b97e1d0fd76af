import { applyPatch, JsonPatchError, type Operation } from "fast-json-patch";
import { z } from "zod";
import { EmulatorHttpError, invalidRequest } from "./handlers/errors";

const operationSchema = z.object({
  op: z.enum(["add", "remove", "replace", "move", "copy", "test"]),
  path: z.string(),
  value: z.unknown().optional(),
  from: z.string().optional(),
});

export type PatchOperation = z.infer<typeof operationSchema>;

const wrappedSchema = z.object({ patch: z.array(operationSchema), comment: z.string().optional() });

/**
 * JSON Patch ops from either a bare array or `{patch, comment}`. A semantic-patch body
 * (`{instructions}`) or a merge body is refused with 400: this endpoint takes JSON Patch.
 */
export function readJsonPatchOperations(body: unknown): PatchOperation[] {
  if (Array.isArray(body)) return parseOps(z.array(operationSchema), body);
  if (body !== null && typeof body === "object") {
    if ("instructions" in body) throw invalidRequest("This endpoint accepts JSON Patch, not semantic patch instructions");
    if ("patch" in body) return parseOps(wrappedSchema, body).patch;
  }
  throw invalidRequest("Body must be a JSON Patch array or {\"patch\": [...], \"comment\"?: string}");
}

function parseOps<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalidRequest(`Invalid JSON Patch: ${issue ? `${issue.path.join(".") || "body"}: ${issue.message}` : "malformed"}`);
  }
  return parsed.data;
}

/**
 * Applies `ops` to a copy of `document`, atomically. A failing `test` op answers `testFailureStatus`
 * (400 invalid_request or 409 optimistic_locking_error, digest §8); any other failure is 400.
 */
export function applyJsonPatch<T>(document: T, ops: PatchOperation[], testFailureStatus: 400 | 409): T {
  try {
    return applyPatch(document, ops as Operation[], true, false).newDocument;
  } catch (error) {
    if (error instanceof JsonPatchError) {
      if (error.name === "TEST_OPERATION_FAILED") {
        throw testFailureStatus === 409
          ? new EmulatorHttpError(409, "optimistic_locking_error", `JSON Patch test operation failed at ${error.operation?.path ?? "?"}`)
          : invalidRequest(`JSON Patch test operation failed at ${error.operation?.path ?? "?"}`);
      }
      throw invalidRequest(`Invalid JSON Patch operation ${error.index ?? ""}: ${error.message.split("\n")[0]}`);
    }
    throw error;
  }
}
