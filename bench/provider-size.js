"use strict";
/**
 * The size of `__provider` per resource: the JavaScript source Pulumi serializes into the state for every
 * resource, computed exactly as `pulumi.dynamic.Resource` does (serializeFunction of the provider object).
 */
const path = require("node:path");
const { ROOT } = require("../test/soak/dist-modules");

async function providerSizes() {
  const pulumi = require(require.resolve("@pulumi/pulumi", { paths: [ROOT] }));
  const { providerShim } = require(path.join(ROOT, "dist", "core", "provider", "shim.js"));
  const sizes = {};
  for (const kind of ["member", "team", "teamMembership", "customRole"]) {
    const provider = providerShim(kind);
    const serialized = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
    sizes[kind] = Buffer.byteLength(serialized.text, "utf8");
  }
  return sizes;
}

module.exports = { providerSizes };
