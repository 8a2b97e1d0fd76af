import { http } from "msw";
import { undocumentedExpandValues } from "../documented-query-values";
import type { HandlerContext } from "../handler-context";
import { ROUTES } from "../routes";
import { errorResponse, REQUEST_ID_HEADER } from "./errors";

const ENTERPRISE_PATHS = /^\/api\/v2\/(teams|roles)(\/|$)/;

/** Raw token as LaunchDarkly expects it; a "Bearer " prefix is tolerated (digest §6.1). */
function presentedToken(request: Request): string | undefined {
  const header = request.headers.get("authorization")?.trim();
  if (!header) return undefined;
  return header.replace(/^bearer\s+/i, "");
}

/**
 * Runs before every route: 401 without the right token, 403 on Enterprise routes when the account is not
 * Enterprise, 400 on an `expand` value the operation does not document when `undocumentedQueryValues` is "reject".
 */
export function gateHandlers(ctx: HandlerContext) {
  return [
    http.all("*", ({ request }) => {
      const requestId = request.headers.get(REQUEST_ID_HEADER);
      if (presentedToken(request) !== ctx.token) {
        return errorResponse(401, "unauthorized", "Invalid access token", requestId);
      }
      const { pathname } = new URL(request.url);
      if (!ctx.options.enterprise && ENTERPRISE_PATHS.test(pathname)) {
        return errorResponse(403, "forbidden", "This feature requires an Enterprise plan", requestId);
      }
      if (ctx.options.undocumentedQueryValues === "reject") {
        const undocumented = undocumentedExpandValues(request.method, new URL(request.url));
        if (undocumented.length > 0) {
          return errorResponse(400, "invalid_request", `Unsupported expand value(s) for ${request.method} ${pathname}: ${undocumented.join(", ")}`, requestId);
        }
      }
      return undefined;
    }),
  ];
}

/** After every route: known path with another method → 405; anything else → 404. */
export function fallbackHandlers() {
  return [
    ...ROUTES.map(({ template, methods }) =>
      http.all(`*${template}`, ({ request }) =>
        errorResponse(405, "method_not_allowed", `Method ${request.method} is not allowed on ${template}; allowed: ${methods.join(", ")}`, request.headers.get(REQUEST_ID_HEADER), {}, {
          Allow: methods.join(", "),
        }),
      ),
    ),
    http.all("*", ({ request }) =>
      errorResponse(404, "not_found", `No route for ${request.method} ${new URL(request.url).pathname}`, request.headers.get(REQUEST_ID_HEADER)),
    ),
  ];
}
