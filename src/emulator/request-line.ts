import type { RequestLogEntry } from "./server";

/**
 * One answered request as a line for a terminal: method, path and query, status (`reset` when the connection
 * was dropped instead of answered) and, for a JSON array body such as a batch of invites, its length.
 * Headers are never shown, so the access token is not either.
 */
export function requestLine(entry: RequestLogEntry): string {
  const query = new URLSearchParams(entry.query).toString();
  const status = entry.status === 0 ? "reset" : String(entry.status);
  const items = Array.isArray(entry.body) ? ` [${entry.body.length} ${entry.body.length === 1 ? "entry" : "entries"}]` : "";
  return `${entry.method} ${entry.path}${query ? `?${decodeURIComponent(query)}` : ""} ${status}${items}`;
}
