import { createRequire } from "node:module";
import type { OrgSpec } from "../../examples/access/org";
import type { Emulator } from "../../src/emulator";
import { membershipArrivals, type MembershipArrivals } from "./membership-arrivals";
import type { ProviderCall, ProviderMethod } from "./provider-calls";

/**
 * The harness engine (src/harnesses/engine/) with its real-engine `pacing`, on the same generated org, in-process
 * against the built runtime: the same arrival measures as under the real CLI, for the side-by-side table.
 */
const requireJs = createRequire(__filename);
const { loadDist, runtimeEngine, startProviderProcess } = requireJs("../../test/soak/dist-modules") as {
  loadDist(): Dist;
  runtimeEngine(dist: Dist, options: { parallel: number; state: Map<string, unknown>; pacing: { checkpointMs: number }; runtime: Runtime }): EngineRun;
  startProviderProcess(dist: Dist, emu: Emulator): void;
};

interface Dist {
  runtime: Runtime;
  emulator: { startEmulator(options: object): Promise<Emulator> };
}

interface EngineRun {
  up(resources: EngineResource[]): Promise<{ failures: unknown[] }>;
  destroy(): Promise<{ failures: unknown[] }>;
}

type Runtime = Record<"check" | "create" | "delete", (kind: string, ...args: unknown[]) => Promise<unknown>> & Record<string, unknown>;

interface EngineResource {
  urn: string;
  kind: string;
  dependsOn: string[];
  inputs: (outputsOf: (urn: string) => Record<string, unknown>) => Record<string, unknown>;
}

/** examples/access's `defineOrg` as harness-engine resources: the same objects, dependencies and program order. */
export function engineResources(org: OrgSpec): EngineResource[] {
  const role = (key: string) => `role:${key}`;
  const member = (email: string) => `member:${email}`;
  const team = (key: string) => `team:${key}`;
  return [
    ...org.roles.map((r) => ({ urn: role(r.key), kind: "customRole", dependsOn: [], inputs: () => ({ key: r.key, name: r.name, description: r.description, basePermissions: r.basePermissions ?? "no_access", policy: r.policy }) })),
    ...org.people.map((p) => ({
      urn: member(p.email),
      kind: "member",
      dependsOn: (p.roles ?? []).map(role),
      inputs: () => ({ email: p.email, firstName: p.firstName, lastName: p.lastName, role: p.role, customRoles: p.roles ?? [] }),
    })),
    ...org.teams.map((t) => ({ urn: team(t.key), kind: "team", dependsOn: t.roles.map(role), inputs: () => ({ key: t.key, name: t.name, description: t.description, customRoleKeys: t.roles, maintainers: [] }) })),
    ...org.people.flatMap((p) =>
      p.teams.map((teamKey) => ({
        urn: `membership:${teamKey}:${p.email}`,
        kind: "teamMembership",
        dependsOn: [team(teamKey), member(p.email)],
        inputs: (outputsOf: (urn: string) => Record<string, unknown>) => ({ teamKey: outputsOf(team(teamKey)).key, memberId: outputsOf(member(p.email)).memberId }),
      })),
    ),
  ];
}

/** Records each membership create/delete the engine hands the runtime, as the gRPC log does under the CLI. */
function recordingRuntime(runtime: Runtime, calls: ProviderCall[]): Runtime {
  const timed = (method: ProviderMethod, teamKeyOf: (args: unknown[]) => unknown) => async (kind: string, ...args: unknown[]) => {
    const startMs = Date.now();
    try {
      return await runtime[method.toLowerCase() as "create" | "delete"](kind, ...args);
    } finally {
      const teamKey = teamKeyOf(args);
      if (kind === "teamMembership" && typeof teamKey === "string") calls.push({ method, type: "TeamMembership", name: "", teamKey, startMs, endMs: Date.now() });
    }
  };
  return {
    ...runtime,
    create: timed("Create", ([inputs]) => (inputs as { teamKey?: unknown }).teamKey),
    delete: timed("Delete", ([, olds]) => (olds as { teamKey?: unknown }).teamKey),
  };
}

/** Create then destroy `org` with the paced harness engine at `parallel`; `checkpointMs` calibrated from the real CLI. */
export async function modelArrivals(org: OrgSpec, parallel: number, checkpointMs: number): Promise<MembershipArrivals[]> {
  const dist = loadDist();
  const emu = await dist.emulator.startEmulator({});
  try {
    const calls: ProviderCall[] = [];
    const state = new Map();
    const engine = () => runtimeEngine(dist, { runtime: recordingRuntime(dist.runtime, calls), parallel, state, pacing: { checkpointMs } });
    startProviderProcess(dist, emu);
    emu.resetRequestLog();
    const up = await engine().up(engineResources(org));
    if (up.failures.length > 0) throw new Error(`model up: ${JSON.stringify(up.failures[0])}`);
    const created = membershipArrivals("Create", parallel, calls, emu.requests);
    calls.length = 0;
    startProviderProcess(dist, emu);
    emu.resetRequestLog();
    const destroyed = await engine().destroy();
    if (destroyed.failures.length > 0) throw new Error(`model destroy: ${JSON.stringify(destroyed.failures[0])}`);
    return [created, membershipArrivals("Delete", parallel, calls, emu.requests)];
  } finally {
    await emu.close();
  }
}
