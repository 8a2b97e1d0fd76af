import { parseArgs } from "node:util";
import { existsSync } from "node:fs";
import { basename, dirname, relative, resolve } from "node:path";
import { generateProject } from "../generate/generate-project";
import { isEmptyOrg, SelectionError, type MembershipStyle } from "../generate/org-selection";
import { renderImportFile } from "../generate/render-import-file";
import { projectNameFor } from "../generate/render-project-files";
import { OutputExistsError, writeProject } from "../generate/write-project";
import { commaList, oneOf, parseWithUsage, stackSelection } from "./args";
import { readAccountFromEnv } from "./account-reader";
import { EXIT, UserFacingError } from "./cli-errors";
import type { CliCommand, CliIo } from "./command";

const MEMBERSHIP_STYLES: readonly MembershipStyle[] = ["team-membership", "authoritative"];

const USAGE = `Usage: pulumi-launchdarkly-access generate [options]

Reads a live LaunchDarkly account and writes a TypeScript Pulumi program that adopts it:
org.ts (custom roles with policies, teams with roles, people with roles and teams, as data),
index.ts (maps org.ts to resources, each with adoptExisting: true), Pulumi.yaml, package.json
and tsconfig.json. Running \`pulumi up\` on it against the same account changes nothing.

Options:
  --out DIR              directory to write (default: ./launchdarkly-access)
  --teams a,b            only these teams, the people on or maintaining them, and the roles they hold
  --memberships STYLE    team-membership (default): one TeamMembership per pair, additive
                         authoritative: Team.memberIds lists each team's exact members
  --project-name NAME    Pulumi project name (default: from the --out directory)
  --import-file PATH     also write a Pulumi bulk-import file for the native provider plugin
                         (launchdarkly-access:index:* types) listing the same objects, for
                         \`pulumi import --file PATH\` in a program of any language; memberships
                         are TeamMembership resources there whatever --memberships says
  --force                overwrite files already in --out
  --stack NAME           read launchdarkly:accessToken (secret) and launchdarkly:apiHost from this
                         stack's config with the Pulumi CLI, instead of the environment
  --cwd DIR              the stack's Pulumi project directory (default: the current directory)
  --quiet                no progress on stderr
  -h, --help             this help

Environment (unless --stack):
  LAUNCHDARKLY_ACCESS_TOKEN  API access token with read access to members, teams and custom roles
  LAUNCHDARKLY_API_HOST      default https://app.launchdarkly.com (or the emulator's http://127.0.0.1:PORT)

Account owners are listed in org.ts but not managed (the API cannot change an owner).
`;

const OPTIONS = {
  out: { type: "string" },
  teams: { type: "string" },
  memberships: { type: "string" },
  "project-name": { type: "string" },
  "import-file": { type: "string" },
  stack: { type: "string" },
  cwd: { type: "string" },
  force: { type: "boolean" },
  quiet: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseWithUsage(USAGE, () => parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }));
  if (values.help) {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  const memberships = oneOf("memberships", values.memberships, MEMBERSHIP_STYLES, "team-membership", USAGE);
  const teams = commaList("teams", values.teams, USAGE);
  const outDir = resolve(io.cwd, values.out ?? "launchdarkly-access");
  const projectName = values["project-name"] ?? projectNameFor(basename(outDir));
  const importFile = values["import-file"] === undefined ? undefined : resolve(io.cwd, values["import-file"]);
  if (importFile !== undefined && values.force !== true && existsSync(importFile)) {
    throw new UserFacingError(`${importFile} already exists; choose another --import-file or pass --force to overwrite`);
  }

  const stack = stackSelection(values.stack, values.cwd, io.cwd, USAGE);
  const { snapshot } = await readAccountFromEnv(io, { quiet: values.quiet === true, ...(stack ? { stack } : {}) });
  let project;
  try {
    project = generateProject(snapshot, { projectName, memberships, ...(teams ? { teams } : {}) });
  } catch (error) {
    if (error instanceof SelectionError) throw new UserFacingError(error.message);
    throw error;
  }
  if (isEmptyOrg(project.org)) {
    throw new UserFacingError(
      `nothing to generate: the account at ${snapshot.apiHost} has no custom roles, no teams and no members besides its owner` +
        `${snapshot.members.length === 1 ? ` (${snapshot.members[0]!.email})` : ""}`,
    );
  }
  try {
    writeProject(outDir, project.files, values.force === true);
    if (importFile !== undefined) {
      const importJson = JSON.stringify(renderImportFile(project.org, snapshot.members), null, 2) + "\n";
      writeProject(dirname(importFile), { [basename(importFile)]: importJson }, values.force === true);
    }
  } catch (error) {
    if (error instanceof OutputExistsError) throw new UserFacingError(error.message);
    throw error;
  }
  const { org } = project;
  const membershipCount = org.people.reduce((n, p) => n + p.teams.length, 0);
  const shown = relative(io.cwd, outDir) || ".";
  io.stderr(
    `Wrote ${shown}/: ${count(org.roles.length, "custom role")}, ${count(org.teams.length, "team")}, ` +
      `${org.people.length} ${org.people.length === 1 ? "person" : "people"}, ${count(membershipCount, "team membership")} ` +
      `(${memberships === "authoritative" ? "as Team.memberIds" : "as TeamMembership resources"}).\n` +
      `Next: cd ${shown} && npm install && pulumi stack init && pulumi preview   # expect no changes\n` +
      (importFile === undefined
        ? ""
        : `Wrote ${relative(io.cwd, importFile)}: the same objects as a Pulumi import file for the native provider plugin; ` +
          `in a project of any language: pulumi import --file ${relative(io.cwd, importFile)}\n`),
  );
  return EXIT.ok;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

export const generateCommand: CliCommand = {
  name: "generate",
  summary: "write a Pulumi program that adopts a live account (adoptExisting: true)",
  usage: USAGE,
  run,
};
