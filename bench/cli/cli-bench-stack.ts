import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { startEmulator, type Emulator, type RequestLogEntry } from "../../src/emulator";
import type { OrgSpec } from "../../examples/access/org";
import { createE2eProject, REPO_ROOT, type E2eProject } from "../../test/e2e/e2e-project";
import { PulumiCli } from "../../test/e2e/pulumi-cli";
import { readProviderCalls, type ProviderCall } from "./provider-calls";

const TOKEN = "api-bench-cli-5e6f7a8b-not-a-real-token";

export type CliOperation = "up" | "refresh" | "destroy";

export interface MeasuredRun {
  wallMs: number;
  requests: RequestLogEntry[];
  calls: ProviderCall[];
}

/**
 * One stack of a generated org on its own emulator, driven through the real CLI: examples/access's `defineOrg`
 * over `org.json`, run from the built package (`npm run build` first). Each run gets a fresh emulator request
 * log and its own gRPC debug log, from which the provider calls and their timings are read.
 */
export class CliBenchStack {
  private runs = 0;

  private constructor(
    readonly emulator: Emulator,
    private readonly project: E2eProject,
    private readonly cli: PulumiCli,
  ) {}

  static async create(org: OrgSpec): Promise<CliBenchStack> {
    const emulator = await startEmulator({ owner: { email: "owner@example.com" }, token: TOKEN });
    const project = createE2eProject();
    writeFileSync(path.join(project.projectDir, "org.json"), JSON.stringify(org));
    const program = JSON.stringify(path.join(REPO_ROOT, "dist/examples/access/program.js"));
    writeFileSync(path.join(project.projectDir, "index.js"), `const { defineOrg } = require(${program});\nmodule.exports = defineOrg(require("./org.json"));\n`);
    const cli = new PulumiCli({ cwd: project.projectDir, backendDir: project.backendDir, homeDir: project.homeDir, passphrase: "bench-passphrase" });
    await cli.run(["stack", "init", "dev", "--non-interactive"]);
    await cli.run(["config", "set", "launchdarkly:apiHost", emulator.url]);
    await cli.run(["config", "set", "--secret", "launchdarkly:accessToken", TOKEN]);
    return new CliBenchStack(emulator, project, cli);
  }

  /** `pulumi <operation> --yes --skip-preview` at `parallel` (undefined: the CLI's default, 4 × CPUs). */
  async run(operation: CliOperation, parallel: number | undefined): Promise<MeasuredRun> {
    const grpcLog = path.join(this.project.root, `grpc-${++this.runs}.jsonl`);
    this.emulator.resetRequestLog();
    const args = [operation, "--yes", "--skip-preview", ...(parallel === undefined ? [] : ["--parallel", String(parallel)])];
    const run = await this.cli.run(args, { env: { PULUMI_DEBUG_GRPC: grpcLog } });
    return { wallMs: run.ms, requests: [...this.emulator.requests], calls: readProviderCalls(grpcLog) };
  }

  async close(): Promise<void> {
    await this.emulator.close();
    this.project.remove();
  }
}
