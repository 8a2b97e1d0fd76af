import { parseArgs } from "node:util";
import { startEmulator } from "../../emulator/server";
import { DEFAULT_EMULATOR_PROFILE, EMULATOR_PROFILES, type EmulatorOptions, type EmulatorProfile } from "../../emulator/options";
import { EMULATOR_OPTION_VALUES, parseOptionAssignment } from "../../emulator/option-values";
import { requestLine } from "../../emulator/request-line";
import { parseFaultRule } from "../../emulator/fault-rule-text";
import { FAULT_KINDS, type FaultRule } from "../../emulator/faults";
import { oneOf, parseWithUsage } from "./args";
import { EXIT, UsageError } from "./cli-errors";
import type { CliCommand, CliIo } from "./command";

export const DEFAULT_EMULATOR_PORT = 8787;
const PROFILES = Object.keys(EMULATOR_PROFILES) as EmulatorProfile[];

function optionList(): string {
  return Object.entries(EMULATOR_OPTION_VALUES)
    .map(([name, accepted]) => `                       ${name}=${typeof accepted === "string" ? (accepted === "boolean" ? "true|false" : "N") : accepted.join("|")}`)
    .join("\n");
}

const USAGE = `Usage: pulumi-launchdarkly-access emulator [options]

Starts the local LaunchDarkly emulator (members, teams, custom roles, over HTTP on 127.0.0.1) and
prints its URL and access token. Runs until Ctrl-C (SIGINT) or SIGTERM. No LaunchDarkly account is used.

Options:
  --port N           port on 127.0.0.1 (default ${DEFAULT_EMULATOR_PORT}; 0 = any free port)
  --token TOKEN      the access token the emulator accepts (default: a random api-… token)
  --profile NAME     how the emulator reads the API's open questions: ${PROFILES.join(" or ")}
                     (default: the emulator's default profile)
  --option NAME=VALUE
                     set one open-question switch over the profile, e.g. inviteInvalidEmails=all
                     (repeatable). NAME=VALUE is one of:
${optionList()}
  --fault RULE       inject a failure (repeatable): KIND[,method=M][,path=P][,count=N][,probability=X]
                     [,latencyMs=N][,retryAfterSeconds=N][,resetInMs=N]; KIND is one of
                     ${FAULT_KINDS.join(", ")}.
                     e.g. reset-after,method=POST,path=/api/v2/members,count=1: the next invite is
                     applied and its response dropped. path is exact or a prefix ending in *
  --log-requests     print each request as it is answered: method, path and query, status, and the
                     number of entries of an array body (a batch of invites); never headers or the token
  -h, --help         this help

Environment (the options win):
  EMULATOR_PORT, EMULATOR_TOKEN, EMULATOR_PROFILE
`;

const OPTIONS = {
  port: { type: "string" },
  token: { type: "string" },
  profile: { type: "string" },
  option: { type: "string", multiple: true },
  "log-requests": { type: "boolean" },
  fault: { type: "string", multiple: true },
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

  const options = switchesFrom(values.option ?? []);
  const overrides = Object.entries(options).map(([name, value]) => `; ${name}=${String(value)}`).join("");

  const emulator = await startEmulator({
    port,
    ...(token ? { token } : {}),
    ...(profile ? { profile } : {}),
    options,
    faults: faultsFrom(values.fault ?? []),
    ...(values["log-requests"] ? { onRequest: (entry) => io.stdout(`${requestLine(entry)}\n`) } : {}),
  });
  io.stdout(
    [
      `LaunchDarkly emulator listening on ${emulator.url} (profile ${profile ?? DEFAULT_EMULATOR_PROFILE}${overrides})`,
      ...(values.fault ?? []).map((text) => `Injecting fault: ${text}`),
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

/** `--option NAME=VALUE`s as emulator options; a later setting of one switch wins. */
function switchesFrom(assignments: readonly string[]): Partial<EmulatorOptions> {
  const options: Partial<EmulatorOptions> = {};
  for (const text of assignments) {
    const parsed = parseOptionAssignment(text);
    if ("error" in parsed) throw new UsageError(`--option ${text}: ${parsed.error}`, USAGE);
    Object.assign(options, { [parsed.name]: parsed.value });
  }
  return options;
}

function faultsFrom(texts: readonly string[]): FaultRule[] {
  return texts.map((text) => {
    const parsed = parseFaultRule(text);
    if ("error" in parsed) throw new UsageError(`--fault ${text}: ${parsed.error}`, USAGE);
    return parsed;
  });
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
