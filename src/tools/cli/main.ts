#!/usr/bin/env node
import { LaunchDarklyApiError } from "../../core/client/errors";
import { EXIT, UsageError, UserFacingError } from "./cli-errors";
import type { CliCommand, CliIo } from "./command";
import { emulatorCommand } from "./emulator-command";
import { explainCommand } from "./explain";
import { generateCommand } from "./generate-command";
import { reviewCommand } from "./review-command";
import { packageVersion } from "../../core/client/user-agent";

const BIN = "pulumi-launchdarkly-access";

/** The subcommands, in help order. */
const COMMANDS: readonly CliCommand[] = [generateCommand, reviewCommand, explainCommand, emulatorCommand];

function topLevelUsage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `Usage: ${BIN} <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join("\n")}

Run \`${BIN} <command> --help\` for a command's options; \`${BIN} --version\` prints the version.
Exit codes: 0 success, 1 failure (API, token, files), 2 bad command line, 3 review --fail-on-flags found flags.
`;
}

/** Runs one command line; resolves to the exit code. Never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    (name === undefined ? io.stderr : io.stdout)(topLevelUsage());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === "--version" || name === "-V" || name === "version") {
    io.stdout(`${BIN} ${packageVersion()}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr(`${BIN}: unknown command "${name}"\n\n${topLevelUsage()}`);
    return EXIT.usage;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    return reportFailure(error, command, io);
  }
}

function reportFailure(error: unknown, command: CliCommand, io: CliIo): number {
  if (error instanceof UsageError) {
    io.stderr(`${BIN} ${command.name}: ${error.message}\nRun \`${BIN} ${command.name} --help\` for usage.\n`);
    return EXIT.usage;
  }
  if (error instanceof UserFacingError || LaunchDarklyApiError.is(error)) {
    io.stderr(`${BIN} ${command.name}: ${error.message}\n`);
    return EXIT.failure;
  }
  // A bug rather than the user's mistake: one line, and the stack only on request.
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`${BIN} ${command.name}: unexpected error: ${message}\n`);
  if (io.env.PULUMI_LAUNCHDARKLY_ACCESS_DEBUG && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
  else io.stderr(`(set PULUMI_LAUNCHDARKLY_ACCESS_DEBUG=1 for the stack trace)\n`);
  return EXIT.failure;
}

/** The real process: stdout, stderr, environment, working directory and clock. */
export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    now: () => new Date(),
  };
}

if (require.main === module) {
  void runCli(process.argv.slice(2), processIo()).then((code) => {
    process.exitCode = code;
  });
}
