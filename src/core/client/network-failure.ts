import type { FailureKind } from "./errors";

/**
 * What a thrown undici/Node error means for the user: a readable kind ("could not connect … (ECONNREFUSED)")
 * instead of a status 0, and whether it shows the host is not (or not yet) the LaunchDarkly API.
 */
export type NetworkFailureKind = Extract<
  FailureKind,
  "connection_refused" | "host_not_found" | "host_unreachable" | "connect_timeout" | "tls" | "no_response" | "connection_lost"
>;

export interface NetworkFailureDetail {
  kind: NetworkFailureKind;
  /** The error code as Node or undici gives it, e.g. `ECONNREFUSED`, `ERR_SSL_WRONG_VERSION_NUMBER`. */
  code: string;
  /** The error's own message, for the details of TLS failures. */
  detail: string;
}

const KIND_BY_CODE: Record<string, NetworkFailureKind> = {
  ECONNREFUSED: "connection_refused",
  ENOTFOUND: "host_not_found",
  EAI_AGAIN: "host_not_found",
  EHOSTUNREACH: "host_unreachable",
  ENETUNREACH: "host_unreachable",
  EADDRNOTAVAIL: "host_unreachable",
  ETIMEDOUT: "connect_timeout",
  UND_ERR_CONNECT_TIMEOUT: "connect_timeout",
  UND_ERR_HEADERS_TIMEOUT: "no_response",
  ECONNRESET: "connection_lost",
  EPIPE: "connection_lost",
  UND_ERR_SOCKET: "connection_lost",
  UND_ERR_CLOSED: "connection_lost",
  UND_ERR_BODY_TIMEOUT: "connection_lost",
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: "connection_lost",
  EPROTO: "tls",
};

/** Certificate verification failures carry OpenSSL's reason as the code. */
const CERTIFICATE_CODES = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_UNTRUSTED",
  "CERT_REJECTED",
  "HOSTNAME_MISMATCH",
]);

/** Classifies a thrown error (following `cause`); undefined when it is not a network failure (a bug to rethrow). */
export function classifyNetworkError(error: unknown): NetworkFailureDetail | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as NodeJS.ErrnoException).code;
    if (typeof code === "string") {
      const kind = KIND_BY_CODE[code] ?? (isTlsCode(code) ? "tls" : undefined);
      if (kind) return { kind, code, detail: firstLine(current.message) };
    }
    current = (current as Error & { cause?: unknown }).cause;
  }
  return undefined;
}

function isTlsCode(code: string): boolean {
  return code.startsWith("ERR_SSL_") || code.startsWith("ERR_TLS_") || CERTIFICATE_CODES.has(code);
}

function firstLine(text: string): string {
  return (text.split("\n")[0] ?? "").trim();
}

/**
 * Failures that show the host does not answer as an HTTP API at all (nothing listening, no such host, no TLS,
 * no connection or no response in the first-contact wait), as opposed to a dropped connection or a slow answer.
 */
export function isUnreachable(kind: FailureKind): boolean {
  return UNREACHABLE.has(kind);
}

const UNREACHABLE = new Set<FailureKind>(["connection_refused", "host_not_found", "host_unreachable", "connect_timeout", "tls", "no_response"]);

/** One readable line: what happened, where, and the code. */
export function describeNetworkFailure(failure: NetworkFailureDetail, apiHost: string, waitedMs: number | undefined): string {
  switch (failure.kind) {
    case "connection_refused":
      return `could not connect to ${apiHost} (${failure.code}: nothing accepts connections there)`;
    case "host_not_found":
      return `could not connect to ${apiHost} (${failure.code}: the host name does not resolve)`;
    case "host_unreachable":
      return `could not connect to ${apiHost} (${failure.code}: no route to the host)`;
    case "connect_timeout":
      return `could not connect to ${apiHost} within ${formatDuration(waitedMs)} (${failure.code})`;
    case "tls":
      return `TLS with ${apiHost} failed (${failure.code}: ${tlsReason(failure)})`;
    case "no_response":
      return `${apiHost} accepted the connection but sent no response within ${formatDuration(waitedMs)} (the first request's wait, twice the connect timeout)`;
    case "connection_lost":
      return `the connection to ${apiHost} was lost before a complete response (${failure.code})`;
  }
}

function tlsReason(failure: NetworkFailureDetail): string {
  // OpenSSL's messages carry internal file names and addresses; the code says it better for the common cases.
  if (failure.code === "ERR_SSL_WRONG_VERSION_NUMBER" || failure.code === "EPROTO") return "the server does not speak TLS; is it plain http?";
  if (failure.code === "DEPTH_ZERO_SELF_SIGNED_CERT" || failure.code === "SELF_SIGNED_CERT_IN_CHAIN") return "the server's certificate is self-signed and not trusted";
  if (failure.code.startsWith("UNABLE_TO_")) return "the server's certificate is not signed by a trusted authority";
  if (failure.code === "CERT_HAS_EXPIRED") return "the server's certificate has expired";
  if (failure.code === "ERR_TLS_CERT_ALTNAME_INVALID" || failure.code === "HOSTNAME_MISMATCH") return "the server's certificate is for another host name";
  return failure.detail.replace(/^[0-9A-F]+:error:[0-9A-F]+:/, "");
}

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return "the time allowed";
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  return ms >= 1000 ? `${Number.isInteger(ms / 1000) ? ms / 1000 : (ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}
