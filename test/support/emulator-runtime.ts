import { afterAll, beforeAll } from "vitest";
import { startEmulator, type Emulator, type StartEmulatorOptions } from "../../src/emulator";
import { configureRuntime, resetRuntime } from "../../src/core/provider/context";
import { testEmulatorProfile } from "./emulator-profile";

/**
 * Starts an emulator for the file and points a fresh provider runtime at it (as a new provider process
 * would be); returns a getter for the emulator. The emulator runs the suite's profile (LD_EMULATOR_PROFILE)
 * unless `options.profile` names one.
 */
export function useEmulatorRuntime(options: StartEmulatorOptions = {}): () => Emulator {
  let emu: Emulator | undefined;
  beforeAll(async () => {
    emu = await startEmulator({ profile: testEmulatorProfile(), ...options });
    resetRuntime();
    configureRuntime({ accessToken: emu.token, apiHost: emu.url, requestTimeoutMs: 5000, operationTimeoutMs: 5000 });
  });
  afterAll(async () => {
    await emu?.close();
  });
  return () => {
    if (!emu) throw new Error("the emulator starts in beforeAll");
    return emu;
  };
}
