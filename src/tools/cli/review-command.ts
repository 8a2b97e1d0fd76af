import { parseArgs } from "node:util";
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { snapshotFromStateExport, StateExportError } from "../account/state-snapshot";
import type { AccountSnapshot } from "../account/snapshot-types";
import { buildAccessReview, type AccessReview } from "../review/access-review";
import { renderReviewCsv } from "../review/render-csv";
import { renderReviewJson } from "../review/render-json";
import { renderReviewMarkdown } from "../review/render-markdown";
import { nonNegativeInteger, oneOf, parseWithUsage, STACK_OPTIONS_USAGE, stackSelection } from "./args";
import { readAccountFromEnv } from "./account-reader";
import { EXIT, UsageError, UserFacingError } from "./cli-errors";
import type { CliCommand, CliIo } from "./command";

type Format = "markdown" | "csv" | "json";
const FORMATS: readonly Format[] = ["markdown", "csv", "json"];
const DEFAULT_STALE_INVITE_DAYS = 30;

const USAGE = `Usage: pulumi-launchdarkly-access review [options]

Prints an access review of a LaunchDarkly account: per member, the base role, custom roles (direct
and via teams), teams and the resulting policy statements; per custom role, who holds it and how.
Flags admins and owners, roles allowing every action (*) on production, members with no team, and
pending invites older than --stale-invite-days. Policy findings: unknown or misplaced actions and invalid
resources in roles, allow statements a deny of the same role voids, roles held by nobody, and holders
without the role attributes a role's placeholders need.

Options:
  --format FORMAT          markdown (default), csv (one row per member and statement) or json
  --stale-invite-days N    flag pending invites older than N days (default ${DEFAULT_STALE_INVITE_DAYS})
  --state FILE             review a \`pulumi stack export\` file instead of the live account
                           (what the stack manages; invite dates are not in the state, so pending
                           invites show "unknown" and are not flagged as stale)
${STACK_OPTIONS_USAGE}
  --output FILE            write the review to FILE instead of stdout
  --fail-on-flags          exit with code 3 when anything is flagged, policy findings included (for CI)
  --quiet                  no progress on stderr
  -h, --help               this help

Environment (live account, unless --stack):
  LAUNCHDARKLY_ACCESS_TOKEN  API access token with read access to members, teams and custom roles
  LAUNCHDARKLY_API_HOST      default https://app.launchdarkly.com (or the emulator's http://127.0.0.1:PORT)
`;

const OPTIONS = {
  format: { type: "string" },
  "stale-invite-days": { type: "string" },
  state: { type: "string" },
  stack: { type: "string" },
  cwd: { type: "string" },
  output: { type: "string" },
  "fail-on-flags": { type: "boolean" },
  quiet: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const RENDERERS: Record<Format, (review: AccessReview) => string> = {
  markdown: renderReviewMarkdown,
  csv: renderReviewCsv,
  json: renderReviewJson,
};

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseWithUsage(USAGE, () => parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }));
  if (values.help) {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  const format = oneOf("format", values.format, FORMATS, "markdown", USAGE);
  const staleInviteDays = nonNegativeInteger("stale-invite-days", values["stale-invite-days"], DEFAULT_STALE_INVITE_DAYS, USAGE);

  const stack = stackSelection(values.stack, values.cwd, io.cwd, USAGE);
  if (stack && values.state !== undefined) throw new UsageError("--state reviews a state export and --stack reads the live account: use one of them", USAGE);
  const snapshot =
    values.state !== undefined
      ? readStateFile(resolve(io.cwd, values.state), io)
      : (await readAccountFromEnv(io, { quiet: values.quiet === true, ...(stack ? { stack } : {}) })).snapshot;
  const review = buildAccessReview(snapshot, { staleInviteDays, now: io.now() });
  const text = RENDERERS[format](review);
  if (values.output !== undefined) {
    const path = resolve(io.cwd, values.output);
    writeFileSync(path, text);
    if (values.quiet !== true) io.stderr(`Wrote the access review to ${path}.\n`);
  } else {
    io.stdout(text);
  }

  const flagged = Object.values(review.flags).reduce((n, list) => n + list.length, 0) + review.policyFindings.length;
  return values["fail-on-flags"] === true && flagged > 0 ? EXIT.flagged : EXIT.ok;
}

/** A `pulumi stack export` file as a snapshot (also `explain --state`). */
export function readStateFile(path: string, io: CliIo): AccountSnapshot {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : error instanceof Error ? error.message : String(error);
    throw new UserFacingError(`cannot read the state export ${path}: ${reason} (create it with \`pulumi stack export --file ${path}\`)`);
  }
  try {
    return snapshotFromStateExport(parsed, { readAt: io.now().toISOString(), source: path });
  } catch (error) {
    if (error instanceof StateExportError) throw new UserFacingError(`${path}: ${error.message}`);
    throw error;
  }
}

export const reviewCommand: CliCommand = {
  name: "review",
  summary: "print an access review (Markdown, CSV or JSON) with risky patterns flagged",
  usage: USAGE,
  run,
};
