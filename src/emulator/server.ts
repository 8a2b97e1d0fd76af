import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { getResponse, type RequestHandler } from "msw";
import { FaultInjector, type FaultKind, type FaultRule } from "./faults";
import type { HandlerContext } from "./handler-context";
import { errorBody, REQUEST_ID_HEADER } from "./handlers/errors";
import { fallbackHandlers, gateHandlers } from "./handlers/gates";
import { memberHandlers } from "./handlers/members";
import { roleHandlers } from "./handlers/roles";
import { teamHandlers } from "./handlers/teams";
import { resolveOptions, type EmulatorOptions, type EmulatorProfile } from "./options";
import { RateLimitWindow, type RateLimitConfig } from "./rate-limit-window";
import { routeTemplateFor } from "./routes";
import { EmulatorStore } from "./store";

export const MAX_BODY_BYTES = 1024 * 1024;
const OVERRIDABLE_METHODS = new Set(["PATCH", "DELETE", "PUT"]);

export interface StartEmulatorOptions {
  port?: number;
  token?: string;
  faults?: FaultRule[];
  seed?: number;
  rateLimit?: RateLimitConfig;
  latencyMs?: number;
  /** Sets every open-question switch at once; `options` override single switches. */
  profile?: EmulatorProfile;
  options?: Partial<EmulatorOptions>;
  owner?: { email: string };
  /** Called with each request once it is answered (or reset), after it joins `requests`. */
  onRequest?: (entry: RequestLogEntry) => void;
}

export interface RequestLogEntry {
  /** Effective method (after X-HTTP-Method-Override). */
  method: string;
  path: string;
  query: Record<string, string>;
  /** Parsed JSON when the body was JSON, else the raw text; undefined without a body. */
  body: unknown;
  /** Response status; 0 when the connection was reset instead of answered. */
  status: number;
  contentType: string | undefined;
  apiVersion: string | undefined;
  /** The method on the wire, when it differs from `method` (method override). */
  wireMethod?: string;
  requestId: string;
}

export interface Emulator {
  readonly url: string;
  readonly token: string;
  readonly store: EmulatorStore;
  readonly options: EmulatorOptions;
  readonly requests: RequestLogEntry[];
  readonly faultCounts: Record<FaultKind, number>;
  resetRequestLog(): void;
  setFaults(rules: FaultRule[]): void;
  /** Accepts only `next` from now on (the old token gets 401, as a revoked one would). */
  rotateToken(next: string): void;
  close(): Promise<void>;
}

class BodyTooLargeError extends Error {}

function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.removeAllListeners("data");
        request.resume();
        reject(new BodyTooLargeError());
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

function parseLoggedBody(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(", ") : value;
}

/**
 * Starts the LaunchDarkly emulator: msw request handlers over an in-memory store, bridged onto a real
 * node:http server on 127.0.0.1 (msw's in-process interception cannot see other processes or undici).
 */
export async function startEmulator(start: StartEmulatorOptions = {}): Promise<Emulator> {
  const token = start.token ?? `api-${randomBytes(16).toString("hex")}`;
  const options = resolveOptions(start.options, start.profile);
  const store = new EmulatorStore(start.owner?.email);
  const context: HandlerContext = { store, options, token };
  const handlers: RequestHandler[] = [
    ...gateHandlers(context),
    ...memberHandlers(context),
    ...teamHandlers(context),
    ...roleHandlers(context),
    ...fallbackHandlers(),
  ];
  const faults = new FaultInjector(start.faults ?? [], start.seed ?? 1);
  const rateLimit = start.rateLimit ? new RateLimitWindow(start.rateLimit) : undefined;
  const requests: RequestLogEntry[] = [];
  let origin = "http://127.0.0.1";
  const logged = (entry: RequestLogEntry) => {
    requests.push(entry);
    start.onRequest?.(entry);
  };

  async function handle(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const url = new URL(incoming.url ?? "/", origin);
    const wireMethod = (incoming.method ?? "GET").toUpperCase();
    const override = headerValue(incoming.headers["x-http-method-override"])?.trim().toUpperCase();
    const method = wireMethod === "POST" && override && OVERRIDABLE_METHODS.has(override) ? override : wireMethod;
    const entry: RequestLogEntry = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: undefined,
      status: 0,
      contentType: headerValue(incoming.headers["content-type"]),
      apiVersion: headerValue(incoming.headers["ld-api-version"]),
      ...(method !== wireMethod ? { wireMethod } : {}),
      requestId,
    };
    const headers: Record<string, string> = { "X-Request-Id": requestId };

    const send = (status: number, body: string | Uint8Array | null, extraHeaders: Record<string, string> = {}) => {
      entry.status = status;
      logged(entry);
      outgoing.writeHead(status, { ...headers, ...extraHeaders });
      outgoing.end(body ?? undefined);
    };
    const sendError = (status: number, code: string, message: string, extraHeaders: Record<string, string> = {}) =>
      send(status, JSON.stringify(errorBody(code, message, requestId)), { "Content-Type": "application/json", ...extraHeaders });
    const reset = () => {
      entry.status = 0;
      logged(entry);
      incoming.socket.destroy();
    };

    let bodyText: string;
    try {
      bodyText = (await readBody(incoming, MAX_BODY_BYTES)).toString("utf8");
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        sendError(413, "request_entity_too_large", `Request body exceeds ${MAX_BODY_BYTES} bytes`, { Connection: "close" });
        return;
      }
      throw error;
    }
    entry.body = parseLoggedBody(bodyText);

    const decision = faults.decide(method, url.pathname);
    if (decision.failure?.kind === "reset-before") return reset();
    const delay = (start.latencyMs ?? 0) + decision.latencyMs;
    if (delay > 0) await sleep(delay);

    if (rateLimit) {
      const verdict = rateLimit.take(`${method} ${routeTemplateFor(url.pathname) ?? url.pathname}`);
      Object.assign(headers, verdict.headers);
      if (!verdict.allowed) {
        const retryAfter = String(Math.max(1, Math.ceil((verdict.resetAt - Date.now()) / 1000)));
        return sendError(429, "rate_limited", "Rate limit exceeded; retry after X-Ratelimit-Reset", { "Retry-After": retryAfter });
      }
    }

    const failure = decision.failure;
    if (failure && failure.kind !== "reset-after" && failure.kind !== "garble-after") {
      switch (failure.kind) {
        case "429": {
          const extra: Record<string, string> = { "X-Ratelimit-Reset": String(Date.now() + (failure.resetInMs ?? 1000)) };
          if (failure.retryAfterSeconds !== undefined) extra["Retry-After"] = String(failure.retryAfterSeconds);
          return sendError(429, "rate_limited", "Rate limit exceeded (injected)", extra);
        }
        case "500":
          return sendError(500, "internal_server_error", "Internal server error (injected)");
        case "502":
          return sendError(502, "bad_gateway", "Bad gateway (injected)");
        case "503":
          return sendError(503, "service_unavailable", "Service unavailable (injected)");
        case "409-optimistic":
          return sendError(409, "optimistic_locking_error", "The resource was modified concurrently; retry (injected)");
      }
    }

    const requestHeaders = new Headers();
    for (const [name, value] of Object.entries(incoming.headers)) {
      const joined = headerValue(value);
      if (joined !== undefined && name !== "host" && name !== "connection") requestHeaders.set(name, joined);
    }
    requestHeaders.set(REQUEST_ID_HEADER, requestId);
    const hasBody = method !== "GET" && method !== "HEAD" && bodyText !== "";
    const request = new Request(url, { method, headers: requestHeaders, ...(hasBody ? { body: bodyText } : {}) });
    const response = await getResponse(handlers, request);
    if (failure?.kind === "reset-after") return reset();
    if (!response) return sendError(404, "not_found", `No route for ${method} ${url.pathname}`);
    const responseHeaders: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      if (name !== "content-length") responseHeaders[name] = value;
    });
    let payload = response.status === 204 ? null : new Uint8Array(await response.arrayBuffer());
    if (failure?.kind === "garble-after" && response.ok && payload) payload = payload.slice(0, Math.floor(payload.length / 2));
    send(response.status, payload, responseHeaders);
  }

  const server = createServer((incoming, outgoing) => {
    handle(incoming, outgoing).catch((error: unknown) => {
      if (outgoing.headersSent) {
        outgoing.destroy();
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      const requestId = randomUUID();
      outgoing.writeHead(500, { "Content-Type": "application/json", "X-Request-Id": requestId });
      outgoing.end(JSON.stringify(errorBody("internal_server_error", `Emulator internal error: ${message}`, requestId)));
    });
  });
  // A client error (malformed HTTP) must not crash the process.
  server.on("clientError", (_error, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{\"code\":\"invalid_request\",\"message\":\"Malformed HTTP request\"}");
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(start.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;

  return {
    url: origin,
    get token() {
      return context.token;
    },
    store,
    options,
    requests,
    get faultCounts() {
      return { ...faults.counts };
    },
    resetRequestLog() {
      requests.splice(0, requests.length);
    },
    setFaults(rules: FaultRule[]) {
      faults.setRules(rules);
    },
    rotateToken(next: string) {
      context.token = next;
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
