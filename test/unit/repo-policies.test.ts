import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { org } from "../../examples/access/org";
import { changedOrg } from "../../src/harnesses/demo/run-demo";
import { startEmulator, type Emulator } from "../../src/emulator";
import { createSession, type Session } from "../../src/core/session/session";
import { customRoleProvider } from "../../src/core/resources/custom-role";
import { seedAccount, seedLargeAccount } from "../cli/seed-account";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SIZES, desiredOrg } = require("../soak/desired-org.js") as {
  SIZES: Record<string, unknown>;
  desiredOrg: (size: unknown) => { kind: string; inputs: () => Record<string, unknown> }[];
};

/** Every role this repository writes (examples, the demo's change, the soak, the seeded test accounts) passes CustomRole check. */
async function failuresOf(session: Session, role: { key: string; name?: string; policy: unknown }) {
  const result = await customRoleProvider.check(session, {}, { key: role.key, name: role.name ?? role.key, policy: role.policy });
  return (result.failures ?? []).map((f) => `${role.key} ${f.property}: ${f.reason}`);
}

describe("the repository's own policies pass check", () => {
  // CustomRole check also asks LaunchDarkly whether the key is taken (and reports a missing token): run it as a
  // configured provider against an empty account, where every role is new, so only the policy checks can fail.
  let account: Emulator;
  let session: Session;
  beforeAll(async () => {
    account = await startEmulator({ profile: "strict" });
    session = createSession({ accessToken: account.token, apiHost: account.url, requestTimeoutMs: 5000, operationTimeoutMs: 5000 });
  });
  afterAll(async () => {
    await account?.close();
  });

  it("examples/access and the demo's change", async () => {
    const roles = [...org.roles, ...changedOrg(structuredClone(org) as never as Parameters<typeof changedOrg>[0]).roles] as { key: string; policy: unknown }[];
    expect(roles.length).toBeGreaterThanOrEqual(8);
    for (const role of roles) expect(await failuresOf(session, role)).toEqual([]);
  });

  it("the fault soak's desired org (full size)", async () => {
    const roles = desiredOrg(SIZES.full).filter((r) => r.kind === "customRole").map((r) => r.inputs() as { key: string; policy: unknown });
    expect(roles).toHaveLength(20);
    for (const role of roles) expect(await failuresOf(session, role)).toEqual([]);
  });

  it("the seeded emulator accounts", async () => {
    const emu = await startEmulator();
    try {
      seedAccount(emu.store);
      seedLargeAccount(emu.store, 20);
      const roles = [...emu.store.roles.values()];
      expect(roles.length).toBe(11);
      for (const role of roles) expect(await failuresOf(session, role)).toEqual([]);
    } finally {
      await emu.close();
    }
  });
});
