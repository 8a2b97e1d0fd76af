import type { z } from "zod";
import { invalidResponseError } from "./request-failures";
import { formatPropertyPath } from "../property-path";

export interface ResponseOrigin {
  method: string;
  path: string;
  status: number;
  requestId?: string | undefined;
  /** Where in the body the value sits, e.g. `items[3]`, prefixed to the zod path. */
  at?: string;
}

/**
 * The body with every `null` object property left out, at any depth (decision 0011). LaunchDarkly's spec
 * marks no field nullable, but its Go client tolerates `null`, so a server may send `null` for a field it
 * has no value for: read as absent, it is accepted wherever the field is optional and reported as missing
 * where it is required. Array elements are kept: a `null` item is not an absent one.
 */
export function nullsAsAbsent(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(nullsAsAbsent);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) if (field !== null) out[key] = nullsAsAbsent(field);
  return out;
}

/**
 * Parses a response body with a (lenient) schema, `null` read as absent; a mismatch is a
 * LaunchDarklyApiError `invalid_response`.
 */
export function parseResponseBody<S extends z.ZodType>(schema: S, body: unknown, origin: ResponseOrigin): z.output<S> {
  const result = schema.safeParse(nullsAsAbsent(body));
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 3).map((issue) => `${formatPropertyPath(issue.path, origin.at) || "(root)"}: ${issue.message}`);
  const more = result.error.issues.length > 3 ? ` (+${result.error.issues.length - 3} more)` : "";
  return throwInvalid(origin, `does not match the API schema at ${issues.join("; ")}${more}`);
}

function throwInvalid(origin: ResponseOrigin, reason: string): never {
  throw invalidResponseError({ status: origin.status, method: origin.method, path: origin.path, reason, requestId: origin.requestId });
}

/** An item parser for `paginate`: validates each collection item, naming `items[i]` on failure. */
export function itemParser<S extends z.ZodType>(schema: S, method = "GET") {
  return (raw: unknown, at: { path: string; status: number; index: number }): z.output<S> =>
    parseResponseBody(schema, raw, { method, path: at.path, status: at.status, at: `items[${at.index}]` });
}
