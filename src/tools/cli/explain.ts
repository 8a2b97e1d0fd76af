import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { planFromPreview } from "../explain/plan";
import { accessWorldsFromPreview } from "../explain/access-worlds";
import { renderAccessChanges } from "../explain/render-access-changes";
import { accessDeltas } from "../access-analysis/access-delta";
import { readStateFile } from "./review-command";
import { parsePreviewJson, PreviewJsonError } from "../explain/preview-json";
import { renderExplainMarkdown, summaryLine } from "../explain/render-markdown";
import { parseWithUsage } from "./args";
import { EXIT, UserFacingError } from "./cli-errors";
import type { CliCommand, CliIo } from "./command";

const USAGE = `Usage: pulumi preview --json | pulumi-launchdarkly-access explain [options]

Reads \`pulumi preview --json\` (or \`pulumi destroy --preview-only --json\`) and prints, per resource, the
exact LaunchDarkly requests \`pulumi up\` will send (method, path, JSON Patch or semantic-patch body), as
Markdown ready to post as a pull-request comment (stdout), and a one-line summary (stderr). Built with the same request
builders the provider uses. Sends no requests itself.

An "Access changes" section says, per member (by email), the actions gained or lost and on which
resource patterns, production environments first.

Options:
  --input FILE             read the preview JSON from FILE instead of stdin
  --state FILE             a \`pulumi stack export\` of the stack before the change: who holds the changed
                           roles and teams, their emails and role attributes (e.g. --state <(pulumi stack export))
  --production-env GLOBS   comma-separated environment names (globs) listed first as production (default production)
  --summary                print only the one-line summary
  -h, --help               this help
`;

/** Reads all of standard input. */
function readProcessStdin(): Promise<string> {
  return new Promise((resolveText, reject) => {
    if (process.stdin.isTTY) {
      reject(new UserFacingError("no input: pipe `pulumi preview --json` into this command, or pass --input FILE"));
      return;
    }
    const chunks: Buffer[] = [];
    process.stdin.on("data", (chunk: Buffer) => chunks.push(chunk));
    process.stdin.on("end", () => resolveText(Buffer.concat(chunks).toString("utf8")));
    process.stdin.on("error", reject);
  });
}

/** The command with an injectable stdin (tests pass the preview text directly). */
export function makeExplainCommand(readStdin: () => Promise<string> = readProcessStdin): CliCommand {
  return {
    name: "explain",
    summary: "print the exact LaunchDarkly requests a `pulumi preview --json` means, as Markdown for a PR",
    usage: USAGE,
    async run(argv: readonly string[], io: CliIo): Promise<number> {
      const { values } = parseWithUsage(USAGE, () =>
        parseArgs({
          args: [...argv],
          options: {
            input: { type: "string" },
            state: { type: "string" },
            "production-env": { type: "string" },
            summary: { type: "boolean" },
            help: { type: "boolean", short: "h" },
          },
          strict: true,
          allowPositionals: false,
        }),
      );
      if (values.help) {
        io.stdout(USAGE);
        return EXIT.ok;
      }
      const text = values.input !== undefined ? readInputFile(resolve(io.cwd, values.input)) : await readStdin();
      let digest;
      try {
        digest = parsePreviewJson(text);
      } catch (error) {
        if (error instanceof PreviewJsonError) throw new UserFacingError(error.message);
        throw error;
      }
      if (digest.errors.length > 0) {
        throw new UserFacingError(`the preview failed, so it plans nothing: ${digest.errors.join(" | ")}`);
      }
      const plan = planFromPreview(digest.steps);
      if (values.summary) {
        io.stdout(`${summaryLine(plan)}\n`);
      } else {
        // The Markdown (its summary on top) on stdout, ready to post; the one line on stderr for the terminal or CI log.
        const state = values.state !== undefined ? readStateFile(resolve(io.cwd, values.state), io) : undefined;
        const productionEnvs = (values["production-env"] ?? "production").split(",").map((env) => env.trim()).filter((env) => env !== "");
        const worlds = accessWorldsFromPreview(digest.steps, state);
        const access = renderAccessChanges(worlds, accessDeltas(worlds.before, worlds.after, { productionEnvs }), state !== undefined);
        io.stdout(renderExplainMarkdown(plan, undefined, access));
        io.stderr(`${summaryLine(plan)}\n`);
      }
      return EXIT.ok;
    },
  };
}

function readInputFile(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new UserFacingError(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export const explainCommand = makeExplainCommand();
