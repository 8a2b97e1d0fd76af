#!/usr/bin/env node
"use strict";
/**
 * `npm run spec:fetch`: downloads LaunchDarkly's published OpenAPI spec into the git-ignored cache that the
 * spec tests read (scripts/openapi-spec-location.js). The file is checked to be an OpenAPI document with
 * paths before it replaces the cache; on any failure nothing is written and the exit code is 1.
 *
 *   npm run spec:fetch
 *   node scripts/fetch-openapi-spec.js --url <mirror> --out <file>
 */
const fs = require("node:fs");
const path = require("node:path");
const { CACHE_SPEC_PATH, PUBLISHED_SPEC_URL, SPEC_ENV } = require("./openapi-spec-location.js");

const TIMEOUT_MS = 60_000;

function parseArgs(argv) {
  const args = { url: PUBLISHED_SPEC_URL, out: CACHE_SPEC_PATH };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if ((flag === "--url" || flag === "--out") && value) {
      args[flag.slice(2)] = value;
      i++;
    } else {
      throw new Error(`unknown argument ${flag} (usage: fetch-openapi-spec.js [--url <url>] [--out <file>])`);
    }
  }
  return args;
}

/** The network error's own code (ENOTFOUND, ECONNREFUSED, …) is the useful part of undici's "fetch failed". */
function describeFetchError(error) {
  const cause = error && error.cause;
  const code = (cause && (cause.code || (cause.errors && cause.errors[0] && cause.errors[0].code))) || error.name;
  const message = (cause && cause.message) || error.message;
  return code && !String(message).includes(code) ? `${code}: ${message}` : String(message);
}

async function download(url) {
  let response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), headers: { Accept: "application/json" } });
  } catch (error) {
    throw new Error(
      `could not reach ${url} (${describeFetchError(error)}): offline, or the host is unreachable. Nothing was written. ` +
        `Without network access, copy the spec from a machine that has it and set ${SPEC_ENV}=<path to openapi.json>.`,
    );
  }
  const text = await response.text();
  if (!response.ok) throw new Error(`${url} answered ${response.status} ${response.statusText}; nothing was written.`);
  let spec;
  try {
    spec = JSON.parse(text);
  } catch {
    throw new Error(`${url} did not return JSON (${text.slice(0, 80).replace(/\s+/g, " ")}…); nothing was written.`);
  }
  if (!spec || typeof spec.openapi !== "string" || !spec.paths || typeof spec.paths !== "object") {
    throw new Error(`${url} returned JSON that is not an OpenAPI document (no "openapi" and "paths"); nothing was written.`);
  }
  return { text, version: spec.info && spec.info.version, paths: Object.keys(spec.paths).length };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const spec = await download(args.url);
  const out = path.resolve(args.out);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const partial = `${out}.partial`;
  fs.writeFileSync(partial, spec.text);
  fs.renameSync(partial, out);
  process.stdout.write(`spec:fetch: wrote ${out} (OpenAPI info.version ${spec.version ?? "?"}, ${spec.paths} paths, ${spec.text.length} bytes)\n`);
}

main().catch((error) => {
  process.stderr.write(`spec:fetch: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
