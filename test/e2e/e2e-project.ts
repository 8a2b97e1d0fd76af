import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

export const REPO_ROOT = path.resolve(__dirname, "../..");

/**
 * What the e2e program deploys. `initial` is examples/access as compiled by `npm run build`; `changed` is
 * the demo's pull request (`changedOrg`: Linus joins Platform, production deploys lose updateOffVariation
 * and gain a deny, Ken leaves) plus Ada's email moving to example.org, which replaces her Member (email is
 * identity) and, through her new id, her Platform membership.
 */
export type ProgramVariant = "initial" | "changed";

const PROGRAMS: Record<ProgramVariant, string> = {
  initial: `module.exports = defineOrg(org);\n`,
  changed: `const next = changedOrg(org);
next.people.find((p) => p.email === "ada@example.com").email = "ada@example.org";
module.exports = defineOrg(next);
`,
};

export interface E2eProject {
  root: string;
  projectDir: string;
  backendDir: string;
  homeDir: string;
  writeProgram(variant: ProgramVariant): void;
  remove(): void;
}

/**
 * A temp Pulumi project that runs the compiled example: its own Pulumi.yaml (plain JavaScript, so the
 * language host does no TypeScript), and node_modules linked to the repository's, where
 * `pulumi-launchdarkly-access` resolves to this package (the dynamic-provider plugin resolves it from there).
 */
export function createE2eProject(): E2eProject {
  const root = mkdtempSync(path.join(tmpdir(), "ld-access-e2e-"));
  const projectDir = path.join(root, "project");
  const backendDir = path.join(root, "backend");
  const homeDir = path.join(root, "pulumi-home");
  for (const dir of [projectDir, backendDir, homeDir]) mkdirSync(dir, { recursive: true });
  symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(projectDir, "node_modules"), "dir");
  writeFileSync(
    path.join(projectDir, "Pulumi.yaml"),
    "name: launchdarkly-access-e2e\ndescription: examples/access through the real Pulumi CLI\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: index.js\n",
  );
  writeFileSync(path.join(projectDir, "package.json"), JSON.stringify({ name: "launchdarkly-access-e2e", private: true, main: "index.js" }, null, 2));

  const dist = (file: string) => JSON.stringify(path.join(REPO_ROOT, "dist", file));
  const header =
    `const { org } = require(${dist("examples/access/org.js")});\n` +
    `const { defineOrg } = require(${dist("examples/access/program.js")});\n` +
    `const { changedOrg } = require(${dist("harnesses/demo/run-demo.js")});\n`;
  return {
    root,
    projectDir,
    backendDir,
    homeDir,
    writeProgram(variant) {
      writeFileSync(path.join(projectDir, "index.js"), header + PROGRAMS[variant]);
    },
    remove() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}
