import { defineConfig } from "vitest/config";

/**
 * The suites that talk to the emulator through the provider (resources, regressions, the engine tests through
 * Pulumi's dynamic-provider host) run once per emulator profile, so the provider is tested under the adverse
 * reading of every open question ("strict") and the friendliest one ("lenient"); the report names the profile.
 * Everything else runs once ("main"). `npx vitest run --project strict test/resources/team.test.ts` runs one.
 */
const PROFILE_SUITES = ["test/resources/**/*.test.ts", "test/regressions/**/*.test.ts", "test/engine/**/*.test.ts"];
const PROFILES = ["strict", "lenient"] as const;

const common = {
  // Worker threads break Pulumi's closure serialization; forks keep each file in its own process.
  pool: "forks",
  testTimeout: 30_000,
  hookTimeout: 30_000,
} as const;

export default defineConfig({
  test: {
    ...common,
    // Once per run (projects do not inherit it): the one line saying how to get the OpenAPI spec when it is absent.
    globalSetup: ["test/support/openapi-spec-notice.ts"],
    projects: [
      {
        test: {
          ...common,
          name: "main",
          include: ["test/**/*.test.ts"],
          exclude: ["test/e2e/**", "**/node_modules/**", ...PROFILE_SUITES],
        },
      },
      ...PROFILES.map((profile) => ({
        test: {
          ...common,
          name: profile,
          include: PROFILE_SUITES,
          env: { LD_EMULATOR_PROFILE: profile },
        },
      })),
    ],
  },
});
