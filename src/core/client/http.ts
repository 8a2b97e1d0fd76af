import { Agent, request as undiciRequest, type Dispatcher } from "undici";
import { checkApiHost } from "../api-host";
import {
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_OPERATION_TIMEOUT_MS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  type InvalidSetting,
  type ProviderConfig,
} from "../config";
import { CLIENT_ERROR_CODES, LaunchDarklyApiError, invalidResponseError, redact } from "./errors";
import { classifyNetworkError, describeNetworkFailure, formatDuration, isUnreachable, type NetworkFailureDetail } from "./network-failure";
import { PageSizeMemory } from "./page-size-memory";
import { RateLimitPacer, routeKey, type HeaderBag, type PacingTicket } from "./rate-limit";
import { decideRetry, defaultRetrySafe, optimisticLockRetrySafe, type AttemptFailure, type NetworkFailure } from "./retry";
import { invalidSettingError, missingTokenError, settingContextFor, withSettingFix, type SettingContext } from "./setting-fixes";
import { defaultUserAgent } from "./user-agent";

export const DEFAULT_API_VERSION = "20240415";
export const BETA_API_VERSION = "beta";

export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE" | "PUT";
export type QueryParams = Record<string, string | number | boolean | undefined>;

export interface ApiRequest {
  method: HttpMethod;
  /** Starts with "/api/v2/". */
  path: string;
  query?: QueryParams;
  /** JSON-encoded. */
  body?: unknown;
  /** Default "application/json". */
  contentType?: string;
  /** Default "20240415"; "beta" for bulk PATCH /teams. */
  apiVersion?: string;
  /** Default: true for GET/DELETE, false otherwise. PATCH callers opt in when the patch is idempotent. */
  retrySafe?: boolean;
}

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON; undefined for an empty body (204). */
  body: T;
  requestId?: string;
}

/** One attempt, as seen by `onRequest`. Never holds the token or any header. */
export interface RequestRecord {
  method: string;
  path: string;
  query?: QueryParams;
  body?: unknown;
  /** HTTP status, or 0 when no response arrived. */
  status: number;
  /** 1 for the first attempt of an operation. */
  attempt: number;
  durationMs: number;
  /** Set when no response arrived. */
  failure?: NetworkFailure;
}

export interface LaunchDarklyClientOptions extends Partial<ProviderConfig> {
  apiHost: string;
  userAgent?: string;
  /** Observability (demo/bench); never sees the token. */
  onRequest?: (record: RequestRecord) => void;
  /** Injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source, injectable. */
  random?: () => number;
  /** Epoch-ms clock, injectable; compared with `X-Ratelimit-Reset`. */
  now?: () => number;
  /** Default: an Agent created on first use and owned by this client. */
  dispatcher?: Dispatcher;
}

export interface ClientStats {
  /** Attempts sent. */
  requests: number;
  retries: number;
  /** Waits for a 429 or for a spent allowance (pacing). */
  rateLimitWaits: number;
}

type AttemptResult =
  | { kind: "response"; status: number; headers: HeaderBag; text: string }
  | {
      kind: "network";
      failure: NetworkFailure;
      /** What happened, readably: "could not connect to … (ECONNREFUSED: …)". */
      cause: string;
      detail: NetworkFailureDetail | { kind: "response_timeout" };
      deadlineHit: boolean;
      /** No response has come from the host in this client's life yet: the host is not known to be the API. */
      firstContact: boolean;
    };

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class LaunchDarklyClient {
  readonly stats: ClientStats = { requests: 0, retries: 0, rateLimitWaits: 0 };
  /** Page sizes this API host refused, so that `paginate` asks for them once per client, not per listing. */
  readonly pageSizes = new PageSizeMemory();

  private readonly apiHost: string;
  private readonly accessToken: string | undefined;
  private readonly requestTimeoutMs: number;
  private readonly operationTimeoutMs: number;
  private readonly connectTimeoutMs: number;
  private readonly settings: SettingContext;
  /** Settings that stop every request before it is sent, reported by the first one. */
  private readonly invalidSettings: InvalidSetting[];
  /**
   * Whether the host has answered at least once. Until it has, a failure that shows it unreachable (refused,
   * unknown host, TLS, no connection or no response within the first-contact wait) is not retried: the first
   * request of a process fails within seconds and names the apiHost setting, instead of retrying for minutes.
   */
  private hostAnswered = false;
  private readonly userAgent: string;
  private readonly onRequest: ((record: RequestRecord) => void) | undefined;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly pacer = new RateLimitPacer();
  private dispatcher: Dispatcher | undefined;
  private readonly ownsDispatcher: boolean;

  constructor(options: LaunchDarklyClientOptions) {
    this.invalidSettings = [...(options.invalid ?? [])];
    const host = checkApiHost(options.apiHost);
    this.apiHost = host.ok ? host.origin : options.apiHost;
    if (!host.ok && !this.invalidSettings.some((s) => s.name === "apiHost")) {
      this.invalidSettings.push({
        name: "apiHost",
        origin: options.origins?.apiHost,
        value: options.apiHost,
        problem: host.problem,
        ...(host.suggestion ? { suggestion: host.suggestion } : {}),
      });
    }
    this.accessToken = options.accessToken;
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.operationTimeoutMs = options.operationTimeoutMs ?? DEFAULT_OPERATION_TIMEOUT_MS;
    this.connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    this.settings = settingContextFor({
      apiHost: this.apiHost,
      ...(options.origins ? { origins: options.origins } : {}),
      requestTimeoutMs: this.requestTimeoutMs,
      operationTimeoutMs: this.operationTimeoutMs,
      connectTimeoutMs: this.connectTimeoutMs,
      ...(options.readsStackConfig !== undefined ? { readsStackConfig: options.readsStackConfig } : {}),
      ...(options.configNamespace !== undefined ? { configNamespace: options.configNamespace } : {}),
    });
    this.userAgent = options.userAgent ?? defaultUserAgent();
    this.onRequest = options.onRequest;
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
    this.dispatcher = options.dispatcher;
    this.ownsDispatcher = options.dispatcher === undefined;
  }

  /** Sends one API operation, retrying and pacing as needed. Non-2xx → throws LaunchDarklyApiError. */
  async request<T = unknown>(req: ApiRequest): Promise<ApiResponse<T>> {
    const invalid = this.invalidSettings[0];
    if (invalid) throw invalidSettingError(req.method, req.path, invalid, this.settings.readsStackConfig, this.settings.configNamespace);
    const token = this.accessToken;
    if (!token) throw missingTokenError(req.method, req.path, this.settings.readsStackConfig, this.settings.configNamespace);
    const method = req.method;
    const retrySafe = req.retrySafe ?? defaultRetrySafe(method);
    const lockRetrySafe = optimisticLockRetrySafe(method, req.body);
    const route = routeKey(method, req.path);
    const deadlineAt = this.now() + this.operationTimeoutMs;
    let transientRetries = 0;
    let rateLimitRetries = 0;

    for (let attempt = 1; ; attempt++) {
      const ticket = await this.pace(route, deadlineAt, req, token);
      let result: AttemptResult | undefined;
      try {
        const remaining = deadlineAt - this.now();
        if (remaining <= 0) throw this.deadlineError(req, "a response", 0, token);
        const attemptTimeoutMs = Math.min(this.requestTimeoutMs, remaining);
        this.stats.requests++;
        const started = performance.now();
        result = await this.attemptOnce(req, token, attemptTimeoutMs, attemptTimeoutMs < this.requestTimeoutMs);
        this.record(req, result, attempt, performance.now() - started, token);
      } finally {
        this.pacer.complete(ticket, route, result?.kind === "response" ? result.headers : undefined, this.now());
      }

      let failure: AttemptFailure;
      if (result.kind === "response") {
        if (result.status >= 200 && result.status < 300) return this.successResponse<T>(req, result, token);
        // Only a 409's code changes the decision (optimistic_locking_error); other bodies are read when thrown.
        const code = result.status === 409 ? errorCodeOf(result.text) : undefined;
        failure = { kind: "status", status: result.status, headers: result.headers, ...(code !== undefined ? { code } : {}) };
      } else {
        if (result.deadlineHit) throw this.deadlineError(req, "a response", 0, token);
        // Not worth a retry: a TLS failure repeats identically, and an unreachable first contact means a wrong host.
        if (result.detail.kind === "tls" || (result.firstContact && isUnreachable(result.detail.kind))) {
          throw this.networkError(req, result, attempt, retrySafe, token);
        }
        failure = { kind: "network", failure: result.failure };
      }

      const decision = decideRetry(failure, {
        method,
        retrySafe,
        optimisticLockRetrySafe: lockRetrySafe,
        transientRetries,
        rateLimitRetries,
        now: this.now(),
        random: this.random,
      });
      if (!decision.retry) {
        throw result.kind === "response"
          ? this.errorFromResponse(req, result, token)
          : this.networkError(req, result, attempt, retrySafe, token);
      }
      this.ensureWaitFits(decision.waitMs, deadlineAt, decision.reason, req, failure.kind === "status" ? failure.status : 0, token);
      if (decision.rateLimited) {
        rateLimitRetries++;
        this.stats.rateLimitWaits++;
      } else {
        transientRetries++;
      }
      this.stats.retries++;
      await this.sleep(decision.waitMs);
    }
  }

  /** Waits until pacing lets this request through, within the deadline. */
  private async pace(route: string, deadlineAt: number, req: ApiRequest, token: string): Promise<PacingTicket> {
    for (;;) {
      const verdict = this.pacer.check(route, this.now());
      if (verdict.kind === "go") return verdict.ticket;
      if (verdict.kind === "wait") {
        this.ensureWaitFits(verdict.waitMs, deadlineAt, `the ${verdict.scope} rate-limit window to reset (X-Ratelimit-Reset)`, req, 0, token);
        this.stats.rateLimitWaits++;
        await this.sleep(verdict.waitMs);
      } else {
        if (this.now() >= deadlineAt) throw this.deadlineError(req, `the ${verdict.scope} rate-limit allowance of a new window`, 0, token);
        await verdict.until;
      }
    }
  }

  /** Closes the connection pool this client created (not one passed in). */
  async close(): Promise<void> {
    if (this.ownsDispatcher && this.dispatcher) {
      const dispatcher = this.dispatcher;
      this.dispatcher = undefined;
      await dispatcher.close();
    }
  }

  private getDispatcher(): Dispatcher {
    // Created lazily: a client built at configure time must not open sockets (or hold handles) until used.
    if (!this.dispatcher) this.dispatcher = new Agent({ keepAliveTimeout: 4_000, connect: { timeout: this.connectTimeoutMs } });
    return this.dispatcher;
  }

  private buildUrl(req: ApiRequest): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(req.query ?? {})) {
      if (value !== undefined) params.set(key, String(value));
    }
    const qs = params.toString();
    return `${this.apiHost}${req.path}${qs ? `?${qs}` : ""}`;
  }

  private async attemptOnce(req: ApiRequest, token: string, timeoutMs: number, timeoutIsDeadline: boolean): Promise<AttemptResult> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const headers: Record<string, string> = {
      authorization: token,
      "ld-api-version": req.apiVersion ?? DEFAULT_API_VERSION,
      "user-agent": this.userAgent,
      accept: "application/json",
    };
    let body: string | undefined;
    if (req.body !== undefined) {
      body = JSON.stringify(req.body);
      headers["content-type"] = req.contentType ?? "application/json";
    }
    const firstContact = !this.hostAnswered;
    // Until the host has answered once, waiting long for it only delays the error that names the setting.
    const headersTimeout = firstContact && 2 * this.connectTimeoutMs < timeoutMs ? 2 * this.connectTimeoutMs : null;
    try {
      const res = await undiciRequest(this.buildUrl(req), {
        method: req.method,
        headers,
        body,
        dispatcher: this.getDispatcher(),
        signal: controller.signal,
        ...(headersTimeout !== null ? { headersTimeout } : {}),
      });
      this.hostAnswered = true;
      const text = await res.body.text();
      return { kind: "response", status: res.statusCode, headers: res.headers, text };
    } catch (error) {
      if (timedOut) {
        return {
          kind: "network",
          failure: "timeout",
          cause: `no complete response from ${this.apiHost} within ${formatDuration(timeoutMs)}`,
          detail: { kind: "response_timeout" },
          deadlineHit: timeoutIsDeadline,
          firstContact,
        };
      }
      const detail = classifyNetworkError(error);
      if (detail) {
        const waited = detail.kind === "connect_timeout" ? this.connectTimeoutMs : detail.kind === "no_response" ? (headersTimeout ?? undefined) : undefined;
        const timeoutLike = detail.kind === "connect_timeout" || detail.kind === "no_response";
        return {
          kind: "network",
          failure: timeoutLike ? "timeout" : "network_error",
          cause: describeNetworkFailure(detail, this.apiHost, waited),
          detail,
          deadlineHit: false,
          firstContact,
        };
      }
      if (error instanceof Error) {
        error.message = redact(error.message, token);
        if (error.stack) error.stack = redact(error.stack, token);
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  private successResponse<T>(req: ApiRequest, result: Extract<AttemptResult, { kind: "response" }>, token: string): ApiResponse<T> {
    const headers = flattenHeaders(result.headers);
    const headerRequestId = headers["x-request-id"];
    let body: unknown;
    if (result.text.trim() !== "") {
      try {
        body = JSON.parse(result.text);
      } catch {
        throw this.redactError(
          invalidResponseError({
            status: result.status,
            method: req.method,
            path: req.path,
            reason: `not valid JSON (${describeBody(result.text, headers["content-type"])})`,
            requestId: headerRequestId,
          }),
          token,
        );
      }
    }
    const response: ApiResponse<T> = { status: result.status, headers, body: body as T };
    if (headerRequestId) response.requestId = headerRequestId;
    return response;
  }

  private errorFromResponse(req: ApiRequest, result: Extract<AttemptResult, { kind: "response" }>, token: string): LaunchDarklyApiError {
    const headers = flattenHeaders(result.headers);
    const headerRequestId = headers["x-request-id"];
    let parsed: unknown;
    try {
      parsed = result.text.trim() === "" ? undefined : JSON.parse(result.text);
    } catch {
      parsed = undefined;
    }
    if (!isErrorBody(parsed)) {
      return this.redactError(
        invalidResponseError({
          status: result.status,
          method: req.method,
          path: req.path,
          reason: `HTTP ${result.status} without a JSON error body (${describeBody(result.text, headers["content-type"])})`,
          requestId: headerRequestId,
        }),
        token,
      );
    }
    const { code, message, id, ...details } = parsed;
    return this.redactError(
      new LaunchDarklyApiError({
        status: result.status,
        code: typeof code === "string" && code !== "" ? code : `http_${result.status}`,
        message: typeof message === "string" ? message : "(no message)",
        method: req.method,
        path: req.path,
        requestId: typeof id === "string" && id !== "" ? id : headerRequestId,
        details,
      }),
      token,
    );
  }

  private networkError(req: ApiRequest, result: Extract<AttemptResult, { kind: "network" }>, attempts: number, retrySafe: boolean, token: string): LaunchDarklyApiError {
    const kind = result.detail.kind;
    const neverSent = kind !== "response_timeout" && kind !== "no_response" && kind !== "connection_lost";
    let why: string;
    if (result.firstContact && kind !== "connection_lost" && attempts === 1) why = "; first request to this host, not retried";
    else if (kind === "tls") why = "; not retried";
    else if (retrySafe) why = `; gave up after ${attempts} attempt${attempts === 1 ? "" : "s"}`;
    else if (neverSent) why = "";
    else why = `; not retried because ${req.method} ${req.path} is not safe to repeat, so the request may or may not have been applied`;
    return this.redactError(
      new LaunchDarklyApiError({
        status: 0,
        code: kind === "tls" ? CLIENT_ERROR_CODES.tls : result.failure === "timeout" ? CLIENT_ERROR_CODES.timeout : CLIENT_ERROR_CODES.networkError,
        message: `${result.cause}${why}`,
        method: req.method,
        path: req.path,
        failure: kind,
      }),
      token,
    );
  }

  private ensureWaitFits(waitMs: number, deadlineAt: number, waitingFor: string, req: ApiRequest, lastStatus: number, token: string): void {
    if (this.now() + waitMs > deadlineAt) throw this.deadlineError(req, `${waitingFor} (${formatMs(waitMs)})`, lastStatus, token);
  }

  private deadlineError(req: ApiRequest, waitingFor: string, lastStatus: number, token: string): LaunchDarklyApiError {
    return this.redactError(
      new LaunchDarklyApiError({
        status: 0,
        code: CLIENT_ERROR_CODES.deadlineExceeded,
        message: `operation deadline of ${formatMs(this.operationTimeoutMs)} reached while waiting for ${waitingFor}${lastStatus ? ` (last status ${lastStatus})` : ""}`,
        method: req.method,
        path: req.path,
        details: lastStatus ? { lastStatus } : {},
        failure: "deadline",
      }),
      token,
    );
  }

  /** Adds the fix that names the setting to change, and removes the token from everything the error carries. */
  private redactError(raw: LaunchDarklyApiError, token: string): LaunchDarklyApiError {
    const error = withSettingFix(raw, this.settings);
    const serialized = JSON.stringify({ message: error.apiMessage, details: error.details, path: error.path, code: error.code, fix: error.fix });
    if (!serialized.includes(token)) return error;
    const clean = JSON.parse(redact(serialized, token)) as { message: string; details: Record<string, unknown>; fix?: string };
    return new LaunchDarklyApiError({
      status: error.status,
      code: redact(error.code, token),
      message: clean.message,
      method: error.method,
      path: redact(error.path, token),
      requestId: error.requestId,
      details: clean.details,
      failure: error.failure,
      fix: clean.fix,
    });
  }

  private record(req: ApiRequest, result: AttemptResult, attempt: number, durationMs: number, token: string): void {
    if (!this.onRequest) return;
    const record: RequestRecord = {
      method: req.method,
      path: redact(req.path, token),
      status: result.kind === "response" ? result.status : 0,
      attempt,
      durationMs: Math.round(durationMs),
    };
    if (req.query) record.query = redactDeep({ ...req.query }, token) as QueryParams;
    if (req.body !== undefined) record.body = redactDeep(req.body, token);
    if (result.kind === "network") record.failure = result.failure;
    this.onRequest(record);
  }
}

/** The `code` of a JSON error body, if it has one. */
function errorCodeOf(text: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return isErrorBody(parsed) && typeof parsed.code === "string" ? parsed.code : undefined;
  } catch {
    return undefined;
  }
}

function isErrorBody(value: unknown): value is Record<string, unknown> & { code?: unknown; message?: unknown; id?: unknown } {
  return typeof value === "object" && value !== null && !Array.isArray(value) && ("code" in value || "message" in value);
}

function flattenHeaders(headers: HeaderBag): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

function describeBody(text: string, contentType: string | undefined): string {
  if (text.trim() === "") return `empty body, content-type ${contentType ?? "none"}`;
  const snippet = text.replace(/\s+/g, " ").trim().slice(0, 120);
  return `${text.length} bytes of ${contentType ?? "unknown content-type"}: ${JSON.stringify(snippet)}`;
}


function redactDeep(value: unknown, token: string): unknown {
  const json = JSON.stringify(value);
  return json !== undefined && json.includes(token) ? JSON.parse(redact(json, token)) : value;
}

function formatMs(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}
