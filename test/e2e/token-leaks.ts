import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { expect } from "vitest";
import type { CliRun, PulumiCli } from "./pulumi-cli";

/** Every file below `dir`, at any depth. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(full));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

/**
 * The token is in no CLI output and no file below `root` (state, checkpoints, history, project, PULUMI_HOME),
 * byte for byte. In `verbose` (a `-v=9 --logflow` run) only the engine's own lines that print provider config
 * (`engineConfigLine`) may hold it: that is Pulumi's logging of any provider secret, not ours.
 */
export function expectTokenNowhere(options: { cli: PulumiCli; verbose: CliRun; token: string; root: string; engineConfigLine: RegExp }): void {
  const { cli, verbose, token, root, engineConfigLine } = options;
  const leaking = verbose.stderr.split("\n").filter((line) => line.includes(token) && !engineConfigLine.test(line));
  expect(leaking).toEqual([]);
  for (const run of cli.transcript.filter((r) => r !== verbose)) {
    expect(run.stdout, `pulumi ${run.args.join(" ")}`).not.toContain(token);
    expect(run.stderr, `pulumi ${run.args.join(" ")}`).not.toContain(token);
  }
  for (const file of filesUnder(root)) expect(readFileSync(file, "latin1"), file).not.toContain(token);
}
