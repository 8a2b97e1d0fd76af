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

describe("account access failures", () => {
  it("a missing token says which variable to set", async () => {
    const run = await cli(["review"], { LAUNCHDARKLY_API_HOST: emu.url });
    expect(run.code).toBe(1);
    expect(expectOneLine(run.stderr)).toMatch(/^pulumi-launchdarkly-access review: no LaunchDarkly access token: set LAUNCHDARKLY_ACCESS_TOKEN/);
  });

  it("a rejected token is one clear line that never shows the token", async () => {
    const badToken = "api-00000000-wrong-token";
    for (const argv of [["review"], ["generate", "--out", "unused"]]) {
      const run = await cli(argv, envFor({ url: emu.url, token: badToken }));
      expect(run.code).toBe(1);
      const line = expectOneLine(run.stderr);
      expect(line).toContain(`LaunchDarkly at ${emu.url} rejected the access token (401`);
      expect(run.stderr).not.toContain(badToken);
    }
  });

  it("an unreachable host is one line naming it", async () => {
    const closed = await startEmulator();
    const url = closed.url;
    await closed.close();
    const run = await cli(["review"], envFor({ url, token: "api-x" }, { LAUNCHDARKLY_OPERATION_TIMEOUT_MS: "1500", LAUNCHDARKLY_REQUEST_TIMEOUT_MS: "500" }));
    expect(run.code).toBe(1);
    expect(expectOneLine(run.stderr)).toMatch(new RegExp(`could not read GET /api/v2/roles from ${url.replace(/[.]/g, "\\.")}|deadline`));
  });

  it("an account without teams and custom roles (no Enterprise plan) says what the token needs", async () => {
    const basic = await startEmulator({ options: { enterprise: false } });
    try {
      const run = await cli(["review"], envFor(basic));
      expect(run.code).toBe(1);
      expect(expectOneLine(run.stderr)).toMatch(/may not read GET \/api\/v2\/roles \(403 .*Enterprise plan/);
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
