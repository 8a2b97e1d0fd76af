import { afterAll, beforeAll } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator";
import { scratchDir } from "./generated-project";
import { seedAccount } from "./seed-account";

/** For one test file: an emulator holding the seeded account, and a scratch directory for generated projects. */
export function useSeededAccount(): { emu: Emulator; scratch: ReturnType<typeof scratchDir> } {
  const seeded = {} as { emu: Emulator; scratch: ReturnType<typeof scratchDir> };
  beforeAll(async () => {
    seeded.emu = await startEmulator({ owner: { email: "owner@example.com" } });
    seedAccount(seeded.emu.store);
    seeded.scratch = scratchDir();
  });
  afterAll(async () => {
    seeded.scratch?.remove();
    await seeded.emu?.close();
  });
  return seeded;
}
