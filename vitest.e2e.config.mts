import { defineConfig } from "vitest/config";

/**
 * `npm run test:e2e`: the real Pulumi CLI (scripts/install-pulumi-cli.sh) against the emulator. Not part of
 * `npm test`. One file, one process; each CLI run takes seconds, so timeouts are generous.
 */
export default defineConfig({
  test: {
    pool: "forks",
    include: ["test/e2e/**/*.e2e.test.ts"],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
