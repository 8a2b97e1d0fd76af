import type { NetworkFailure } from "./retry";

// The shapes callers of `LaunchDarklyClient.request` see: the request, its response and the per-attempt record.

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
