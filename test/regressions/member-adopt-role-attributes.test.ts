import { expect, it } from "vitest";
import { memberProvider } from "../../src/core/resources/member";
import { useEmulatorSession } from "../support/emulator-session";

// Found by the generate → up test: adopting a member that already had the desired roleAttributes sent an
// `add /roleAttributes` PATCH, because the lookup by email did not expand roleAttributes.
const { emulator, session } = useEmulatorSession();

it("adopting a member whose live state already matches sends no PATCH", async () => {
  const existing = emulator().store.addMember({ email: "ada@example.com", role: "writer" }) as any;
  existing.roleAttributes = { projects: ["checkout", "web"] };
  emulator().resetRequestLog();
  const checked = await memberProvider.check(session(), {}, {
    email: "ada@example.com",
    role: "writer",
    roleAttributes: { projects: ["web", "checkout"] },
    adoptExisting: true,
  });
  const created = await memberProvider.create(session(), checked.inputs!);
  expect(created.id).toBe(existing._id);
  expect(emulator().requests.filter((r) => r.method === "PATCH")).toEqual([]);
});
