import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";
import { PACKAGE_ROOT } from "../host/dynamic-provider-host";

/**
 * The demo's real-engine path: the Pulumi CLI through the Automation API, with a local file backend and
 * passphrase secrets in a temporary directory that is removed afterwards. The program is inline (this
 * process), so the provider is serialized from the built package exactly as in a user's program.
 */
export interface CliEngine {
  readonly description: string;
  preview(): Promise<string>;
  up(): Promise<string>;
  refresh(): Promise<string>;
  destroy(): Promise<string>;
  close(): Promise<void>;
}

/** The CLI to use: `.pulumi-cli/` (built by scripts/install-pulumi-cli.sh) first, then PATH. */
export function findPulumiCli(): { root?: string; command: string } | undefined {
  const local = path.join(PACKAGE_ROOT, ".pulumi-cli");
  if (fs.existsSync(path.join(local, "bin", "pulumi"))) return { root: local, command: path.join(local, "bin", "pulumi") };
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir && fs.existsSync(path.join(dir, "pulumi"))) return { command: path.join(dir, "pulumi") };
  }
  return undefined;
}

export async function startCliEngine(opts: {
  program: () => unknown;
  accessToken: string;
  apiHost: string;
}): Promise<CliEngine> {
  const cli = findPulumiCli();
  if (!cli) throw new Error("no pulumi CLI found");
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "ld-demo-pulumi-"));
  const workDir = path.join(home, "project");
  const backend = path.join(home, "state");
  fs.mkdirSync(workDir);
  fs.mkdirSync(backend);
  // The dynamic-provider plugin resolves @pulumi/pulumi and this package from the project directory.
  fs.symlinkSync(path.join(PACKAGE_ROOT, "node_modules"), path.join(workDir, "node_modules"), "dir");

  const binDir = path.dirname(cli.command);
  const envVars: Record<string, string> = {
    PULUMI_HOME: path.join(home, "pulumi-home"),
    PULUMI_CONFIG_PASSPHRASE: "demo-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
    PATH: `${binDir}${path.delimiter}${process.env.PATH ?? ""}`,
  };
  const pulumiCommand = await PulumiCommand.get({ ...(cli.root ? { root: cli.root } : {}), skipVersionCheck: true });
  const stack: Stack = await LocalWorkspace.createOrSelectStack(
    { stackName: "demo", projectName: "launchdarkly-access", program: async () => opts.program() as any },
    {
      workDir,
      pulumiCommand,
      envVars,
      projectSettings: { name: "launchdarkly-access", runtime: "nodejs", backend: { url: `file://${backend}` } },
    },
  );
  await stack.setConfig("launchdarkly:apiHost", { value: opts.apiHost });
  await stack.setConfig("launchdarkly:accessToken", { value: opts.accessToken, secret: true });

  /** Runs one stack operation and returns what the CLI printed. */
  const captured = async (run: (onOutput: (chunk: string) => void) => Promise<unknown>): Promise<string> => {
    let text = "";
    await run((chunk) => (text += chunk));
    return text;
  };
  return {
    description: `the Pulumi CLI (${pulumiCommand.command}, ${pulumiCommand.version ?? "version unknown"}) through the Automation API`,
    preview: () => captured((onOutput) => stack.preview({ diff: true, color: "never", onOutput })),
    up: () => captured((onOutput) => stack.up({ diff: true, color: "never", onOutput })),
    refresh: () => captured((onOutput) => stack.refresh({ color: "never", onOutput })),
    destroy: () => captured((onOutput) => stack.destroy({ color: "never", onOutput })),
    async close() {
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}
