import * as path from "node:path";
import { startEmulator, type Emulator } from "../../emulator";
import { findPulumiCli, startCliEngine } from "./cli-engine";
import { DynamicProviderHost, PACKAGE_ROOT } from "../host/dynamic-provider-host";
import { HarnessEngine, type EngineReport, type Step } from "../engine/harness-engine";
import { hostCalls } from "../engine/provider-calls";
import { printCliOutput, printRequests, printSteps, printSummary, type StageSummary } from "./report";

/**
 * `npm run demo`: the main job on the embedded emulator. Takes examples/access through a full life and
 * prints, per step, the resource diff a reviewer reads and the exact LaunchDarkly requests sent.
 */
// The shape of examples/access/org.ts, as far as the demo's change touches it (examples compile separately).
interface OrgSpec {
  roles: Array<{ key: string; policy: Array<{ effect: "allow" | "deny"; resources?: string[]; actions?: string[] }> }>;
  teams: unknown[];
  people: Array<{ email: string; teams: string[] }>;
}

function loadExample(): { org: OrgSpec; defineOrg: (org: OrgSpec) => unknown } {
  const dir = path.join(PACKAGE_ROOT, "dist", "examples", "access");
  return { org: require(path.join(dir, "org.js")).org, defineOrg: require(path.join(dir, "program.js")).defineOrg };
}

/** The pull request of the story: Linus joins Platform, production deploys lose the off-variation action, Ken leaves. */
export function changedOrg(org: OrgSpec): OrgSpec {
  const next: OrgSpec = structuredClone(org);
  next.people = next.people.filter((p) => p.email !== "ken@example.com");
  next.people.find((p) => p.email === "linus@example.com")!.teams.push("platform");
  const prod = next.roles.find((r) => r.key === "deployer-production")!;
  prod.policy = [
    { ...prod.policy[0]!, actions: prod.policy[0]!.actions!.filter((a) => a !== "updateOffVariation") },
    { effect: "deny", resources: ["proj/*:env/production:flag/*;critical"], actions: ["*"] },
  ];
  return next;
}

/** What one stage produced: the harness engine's steps, or the CLI's own output. */
interface StageOutput {
  steps?: Step[];
  text?: string;
}

interface DemoEngine {
  readonly description: string;
  preview(org: OrgSpec): Promise<StageOutput>;
  up(org: OrgSpec): Promise<StageOutput>;
  refresh(): Promise<StageOutput>;
  destroy(): Promise<StageOutput>;
  close(): Promise<void>;
}

async function harnessEngine(emulator: Emulator, defineOrg: (org: OrgSpec) => unknown): Promise<DemoEngine> {
  const host = await DynamicProviderHost.start({ cwd: PACKAGE_ROOT });
  await host.configure({ "launchdarkly:accessToken": emulator.token, "launchdarkly:apiHost": emulator.url });
  // Unbounded, as the Pulumi CLI's default `--parallel`.
  const engine = new HarnessEngine(hostCalls(host), { parallel: Number.POSITIVE_INFINITY });
  const steps = (report: EngineReport): StageOutput => {
    if (report.failures.length) throw new Error(report.failures.map((f) => `${f.urn}: ${f.op} failed: ${f.message}`).join("\n"));
    return { steps: report.steps };
  };
  return {
    description: "Pulumi's dynamic-provider host over gRPC, driven by the demo's harness engine (no `pulumi` CLI found; `bash scripts/install-pulumi-cli.sh` builds one)",
    preview: async (org) => steps(await engine.run("preview", () => defineOrg(org))),
    up: async (org) => steps(await engine.run("up", () => defineOrg(org))),
    refresh: async () => steps(await engine.refresh()),
    destroy: async () => steps(await engine.destroy()),
    close: () => host.close(),
  };
}

async function cliEngine(emulator: Emulator, defineOrg: (org: OrgSpec) => unknown, initial: OrgSpec): Promise<DemoEngine> {
  let current = initial;
  const engine = await startCliEngine({ program: () => defineOrg(current), accessToken: emulator.token, apiHost: emulator.url });
  return {
    description: engine.description,
    preview: async (org) => {
      current = org;
      return { text: await engine.preview() };
    },
    up: async (org) => {
      current = org;
      return { text: await engine.up() };
    },
    refresh: async () => ({ text: await engine.refresh() }),
    destroy: async () => ({ text: await engine.destroy() }),
    close: () => engine.close(),
  };
}

function chooseEngine(): "cli" | "host" {
  const forced = process.env.DEMO_ENGINE;
  if (forced === "cli" || forced === "host") return forced;
  return findPulumiCli() ? "cli" : "host";
}

async function main(): Promise<void> {
  const started = Date.now();
  const emulator = await startEmulator({ owner: { email: "owner@example.com" } });
  const { org, defineOrg } = loadExample();
  const next = changedOrg(org);
  const engine = chooseEngine() === "cli" ? await cliEngine(emulator, defineOrg, org) : await harnessEngine(emulator, defineOrg);
  const summaries: StageSummary[] = [];
  try {
    console.log(`LaunchDarkly emulator on ${emulator.url}`);
    console.log(`Engine: ${engine.description}`);

    // Every member the account has held during the demo, so that a deleted member's id still reads as an email.
    const emails = new Map<string, string>();
    const rememberEmails = () => {
      for (const member of emulator.store.members.values()) emails.set(member._id, member.email);
    };
    const stage = async (title: string, run: () => Promise<StageOutput>) => {
      rememberEmails();
      emulator.resetRequestLog();
      const t0 = Date.now();
      const output = await run();
      const ms = Date.now() - t0;
      console.log(`\n━━ ${title} (${ms} ms) ━━`);
      if (output.steps) printSteps(output.steps);
      if (output.text !== undefined) printCliOutput(output.text);
      rememberEmails();
      printRequests(emulator.requests, (id) => emails.get(id));
      summaries.push({ title, steps: output.steps, requests: [...emulator.requests], ms });
    };

    await stage("1. preview: a new org", () => engine.preview(org));
    await stage("2. up", () => engine.up(org));
    await stage("3. up again, nothing changed", () => engine.up(org));
    await stage("4. preview of a change (Linus joins Platform, prod deploys tighten, Ken leaves)", () => engine.preview(next));
    await stage("5. up the change", () => engine.up(next));

    // Someone promotes Ada to admin in the LaunchDarkly UI.
    const ada = [...emulator.store.members.values()].find((m: any) => m.email === "ada@example.com") as any;
    ada.role = "admin";
    await stage("6. refresh after an out-of-band change (Ada made admin in the UI)", () => engine.refresh());
    await stage("7. preview: code puts Ada back", () => engine.preview(next));
    await stage("8. up", () => engine.up(next));
    await stage("9. destroy", () => engine.destroy());

    const left = emulator.store.snapshot() as any;
    const leftover = (left.members?.length ?? 0) - 1 + (left.teams?.length ?? 0) + (left.roles?.length ?? 0);
    printSummary(summaries);
    console.log(`\nLeft behind in the emulator after destroy: ${leftover} objects (the account owner is not managed).`);
    console.log(`Demo finished in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    if (leftover !== 0) process.exitCode = 1;
  } finally {
    await engine.close();
    await emulator.close();
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.stack ?? err.message : err);
    process.exit(1);
  });
}
