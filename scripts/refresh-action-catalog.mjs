#!/usr/bin/env node
// Compares the action catalog (src/core/policy/action-catalog-data.ts, via the built dist/) with saved copies of
// LaunchDarkly's "Using actions" and "Recently updated actions and resources" pages (their Markdown form),
// and prints, per resource type, the actions the pages have and the catalog lacks, and the reverse.
//
//   curl -sSo role-actions.md https://launchdarkly.com/docs/home/account/roles/role-actions.md
//   curl -sSo role-updates.md https://launchdarkly.com/docs/home/account/roles/role-updates.md
//   npm run build && node scripts/refresh-action-catalog.mjs role-actions.md role-updates.md
//
// Then edit src/core/policy/action-catalog-data.ts (and src/core/policy/resource-types.ts for a new resource type),
// set `sourceDate` to the pages' date, and run `npx vitest run test/unit/action-catalog.test.ts test/bad-inputs/policy-catalog.test.ts`.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { ACTION_CATALOG } = require("../dist/core/policy/action-catalog-data.js");
const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node scripts/refresh-action-catalog.mjs role-actions.md [role-updates.md]");
  process.exit(2);
}

const ACTION = /`?([a-z][A-Za-z0-9]+)`?/g;
const typeOf = (specifier) => specifier.split(":").pop().replace("/*", "");

const documented = new Map();
for (const file of files) {
  let current;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    // "Recently updated" rows: | change | proj/*:prompt-snippet/* | Added createPromptSnippet, … |
    const rowSpecifier = cells.find((c) => /^`?[a-z-]+(\/\*)?(:[a-z-]+(\/\*)?)*`?$/.test(c) && c.includes("/"));
    if (rowSpecifier && /Added/.test(line)) {
      const type = typeOf(rowSpecifier.replace(/`/g, ""));
      const added = line.slice(line.indexOf("Added") + 5).match(ACTION) ?? [];
      for (const a of added) add(type, a.replace(/`/g, ""));
      continue;
    }
    // "Using actions": a code sample with the specifier, then a table whose first column is the action.
    const spec = line.trim().match(/^`?((?:[a-z-]+\/\*:)*[a-z-]+(?:\/\*)?)`?$/);
    if (spec && (spec[1].includes("/") || spec[1] === "acct")) current = typeOf(spec[1]);
    if (current && cells.length > 2 && /^`?[a-z][A-Za-z0-9]+`?$/.test(cells[1]) && cells[1] !== "Action") add(current, cells[1].replace(/`/g, ""));
  }
}

function add(type, action) {
  if (!documented.has(type)) documented.set(type, new Set());
  documented.get(type).add(action);
}

let differences = 0;
for (const type of [...new Set([...documented.keys(), ...Object.keys(ACTION_CATALOG.actions)])].sort()) {
  const docs = documented.get(type) ?? new Set();
  const ours = new Set(ACTION_CATALOG.actions[type] ?? []);
  const missing = [...docs].filter((a) => !ours.has(a));
  const extra = docs.size > 0 ? [...ours].filter((a) => !docs.has(a)) : [];
  if (missing.length) console.log(`${type}: documented, not in the catalog: ${missing.join(", ")}`);
  if (extra.length) console.log(`${type}: in the catalog, not in these pages: ${extra.join(", ")}`);
  differences += missing.length + extra.length;
}
console.log(`${differences} difference(s); catalog source date ${ACTION_CATALOG.sourceDate}`);
