import { execFile } from "node:child_process";
import { statSync } from "node:fs";
import { UserFacingError } from "./cli-errors";

/** Where `--stack` points: a stack name, and the Pulumi project directory (`--cwd`). */
export interface StackSelection {
  stack: string;
  cwd: string;
}

/** One value of `pulumi config --json`: secrets come decrypted with `--show-secrets`. */
interface ConfigEntry {
  value?: unknown;
  secret?: boolean;
}

/**
 * Reads a stack's configuration through the Pulumi CLI (`pulumi config --show-secrets --json`), the same
 * values the provider gets in `configure`. Returns a lookup of `namespace:key` → string value. The
 * decrypted token stays in memory: it is never printed, and Pulumi's own error output never carries it.
 */
export async function readStackConfig(selection: StackSelection, env: NodeJS.ProcessEnv): Promise<(key: string) => string | undefined> {
  if (!isDirectory(selection.cwd)) throw new UserFacingError(`--cwd ${selection.cwd} is not a directory (it should hold the stack's Pulumi.yaml)`);
  const args = ["config", "--show-secrets", "--json", "--stack", selection.stack, "--cwd", selection.cwd];
  let stdout: string;
  try {
    stdout = await runPulumiCli(args, { cwd: selection.cwd, env });
  } catch (error) {
    throw describePulumiFailure(error, selection);
  }
  let parsed: Record<string, ConfigEntry>;
  try {
    parsed = JSON.parse(stdout) as Record<string, ConfigEntry>;
  } catch {
    throw new UserFacingError(`\`pulumi config --json --stack ${selection.stack}\` did not print JSON; is \`pulumi\` on PATH the Pulumi CLI?`);
  }
  return (key) => {
    const value = parsed[key]?.value;
    return typeof value === "string" ? value : value === undefined || value === null ? undefined : String(value);
  };
}

function describePulumiFailure(error: unknown, selection: StackSelection): UserFacingError {
  const failure = error as NodeJS.ErrnoException & { stderr?: string };
  if (failure.code === "ENOENT") {
    return new UserFacingError(
      `--stack needs the Pulumi CLI, and \`pulumi\` is not on PATH: install it (https://www.pulumi.com/docs/install/) ` +
        `or leave out --stack and set LAUNCHDARKLY_ACCESS_TOKEN (and LAUNCHDARKLY_API_HOST) instead`,
    );
  }
  const detail = (failure.stderr ?? "").trim().split("\n").filter((line) => line.trim() !== "").slice(-2).join(" ") || String(failure.message);
  return new UserFacingError(`cannot read the config of stack "${selection.stack}" in ${selection.cwd} with the Pulumi CLI: ${detail}`);
}

function runPulumiCli(args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile("pulumi", [...args], { cwd: options.cwd, env: { ...options.env, PULUMI_SKIP_UPDATE_CHECK: "true" }, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(Object.assign(error, { stderr }));
      else resolve(stdout);
    });
  });
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
