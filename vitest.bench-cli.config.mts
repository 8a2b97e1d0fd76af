import { defineConfig } from "vitest/config";

/**
 * `npm run bench:cli`: the real-CLI benchmark (bench/cli). Not part of `npm test`, not a timed test: vitest
 * only runs the TypeScript; the file writes bench/results.json and prints its tables.
 */
export default defineConfig({
  test: {
    pool: "forks",
    include: ["bench/cli/**/*.cli-bench.ts"],
    testTimeout: 3_600_000,
    hookTimeout: 600_000,
    fileParallelism: false,
  },
});
