import { afterEach, describe, expect, it, vi } from "vitest";
import type { Member as ApiMember, NewMemberForm } from "../../src/core/api/members";
import { InviteBatcher, type InviteTransport } from "../../src/core/session/invite-batcher";

/**
 * When the invite batcher sends (decision 0035), on a fake clock: the real engine hands creates over one at a
 * time, a few hundred milliseconds apart, after checking them all; `Member.check` announces each new email.
 */
afterEach(() => {
  vi.useRealTimers();
});

/** A transport that records when (ms since the test began) each `POST /members` was sent, and which emails it carried. */
function clockedTransport() {
  const began = Date.now();
  const sent: Array<{ at: number; emails: string[] }> = [];
  const transport: InviteTransport = {
    async send(forms: readonly NewMemberForm[]) {
      sent.push({ at: Date.now() - began, emails: forms.map((form) => form.email) });
      return forms.map((form, i) => ({ _id: `id-${form.email}-${i}`, email: form.email }) as ApiMember);
    },
  };
  return { transport, sent };
}

type Event = [at: number, what: "announce" | "invite", email: string];

/** Replays `events` on the fake clock, then lets every batch go out; returns each invite's member email. */
async function replay(batcher: InviteBatcher, events: Event[]): Promise<string[]> {
  const calls: Promise<ApiMember>[] = [];
  let now = 0;
  for (const [at, what, email] of events) {
    await vi.advanceTimersByTimeAsync(at - now);
    now = at;
    if (what === "announce") batcher.announce(email);
    else calls.push(batcher.invite({ email, role: "reader" }));
  }
  await vi.advanceTimersByTimeAsync(5_000);
  return (await Promise.all(calls)).map((member) => member.email);
}

const options = { quietMs: 60, maxWaitMs: 1_000, maxStreamQuietMs: 1_000 };
const emails = (n: number) => Array.from({ length: n }, (_, i) => `m${i + 1}@example.com`);

describe("invite batcher timing (fake clock)", () => {
  it("a lone invite waits only quietMs, announced or not", async () => {
    vi.useFakeTimers();
    const { transport, sent } = clockedTransport();
    const batcher = new InviteBatcher(transport, options);
    expect(await replay(batcher, [[0, "announce", "a@example.com"], [5, "invite", "a@example.com"]])).toEqual(["a@example.com"]);
    expect(sent).toEqual([{ at: 65, emails: ["a@example.com"] }]);
  });

  it("holds the batch for announced invites arriving 300 ms apart, and sends it once the last has come", async () => {
    vi.useFakeTimers();
    const { transport, sent } = clockedTransport();
    const all = emails(5);
    const events: Event[] = [...all.map((email, i): Event => [i, "announce", email]), ...all.map((email, i): Event => [100 + 300 * i, "invite", email])];
    expect(await replay(new InviteBatcher(transport, options), events)).toEqual(all);
    // Without announcements each would have gone alone (60 ms quiet, 300 ms apart): 5 requests.
    expect(sent).toEqual([{ at: 1_300, emails: all }]);
  });

  it("without announcements, invites 300 ms apart go one by one after quietMs", async () => {
    vi.useFakeTimers();
    const { transport, sent } = clockedTransport();
    const all = emails(3);
    await replay(new InviteBatcher(transport, options), all.map((email, i): Event => [300 * i, "invite", email]));
    expect(sent.map((s) => s.at)).toEqual([60, 360, 660]);
  });

  it("learns the engine's parallelism when it falls silent with invites still announced, then sends as soon as that many are open", async () => {
    vi.useFakeTimers();
    const { transport, sent } = clockedTransport();
    const all = emails(7);
    // An engine with 3 slots: it checked all seven, and stops sending while our 3 waiting invites hold its slots.
    const events: Event[] = [
      ...all.map((email, i): Event => [i, "announce", email]),
      [100, "invite", all[0]!],
      [200, "invite", all[1]!],
      [300, "invite", all[2]!],
      [600, "invite", all[3]!],
      [700, "invite", all[4]!],
      [800, "invite", all[5]!],
      [900, "invite", all[6]!],
    ];
    await replay(new InviteBatcher(transport, options), events);
    expect(sent).toEqual([
      { at: 500, emails: all.slice(0, 3) },
      { at: 800, emails: all.slice(3, 6) },
      { at: 960, emails: all.slice(6) },
    ]);
  });

  it("an announced invite that never comes delays the batch by at most maxStreamQuietMs", async () => {
    vi.useFakeTimers();
    const { transport, sent } = clockedTransport();
    await replay(new InviteBatcher(transport, options), [
      [0, "announce", "ghost@example.com"],
      [10, "announce", "a@example.com"],
      [20, "invite", "a@example.com"],
    ]);
    expect(sent).toEqual([{ at: 1_020, emails: ["a@example.com"] }]);
  });

  it("a lapsed announcement (a preview's) no longer holds anything", async () => {
    vi.useFakeTimers();
    const { transport, sent } = clockedTransport();
    await replay(new InviteBatcher(transport, { ...options, announcementTtlMs: 30_000 }), [
      [0, "announce", "preview-only@example.com"],
      [31_000, "invite", "a@example.com"],
    ]);
    expect(sent).toEqual([{ at: 31_060, emails: ["a@example.com"] }]);
  });
});
