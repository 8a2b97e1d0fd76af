import { describe, expect, it } from "vitest";
import { LaunchDarklyApiError } from "../../src/client/errors";
import { MAX_CREATE_SENDS, recoverLostCreate } from "../../src/resources/lost-create";

const lost = (status = 0) => new LaunchDarklyApiError({ status, code: status ? `http_${status}` : "network_error", message: "lost", method: "POST", path: "/api/v2/roles" });
const noSleep = async () => {};

describe("recoverLostCreate", () => {
  it("returns what the lookup finds, without sending again", async () => {
    let sends = 0;
    const outcome = await recoverLostCreate(lost(), async () => ++sends, async () => 42, noSleep);
    expect(outcome).toEqual({ landed: 42 });
    expect(sends).toBe(0);
  });

  it("sends again when nothing landed, and looks again after each lost send", async () => {
    const events: string[] = [];
    let sends = 0;
    const outcome = await recoverLostCreate(
      lost(503),
      async () => {
        events.push("send");
        if (++sends < 3) throw lost(502);
        return "created";
      },
      async () => (events.push("look"), undefined),
      noSleep,
    );
    expect(outcome).toEqual({ created: "created" });
    expect(events).toEqual(["look", "send", "look", "send", "look", "send"]);
  });

  it(`gives up with the last lost error after ${MAX_CREATE_SENDS} sends in all`, async () => {
    let sends = 1;
    const last = lost(500);
    const promise = recoverLostCreate(lost(), async () => (sends++, Promise.reject(last)), async () => undefined, noSleep);
    await expect(promise).rejects.toBe(last);
    expect(sends).toBe(MAX_CREATE_SENDS);
  });

  it("passes any other error through at once (e.g. a conflict on the resend)", async () => {
    const conflict = new LaunchDarklyApiError({ status: 409, code: "conflict", message: "exists", method: "POST", path: "/api/v2/teams" });
    await expect(recoverLostCreate(lost(), () => Promise.reject(conflict), async () => undefined, noSleep)).rejects.toBe(conflict);
  });
});
