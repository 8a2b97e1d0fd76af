import { expect, it } from "vitest";
import { configureRuntime, getClient, onProcessReset, resetRuntime } from "../../src/core/provider/context";

// Found by the demo on the real engine: the host calls `configure` once per distinct `__provider` (one per
// resource kind) with the same config, and each call emptied every cache (role catalog, team members),
// costing a member listing per team in the middle of an `up`.
it("configure with the same config keeps the client and the caches; a new config starts over", () => {
  resetRuntime();
  let resets = 0;
  onProcessReset(() => resets++);
  const config = { accessToken: "t", apiHost: "http://127.0.0.1:1", requestTimeoutMs: 1000, operationTimeoutMs: 1000 };
  configureRuntime(config);
  const client = getClient();
  const before = resets;
  configureRuntime({ ...config });
  expect(getClient()).toBe(client);
  expect(resets).toBe(before);
  configureRuntime({ ...config, accessToken: "other" });
  expect(getClient()).not.toBe(client);
  expect(resets).toBe(before + 1);
});
