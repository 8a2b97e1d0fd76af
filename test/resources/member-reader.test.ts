import { beforeEach, expect, it } from "vitest";
import { configureRuntime, resetRuntime } from "../../src/provider/context";
import { memberProvider } from "../../src/resources/member";
import { MemberReader } from "../../src/resources/member-reader";
import { useEmulatorRuntime } from "../support/emulator-runtime";

const emulator = useEmulatorRuntime();

beforeEach(() => {
  // Each test is a fresh provider process (as `pulumi refresh` is).
  const emu = emulator();
  emu.store.reset();
  resetRuntime();
  configureRuntime({ accessToken: emu.token, apiHost: emu.url, requestTimeoutMs: 5000, operationTimeoutMs: 5000 });
});

function addMembers(n: number): string[] {
  return Array.from({ length: n }, (_, i) => emulator().store.addMember({ email: `m${i}@example.com`, role: "reader" })._id);
}

it("refreshing 250 members concurrently costs 3 list requests, not 250 GETs, and reads them exactly", async () => {
  const ids = addMembers(250);
  const gone = "0123456789abcdef01234567";
  emulator().resetRequestLog();
  const reads = await Promise.all([...ids, gone].map((id) => memberProvider.read(id, { email: "x@example.com", role: "reader" })));
  const requests = emulator().requests.map((r) => `${r.method} ${r.path}`);
  expect(requests).toEqual(["GET /api/v2/members", "GET /api/v2/members", "GET /api/v2/members"]);
  expect(emulator().requests.every((r) => String(r.query.filter).startsWith("id:") && r.query.expand === "roleAttributes")).toBe(true);
  expect(reads.slice(0, 250).map((r) => r.id)).toEqual(ids);
  expect(reads[10]!.props).toMatchObject({ email: "m10@example.com", role: "reader" });
  expect(reads[250]).toEqual({ id: "", props: {} });
});

it("a lone read is one GET /members/{id}", async () => {
  const [id] = addMembers(1);
  emulator().resetRequestLog();
  const read = await memberProvider.read(id!, { email: "m0@example.com", role: "reader" });
  expect(read.id).toBe(id);
  expect(emulator().requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /api/v2/members/${id}`]);
});

it("a failed list rejects only the reads of that chunk", async () => {
  const calls: string[][] = [];
  const reader = new MemberReader(
    {
      one: async () => undefined,
      many: async (ids) => {
        calls.push([...ids]);
        if (ids.includes("b")) throw new Error("boom");
        return ids.map((id) => ({ _id: id }) as any);
      },
    },
    { maxIdsPerRequest: 2 },
  );
  const results = await Promise.allSettled(["a", "x", "b", "c"].map((id) => reader.read(id)));
  expect(calls).toEqual([["a", "x"], ["b", "c"]]);
  expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "rejected", "rejected"]);
});
