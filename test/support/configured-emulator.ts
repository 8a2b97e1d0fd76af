import { afterAll, beforeAll, beforeEach } from "vitest";
import { startEmulator, type Emulator, type StartEmulatorOptions } from "../../src/emulator";
import { configureRuntime, resetRuntime } from "../../src/core/provider/context";

/**
 * One emulator for the file. Before each test the provider runtime points at it (as a new provider process
 * when `freshProcess`) and its request log is empty, so a test can assert exactly what it sent.
 */
export function useConfiguredEmulator(options: { start?: StartEmulatorOptions; timeoutMs: number; freshProcess?: boolean }): () => Emulator {
  let emu: Emulator | undefined;
  beforeAll(async () => {
    emu = await startEmulator(options.start);
  });
  afterAll(async () => {
    await emu?.close();
  });
  beforeEach(() => {
    if (!emu) throw new Error("the emulator starts in beforeAll");
    if (options.freshProcess) resetRuntime();
    configureRuntime({ accessToken: emu.token, apiHost: emu.url, requestTimeoutMs: options.timeoutMs, operationTimeoutMs: options.timeoutMs });
    emu.resetRequestLog();
  });
  return () => {
    if (!emu) throw new Error("the emulator starts in beforeAll");
    return emu;
  };
}
