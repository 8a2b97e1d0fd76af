import { HttpResponse, type PathParams } from "msw";

/** Header the node:http bridge sets on every bridged request so handlers can echo the request id in error bodies. */
export const REQUEST_ID_HEADER = "x-request-id";

/** Error codes the emulator answers with; the first ones are the ones named in the spec's error schemas. */
export type EmulatorErrorCode =
  | "invalid_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "method_not_allowed"
  | "conflict"
  | "optimistic_locking_error"
  | "rate_limited"
  | "request_entity_too_large"
  | "internal_server_error"
  | "bad_gateway"
  | "service_unavailable"
  | "email_already_exists_in_account"
  | "duplicate_emails";

/** Thrown inside handlers; turned into a `{code, message, id}` JSON response by `withErrors`. */
export class EmulatorHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: EmulatorErrorCode,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "EmulatorHttpError";
  }
}

export const invalidRequest = (message: string, extra?: Record<string, unknown>) =>
  new EmulatorHttpError(400, "invalid_request", message, extra);
export const notFound = (message: string) => new EmulatorHttpError(404, "not_found", message);
export const forbidden = (message: string) => new EmulatorHttpError(403, "forbidden", message);
export const conflict = (message: string) => new EmulatorHttpError(409, "conflict", message);

export function errorBody(code: string, message: string, requestId: string | null | undefined, extra: Record<string, unknown> = {}) {
  return { ...extra, code, message, ...(requestId ? { id: requestId } : {}) };
}

export function errorResponse(
  status: number,
  code: string,
  message: string,
  requestId: string | null | undefined,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Response {
  return HttpResponse.json(errorBody(code, message, requestId, extra), { status, headers });
}

export function responseForError(error: unknown, request: Request): Response {
  const requestId = request.headers.get(REQUEST_ID_HEADER);
  if (error instanceof EmulatorHttpError) {
    return errorResponse(error.status, error.code, error.message, requestId, error.extra);
  }
  const message = error instanceof Error ? error.message : String(error);
  return errorResponse(500, "internal_server_error", `Emulator internal error: ${message}`, requestId);
}

/** 400 whose message names the first zod issue's path. */
export function invalidRequestFromIssues(issues: readonly { path: readonly PropertyKey[]; message: string; code?: string; keys?: readonly string[] }[], what = "body"): EmulatorHttpError {
  const issue = issues[0];
  if (!issue) return invalidRequest(`Invalid ${what}`);
  if (issue.code === "unrecognized_keys" && issue.keys && issue.keys.length > 0) {
    return invalidRequest(`unknown field "${issue.keys[0]}"`);
  }
  const where = issue.path.map(String).join(".");
  return invalidRequest(`Invalid ${what}${where ? ` at ${where}` : ""}: ${issue.message}`);
}

/** Wraps an msw resolver so a thrown `EmulatorHttpError` (or anything else) becomes a JSON error response. */
export interface RouteInfo {
  request: Request;
  params: PathParams;
}

export function handled(resolver: (info: RouteInfo) => Response | Promise<Response>) {
  return async (info: RouteInfo): Promise<Response> => {
    try {
      return await resolver(info);
    } catch (error) {
      return responseForError(error, info.request);
    }
  };
}
