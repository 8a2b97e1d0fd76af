import { createRequire } from "node:module";
import * as path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { startEmulator, type StartEmulatorOptions } from "../../src/emulator";
import { testEmulatorProfile } from "../support/emulator-profile";

/**
 * Shared setup for engine-level tests: everything that is serialized or run by the host comes from the
 * built `dist/` through CommonJS, never from TypeScript that vitest transformed.
 */
export const ROOT = path.resolve(__dirname, "..", "..");
const requireDist = createRequire(path.join(ROOT, "dist", "index.js"));

export const TOKEN = "api-ENGINE-TEST-TOKEN-7f3c9b1e5d2a";

type HostModule = typeof import("../../src/harnesses/host/dynamic-provider-host");
type Kind = "member" | "team" | "teamMembership" | "customRole";

export const hostModule: HostModule = requireDist("./harnesses/host/dynamic-provider-host.js");
const pulumi = requireDist("@pulumi/pulumi");
const { providerShim } = requireDist("./core/provider/shim.js");

/** `__provider` exactly as `pulumi.dynamic.Resource` computes it. */
export async function serializedProvider(kind: Kind): Promise<string> {
  const provider = providerShim(kind);
  const sf = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
  return sf.text;
}

export const TYPES: Record<Kind, string> = {
  member: "pulumi-nodejs:dynamic/launchdarkly:Member",
  team: "pulumi-nodejs:dynamic/launchdarkly:Team",
  teamMembership: "pulumi-nodejs:dynamic/launchdarkly:TeamMembership",
  customRole: "pulumi-nodejs:dynamic/launchdarkly:CustomRole",
};

export function urn(kind: Kind, name: string): string {
  return `urn:pulumi:dev::engine-test::${TYPES[kind]}::${name}`;
}

/**
 * `emulatorOptions`: single switches or faults for the emulator behind the host. The emulator runs the suite's
 * profile (LD_EMULATOR_PROFILE, see test/support/emulator-profile.ts) unless `emulatorOptions.profile` names one.
 */
export async function startStack(emulatorOptions: Omit<StartEmulatorOptions, "token"> = {}) {
  const emulator = await startEmulator({ profile: testEmulatorProfile(), ...emulatorOptions, token: TOKEN });
  const host = await hostModule.DynamicProviderHost.start({ cwd: ROOT });
  await host.configure({ "launchdarkly:accessToken": TOKEN, "launchdarkly:apiHost": emulator.url, "launchdarkly:operationTimeoutMs": "5000" });
  const providers = {
    member: await serializedProvider("member"),
    team: await serializedProvider("team"),
    teamMembership: await serializedProvider("teamMembership"),
    customRole: await serializedProvider("customRole"),
  };
  return {
    emulator,
    host,
    providers,
    async close() {
      await host.close();
      await emulator.close();
    },
  };
}

export type EngineStack = Awaited<ReturnType<typeof startStack>>;

/** For one test file or describe block: the emulator and a configured host, started once and closed after. */
export function useStack(emulatorOptions: Omit<StartEmulatorOptions, "token"> = {}): EngineStack {
  const stack = {} as EngineStack;
  beforeAll(async () => {
    Object.assign(stack, await startStack(emulatorOptions));
  }, 60_000);
  afterAll(async () => {
    await stack.close?.();
  });
  return stack;
}
