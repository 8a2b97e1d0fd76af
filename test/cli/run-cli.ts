import { runCli } from "../../src/tools/cli/main";
import type { CliIo } from "../../src/tools/cli/command";
import { REVIEW_NOW } from "./seed-account";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output and the given environment (nothing from process.env). */
export async function cli(argv: string[], env: Record<string, string>, options: { cwd?: string; now?: Date } = {}): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    env,
    cwd: options.cwd ?? process.cwd(),
    now: () => options.now ?? REVIEW_NOW,
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

export function envFor(emu: { url: string; token: string }, extra: Record<string, string> = {}): Record<string, string> {
  return { LAUNCHDARKLY_ACCESS_TOKEN: emu.token, LAUNCHDARKLY_API_HOST: emu.url, ...extra };
}
