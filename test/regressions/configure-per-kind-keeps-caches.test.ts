import { expect, it } from "vitest";
import { configureProcessSession, processSession } from "../../src/core/provider/process-session";

// Found by the demo on the real engine: the host calls `configure` once per distinct `__provider` (one per
// resource kind) with the same config, and each call emptied every cache (role catalog, team members),
// costing a member listing per team in the middle of an `up`.
it("configure with the same config keeps the session; a new config starts a new one that keeps the program's ledger", () => {
  const config = { accessToken: "t", apiHost: "http://127.0.0.1:1", requestTimeoutMs: 1000, operationTimeoutMs: 1000 };
  configureProcessSession(config);
  const session = processSession();
  configureProcessSession({ ...config });
  expect(processSession()).toBe(session);
  expect(processSession().client).toBe(session.client);
  expect(processSession().roles).toBe(session.roles);
  configureProcessSession({ ...config, accessToken: "other" });
  const next = processSession();
  expect(next).not.toBe(session);
  expect(next.client).not.toBe(session.client);
  expect(next.teamMembers).not.toBe(session.teamMembers);
  expect(next.ledger).toBe(session.ledger);
});
