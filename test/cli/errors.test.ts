import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator";
import { cli, envFor } from "./run-cli";

/** A user error is one line on stderr: no stack frames. */
function expectOneLine(stderr: string): string {
  expect(stderr).not.toMatch(/^\s+at /m);
  const lines = stderr.trim().split("\n");
  return lines.at(-1)!;
}

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ owner: { email: "owner@example.com" } });
});
afterAll(async () => {
  await emu.close();
});

describe("command line", () => {
  it("prints the commands with --help (exit 0) and without a command (exit 2)", async () => {
    const help = await cli(["--help"], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/generate\s+write a Pulumi program/);
    expect(help.stdout).toMatch(/review\s+print an access review/);
    const none = await cli([], {});
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("Usage: pulumi-launchdarkly-access <command>");
  });

  it("has --help for each command", async () => {
    for (const command of ["generate", "review"]) {
      const run = await cli([command, "--help"], {});
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`Usage: pulumi-launchdarkly-access ${command} [options]`);
    }
  });

  it("rejects an unknown command, unknown options and bad values with exit 2", async () => {
    const unknown = await cli(["import"], {});
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "import"');

    const option = await cli(["review", "--colour"], {});
    expect(option.code).toBe(2);
    expect(expectOneLine(option.stderr)).toBe("Run `pulumi-launchdarkly-access review --help` for usage.");
    expect(option.stderr).toContain("Unknown option '--colour'");

    expect((await cli(["review", "--format", "xml"], {})).stderr).toContain("--format must be one of markdown, csv, json (got \"xml\")");
    expect((await cli(["review", "--stale-invite-days", "soon"], {})).code).toBe(2);
    expect((await cli(["generate", "--memberships", "both"], {})).stderr).toContain("--memberships must be one of team-membership, authoritative");
    expect((await cli(["generate", "--teams", ","], {})).code).toBe(2);
    expect((await cli(["generate", "--out"], {})).code).toBe(2);
  });
});

describe("account access failures, in the one error format", () => {
  const REQUEST_ID = "\\(request id [0-9a-f-]+\\)";
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

  it("a missing token names the variable to set", async () => {
    const run = await cli(["review"], { LAUNCHDARKLY_API_HOST: emu.url });
    expect(run.code).toBe(1);
    expect(expectOneLine(run.stderr)).toBe(
      "pulumi-launchdarkly-access review: LaunchDarkly API GET /api/v2/roles not sent: no access token is configured: LAUNCHDARKLY_ACCESS_TOKEN (environment) is not set. " +
        "Fix: set LAUNCHDARKLY_ACCESS_TOKEN to a personal or service API access token (api-…, not an SDK key) that can read members, teams and custom roles.",
    );
  });

  it("a rejected token is one line naming the variable it came from, never the token", async () => {
    const badToken = "api-00000000-wrong-token";
    for (const [argv, command] of [[["review"], "review"], [["generate", "--out", "unused"], "generate"]] as const) {
      const run = await cli([...argv], envFor({ url: emu.url, token: badToken }));
      expect(run.code).toBe(1);
      expect(expectOneLine(run.stderr)).toMatch(
        new RegExp(
          `^pulumi-launchdarkly-access ${command}: LaunchDarkly API GET /api/v2/roles failed: 401 unauthorized: Invalid access token ${REQUEST_ID}\\. ` +
            escape(`Fix: the access token from LAUNCHDARKLY_ACCESS_TOKEN (environment) was rejected by ${emu.url}:`),
        ),
      );
      expect(run.stderr).toContain(`check LAUNCHDARKLY_API_HOST (environment) = "${emu.url}"`);
      expect(run.stderr).not.toContain(badToken);
    }
  });

  it("an unreachable host fails at once, naming the variable and its value", async () => {
    const closed = await startEmulator();
    const url = closed.url;
    await closed.close();
    const started = Date.now();
    const run = await cli(["review"], envFor({ url, token: "api-x" }));
    expect(Date.now() - started).toBeLessThan(3000);
    expect(run.code).toBe(1);
    expect(expectOneLine(run.stderr)).toBe(
      `pulumi-launchdarkly-access review: LaunchDarkly API GET /api/v2/roles failed: could not connect to ${url} (ECONNREFUSED: nothing accepts connections there); ` +
        `first request to this host, not retried. Fix: check LAUNCHDARKLY_API_HOST (environment) = "${url}": it must be reachable from here ` +
        `(https://app.launchdarkly.com, https://app.eu.launchdarkly.com, https://app.launchdarkly.us, or the emulator's http://127.0.0.1:PORT).`,
    );
  });

  it("an API host without a scheme names the variable, its value and the value to use, sending nothing", async () => {
    const bare = emu.url.replace("http://", "");
    emu.resetRequestLog();
    const run = await cli(["review"], envFor({ url: bare, token: emu.token }));
    expect(run.code).toBe(1);
    expect(expectOneLine(run.stderr)).toBe(
      `pulumi-launchdarkly-access review: LaunchDarkly API GET /api/v2/roles not sent: LAUNCHDARKLY_API_HOST (environment) is "${bare}", which has no scheme. ` +
        `Fix: set LAUNCHDARKLY_API_HOST=${emu.url}.`,
    );
    expect(emu.requests).toEqual([]);
  });

  it("an account without teams and custom roles (no Enterprise plan) says what the token needs", async () => {
    const basic = await startEmulator({ options: { enterprise: false } });
    try {
      const run = await cli(["review"], envFor(basic));
      expect(run.code).toBe(1);
      expect(expectOneLine(run.stderr)).toMatch(
        new RegExp(
          `^pulumi-launchdarkly-access review: LaunchDarkly API GET /api/v2/roles failed: 403 forbidden: .+ ${REQUEST_ID}\\. ` +
            escape("Fix: the access token from LAUNCHDARKLY_ACCESS_TOKEN (environment) may not do this: give it a role that can manage members, teams and custom roles (teams and custom roles also need an Enterprise plan).") +
            "$",
        ),
      );
    } finally {
      await basic.close();
    }
  });
});

describe("an empty account (only the owner)", () => {
  it("review says so and still reports the owner", async () => {
    const run = await cli(["review"], envFor(emu));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("1 member (0 pending invites), 0 teams, 0 custom roles.");
    expect(run.stdout).toContain("The account has no teams and no custom roles: every member's access is their base role alone.");
    expect(run.stdout).toContain("| owner@example.com | owner |");
  });

  it("generate writes nothing and says why", async () => {
    const run = await cli(["generate", "--out", "never-written"], envFor(emu));
    expect(run.code).toBe(1);
    expect(expectOneLine(run.stderr)).toBe(
      `pulumi-launchdarkly-access generate: nothing to generate: the account at ${emu.url} has no custom roles, no teams and no members besides its owner (owner@example.com)`,
    );
  });
});
