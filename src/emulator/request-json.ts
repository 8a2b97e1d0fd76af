import { invalidRequest } from "./handlers/errors";

const SEMANTIC_PATCH_PARAMETER = /domain-model\s*=\s*"?launchdarkly\.semanticpatch"?/i;

/** True for `application/json` with any parameters (charset, domain-model, …). */
function isJsonMediaType(contentType: string): boolean {
  const mediaType = contentType.split(";")[0]?.trim().toLowerCase();
  return mediaType === "application/json" || mediaType === "application/*+json";
}

export function isSemanticPatchContentType(request: Request): boolean {
  return SEMANTIC_PATCH_PARAMETER.test(request.headers.get("content-type") ?? "");
}

/**
 * The parsed JSON body. A missing Content-Type is tolerated; a non-JSON one, an empty body or
 * malformed JSON is 400 `invalid_request`.
 */
export async function readJsonBody(request: Request): Promise<unknown> {
  const contentType = request.headers.get("content-type");
  if (contentType !== null && !isJsonMediaType(contentType)) {
    throw invalidRequest(`Unsupported Content-Type "${contentType}"; expected application/json`);
  }
  const text = await request.text();
  if (text.trim() === "") throw invalidRequest("A JSON request body is required");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalidRequest("Request body is not valid JSON");
  }
}
