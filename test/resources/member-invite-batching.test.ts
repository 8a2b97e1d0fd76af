import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { checkInputs } from "../../src/core/resources/common-schemas";
import { memberInputSchema, memberProvider as provider } from "../../src/core/resources/member";
import { createSession, type Session } from "../../src/core/session/session";
import { startEmulator, type Emulator } from "../../src/emulator";
import { testEmulatorProfile } from "../support/emulator-profile";
import { assertSentBodyMatchesSpec } from "../support/openapi";

/** Concurrent Member creates share `POST /members` requests (decision 0035), against the loopback emulator. */
let emu: Emulator;
let session: Session;

beforeAll(async () => {
  emu = await startEmulator({ profile: testEmulatorProfile() });
  emu.store.addRole({ key: "deployer" });
});
afterAll(async () => {
  await emu?.close();
});
beforeEach(() => {
  session = createSession({ accessToken: emu.token, apiHost: emu.url, requestTimeoutMs: 5000, operationTimeoutMs: 5000 });
  emu.setFaults([]);
  emu.resetRequestLog();
});

function inputs(email: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const result = checkInputs(memberInputSchema, { email, ...extra });
  expect(result.failures).toBeUndefined();
  return result.inputs as Record<string, unknown>;
}

const invitePosts = () => emu.requests.filter((r) => r.method === "POST" && r.path === "/api/v2/members");
const membersWith = (email: string) => [...emu.store.members.values()].filter((m) => m.email === email);

describe("batched invites", () => {
  it.each([1, 10, 50, 51, 120])("invites %i concurrent members with ⌈N/50⌉ POSTs, each create getting its own member", async (n) => {
    const emails = Array.from({ length: n }, (_, i) => `batch${n}-${i}@example.com`);
    const created = await Promise.all(emails.map((email, i) => provider.create(session, inputs(email, i % 3 === 0 ? { customRoles: ["deployer"] } : { role: "writer" }))));
    expect(invitePosts()).toHaveLength(Math.ceil(n / 50));
    for (const post of invitePosts()) expect(post.status).toBe(201);
    created.forEach((result, i) => {
      const [member] = membersWith(emails[i]!);
      expect(result.id).toBe(member!._id);
      expect(result.outs).toMatchObject({ email: emails[i], memberId: member!._id, role: i % 3 === 0 ? "reader" : "writer" });
    });
    for (const post of invitePosts()) assertSentBodyMatchesSpec(post);
  });

  it("fails only the member whose email is already in the account, naming the email and the fix; the other 9 are invited once", async () => {
    emu.store.addMember({ email: "taken-9@example.com" });
    const emails = Array.from({ length: 10 }, (_, i) => `taken-${i}@example.com`);
    const results = await Promise.allSettled(emails.map((email) => provider.create(session, inputs(email))));
    const failed = results.flatMap((r, i) => (r.status === "rejected" ? [[emails[i], String(r.reason)] as const] : []));
    expect(failed).toHaveLength(1);
    expect(failed[0]![0]).toBe("taken-9@example.com");
    expect(failed[0]![1]).toMatch(/taken-9@example\.com is already a member.*adoptExisting: true/s);
    for (const email of emails.slice(0, 9)) expect(membersWith(email)).toHaveLength(1);
    // One rejected request naming the email, then one for the other nine.
    expect(invitePosts().map((r) => [r.status, (r.body as unknown[]).length])).toEqual([
      [400, 10],
      [201, 9],
    ]);
  });

  it("names every conflicting email one at a time when `invalid_emails` names only the first", async () => {
    emu.store.addMember({ email: "two-bad-3@example.com" });
    emu.store.addMember({ email: "two-bad-7@example.com" });
    const emails = Array.from({ length: 10 }, (_, i) => `two-bad-${i}@example.com`);
    const results = await Promise.allSettled(emails.map((email) => provider.create(session, inputs(email))));
    expect(results.map((r) => r.status)).toEqual(emails.map((_, i) => (i === 3 || i === 7 ? "rejected" : "fulfilled")));
    for (const email of emails) expect(membersWith(email)).toHaveLength(1);
    const rejected = invitePosts().filter((r) => r.status === 400).length;
    expect(rejected).toBe(emu.options.inviteInvalidEmails === "first" ? 2 : 1);
    expect(invitePosts().filter((r) => r.status === 201)).toHaveLength(1);
  });

  it("isolates an entry the API rejects without naming an email (unknown custom role) by bisection", async () => {
    const emails = Array.from({ length: 10 }, (_, i) => `bisect-${i}@example.com`);
    const results = await Promise.allSettled(
      emails.map((email, i) => provider.create(session, inputs(email, i === 4 ? { customRoles: ["no-such-role"] } : {}))),
    );
    const failed = results.flatMap((r, i) => (r.status === "rejected" ? [[i, String(r.reason)] as const] : []));
    expect(failed.map(([i]) => i)).toEqual([4]);
    expect(failed[0]![1]).toMatch(/no-such-role/);
    expect(failed[0]![1]).toMatch(/refused the invite of bisect-4@example\.com.*Fix this Member's inputs/s);
    for (const [i, email] of emails.entries()) expect(membersWith(email)).toHaveLength(i === 4 ? 0 : 1);
    // Every member invited exactly once: the successful requests carry 9 entries in all.
    const invited = invitePosts().filter((r) => r.status === 201).flatMap((r) => r.body as { email: string }[]);
    expect(invited.map((form) => form.email).sort()).toEqual(emails.filter((_, i) => i !== 4).sort());
  });

  it("recovers a lost batch response per member by email: no one invited twice", async () => {
    emu.setFaults([{ kind: "reset-after", method: "POST", path: "/api/v2/members", count: 1 }]);
    const emails = Array.from({ length: 12 }, (_, i) => `lost-batch-${i}@example.com`);
    const created = await Promise.all(emails.map((email) => provider.create(session, inputs(email, { role: "writer" }))));
    created.forEach((result, i) => {
      const members = membersWith(emails[i]!);
      expect(members).toHaveLength(1);
      expect(result.id).toBe(members[0]!._id);
    });
    expect(invitePosts().map((r) => r.status)).toEqual([0]);
    // The 12 lookups by email share one listing (before: one `filter=email:` request per member).
    const lookups = emu.requests.filter((r) => r.method === "GET" && r.path === "/api/v2/members" && r.query.filter?.startsWith("email:"));
    expect(lookups).toHaveLength(1);
    expect(lookups[0]!.query.filter!.slice("email:".length).split("|").sort()).toEqual([...emails].sort());
  });

  it("adopts 60 existing members with one lookup per 50 emails, each create getting its own member", async () => {
    const emails = Array.from({ length: 60 }, (_, i) => `adopt-many-${i}@example.com`);
    const existing = emails.map((email) => emu.store.addMember({ email, role: "reader" }));
    // One is asked for in other case: the lookup is case-insensitive and exact.
    const created = await Promise.all(emails.map((email, i) => provider.create(session, inputs(i === 7 ? email.toUpperCase() : email, { adoptExisting: true }))));
    expect(created.map((c) => c.id)).toEqual(existing.map((m) => m._id));
    expect(invitePosts()).toEqual([]);
    const lookups = emu.requests.filter((r) => r.method === "GET" && r.path === "/api/v2/members");
    expect(lookups.map((r) => r.query.filter!.split("|").length)).toEqual([50, 10]);
  });

  it("a lone create still sends one POST with one entry", async () => {
    const created = await provider.create(session, inputs("alone@example.com"));
    expect(invitePosts()).toHaveLength(1);
    expect(invitePosts()[0]!.body).toEqual([{ email: "alone@example.com", role: "reader" }]);
    expect(created.id).toBe(membersWith("alone@example.com")[0]!._id);
  });

  it("adoption is unchanged: an adopted member among new ones is found, not invited", async () => {
    const existing = emu.store.addMember({ email: "adopt-me@example.com", role: "reader" });
    const results = await Promise.all([
      provider.create(session, inputs("adopt-me@example.com", { adoptExisting: true })),
      provider.create(session, inputs("adopt-new-1@example.com")),
      provider.create(session, inputs("adopt-new-2@example.com")),
    ]);
    expect(results[0]!.id).toBe(existing._id);
    expect(invitePosts().map((r) => (r.body as { email: string }[]).map((f) => f.email).sort())).toEqual([["adopt-new-1@example.com", "adopt-new-2@example.com"]]);
  });
});
