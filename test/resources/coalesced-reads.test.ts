import { beforeEach, expect, it } from "vitest";
import type { Session } from "../../src/core/session/session";
import { memberProvider } from "../../src/core/resources/member";
import { CoalescingReader } from "../../src/core/session/coalescing-reader";
import { customRoleProvider } from "../../src/core/resources/custom-role";
import { emulatorSession, useEmulatorSession } from "../support/emulator-session";

const { emulator } = useEmulatorSession();
let session: Session;

beforeEach(() => {
  // Each test is a fresh provider process (as `pulumi refresh` is).
  const emu = emulator();
  emu.store.reset();
  session = emulatorSession(emu);
});

function addMembers(n: number): string[] {
  return Array.from({ length: n }, (_, i) => emulator().store.addMember({ email: `m${i}@example.com`, role: "reader" })._id);
}

it("refreshing 250 members of a 250-member account costs 1 account listing, not 250 GETs, and reads them exactly", async () => {
  const ids = addMembers(250);
  const gone = "0123456789abcdef01234567";
  emulator().resetRequestLog();
  const reads = await Promise.all([...ids, gone].map((id) => memberProvider.read(session, id, { email: "x@example.com", role: "reader" })));
  // The first page (limit 1000) is the whole account: it answers every read, and proves `gone` absent.
  expect(emulator().requests.map((r) => `${r.method} ${r.path} ${r.query.limit} ${r.query.filter ?? "-"} ${r.query.expand}`)).toEqual([
    "GET /api/v2/members 1000 - roleAttributes",
  ]);
  expect(reads.slice(0, 250).map((r) => r.id)).toEqual(ids);
  expect(reads[10]!.props).toMatchObject({ email: "m10@example.com", role: "reader" });
  expect(reads[250]).toEqual({ id: "", props: {} });
});

it("5 members of a 10,000-member account: the first page, then one `filter=id:` read for those it did not hold", async () => {
  const ids = addMembers(10_000);
  const stack = [ids[3]!, ids[2_500]!, ids[5_000]!, ids[7_500]!, ids[9_999]!];
  emulator().resetRequestLog();
  const reads = await Promise.all(stack.map((id) => memberProvider.read(session, id, { email: "x@example.com", role: "reader" })));
  expect(reads.map((r) => r.id)).toEqual(stack);
  expect(reads.map((r) => (r.props as { email: string }).email)).toEqual(["m3@example.com", "m2500@example.com", "m5000@example.com", "m7500@example.com", "m9999@example.com"]);
  const sent = emulator().requests.map((r) => `${r.method} ${r.path} ${r.query.offset ?? "-"} ${r.query.filter?.split("|").length ?? "-"}`);
  // Listing the other 9 pages would cost more than one lookup of the 4 ids the first page did not hold.
  expect(sent).toEqual(["GET /api/v2/members 0 -", "GET /api/v2/members 0 4"]);
  expect(sent.length).toBeLessThanOrEqual(6);
});

it("reads that keep coming in a 2,500-member account list the rest once they would cost as much as its 2 remaining pages", async () => {
  const ids = addMembers(2_500);
  emulator().resetRequestLog();
  const batch = (from: number) => Promise.all(ids.slice(from, from + 150).map((id) => memberProvider.read(session, id, { email: "x@example.com", role: "reader" })));
  // First batch: 150 ids after the first page are 2 `filter=id:` requests, as many as the 2 remaining pages: list them.
  const reads = await batch(1_000);
  expect(reads.map((r) => r.id)).toEqual(ids.slice(1_000, 1_150));
  expect(emulator().requests.map((r) => `${r.query.offset ?? "-"} ${r.query.filter ? "filter" : "all"}`)).toEqual(["0 all", "1000 all", "2000 all"]);
  emulator().resetRequestLog();
  const more = await batch(2_300);
  expect(more.map((r) => r.id)).toEqual(ids.slice(2_300, 2_450));
  expect(emulator().requests).toHaveLength(0);
});

it("a lone read is one GET /members/{id}", async () => {
  const [id] = addMembers(1);
  emulator().resetRequestLog();
  const read = await memberProvider.read(session, id!, { email: "m0@example.com", role: "reader" });
  expect(read.id).toBe(id);
  expect(emulator().requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /api/v2/members/${id}`]);
});

it("refreshing 20 custom roles concurrently costs 1 listing; a lone read is one GET; unset fields stay unmanaged", async () => {
  const emu = emulator();
  const policy = [{ effect: "allow" as const, resources: ["proj/*"], actions: ["viewProject"] }];
  for (let i = 0; i < 20; i++) emu.store.addRole({ key: `role-${i}`, name: `Role ${i}`, description: "set in the UI", policy });
  emu.resetRequestLog();
  const state = (i: number) => ({ key: `role-${i}`, name: `Role ${i}`, policy, basePermissions: "no_access" });
  const reads = await Promise.all([...Array.from({ length: 20 }, (_, i) => i), 99].map((i) => customRoleProvider.read(session, `role-${i}`, state(i))));
  // One listing; under the strict profile (rolePageCap, limitAboveCap) it is preceded by the process's one refused
  // `limit=100` (src/core/api/roles.ts: the page size falls back to the documented 20 and is remembered).
  const refused = emu.options.limitAboveCap === "reject" && emu.options.rolePageCap < 100;
  expect(emu.requests.map((r) => `${r.method} ${r.path} ${r.query.limit} ${r.status}`)).toEqual([
    ...(refused ? ["GET /api/v2/roles 100 400"] : []),
    `GET /api/v2/roles ${refused ? 20 : 100} 200`,
  ]);
  expect(reads.slice(0, 20).map((r) => r.id)).toEqual(Array.from({ length: 20 }, (_, i) => `role-${i}`));
  expect(reads[3]!.props).toMatchObject({ key: "role-3", name: "Role 3", description: "set in the UI" });
  expect(reads[3]!.inputs).not.toHaveProperty("description"); // the program never set it
  expect(reads[20]).toEqual({ id: "", props: {} });

  emu.resetRequestLog();
  await customRoleProvider.read(session, "role-0", state(0));
  expect(emu.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /api/v2/roles/role-0"]);
});

it("a failed listing rejects only the reads of that chunk", async () => {
  const calls: string[][] = [];
  const reader = new CoalescingReader<{ id: string }>(
    {
      one: async () => undefined,
      many: async (ids) => {
        calls.push([...ids]);
        if (ids.includes("b")) throw new Error("boom");
        return ids.map((id) => ({ id }));
      },
      keyOf: (item) => item.id,
    },
    { maxKeysPerRequest: 2 },
  );
  const results = await Promise.allSettled(["a", "x", "b", "c"].map((id) => reader.read(id)));
  expect(calls).toEqual([["a", "x"], ["b", "c"]]);
  expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "rejected", "rejected"]);
});
