import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Worker threads break Pulumi's closure serialization; forks keep each file in its own process.
    pool: "forks",
    include: ["test/**/*.test.ts"],
    exclude: ["test/e2e/**", "**/node_modules/**"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
