import { createRequire } from "node:module";

/**
 * vitest globalSetup: says once per run where the OpenAPI spec came from, or, when there is none, the one line
 * saying how to get it (the spec tests then skip, or fail under REQUIRE_OPENAPI_SPEC=1).
 */
const specLocation: {
  locateOpenApiSpec(): { path: string; source: string } | undefined;
  openApiSpecRequired(): boolean;
  missingSpecMessage(required: boolean): string;
} = createRequire(__filename)("../../scripts/openapi-spec-location.js");

export default function announceOpenApiSpec(): void {
  const found = specLocation.locateOpenApiSpec();
  if (!found) console.log(specLocation.missingSpecMessage(specLocation.openApiSpecRequired()));
}
