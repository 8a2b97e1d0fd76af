import type { HeaderBag } from "./rate-limit";
import type { ApiResponse } from "./request";

/** A JSON error body as LaunchDarkly sends it: `{code, message, id, …details}`. */
export type ErrorBody = Record<string, unknown> & { code?: unknown; message?: unknown; id?: unknown };

/** The headers as one lower-case name → value map (repeated headers joined with ", "). */
export function flattenHeaders(headers: HeaderBag): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

/** A 2xx response with its JSON body parsed (undefined for an empty body); undefined when the body is not JSON. */
export function decodeSuccess(status: number, rawHeaders: HeaderBag, text: string): ApiResponse | undefined {
  const headers = flattenHeaders(rawHeaders);
  let body: unknown;
  if (text.trim() !== "") {
    try {
      body = JSON.parse(text);
    } catch {
      return undefined;
    }
  }
  const response: ApiResponse = { status, headers, body };
  const requestId = headers["x-request-id"];
  if (requestId) response.requestId = requestId;
  return response;
}

/** The error body of a non-2xx response; undefined when the body is empty, not JSON, or not an error object. */
export function decodeErrorBody(text: string): ErrorBody | undefined {
  let parsed: unknown;
  try {
    parsed = text.trim() === "" ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
  return isErrorBody(parsed) ? parsed : undefined;
}

/** The `code` of a JSON error body, if it has one. */
export function errorCodeOf(text: string): string | undefined {
  const code = decodeErrorBody(text)?.code;
  return typeof code === "string" ? code : undefined;
}

function isErrorBody(value: unknown): value is ErrorBody {
  return typeof value === "object" && value !== null && !Array.isArray(value) && ("code" in value || "message" in value);
}

/** A body that cannot be used, described for the error: its size, content type and first characters. */
export function describeBody(text: string, contentType: string | undefined): string {
  if (text.trim() === "") return `empty body, content-type ${contentType ?? "none"}`;
  const snippet = text.replace(/\s+/g, " ").trim().slice(0, 120);
  return `${text.length} bytes of ${contentType ?? "unknown content-type"}: ${JSON.stringify(snippet)}`;
}
