/**
 * The one error type for a failed LaunchDarkly API call. It carries what a user needs to act
 * (status, code, message, request id, method and path) and never the access token.
 */
export class LaunchDarklyApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly requestId: string | undefined;
  readonly method: string;
  readonly path: string;
  /** The API's own message, without the method/path prefix. */
  readonly apiMessage: string;
  /** Extra fields of the error body, e.g. `invalid_emails` on invite conflicts. */
  readonly details: Record<string, unknown>;

  constructor(init: {
    status: number;
    code: string;
    message: string;
    method: string;
    path: string;
    requestId?: string | undefined;
    details?: Record<string, unknown>;
  }) {
    const where = `${init.method} ${init.path}`;
    const rid = init.requestId ? ` (request id ${init.requestId})` : "";
    super(`LaunchDarkly API ${where} failed: ${init.status} ${init.code}: ${init.message}${rid}`);
    this.name = "LaunchDarklyApiError";
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.method = init.method;
    this.path = init.path;
    this.apiMessage = init.message;
    this.details = init.details ?? {};
  }

  static is(value: unknown): value is LaunchDarklyApiError {
    return value instanceof LaunchDarklyApiError || (value instanceof Error && value.name === "LaunchDarklyApiError");
  }
}

/** Replaces every occurrence of the token in a string. Used on anything that may echo request data. */
export function redact(text: string, token: string | undefined): string {
  if (!token || token.length < 4) return text;
  return text.split(token).join("[REDACTED]");
}

/** Codes this client assigns itself (the API's own codes pass through unchanged). */
export const CLIENT_ERROR_CODES = {
  invalidResponse: "invalid_response",
  networkError: "network_error",
  timeout: "timeout",
  deadlineExceeded: "deadline_exceeded",
} as const;

/** A response we cannot use: not JSON, truncated, or not the shape the spec promises. */
export function invalidResponseError(init: {
  status: number;
  method: string;
  path: string;
  reason: string;
  requestId?: string | undefined;
  details?: Record<string, unknown>;
}): LaunchDarklyApiError {
  return new LaunchDarklyApiError({
    status: init.status,
    code: CLIENT_ERROR_CODES.invalidResponse,
    message: `unexpected response body: ${init.reason}`,
    method: init.method,
    path: init.path,
    requestId: init.requestId,
    ...(init.details ? { details: init.details } : {}),
  });
}
