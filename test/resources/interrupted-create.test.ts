import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { checkInputs } from "../../src/core/resources/common-schemas";
import { memberInputSchema, memberProvider } from "../../src/core/resources/member";
import { teamProvider } from "../../src/core/resources/team";
import { createSession, type Session } from "../../src/core/session/session";
import { startEmulator, type Emulator } from "../../src/emulator";
import { testEmulatorProfile } from "../support/emulator-profile";

/**
 * An `up` killed while its invites were in flight (seen with the real CLI: `kill -9` of `pulumi` during
 * `POST /members`): the invites landed, the state never heard of them, and the next `up` plans the same
 * creates again. Its check must stop the second invite and say how to take the members into the stack;
 * Pulumi's own advice (`pulumi refresh --import-pending-creates`) drops a dynamic resource's pending create
 * without importing it, so the advice is `adoptExisting`, and with it nobody is invited twice.
 */
let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({ profile: testEmulatorProfile() });
});
afterAll(async () => {
  await emu?.close();
});
beforeEach(() => {
  emu.resetRequestLog();
});

/** One provider process: one `pulumi up`. */
function newProcess(): Session {
  return createSession({ accessToken: emu.token, apiHost: emu.url, requestTimeoutMs: 5000, operationTimeoutMs: 5000 });
}

function memberInputs(email: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const result = checkInputs(memberInputSchema, { email, role: "writer", ...extra });
  expect(result.failures).toBeUndefined();
  return result.inputs as Record<string, unknown>;
}

const invitePosts = () => emu.requests.filter((r) => r.method === "POST" && r.path === "/api/v2/members");

describe("the up after an interrupted up", () => {
  it("fails the Member's check naming the interrupted up and adoptExisting; with adoptExisting nobody is invited twice", async () => {
    const emails = ["killed-1@example.com", "killed-2@example.com", "killed-3@example.com"];
    // The interrupted up: its invites reach LaunchDarkly in one batch; what they returned never reaches the state.
    const interrupted = newProcess();
    const landed = await Promise.all(emails.map((email) => memberProvider.create(interrupted, memberInputs(email))));
    expect(invitePosts()).toHaveLength(1);

    const next = newProcess();
    emu.resetRequestLog();
    const check = await memberProvider.check(next, {}, memberInputs(emails[0]!));
    const reason = check.failures?.map((f) => f.reason).join("\n") ?? "";
    expect(reason).toContain("killed-1@example.com is already a member of this LaunchDarkly account.");
    expect(reason).toContain('If an earlier `pulumi up` was interrupted while creating this Member (Pulumi warns of "pending operations")');
    expect(reason).toContain("set `adoptExisting: true` to record it in the stack without creating it again");

    // The up after the user set adoptExisting.
    const fixed = newProcess();
    const adopted = await Promise.all(emails.map(async (email) => {
      const { inputs, failures } = await memberProvider.check(fixed, {}, memberInputs(email, { adoptExisting: true }));
      expect(failures).toBeUndefined();
      return memberProvider.create(fixed, inputs!);
    }));
    expect(invitePosts()).toEqual([]);
    expect(adopted.map((a) => a.id)).toEqual(landed.map((l) => l.id));
    for (const email of emails) expect([...emu.store.members.values()].filter((m) => m.email === email)).toHaveLength(1);
  });

  it("gives a Team created by an interrupted up the same advice", async () => {
    emu.store.addTeam({ key: "interrupted-team", name: "Interrupted" });
    const check = await teamProvider.check(newProcess(), {}, { key: "interrupted-team", name: "Interrupted" });
    const reason = check.failures?.map((f) => f.reason).join("\n") ?? "";
    expect(reason).toContain('a team with key "interrupted-team" already exists in LaunchDarkly.');
    expect(reason).toContain("If an earlier `pulumi up` was interrupted while creating this Team");
  });
});
