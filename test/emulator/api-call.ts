import type { Emulator } from "../../src/emulator";

export interface ApiCallOptions {
  body?: unknown;
  /** Sent as-is instead of JSON-encoding `body`. */
  rawBody?: string;
  headers?: Record<string, string>;
  /** Omit the Authorization header. */
  noAuth?: boolean;
}

export interface ApiCallResult<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** Minimal fetch wrapper for emulator tests: token, JSON in and out. */
export function apiCaller(emulator: Emulator) {
  return async function call<T = any>(method: string, path: string, options: ApiCallOptions = {}): Promise<ApiCallResult<T>> {
    const headers: Record<string, string> = {
      ...(options.noAuth ? {} : { Authorization: emulator.token }),
      ...(options.body !== undefined || options.rawBody !== undefined ? { "Content-Type": "application/json" } : {}),
      ...options.headers,
    };
    const body = options.rawBody ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined);
    const response = await fetch(`${emulator.url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await response.text();
    let parsed: unknown = undefined;
    if (text !== "") {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  };
}
