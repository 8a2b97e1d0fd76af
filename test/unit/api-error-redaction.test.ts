import { describe, expect, it } from "vitest";
import { LaunchDarklyApiError } from "../../src/core/client/errors";
import { memberWithEmail, membersOfTeam, membersWithIds } from "../../src/core/api/member-filters";

const SECRET = "api-00000000-1111-2222-3333-444444444444";

describe("LaunchDarklyApiError redacts the secret it is built with", () => {
  it("removes it from every field, the message and the stack before they are made", () => {
    const error = new LaunchDarklyApiError(
      {
        status: 400,
        code: `bad_${SECRET}`,
        message: `token ${SECRET} is not valid here`,
        method: "GET",
        path: `/api/v2/members/${SECRET}`,
        requestId: SECRET,
        details: { echo: [SECRET, { nested: `x${SECRET}x` }], kept: 1 },
        fix: `check ${SECRET}`,
      },
      SECRET,
    );
    const everything = JSON.stringify({ ...error, message: error.message, stack: error.stack });
    expect(everything).not.toContain(SECRET);
    expect(error.apiMessage).toBe("token [REDACTED] is not valid here");
    expect(error.path).toBe("/api/v2/members/[REDACTED]");
    expect(error.details).toEqual({ echo: ["[REDACTED]", { nested: "x[REDACTED]x" }], kept: 1 });
    expect(error.message).toBe("LaunchDarkly API GET /api/v2/members/[REDACTED] failed: 400 bad_[REDACTED]: token [REDACTED] is not valid here (request id [REDACTED]). Fix: check [REDACTED].");
    // A fix added later starts from the redacted fields.
    expect(JSON.stringify({ ...error.withFix("run again"), message: error.withFix("run again").message })).not.toContain(SECRET);
  });

  it("keeps an error built without a secret as given", () => {
    const error = new LaunchDarklyApiError({ status: 404, code: "not_found", message: `no ${SECRET}`, method: "GET", path: "/api/v2/teams/x" });
    expect(error.apiMessage).toBe(`no ${SECRET}`);
    expect(error.failure).toBe("response");
  });
});

describe("GET /members filters", () => {
  it("are written in LaunchDarkly's syntax, as the requests have always sent them", () => {
    expect(membersWithIds(["a1", "b2", "c3"])).toBe("id:a1|b2|c3");
    expect(membersOfTeam("platform")).toBe("team:platform");
    expect(memberWithEmail("ada@example.com")).toBe("email:ada@example.com");
  });
});
