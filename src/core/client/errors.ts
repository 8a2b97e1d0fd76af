import { formatFailure } from "./error-format";

/**
 * How a call failed, beyond the HTTP status: `response` when LaunchDarkly answered with an error, a network
 * kind when no response arrived, `deadline` when the operation's time ran out, `configuration` when a
 * setting stopped the request before it was sent.
 */
export type FailureKind =
  | "response"
  | "invalid_response"
  | "connection_refused"
  | "host_not_found"
  | "host_unreachable"
  | "connect_timeout"
  | "tls"
  | "no_response"
  | "response_timeout"
  | "connection_lost"
  | "deadline"
  | "configuration";

export interface LaunchDarklyApiErrorInit {
  status: number;
  code: string;
  message: string;
  method: string;
  path: string;
  requestId?: string | undefined;
  details?: Record<string, unknown>;
  /** Default: `response` when a status is given, else `connection_lost`. */
  failure?: FailureKind;
  /** The setting or resource property to change, and how. */
  fix?: string | undefined;
}

/**
 * The one error type for a failed LaunchDarkly API call. It carries what a user needs to act (status, code,
 * message, request id, method and path, and the setting or property to change) and never the access token:
 * the client passes its token as `secret`, and the constructor removes it from every field before anything
 * (message, stack) is made of them, as octokit's `RequestError` redacts the authorization header where it
 * is built. Its message is made by the one formatter in `error-format.ts`.
 */
export class LaunchDarklyApiError extends Error {
  /** HTTP status; 0 when no response arrived (see `failure` for why). */
  readonly status: number;
  readonly code: string;
  readonly requestId: string | undefined;
  readonly method: string;
  readonly path: string;
  /** The API's own message (or the client's description), without the method/path prefix. */
  readonly apiMessage: string;
  /** Extra fields of the error body, e.g. `invalid_emails` on invite conflicts. */
  readonly details: Record<string, unknown>;
  readonly failure: FailureKind;
  readonly fix: string | undefined;

  constructor(unredacted: LaunchDarklyApiErrorInit, secret?: string) {
    const init = redact(unredacted, secret);
    const failure = init.failure ?? (init.status > 0 ? "response" : "connection_lost");
    super(
      formatFailure({
        method: init.method,
        path: init.path,
        status: init.status,
        code: init.code,
        apiMessage: init.message,
        requestId: init.requestId,
        notSent: failure === "configuration",
        fix: init.fix,
      }),
    );
    this.name = "LaunchDarklyApiError";
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.method = init.method;
    this.path = init.path;
    this.apiMessage = init.message;
    this.details = init.details ?? {};
    this.failure = failure;
    this.fix = init.fix;
  }

  /** The same failure with `fix` naming what to change (replaces a more general fix). */
  withFix(fix: string): LaunchDarklyApiError {
    const copy = new LaunchDarklyApiError({ ...this.init(), fix });
    if (this.stack) copy.stack = `${copy.name}: ${copy.message}\n${this.stack.split("\n").slice(1).join("\n")}`;
    return copy;
  }

  private init(): LaunchDarklyApiErrorInit {
    return {
      status: this.status,
      code: this.code,
      message: this.apiMessage,
      method: this.method,
      path: this.path,
      requestId: this.requestId,
      details: this.details,
      failure: this.failure,
      fix: this.fix,
    };
  }

  static is(value: unknown): value is LaunchDarklyApiError {
    return value instanceof LaunchDarklyApiError || (value instanceof Error && value.name === "LaunchDarklyApiError");
  }
}

/**
 * The value with every occurrence of the token replaced, in a string or anywhere in a JSON-like value (the
 * value itself when the token does not occur). For anything that may echo request or response data.
 */
export function redact<T>(value: T, token: string | undefined): T {
  if (!token || token.length < 4) return value;
  if (typeof value === "string") return value.split(token).join("[REDACTED]") as T;
  const json = JSON.stringify(value);
  return json !== undefined && json.includes(token) ? (JSON.parse(json.split(token).join("[REDACTED]")) as T) : value;
}

/** Codes this client assigns itself (the API's own codes pass through unchanged). */
export const CLIENT_ERROR_CODES = {
  invalidResponse: "invalid_response",
  networkError: "network_error",
  timeout: "timeout",
  deadlineExceeded: "deadline_exceeded",
  tls: "tls_error",
  configuration: "invalid_configuration",
} as const;
