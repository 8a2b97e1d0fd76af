import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";

/** `npm run emulator` (the built dist/harnesses/emulator/run-emulator.js): EMULATOR_PROFILE picks the profile, `--option` sets one switch, `--fault` injects a failure, `--log-requests` prints the requests; the banner says which profile, switches and faults. */
const CLI = path.resolve(__dirname, "..", "..", "dist", "harnesses", "emulator", "run-emulator.js");
const running: ChildProcessWithoutNullStreams[] = [];

afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill("SIGTERM");
});

function startCli(env: Record<string, string>, args: string[] = []): Promise<{ banner: string; url: string; token: string; output: () => string }> {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, EMULATOR_PORT: "0", ...env } });
  running.push(child);
  let output = "";
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      const started = output.includes("Press Ctrl-C");
      output += chunk.toString();
      if (started || !output.includes("Press Ctrl-C")) return;
      const url = /listening on (http\S+)/.exec(output)?.[1];
      const token = /Access token: (\S+)/.exec(output)?.[1];
      if (url && token) resolve({ banner: output, url, token, output: () => output });
      else reject(new Error(`no URL or token in:\n${output}`));
    });
    child.on("exit", (code) => reject(new Error(`exited ${code} before listening:\n${output}`)));
  });
}

function exitOf(env: Record<string, string>, args: string[] = []): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, EMULATOR_PORT: "0", ...env } });
  running.push(child);
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, stderr })));
}

async function rolesStatus(url: string, token: string, limit: number): Promise<number> {
  const response = await fetch(`${url}/api/v2/roles?limit=${limit}`, { headers: { Authorization: token } });
  await response.text();
  return response.status;
}

describe("npm run emulator", () => {
  it("EMULATOR_PROFILE=strict: says so, and a roles page above 20 is refused", async () => {
    const { banner, url, token } = await startCli({ EMULATOR_PROFILE: "strict" });
    expect(banner).toMatch(/^LaunchDarkly emulator listening on http:\/\/127\.0\.0\.1:\d+ \(profile strict\)$/m);
    expect(await rolesStatus(url, token, 21)).toBe(400);
    expect(await rolesStatus(url, token, 20)).toBe(200);
  });

  it("EMULATOR_PROFILE=lenient: says so, and a roles page of 100 is served", async () => {
    const { banner, url, token } = await startCli({ EMULATOR_PROFILE: "lenient" });
    expect(banner).toMatch(/^LaunchDarkly emulator listening on http:\/\/127\.0\.0\.1:\d+ \(profile lenient\)$/m);
    expect(await rolesStatus(url, token, 100)).toBe(200);
  });

  it("an unknown profile is refused with the accepted values", async () => {
    const { code, stderr } = await exitOf({ EMULATOR_PROFILE: "relaxed" });
    expect(code).not.toBe(0);
    expect(stderr).toContain('EMULATOR_PROFILE must be one of strict, lenient (got "relaxed")');
  });

  it("--option sets one switch over the profile and the banner says so; --log-requests prints each request without the token", async () => {
    const { banner, url, token, output } = await startCli({ EMULATOR_PROFILE: "strict" }, ["--option", "inviteInvalidEmails=all", "--log-requests"]);
    expect(banner).toMatch(/^LaunchDarkly emulator listening on http:\/\/127\.0\.0\.1:\d+ \(profile strict; inviteInvalidEmails=all\)$/m);
    const invite = (emails: string[]) =>
      fetch(`${url}/api/v2/members`, {
        method: "POST",
        headers: { Authorization: token, "Content-Type": "application/json" },
        body: JSON.stringify(emails.map((email) => ({ email, role: "reader" }))),
      });
    expect((await invite(["ada@example.com", "grace@example.com"])).status).toBe(201);
    const conflict = await invite(["ada@example.com", "linus@example.com", "grace@example.com"]);
    expect(conflict.status).toBe(400);
    // The strict profile alone names only the first conflicting email.
    expect(((await conflict.json()) as { invalid_emails: string[] }).invalid_emails).toEqual(["ada@example.com", "grace@example.com"]);
    expect(await rolesStatus(url, token, 21)).toBe(400);

    await expect.poll(() => output().split("Press Ctrl-C to stop.")[1]?.trim().split("\n") ?? []).toEqual([
      "POST /api/v2/members 201 [2 entries]",
      "POST /api/v2/members 400 [3 entries]",
      "GET /api/v2/roles?limit=21 400",
    ]);
    expect(output().split("Press Ctrl-C to stop.")[1]).not.toContain(token);
  });

  it.each([
    [["--option", "inviteInvalidEmails=some"], '--option inviteInvalidEmails=some: inviteInvalidEmails must be all or first (got "some")'],
    [["--option", "rolePageCap=0"], '--option rolePageCap=0: rolePageCap must be a positive integer (got "0")'],
    [["--option", "invalidEmails=all"], '--option invalidEmails=all: no switch is named "invalidEmails"; the switches are jsonPatchTestFailureStatus,'],
    [["--option", "nulls"], "--option nulls: nulls needs a value: true or false"],
  ])("%j is refused naming the accepted values", async (args, message) => {
    const { code, stderr } = await exitOf({}, args);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  it("--fault injects a rule: the next invite is applied and its connection reset, once; the banner says so", async () => {
    const rule = "reset-after,method=POST,path=/api/v2/members,count=1";
    const { banner, url, token, output } = await startCli({}, ["--fault", rule, "--log-requests"]);
    expect(banner).toContain(`Injecting fault: ${rule}`);
    const invite = (email: string) =>
      fetch(`${url}/api/v2/members`, { method: "POST", headers: { Authorization: token, "Content-Type": "application/json" }, body: JSON.stringify([{ email, role: "reader" }]) });
    await expect(invite("dropped@example.com")).rejects.toThrow();
    expect((await invite("answered@example.com")).status).toBe(201);
    const listed = await fetch(`${url}/api/v2/members?filter=email:dropped@example.com`, { headers: { Authorization: token } });
    expect(((await listed.json()) as { items: { email: string }[] }).items.map((m) => m.email)).toEqual(["dropped@example.com"]);
    await expect.poll(() => output().split("Press Ctrl-C to stop.")[1]?.trim().split("\n") ?? []).toEqual([
      "POST /api/v2/members reset [1 entry]",
      "POST /api/v2/members 201 [1 entry]",
      "GET /api/v2/members?filter=email:dropped@example.com 200",
    ]);
  });

  it.each([
    ["nope", '--fault nope: the kind must be one of 429, 500, 502, 503, 409-optimistic, reset-before, reset-after, garble-after, latency (got "nope")'],
    ["500,count=0", '--fault 500,count=0: count must be a positive integer (got "0")'],
    ["429,probability=2", '--fault 429,probability=2: probability must be a number from 0 to 1 (got "2")'],
    ["500,path=api/v2/members", '--fault 500,path=api/v2/members: path must start with / (got "api/v2/members")'],
    ["500,route=/x", '--fault 500,route=/x: unknown field "route"; the fields are method, path, count, probability, latencyMs, retryAfterSeconds, resetInMs'],
  ])("--fault %s is refused naming what is accepted", async (rule, message) => {
    const { code, stderr } = await exitOf({}, ["--fault", rule]);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });
});
