import { parseArgs } from "node:util";
import { startEmulator } from "../../emulator/server";
import { DEFAULT_EMULATOR_PROFILE, EMULATOR_PROFILES, type EmulatorProfile } from "../../emulator/options";
import { oneOf, parseWithUsage } from "./args";
import { EXIT, UsageError } from "./cli-errors";
import type { CliCommand, CliIo } from "./command";

export const DEFAULT_EMULATOR_PORT = 8787;
const PROFILES = Object.keys(EMULATOR_PROFILES) as EmulatorProfile[];

const USAGE = `Usage: pulumi-launchdarkly-access emulator [options]

Starts the local LaunchDarkly emulator (members, teams, custom roles, over HTTP on 127.0.0.1) and
prints its URL and access token. Runs until Ctrl-C (SIGINT) or SIGTERM. No LaunchDarkly account is used.

Options:
  --port N           port on 127.0.0.1 (default ${DEFAULT_EMULATOR_PORT}; 0 = any free port)
  --token TOKEN      the access token the emulator accepts (default: a random api-… token)
  --profile NAME     how the emulator reads the API's open questions: ${PROFILES.join(" or ")}
                     (default: the emulator's default profile)
  -h, --help         this help

Environment (the options win):
  EMULATOR_PORT, EMULATOR_TOKEN, EMULATOR_PROFILE
`;

const OPTIONS = {
  port: { type: "string" },
  token: { type: "string" },
  profile: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

function portFrom(raw: string | undefined, source: string): number {
  if (raw === undefined || raw.trim() === "") return DEFAULT_EMULATOR_PORT;
  const port = Number(raw.trim());
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`${source} must be a port number from 0 to 65535 (got "${raw}")`, USAGE);
  return port;
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseWithUsage(USAGE, () => parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }));
  if (values.help) {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  const port = values.port !== undefined ? portFrom(values.port, "--port") : portFrom(io.env.EMULATOR_PORT, "EMULATOR_PORT");
  const token = values.token ?? (io.env.EMULATOR_TOKEN || undefined);
  const profileName = values.profile ?? (io.env.EMULATOR_PROFILE || undefined);
  const profile = profileName === undefined ? undefined : oneOf(values.profile !== undefined ? "profile" : "EMULATOR_PROFILE", profileName, PROFILES, PROFILES[0]!, USAGE);

  const emulator = await startEmulator({ port, ...(token ? { token } : {}), ...(profile ? { profile } : {}) });
  io.stdout(
    [
      `LaunchDarkly emulator listening on ${emulator.url} (profile ${profile ?? DEFAULT_EMULATOR_PROFILE})`,
      `Access token: ${emulator.token}`,
      "",
      `  export LAUNCHDARKLY_API_HOST=${emulator.url}`,
      `  export LAUNCHDARKLY_ACCESS_TOKEN=${emulator.token}`,
      "",
      "or, for a stack:",
      `  pulumi config set launchdarkly:apiHost ${emulator.url}`,
      `  pulumi config set --secret launchdarkly:accessToken ${emulator.token}`,
      "",
      "Press Ctrl-C to stop.",
      "",
    ].join("\n"),
  );
  const signal = await processStopSignal();
  io.stdout(`\n${signal} received, stopping emulator\n`);
  await emulator.close();
  return EXIT.ok;
}

/** Resolves with the first SIGINT or SIGTERM; the command then closes the emulator and exits 0. */
function processStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve(signal);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}

export const emulatorCommand: CliCommand = {
  name: "emulator",
  summary: "start the local LaunchDarkly emulator (for trying the provider without an account)",
  usage: USAGE,
  run,
};
