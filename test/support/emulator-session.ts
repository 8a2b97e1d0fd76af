import { afterAll, beforeAll } from "vitest";
import type { ProviderConfig } from "../../src/core/config";
import { createSession, type Session } from "../../src/core/session/session";
import { startEmulator, type Emulator, type StartEmulatorOptions } from "../../src/emulator";
import { testEmulatorProfile } from "./emulator-profile";

/** A provider session against `emu`, as a new provider process configured for it would build (5 s timeouts unless overridden). */
export function emulatorSession(emu: Emulator, overrides: Partial<ProviderConfig> = {}): Session {
  return createSession({ accessToken: emu.token, apiHost: emu.url, requestTimeoutMs: 5000, operationTimeoutMs: 5000, ...overrides });
}

/**
 * Starts an emulator for the file and one provider session against it (as a new provider process would
 * build); returns getters for both. The emulator runs the suite's profile (LD_EMULATOR_PROFILE) unless
 * `options.profile` names one.
 */
export function useEmulatorSession(options: StartEmulatorOptions = {}): { emulator: () => Emulator; session: () => Session } {
  let emu: Emulator | undefined;
  let session: Session | undefined;
  beforeAll(async () => {
    emu = await startEmulator({ profile: testEmulatorProfile(), ...options });
    session = emulatorSession(emu);
  });
  afterAll(async () => {
    await emu?.close();
  });
  return {
    emulator: () => {
      if (!emu) throw new Error("the emulator starts in beforeAll");
      return emu;
    },
    session: () => {
      if (!session) throw new Error("the session starts in beforeAll");
      return session;
    },
  };
}
