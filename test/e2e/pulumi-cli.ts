import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import * as path from "node:path";

/** The CLI built by scripts/install-pulumi-cli.sh (pulumi, pulumi-language-nodejs, pulumi-resource-pulumi-nodejs, pulumi-language-yaml). */
export const PULUMI_BIN_DIR = path.resolve(__dirname, "../../.pulumi-cli/bin");

/** What the TypeScript e2e tests need; the YAML e2e asks for `pulumi` and `pulumi-language-yaml`. */
const NODEJS_BINARIES = ["pulumi", "pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"];

export function missingCliBinaries(names: readonly string[] = NODEJS_BINARIES): string[] {
  return names.filter((name) => !existsSync(path.join(PULUMI_BIN_DIR, name)));
}

export interface CliRun {
  args: string[];
  stdout: string;
  stderr: string;
  code: number;
  ms: number;
}

export interface PulumiCliOptions {
  /** The Pulumi project directory. */
  cwd: string;
  /** Local file backend directory (`PULUMI_BACKEND_URL=file://…`). */
  backendDir: string;
  /** PULUMI_HOME: empty, so nothing comes from a user's plugin cache, and plugin downloads are switched off. */
  homeDir: string;
  passphrase: string;
}

/**
 * Runs the real `pulumi` CLI with a hermetic environment: local backend, passphrase secrets, no update
 * check, no plugin acquisition, and no LaunchDarkly token in the environment (it comes from stack config).
 * Every run is kept in `transcript`, so a test can search all CLI output at once.
 */
export class PulumiCli {
  readonly transcript: CliRun[] = [];

  constructor(private readonly options: PulumiCliOptions) {}

  get env(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const key of Object.keys(env)) if (key.startsWith("LAUNCHDARKLY_") || key.startsWith("PULUMI_")) delete env[key];
    return {
      ...env,
      PATH: `${PULUMI_BIN_DIR}${path.delimiter}${process.env.PATH ?? ""}`,
      PULUMI_BACKEND_URL: `file://${this.options.backendDir}`,
      PULUMI_CONFIG_PASSPHRASE: this.options.passphrase,
      PULUMI_HOME: this.options.homeDir,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      NO_COLOR: "1",
    };
  }

  /** Runs `pulumi <args>`; rejects with the output when the exit code is not 0 (unless `allowFailure`). `env` adds variables (e.g. PULUMI_DEBUG_GRPC). */
  run(args: string[], options: { allowFailure?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
    const started = Date.now();
    return new Promise((resolve, reject) => {
      const child = spawn(path.join(PULUMI_BIN_DIR, "pulumi"), args, { cwd: this.options.cwd, env: { ...this.env, ...options.env }, stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      child.on("error", reject);
      child.on("close", (code) => {
        const run: CliRun = { args, stdout, stderr, code: code ?? -1, ms: Date.now() - started };
        this.transcript.push(run);
        if (run.code !== 0 && !options.allowFailure) {
          reject(new Error(`pulumi ${args.join(" ")} exited with ${run.code}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`));
        } else {
          resolve(run);
        }
      });
    });
  }
}
