import { describe, expect, it } from "vitest";
import type { ListingPage } from "../../src/core/client/paginate";
import { AccountSnapshot } from "../../src/core/session/account-snapshot";

/** An account of `total` keys served `pageSize` a page, recording the offsets asked for. */
function account(total: number, pageSize: number) {
  const offsets: number[] = [];
  const keys = Array.from({ length: total }, (_, i) => `k${i}`);
  const snapshot = new AccountSnapshot<string>(async (offset): Promise<ListingPage<string>> => {
    offsets.push(offset);
    const items = keys.slice(offset, offset + pageSize);
    return { items, totalCount: total, more: offset + items.length < total };
  }, (key) => key);
  return { snapshot, offsets };
}

describe("AccountSnapshot", () => {
  it("a whole account on the first page answers every key, absent ones as absent, with one request", async () => {
    const { snapshot, offsets } = account(5, 10);
    const { answered, unanswered } = await snapshot.answer(["k1", "k4", "gone"], 1);
    expect([...answered]).toEqual([["k1", "k1"], ["k4", "k4"], ["gone", undefined]]);
    expect(unanswered).toEqual([]);
    expect(offsets).toEqual([0]);
  });

  it("lists the rest only once the reads spent and pending reach its remaining pages", async () => {
    const { snapshot, offsets } = account(40, 10);
    // 3 remaining pages: a batch worth 1 request is cheaper read per key; the first page answers what it holds.
    expect(await snapshot.answer(["k2", "k25"], 1)).toEqual({ answered: new Map([["k2", "k2"]]), unanswered: ["k25"] });
    expect(await snapshot.wholeFor(1)).toBeUndefined();
    expect(offsets).toEqual([0]);
    // 2 spent + 1 pending = 3 remaining pages: list them.
    const whole = await snapshot.wholeFor(1);
    expect(whole?.size).toBe(40);
    expect(offsets).toEqual([0, 10, 20, 30]);
  });

  it("keys this session wrote are not answered; a removed key leaves the whole listing", async () => {
    const { snapshot } = account(5, 10);
    snapshot.markWritten("k1");
    snapshot.remove("k2");
    const { answered, unanswered } = await snapshot.answer(["k0", "k1", "k2", "new"], 1);
    expect([...answered.keys()]).toEqual(["k0", "new"]);
    expect(unanswered).toEqual(["k1", "k2"]);
    expect([...(await snapshot.wholeFor(1))!.keys()]).toEqual(["k0", "k1", "k3", "k4"]);
  });
});
