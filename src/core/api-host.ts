/**
 * Validation of the `apiHost` setting. LaunchDarkly's base URL is an origin (`https://app.launchdarkly.com`):
 * the client appends `/api/v2/...` itself. Anything else is reported with the value the user probably meant,
 * instead of an undici "Invalid URL" or a 404 from a doubled path.
 */
export type ApiHostCheck = { ok: true; origin: string } | { ok: false; problem: string; suggestion?: string };

export function checkApiHost(raw: string): ApiHostCheck {
  const value = raw.trim();
  if (value === "") return { ok: false, problem: "is empty" };
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    return { ok: false, problem: "has no scheme", suggestion: `${isLoopback(value) ? "http" : "https"}://${value.replace(/\/+$/, "")}` };
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, problem: "is not a URL" };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return { ok: false, problem: `has the scheme "${url.protocol.replace(/:$/, "")}"`, suggestion: `https://${url.host}` };
  }
  if (url.username || url.password) return { ok: false, problem: "contains credentials", suggestion: url.origin };
  if (url.search || url.hash) return { ok: false, problem: "has a query or fragment", suggestion: url.origin };
  // A trailing slash is harmless; any path (including /api/v2, which the client adds itself) is not.
  if (url.pathname !== "/" && url.pathname !== "") {
    const what = /^\/api\/v2\/?$/.test(url.pathname) ? "ends in /api/v2, which the provider adds itself" : `has a path (${url.pathname})`;
    return { ok: false, problem: what, suggestion: url.origin };
  }
  return { ok: true, origin: url.origin };
}

function isLoopback(hostAndPort: string): boolean {
  return /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?(\/|$)/i.test(hostAndPort);
}
