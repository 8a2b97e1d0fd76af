import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";

/**
 * Validates bodies against LaunchDarkly's OpenAPI spec, found by scripts/openapi-spec-location.js
 * (LAUNCHDARKLY_OPENAPI_SPEC, then ../shared/, then the `npm run spec:fetch` cache). The whole spec is
 * registered under the id "spec", and each operation's schema is compiled lazily through a JSON pointer
 * into it, so `$ref`s resolve as in the spec.
 *
 * Without the spec (a bare clone), tests that are about the spec skip through `skipWithoutSpec`, and
 * `assertSentBodyMatchesSpec` validates nothing, so a resource test's other assertions still run. With
 * REQUIRE_OPENAPI_SPEC=1 (CI) neither skips: a missing spec fails them with the lookup's message.
 *
 *   describe.skipIf(skipWithoutSpec)("…", () => { expect(validateResponse("GET", "/api/v2/members/{id}", 200, body).errors).toEqual([]); });
 *   assertSentBodyMatchesSpec(emu.requests[0]);
 */
interface SpecLocation {
  path: string;
  source: "env" | "shared" | "cache";
}
const specLocation: {
  locateOpenApiSpec(): SpecLocation | undefined;
  openApiSpecRequired(): boolean;
  missingSpecMessage(required: boolean): string;
} = createRequire(__filename)("../../scripts/openapi-spec-location.js");

export const SPEC_LOCATION: SpecLocation | undefined = specLocation.locateOpenApiSpec();
export const SPEC_REQUIRED = specLocation.openApiSpecRequired();
/** For `describe.skipIf` / `test.skipIf`: no spec, and REQUIRE_OPENAPI_SPEC is not set. */
export const skipWithoutSpec = SPEC_LOCATION === undefined && !SPEC_REQUIRED;

const SPEC_ID = "spec";
/** Used for error statuses an operation does not declare (e.g. 409 on DELETE /teams/{key}); every *ErrorRep has this shape. */
const GENERIC_ERROR_SCHEMA = "#/components/schemas/InvalidRequestErrorRep";

export interface ValidationResult {
  valid: boolean;
  errors: string[];
  /** False when the operation does not declare this status; error bodies are then checked against the generic error shape. */
  declared: boolean;
  /** The JSON pointer into the spec of the schema used, when there was one. */
  schemaPointer?: string;
}

interface OpenApiOperation {
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { content?: Record<string, { schema?: unknown }>; $ref?: string }>;
}

interface OpenApiSpec {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, unknown> };
}

let loaded: { spec: OpenApiSpec; ajv: Ajv } | undefined;
const compiled = new Map<string, ValidateFunction>();

function load(): { spec: OpenApiSpec; ajv: Ajv } {
  if (loaded) return loaded;
  if (!SPEC_LOCATION) throw new Error(specLocation.missingSpecMessage(SPEC_REQUIRED));
  const spec = JSON.parse(readFileSync(SPEC_LOCATION.path, "utf8")) as OpenApiSpec;
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema(spec as object, SPEC_ID);
  loaded = { spec, ajv };
  return loaded;
}

export function openApiSpec(): OpenApiSpec {
  return load().spec;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

function validatorFor(pointer: string): ValidateFunction {
  let validate = compiled.get(pointer);
  if (!validate) {
    validate = load().ajv.compile({ $ref: `${SPEC_ID}${pointer}` });
    compiled.set(pointer, validate);
  }
  return validate;
}

function run(pointer: string, body: unknown, declared: boolean): ValidationResult {
  const validate = validatorFor(pointer);
  const valid = validate(body) as boolean;
  const errors = valid ? [] : (validate.errors ?? []).map((error) => `${error.instancePath || "(root)"} ${error.message ?? "invalid"} ${JSON.stringify(error.params)}`);
  return { valid, errors, declared, schemaPointer: pointer };
}

function operation(method: string, pathTemplate: string): OpenApiOperation {
  const pathItem = load().spec.paths[pathTemplate];
  if (!pathItem) throw new Error(`The spec has no path ${pathTemplate}`);
  const op = pathItem[method.toLowerCase()];
  if (!op) throw new Error(`The spec has no ${method.toUpperCase()} ${pathTemplate}`);
  return op;
}

/** Validates a response body against the schema the operation declares for `status`. */
export function validateResponse(method: string, pathTemplate: string, status: number, body: unknown): ValidationResult {
  const op = operation(method, pathTemplate);
  const statusKey = op.responses?.[String(status)] ? String(status) : op.responses?.default ? "default" : undefined;
  if (statusKey === undefined) {
    if (status >= 400) return { ...run(GENERIC_ERROR_SCHEMA, body, false) };
    return { valid: false, errors: [`status ${status} is not declared for ${method.toUpperCase()} ${pathTemplate}`], declared: false };
  }
  const content = op.responses?.[statusKey]?.content?.["application/json"];
  if (!content?.schema) {
    const empty = body === undefined || body === null || body === "";
    return { valid: empty, errors: empty ? [] : [`status ${status} declares no body, got one`], declared: true };
  }
  const pointer = `#/paths/${escapePointer(pathTemplate)}/${method.toLowerCase()}/responses/${statusKey}/content/${escapePointer("application/json")}/schema`;
  return run(pointer, body, true);
}

/** Validates a request body against the operation's `application/json` request schema. */
export function validateRequestBody(method: string, pathTemplate: string, body: unknown): ValidationResult {
  const op = operation(method, pathTemplate);
  if (!op.requestBody?.content?.["application/json"]?.schema) {
    return { valid: false, errors: [`${method.toUpperCase()} ${pathTemplate} declares no JSON request body`], declared: false };
  }
  const pointer = `#/paths/${escapePointer(pathTemplate)}/${method.toLowerCase()}/requestBody/content/${escapePointer("application/json")}/schema`;
  return run(pointer, body, true);
}

/** Validates against a named component schema, e.g. `validateSchema("Member", body)`. */
export function validateSchema(schemaName: string, body: unknown): ValidationResult {
  if (!(schemaName in load().spec.components.schemas)) throw new Error(`The spec has no schema ${schemaName}`);
  return run(`#/components/schemas/${escapePointer(schemaName)}`, body, true);
}

function describe(result: ValidationResult, what: string): string {
  return `${what} does not match the spec (${result.schemaPointer ?? "no schema"}):\n  ${result.errors.join("\n  ")}`;
}

export function assertValidResponse(method: string, pathTemplate: string, status: number, body: unknown): void {
  const result = validateResponse(method, pathTemplate, status, body);
  if (!result.valid) throw new Error(describe(result, `${method.toUpperCase()} ${pathTemplate} → ${status} body`));
}

export function assertValidRequestBody(method: string, pathTemplate: string, body: unknown): void {
  const result = validateRequestBody(method, pathTemplate, body);
  if (!result.valid) throw new Error(describe(result, `${method.toUpperCase()} ${pathTemplate} request body`));
}

/**
 * Validates the body of one request the emulator logged against the request schema of the operation its
 * method and path belong to. Without the spec and without REQUIRE_OPENAPI_SPEC, this one check is skipped
 * (the run prints one line saying so); everything else in the calling test still runs.
 */
export function assertSentBodyMatchesSpec(request: { method: string; path: string; body: unknown }): void {
  if (skipWithoutSpec) return;
  const template = specPathFor(request.method, request.path);
  if (!template) throw new Error(`${request.method} ${request.path} is not an operation of LaunchDarkly's OpenAPI spec`);
  assertValidRequestBody(request.method, template, request.body);
}

/** The spec path template (`/api/v2/members/{id}`) a concrete pathname belongs to, preferring literal segments. */
export function specPathFor(method: string, pathname: string): string | undefined {
  const segments = pathname.replace(/\/+$/, "").split("/");
  let best: { template: string; literals: number } | undefined;
  for (const [template, item] of Object.entries(load().spec.paths)) {
    if (!item[method.toLowerCase()]) continue;
    const parts = template.split("/");
    if (parts.length !== segments.length) continue;
    let literals = 0;
    const matches = parts.every((part, index) => {
      if (/^\{.+\}$/.test(part)) return segments[index] !== "";
      literals++;
      return part === segments[index];
    });
    if (matches && (!best || literals > best.literals)) best = { template, literals };
  }
  return best?.template;
}
