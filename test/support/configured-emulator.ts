import { afterAll, beforeAll, beforeEach } from "vitest";
import { resourceCalls, type ResourceCalls } from "../../src/core/provider/resource-calls";
import type { Session } from "../../src/core/session/session";
import { startEmulator, type Emulator, type StartEmulatorOptions } from "../../src/emulator";
import { emulatorSession } from "./emulator-session";

/**
 * One emulator for the file, and a provider session against it: one for the whole file (as one provider
 * process serves every call), or a new one before each test when `freshProcess`. Before each test the
 * request log is empty, so a test can assert exactly what it sent. `calls` are the session's calls as the
 * runtime makes them (dispatch by kind, engine-safe results).
 */
export function useConfiguredEmulator(options: { start?: StartEmulatorOptions; timeoutMs: number; freshProcess?: boolean }): {
  emulator: () => Emulator;
  session: () => Session;
  calls: () => ResourceCalls;
} {
  let emu: Emulator | undefined;
  let session: Session | undefined;
  beforeAll(async () => {
    emu = await startEmulator(options.start);
  });
  afterAll(async () => {
    await emu?.close();
  });
  beforeEach(() => {
    if (!emu) throw new Error("the emulator starts in beforeAll");
    if (!session || options.freshProcess) session = emulatorSession(emu, { requestTimeoutMs: options.timeoutMs, operationTimeoutMs: options.timeoutMs });
    emu.resetRequestLog();
  });
  const started = () => {
    if (!session) throw new Error("the session starts in beforeEach");
    return session;
  };
  return {
    emulator: () => {
      if (!emu) throw new Error("the emulator starts in beforeAll");
      return emu;
    },
    session: started,
    calls: () => resourceCalls(started()),
  };
}
