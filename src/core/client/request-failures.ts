import type { AttemptResult } from "./attempt";
import { CLIENT_ERROR_CODES, LaunchDarklyApiError, type LaunchDarklyApiErrorInit } from "./errors";
import type { HeaderBag } from "./rate-limit";
import type { ApiRequest } from "./request";
import { decodeErrorBody, describeBody, flattenHeaders } from "./response-decoding";

/**
 * What each way a request fails says: the fields of its `LaunchDarklyApiError`. The builders are pure and
 * never see the token; the client builds the error from their result, and the error's constructor redacts.
 */
export type RequestFailure = LaunchDarklyApiErrorInit & Required<Pick<LaunchDarklyApiErrorInit, "failure">>;

type Request = Pick<ApiRequest, "method" | "path">;
type Response = { status: number; headers: HeaderBag; text: string };
type NoResponse = Extract<AttemptResult, { kind: "network" }>;

/** A response we cannot use: not JSON, truncated, or not the shape the spec promises. */
export function invalidResponseFailure(init: {
  status: number;
  method: string;
  path: string;
  reason: string;
  requestId?: string | undefined;
  details?: Record<string, unknown>;
}): RequestFailure {
  return {
    status: init.status,
    code: CLIENT_ERROR_CODES.invalidResponse,
    message: `unexpected response body: ${init.reason}`,
    method: init.method,
    path: init.path,
    requestId: init.requestId,
    failure: "invalid_response",
    ...(init.details ? { details: init.details } : {}),
  };
}

/** The error for a body that fails validation after the client returned it (no token there to redact). */
export function invalidResponseError(init: Parameters<typeof invalidResponseFailure>[0]): LaunchDarklyApiError {
  return new LaunchDarklyApiError(invalidResponseFailure(init));
}

/** A 2xx response whose body is not JSON. */
export function undecodableSuccessFailure(req: Request, response: Response): RequestFailure {
  const headers = flattenHeaders(response.headers);
  return invalidResponseFailure({
    status: response.status,
    method: req.method,
    path: req.path,
    reason: `not valid JSON (${describeBody(response.text, headers["content-type"])})`,
    requestId: headers["x-request-id"],
  });
}

/** A non-2xx response: LaunchDarkly's error body, or an invalid response when there is none. */
export function errorResponseFailure(req: Request, response: Response): RequestFailure {
  const headers = flattenHeaders(response.headers);
  const headerRequestId = headers["x-request-id"];
  const parsed = decodeErrorBody(response.text);
  if (!parsed) {
    return invalidResponseFailure({
      status: response.status,
      method: req.method,
      path: req.path,
      reason: `HTTP ${response.status} without a JSON error body (${describeBody(response.text, headers["content-type"])})`,
      requestId: headerRequestId,
    });
  }
  const { code, message, id, ...details } = parsed;
  return {
    status: response.status,
    code: typeof code === "string" && code !== "" ? code : `http_${response.status}`,
    message: typeof message === "string" ? message : "(no message)",
    method: req.method,
    path: req.path,
    requestId: typeof id === "string" && id !== "" ? id : headerRequestId,
    details,
    failure: "response",
  };
}

/** No response arrived, after `attempts` attempts; says why it was not retried (or not again). */
export function noResponseFailure(req: Request, result: NoResponse, attempts: number, retrySafe: boolean): RequestFailure {
  const kind = result.detail.kind;
  const neverSent = kind !== "response_timeout" && kind !== "no_response" && kind !== "connection_lost";
  let why: string;
  if (result.firstContact && kind !== "connection_lost" && attempts === 1) why = "; first request to this host, not retried";
  else if (kind === "tls") why = "; not retried";
  else if (retrySafe) why = `; gave up after ${attempts} attempt${attempts === 1 ? "" : "s"}`;
  else if (neverSent) why = "";
  else why = `; not retried because ${req.method} ${req.path} is not safe to repeat, so the request may or may not have been applied`;
  return {
    status: 0,
    code: kind === "tls" ? CLIENT_ERROR_CODES.tls : result.failure === "timeout" ? CLIENT_ERROR_CODES.timeout : CLIENT_ERROR_CODES.networkError,
    message: `${result.cause}${why}`,
    method: req.method,
    path: req.path,
    failure: kind,
  };
}

/** The operation's deadline would pass while waiting for `waitingFor` (for `waitMs`, when known). */
export function deadlineFailure(
  req: Request,
  wait: { operationTimeoutMs: number; waitingFor: string; waitMs?: number; lastStatus: number },
): RequestFailure {
  const waitingFor = wait.waitMs === undefined ? wait.waitingFor : `${wait.waitingFor} (${formatMs(wait.waitMs)})`;
  const last = wait.lastStatus;
  return {
    status: 0,
    code: CLIENT_ERROR_CODES.deadlineExceeded,
    message: `operation deadline of ${formatMs(wait.operationTimeoutMs)} reached while waiting for ${waitingFor}${last ? ` (last status ${last})` : ""}`,
    method: req.method,
    path: req.path,
    details: last ? { lastStatus: last } : {},
    failure: "deadline",
  };
}

function formatMs(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}
