import { afterEach } from "vitest";
import { startEmulator, type Emulator, type StartEmulatorOptions } from "../../src/emulator";
import { apiCaller } from "./api-call";

/** Starts an emulator per call and closes every one after each test. */
export function useEmulators() {
  const started: Emulator[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((emulator) => emulator.close()));
  });
  return async (options: StartEmulatorOptions = {}) => {
    const emulator = await startEmulator(options);
    started.push(emulator);
    return { emu: emulator, call: apiCaller(emulator) };
  };
}

export const allowAll = { effect: "allow" as const, resources: ["proj/*"], actions: ["*"] };
export const SEMANTIC_PATCH = "application/json; domain-model=launchdarkly.semanticpatch";
