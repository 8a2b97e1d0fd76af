import { describe, expect, it } from "vitest";
import { LaunchDarklyApiError } from "../../src/core/client/errors";
import { invalidResponseError } from "../../src/core/client/request-failures";
import { MAX_CREATE_SENDS, outcomeUnknown, recoverLostCreate } from "../../src/core/resources/lost-create";

const lost = (status = 0) => new LaunchDarklyApiError({ status, code: status ? `http_${status}` : "network_error", message: "lost", method: "POST", path: "/api/v2/roles" });
const noSleep = async () => {};
const asSent = () => true;

describe("recoverLostCreate", () => {
  it("returns what the lookup finds, without sending again", async () => {
    let sends = 0;
    const outcome = await recoverLostCreate(lost(), { send: async () => ++sends, lookup: async () => 42, isAsSent: asSent, sleep: noSleep });
    expect(outcome).toEqual({ landed: 42 });
    expect(sends).toBe(0);
  });

  it("calls what it finds a stranger when it is not what was sent, and sends nothing", async () => {
    let sends = 0;
    const seen: number[] = [];
    const outcome = await recoverLostCreate(lost(), {
      send: async () => ++sends,
      lookup: async () => 7,
      isAsSent: async (found) => (seen.push(found), false),
      sleep: noSleep,
    });
    expect(outcome).toEqual({ stranger: 7 });
    expect(seen).toEqual([7]);
    expect(sends).toBe(0);
  });

  it("sends again when nothing landed, and looks again after each lost send", async () => {
    const events: string[] = [];
    let sends = 0;
    const outcome = await recoverLostCreate(lost(503), {
      send: async () => {
        events.push("send");
        if (++sends < 3) throw lost(502);
        return "created";
      },
      lookup: async () => (events.push("look"), undefined),
      isAsSent: asSent,
      sleep: noSleep,
    });
    expect(outcome).toEqual({ created: "created" });
    expect(events).toEqual(["look", "send", "look", "send", "look", "send"]);
  });

  it(`gives up with the last lost error after ${MAX_CREATE_SENDS} sends in all`, async () => {
    let sends = 1;
    const last = lost(500);
    const promise = recoverLostCreate(lost(), { send: async () => (sends++, Promise.reject(last)), lookup: async () => undefined, isAsSent: asSent, sleep: noSleep });
    await expect(promise).rejects.toBe(last);
    expect(sends).toBe(MAX_CREATE_SENDS);
  });

  it("passes any other error through at once (e.g. a conflict on the resend)", async () => {
    const conflict = new LaunchDarklyApiError({ status: 409, code: "conflict", message: "exists", method: "POST", path: "/api/v2/teams" });
    await expect(
      recoverLostCreate(lost(), { send: () => Promise.reject(conflict), lookup: async () => undefined, isAsSent: asSent, sleep: noSleep }),
    ).rejects.toBe(conflict);
  });
});

describe("outcomeUnknown", () => {
  const unreadable = (status: number) => invalidResponseError({ status, method: "POST", path: "/api/v2/teams", reason: "not valid JSON" });
  it("is true for a lost response and for a 2xx whose body could not be read", () => {
    expect(outcomeUnknown(lost())).toBe(true);
    expect(outcomeUnknown(lost(502))).toBe(true);
    expect(outcomeUnknown(unreadable(201))).toBe(true);
    expect(outcomeUnknown(unreadable(200))).toBe(true);
  });
  it("is false for a 4xx answer, whether or not its body was readable, and for other errors", () => {
    expect(outcomeUnknown(lost(409))).toBe(false);
    expect(outcomeUnknown(unreadable(400))).toBe(false);
    expect(outcomeUnknown(new Error("bug"))).toBe(false);
  });
});
