import type { EmulatorProfile } from "../../src/emulator";

/**
 * The emulator profile a profile-run suite (test/resources, test/regressions, test/engine) uses. vitest.config.mts
 * runs those suites once per profile and sets LD_EMULATOR_PROFILE for each run; the helpers that start an
 * emulator pass it to `startEmulator({ profile })` explicitly. Tests that need one particular reading pin that
 * option themselves (options override the profile).
 */
export const PROFILE_ENV = "LD_EMULATOR_PROFILE";

export function testEmulatorProfile(env: NodeJS.ProcessEnv = process.env): EmulatorProfile {
  const value = env[PROFILE_ENV];
  if (value === "strict" || value === "lenient") return value;
  throw new Error(
    value === undefined
      ? `${PROFILE_ENV} is not set: this suite runs once per emulator profile through vitest.config.mts (\`npx vitest run --project strict <file>\`), or set ${PROFILE_ENV}=strict|lenient`
      : `${PROFILE_ENV}=${value}: expected "strict" or "lenient"`,
  );
}
