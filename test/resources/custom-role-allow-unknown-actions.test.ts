import { describe, expect, it } from "vitest";
import { useConfiguredEmulator } from "../support/configured-emulator";
import { testEmulatorProfile } from "../support/emulator-profile";
import { customRoleProvider as provider } from "../../src/core/resources/custom-role";

/** `allowUnknownActions` is checked, never sent, and never shows as a change. */
const { emulator, session } = useConfiguredEmulator({ start: { profile: testEmulatorProfile() }, timeoutMs: 5000, freshProcess: true });

const statement = { effect: "allow", resources: ["proj/*:env/*:flag/*"], actions: ["updateOn", "scheduleGuardedRelease"], allowUnknownActions: true };

describe("allowUnknownActions", () => {
  it("is kept in the checked inputs but stripped from the create and patch bodies, with no perpetual diff", async () => {
    const checked = await provider.check(session(), {}, { key: "new-actions", name: "New actions", policy: [statement] });
    expect(checked.failures).toBeUndefined();
    expect((checked.inputs.policy as unknown[])[0]).toEqual(statement);

    const created = await provider.create(session(), checked.inputs);
    const sent = emulator().requests.find((r) => r.method === "POST")!.body as { policy: unknown[] };
    expect(sent.policy).toEqual([{ effect: "allow", resources: ["proj/*:env/*:flag/*"], actions: ["updateOn", "scheduleGuardedRelease"] }]);
    expect(await provider.diff(session(), "new-actions", created.outs, checked.inputs)).toEqual({ changes: false });

    // After a refresh the live policy (without the flag) is the state and the inputs: still no change.
    const read = await provider.read(session(), "new-actions", created.outs);
    expect(await provider.diff(session(), "new-actions", read.props, checked.inputs)).toEqual({ changes: false });

    // A real change goes out as one PATCH whose policy carries no check-only field.
    emulator().resetRequestLog();
    const next = await provider.check(session(), {}, { key: "new-actions", name: "New actions", policy: [{ ...statement, actions: ["scheduleGuardedRelease"] }] });
    expect(await provider.diff(session(), "new-actions", read.props, next.inputs)).toEqual({ changes: true });
    await provider.update(session(), "new-actions", read.props, next.inputs);
    const patch = emulator().requests.find((r) => r.method === "PATCH")!.body as { patch: { path: string; value: unknown }[] };
    expect(patch.patch).toEqual([{ op: "replace", path: "/policy", value: [{ effect: "allow", resources: ["proj/*:env/*:flag/*"], actions: ["scheduleGuardedRelease"] }] }]);

    // Only turning the flag on or off is not a change for LaunchDarkly.
    const { allowUnknownActions: _flag, ...without } = { ...statement, actions: ["updateOn"] };
    const withFlag = await provider.check(session(), {}, { key: "new-actions", name: "New actions", policy: [{ ...without, allowUnknownActions: true }] });
    const withoutFlag = await provider.check(session(), {}, { key: "new-actions", name: "New actions", policy: [without] });
    expect(await provider.diff(session(), "new-actions", withoutFlag.inputs, withFlag.inputs)).toEqual({ changes: false });
  });
});
