"use strict";
/**
 * Where LaunchDarkly's OpenAPI spec is found. The spec is never committed to this repository; this is the
 * ONLY module that may name a path outside it (test/unit/no-outside-paths.test.ts enforces that).
 *
 * Looked up in this order:
 *   1. the file named by LAUNCHDARKLY_OPENAPI_SPEC (an error if that file does not exist: the setting is wrong);
 *   2. ../shared/launchdarkly-openapi.json beside the repository (CI checks it out there);
 *   3. .cache/launchdarkly-openapi.json inside the repository (git-ignored), filled by `npm run spec:fetch`.
 */
const fs = require("node:fs");
const path = require("node:path");

const REPO_ROOT = path.resolve(__dirname, "..");
const SPEC_ENV = "LAUNCHDARKLY_OPENAPI_SPEC";
const REQUIRE_ENV = "REQUIRE_OPENAPI_SPEC";
const SHARED_SPEC_PATH = path.resolve(REPO_ROOT, "..", "shared", "launchdarkly-openapi.json");
const CACHE_SPEC_PATH = path.join(REPO_ROOT, ".cache", "launchdarkly-openapi.json");
const PUBLISHED_SPEC_URL = "https://app.launchdarkly.com/api/v2/openapi.json";

const HOW_TO_GET = `run \`npm run spec:fetch\` (downloads ${PUBLISHED_SPEC_URL} into .cache/) or set ${SPEC_ENV}=<path to openapi.json>`;

/**
 * @returns {{ path: string, source: "env" | "shared" | "cache" } | undefined} the spec file, or undefined when none is found
 * @throws when LAUNCHDARKLY_OPENAPI_SPEC names a file that does not exist
 */
function locateOpenApiSpec(env = process.env) {
  const fromEnv = env[SPEC_ENV];
  if (fromEnv) {
    const resolved = path.resolve(fromEnv);
    if (!fs.existsSync(resolved)) throw new Error(`${SPEC_ENV}=${fromEnv}: no such file. Unset it, or ${HOW_TO_GET}.`);
    return { path: resolved, source: "env" };
  }
  if (fs.existsSync(SHARED_SPEC_PATH)) return { path: SHARED_SPEC_PATH, source: "shared" };
  if (fs.existsSync(CACHE_SPEC_PATH)) return { path: CACHE_SPEC_PATH, source: "cache" };
  return undefined;
}

/** True when REQUIRE_OPENAPI_SPEC=1 (CI): a missing spec fails the spec tests instead of skipping them. */
function openApiSpecRequired(env = process.env) {
  return env[REQUIRE_ENV] === "1";
}

/** The one line printed when the spec is absent. */
function missingSpecMessage(required) {
  const places = `${SPEC_ENV}, ../shared/launchdarkly-openapi.json, .cache/launchdarkly-openapi.json`;
  return required
    ? `${REQUIRE_ENV}=1 but LaunchDarkly's OpenAPI spec was not found (looked at ${places}): ${HOW_TO_GET}.`
    : `OpenAPI spec tests skipped: LaunchDarkly's OpenAPI spec was not found (looked at ${places}); to run them, ${HOW_TO_GET}.`;
}

module.exports = {
  REPO_ROOT,
  SPEC_ENV,
  REQUIRE_ENV,
  CACHE_SPEC_PATH,
  PUBLISHED_SPEC_URL,
  locateOpenApiSpec,
  openApiSpecRequired,
  missingSpecMessage,
};
