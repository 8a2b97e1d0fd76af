import { afterAll, beforeAll, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator";
import { configureRuntime } from "../../src/provider/context";
import { memberProvider } from "../../src/resources/member";

// Found by the generate → up test: adopting a member that already had the desired roleAttributes sent an
// `add /roleAttributes` PATCH, because the lookup by email did not expand roleAttributes.
let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator();
  configureRuntime({ accessToken: emu.token, apiHost: emu.url, requestTimeoutMs: 5000, operationTimeoutMs: 5000 });
});
afterAll(async () => {
  await emu?.close();
});

it("adopting a member whose live state already matches sends no PATCH", async () => {
  const existing = emu.store.addMember({ email: "ada@example.com", role: "writer" }) as any;
  existing.roleAttributes = { projects: ["checkout", "web"] };
  emu.resetRequestLog();
  const checked = await memberProvider.check({}, {
    email: "ada@example.com",
    role: "writer",
    roleAttributes: { projects: ["web", "checkout"] },
    adoptExisting: true,
  });
  const created = await memberProvider.create(checked.inputs!);
  expect(created.id).toBe(existing._id);
  expect(emu.requests.filter((r) => r.method === "PATCH")).toEqual([]);
});
