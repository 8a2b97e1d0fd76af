/**
 * The one format of every failure the provider and the CLI report:
 *
 *   LaunchDarkly API <METHOD> <path> failed: <status> <code>: <message> (request id <id>). Fix: <what to change>
 *
 * - what failed: the request (method and path), or "not sent" when configuration stopped it;
 * - the LaunchDarkly status, code and request id when there was a response, and otherwise a readable kind
 *   ("could not connect to http://127.0.0.1:1 (ECONNREFUSED)") instead of a status 0;
 * - the setting (with where it came from) or the resource property to change.
 */
export interface FormattableFailure {
  method: string;
  path: string;
  /** HTTP status; 0 when no response arrived or nothing was sent. */
  status: number;
  code: string;
  /** The API's message, or the client's description of what happened. */
  apiMessage: string;
  requestId?: string | undefined;
  /** True when the request was never sent (configuration). */
  notSent?: boolean;
  fix?: string | undefined;
}

export function formatFailure(failure: FormattableFailure): string {
  const what = `LaunchDarkly API ${failure.method} ${failure.path} ${failure.notSent ? "not sent" : "failed"}`;
  const rid = failure.requestId ? ` (request id ${failure.requestId})` : "";
  const why = failure.status > 0 ? `${failure.status} ${failure.code}: ${sentence(failure.apiMessage)}` : sentence(failure.apiMessage);
  const fix = failure.fix ? ` Fix: ${sentence(failure.fix)}.` : "";
  return `${what}: ${why}${rid}.${fix}`;
}

/** Without a trailing period, so that the format adds exactly one. */
function sentence(text: string): string {
  return text.trim().replace(/\.+$/, "");
}
