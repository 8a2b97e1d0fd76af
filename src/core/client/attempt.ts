import { request as undiciRequest, type Dispatcher } from "undici";
import { classifyNetworkError, describeNetworkFailure, formatDuration, type NetworkFailureDetail } from "./network-failure";
import type { HeaderBag } from "./rate-limit";
import { DEFAULT_API_VERSION, type ApiRequest } from "./request";
import type { NetworkFailure } from "./retry";

/** What one attempt gave: a whole response (any status), or why none arrived. */
export type AttemptResult =
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

export interface AttemptTarget {
  /** The origin the request's path is sent to. */
  apiHost: string;
  request: ApiRequest;
  /** The Authorization header's value: sent, never read or kept. */
  authorization: string;
  userAgent: string;
  dispatcher: Dispatcher;
}

export interface AttemptLimits {
  timeoutMs: number;
  /** The attempt's timeout is what is left of the operation's deadline. */
  timeoutIsDeadline: boolean;
  connectTimeoutMs: number;
  firstContact: boolean;
  /** Called once the response's headers arrived. */
  onHostAnswered: () => void;
}

/**
 * Sends one HTTP request and reads the whole body. A network failure becomes a `network` result; any other
 * thrown error is a bug and is rethrown (undici's own messages never echo header values or the URL).
 */
export async function sendAttempt(target: AttemptTarget, limits: AttemptLimits): Promise<AttemptResult> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, limits.timeoutMs);
  // Until the host has answered once, waiting long for it only delays the error that names the setting.
  const headersTimeout = limits.firstContact && 2 * limits.connectTimeoutMs < limits.timeoutMs ? 2 * limits.connectTimeoutMs : null;
  const req = target.request;
  const headers: Record<string, string> = {
    authorization: target.authorization,
    "ld-api-version": req.apiVersion ?? DEFAULT_API_VERSION,
    "user-agent": target.userAgent,
    accept: "application/json",
  };
  let body: string | undefined;
  if (req.body !== undefined) {
    body = JSON.stringify(req.body);
    headers["content-type"] = req.contentType ?? "application/json";
  }
  try {
    const res = await undiciRequest(requestUrl(target.apiHost, req), {
      method: req.method,
      headers,
      body,
      dispatcher: target.dispatcher,
      signal: controller.signal,
      ...(headersTimeout !== null ? { headersTimeout } : {}),
    });
    limits.onHostAnswered();
    const text = await res.body.text();
    return { kind: "response", status: res.statusCode, headers: res.headers, text };
  } catch (error) {
    const firstContact = limits.firstContact;
    if (timedOut) {
      return {
        kind: "network",
        failure: "timeout",
        cause: `no complete response from ${target.apiHost} within ${formatDuration(limits.timeoutMs)}`,
        detail: { kind: "response_timeout" },
        deadlineHit: limits.timeoutIsDeadline,
        firstContact,
      };
    }
    const detail = classifyNetworkError(error);
    if (!detail) throw error;
    const waited = detail.kind === "connect_timeout" ? limits.connectTimeoutMs : detail.kind === "no_response" ? (headersTimeout ?? undefined) : undefined;
    const timeoutLike = detail.kind === "connect_timeout" || detail.kind === "no_response";
    return {
      kind: "network",
      failure: timeoutLike ? "timeout" : "network_error",
      cause: describeNetworkFailure(detail, target.apiHost, waited),
      detail,
      deadlineHit: false,
      firstContact,
    };
  } finally {
    clearTimeout(timer);
  }
}

function requestUrl(apiHost: string, req: ApiRequest): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(req.query ?? {})) {
    if (value !== undefined) params.set(key, String(value));
  }
  const qs = params.toString();
  return `${apiHost}${req.path}${qs ? `?${qs}` : ""}`;
}
