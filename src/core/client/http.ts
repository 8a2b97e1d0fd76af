import { Agent, type Dispatcher } from "undici";
import type { ProviderConfig } from "../config";
import { sendAttempt, type AttemptResult } from "./attempt";
import { resolveClientSettings, type ClientSettings } from "./client-settings";
import { LaunchDarklyApiError, redact } from "./errors";
import { isUnreachable } from "./network-failure";
import { PageSizeMemory } from "./page-size-memory";
import { RateLimitPacer, routeKey, type PacingTicket } from "./rate-limit";
import type { ApiRequest, ApiResponse, RequestRecord } from "./request";
import { deadlineFailure, errorResponseFailure, noResponseFailure, undecodableSuccessFailure, type RequestFailure } from "./request-failures";
import { decodeSuccess, errorCodeOf } from "./response-decoding";
import { decideRetry, defaultRetrySafe, optimisticLockRetrySafe, type AttemptFailure } from "./retry";
import { invalidSettingError, missingTokenError, settingFix } from "./setting-fixes";
import { defaultUserAgent } from "./user-agent";

export { BETA_API_VERSION, DEFAULT_API_VERSION, type ApiRequest, type ApiResponse, type HttpMethod, type QueryParams, type RequestRecord } from "./request";

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

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class LaunchDarklyClient {
  readonly stats: ClientStats = { requests: 0, retries: 0, rateLimitWaits: 0 };
  /** Page sizes this API host refused, so that `paginate` asks for them once per client, not per listing. */
  readonly pageSizes = new PageSizeMemory();

  private readonly settings: ClientSettings;
  private readonly accessToken: string | undefined;
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
    const { accessToken, ...settings } = options;
    this.settings = resolveClientSettings(settings);
    this.accessToken = accessToken;
    this.userAgent = options.userAgent ?? defaultUserAgent();
    this.onRequest = options.onRequest;
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
    this.dispatcher = options.dispatcher;
    this.ownsDispatcher = options.dispatcher === undefined;
  }

  /**
   * Sends one API operation, retrying and pacing as needed. Non-2xx, no response or a spent deadline →
   * throws LaunchDarklyApiError.
   */
  async request<T = unknown>(req: ApiRequest): Promise<ApiResponse<T>> {
    const invalid = this.settings.invalid[0];
    const { readsStackConfig, configNamespace } = this.settings.context;
    if (invalid) throw invalidSettingError(req.method, req.path, invalid, readsStackConfig, configNamespace);
    if (!this.accessToken) throw missingTokenError(req.method, req.path, readsStackConfig, configNamespace);
    const method = req.method;
    const retrySafe = req.retrySafe ?? defaultRetrySafe(method);
    const lockRetrySafe = optimisticLockRetrySafe(method, req.body);
    const route = routeKey(method, req.path);
    const deadlineAt = this.now() + this.settings.operationTimeoutMs;
    let transientRetries = 0;
    let rateLimitRetries = 0;

    for (let attempt = 1; ; attempt++) {
      const ticket = await this.pace(route, deadlineAt, req);
      let result: AttemptResult | undefined;
      try {
        const remaining = deadlineAt - this.now();
        if (remaining <= 0) throw this.deadlineError(req, "a response", 0);
        const attemptTimeoutMs = Math.min(this.settings.requestTimeoutMs, remaining);
        this.stats.requests++;
        const started = performance.now();
        result = await this.attempt(req, attemptTimeoutMs);
        this.report(req, result, attempt, performance.now() - started);
      } finally {
        this.pacer.complete(ticket, route, result?.kind === "response" ? result.headers : undefined, this.now());
      }

      let failure: AttemptFailure;
      if (result.kind === "response") {
        if (result.status >= 200 && result.status < 300) {
          const response = decodeSuccess(result.status, result.headers, result.text);
          if (!response) throw this.fail(undecodableSuccessFailure(req, result));
          return response as ApiResponse<T>;
        }
        // Only a 409's code changes the decision (optimistic_locking_error); other bodies are read when thrown.
        const code = result.status === 409 ? errorCodeOf(result.text) : undefined;
        failure = { kind: "status", status: result.status, headers: result.headers, ...(code !== undefined ? { code } : {}) };
      } else {
        if (result.deadlineHit) throw this.deadlineError(req, "a response", 0);
        // Not worth a retry: a TLS failure repeats identically, and an unreachable first contact means a wrong host.
        if (result.detail.kind === "tls" || (result.firstContact && isUnreachable(result.detail.kind))) {
          throw this.fail(noResponseFailure(req, result, attempt, retrySafe));
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
        throw this.fail(result.kind === "response" ? errorResponseFailure(req, result) : noResponseFailure(req, result, attempt, retrySafe));
      }
      this.ensureWaitFits(decision.waitMs, deadlineAt, decision.reason, req, failure.kind === "status" ? failure.status : 0);
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
  private async pace(route: string, deadlineAt: number, req: ApiRequest): Promise<PacingTicket> {
    for (;;) {
      const verdict = this.pacer.check(route, this.now());
      if (verdict.kind === "go") return verdict.ticket;
      if (verdict.kind === "wait") {
        this.ensureWaitFits(verdict.waitMs, deadlineAt, `the ${verdict.scope} rate-limit window to reset (X-Ratelimit-Reset)`, req, 0);
        this.stats.rateLimitWaits++;
        await this.sleep(verdict.waitMs);
      } else {
        if (this.now() >= deadlineAt) throw this.deadlineError(req, `the ${verdict.scope} rate-limit allowance of a new window`, 0);
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
    if (!this.dispatcher) this.dispatcher = new Agent({ keepAliveTimeout: 4_000, connect: { timeout: this.settings.connectTimeoutMs } });
    return this.dispatcher;
  }

  /** One HTTP exchange; the token goes out as its Authorization header (`request` has checked it is set). */
  private attempt(req: ApiRequest, timeoutMs: number): Promise<AttemptResult> {
    const target = { apiHost: this.settings.apiHost, request: req, authorization: this.accessToken ?? "", userAgent: this.userAgent, dispatcher: this.getDispatcher() };
    return sendAttempt(target, {
      timeoutMs,
      timeoutIsDeadline: timeoutMs < this.settings.requestTimeoutMs,
      connectTimeoutMs: this.settings.connectTimeoutMs,
      firstContact: !this.hostAnswered,
      onHostAnswered: () => {
        this.hostAnswered = true;
      },
    });
  }

  private ensureWaitFits(waitMs: number, deadlineAt: number, waitingFor: string, req: ApiRequest, lastStatus: number): void {
    if (this.now() + waitMs > deadlineAt) throw this.deadlineError(req, waitingFor, lastStatus, waitMs);
  }

  private deadlineError(req: ApiRequest, waitingFor: string, lastStatus: number, waitMs?: number): LaunchDarklyApiError {
    return this.fail(deadlineFailure(req, { operationTimeoutMs: this.settings.operationTimeoutMs, waitingFor, lastStatus, ...(waitMs !== undefined ? { waitMs } : {}) }));
  }

  /**
   * The one place this client builds an error: the fix that names the setting to change is added, and the
   * token is handed to the error's constructor, which removes it from everything the error carries.
   */
  private fail(failure: RequestFailure): LaunchDarklyApiError {
    return new LaunchDarklyApiError({ ...failure, fix: failure.fix ?? settingFix(failure, this.settings.context) }, this.accessToken);
  }

  /** Hands `onRequest` the attempt's record, with any echo of the token in the request data removed. */
  private report(req: ApiRequest, result: AttemptResult, attempt: number, durationMs: number): void {
    if (!this.onRequest) return;
    const record: RequestRecord = {
      method: req.method,
      path: req.path,
      status: result.kind === "response" ? result.status : 0,
      attempt,
      durationMs: Math.round(durationMs),
    };
    if (req.query) record.query = { ...req.query };
    if (req.body !== undefined) record.body = req.body;
    if (result.kind === "network") record.failure = result.failure;
    this.onRequest(redact(record, this.accessToken));
  }
}
