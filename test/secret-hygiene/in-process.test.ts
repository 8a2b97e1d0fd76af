import type { ServerResponse } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { LaunchDarklyClient, type RequestRecord } from "../../src/core/client/http";
import { printRequests } from "../../src/harnesses/demo/report";
import { startEmulator, type Emulator } from "../../src/emulator";
import { configureProcessSession } from "../../src/core/provider/process-session";
import * as runtime from "../../src/core/provider/runtime";
import { startLocalServer } from "../client/local-server";
import { captureOutput, leaks, producedLog, SECRET_TOKEN } from "./captured-output";

/**
 * Secret hygiene, in-process layer: the providers (through the runtime entry, as the host calls them), the
 * client's request records, every error — including servers that echo the Authorization header back — and
 * the emulator's request log as the demo prints it. Nothing may contain the token.
 */
let emu: Emulator;
let echo: Awaited<ReturnType<typeof startLocalServer>>;
const { produced, keep, settle } = producedLog();

function echoAuthorization(res: ServerResponse, status: number, authorization: string, asHtml: boolean) {
  const body = asHtml
    ? `<html><body>Bad gateway for ${authorization}</body></html>`
    : JSON.stringify({ code: "invalid_request", message: `token ${authorization} is not valid here`, token: authorization });
  res.writeHead(status, { "content-type": asHtml ? "text/html" : "application/json" });
  res.end(body);
}

beforeAll(async () => {
  emu = await startEmulator({
    token: SECRET_TOKEN,
    // Lost responses and server errors exercise the retry and recovery paths, which build their own messages.
    faults: [
      { kind: "500", method: "POST", path: "/api/v2/roles", count: 1 },
      { kind: "reset-after", method: "POST", path: "/api/v2/members", count: 1 },
      { kind: "503", method: "GET", count: 2 },
      { kind: "429", method: "PATCH", count: 1, resetInMs: 50 },
    ],
  });
  echo = await startLocalServer((req, res, index) => echoAuthorization(res, index % 2 === 0 ? 400 : 401, String(req.headers.authorization), index % 3 === 0));
});
afterAll(async () => {
  await emu?.close();
  await echo?.close();
});
afterEach(() => {
  configureProcessSession({ accessToken: SECRET_TOKEN, apiHost: emu.url, requestTimeoutMs: 2000, operationTimeoutMs: 10_000 });
});

describe("secret hygiene: in-process providers, client records, errors, printed request log", () => {
  it("never shows the token, across a full lifecycle with faults and servers that echo it back", async () => {
    const output = captureOutput();
    try {
      configureProcessSession({ accessToken: SECRET_TOKEN, apiHost: emu.url, requestTimeoutMs: 2000, operationTimeoutMs: 10_000 });
      const policy = [{ effect: "allow", resources: ["proj/*"], actions: ["*"] }];
      const roleInputs = (await runtime.check("customRole", {}, { key: "deployers", name: "Deployers", policy })).inputs;
      const role = await settle("role create", () => runtime.create("customRole", roleInputs));
      const memberInputs = (await runtime.check("member", {}, { email: "ada@example.com", customRoles: ["deployers"], firstName: "Ada" })).inputs;
      const member = await settle("member create", () => runtime.create("member", memberInputs));
      const teamInputs = (await runtime.check("team", {}, { key: "platform", name: "Platform", customRoleKeys: ["deployers"] })).inputs;
      const team = await settle("team create", () => runtime.create("team", teamInputs));
      const pairInputs = { teamKey: "platform", memberId: member!.id };
      const pair = await settle("membership create", () => runtime.create("teamMembership", pairInputs));
      expect([role, member, team, pair].every((r) => r !== undefined)).toBe(true);

      await settle("role read", () => runtime.read("customRole", role!.id, role!.outs!));
      await settle("member read", () => runtime.read("member", member!.id, member!.outs!));
      await settle("team read", () => runtime.read("team", team!.id, team!.outs!));
      await settle("membership read", () => runtime.read("teamMembership", pair!.id, pair!.outs!));
      // A name change only warns (pulumi.log), and the warning is printed.
      await settle("member diff", () => runtime.diff("member", member!.id, member!.outs!, { ...memberInputs, firstName: "Augusta" }));
      await settle("member update", () => runtime.update("member", member!.id, member!.outs!, { ...memberInputs, role: "writer" }));
      await settle("team update", () => runtime.update("team", team!.id, team!.outs!, { ...teamInputs, name: "Platform team" }));
      // Failures of every kind: unknown role, unknown member, a team key taken.
      await settle("member with unknown role", () => runtime.update("member", member!.id, member!.outs!, { ...memberInputs, customRoles: ["nope"] }));
      await settle("membership of unknown member", () => runtime.create("teamMembership", { teamKey: "platform", memberId: "000000000000000000000000" }));
      await settle("team key taken", () => runtime.create("team", teamInputs));
      for (const [kind, r] of [["teamMembership", pair], ["team", team], ["member", member], ["customRole", role]] as const) {
        await settle(`${kind} delete`, () => runtime.delete(kind, r!.id, r!.outs!));
      }

      // The token sent to a server that rejects it, and servers that echo it in JSON errors and HTML pages.
      configureProcessSession({ accessToken: SECRET_TOKEN, apiHost: echo.url, requestTimeoutMs: 2000, operationTimeoutMs: 3000 });
      for (let i = 0; i < 3; i++) {
        await settle(`echo read ${i}`, () => runtime.read("customRole", "deployers", {}));
        await settle(`echo create ${i}`, () => runtime.create("member", { email: "x@example.com", role: "reader", adoptExisting: false, replaceOnNameChange: false }));
      }
      expect(echo.seen.some((r) => r.headers.authorization === SECRET_TOKEN)).toBe(true);

      // The client's observability records, and its errors when used directly (no runtime redaction around it).
      const records: RequestRecord[] = [];
      const client = new LaunchDarklyClient({ accessToken: SECRET_TOKEN, apiHost: echo.url, onRequest: (r) => records.push(r), operationTimeoutMs: 3000 });
      await settle("client direct", () => client.request({ method: "POST", path: `/api/v2/members`, body: [{ email: "x@example.com", note: "no token here" }] }));
      await settle("client direct get", () => client.request({ method: "GET", path: "/api/v2/roles" }));
      await client.close();
      keep("client records", records);

      // The emulator's request log, raw and as the demo prints it.
      keep("emulator log", emu.requests);
      printRequests(emu.requests);
    } finally {
      output.stop();
    }
    const everything = [...produced, output.text()].join("\n");
    // The capture is real: the lifecycle ran (and printed its request log).
    expect(everything).toContain("POST /api/v2/roles");
    expect(everything).toContain("LaunchDarkly requests:");
    expect(emu.requests.some((r) => r.status === 0 || r.status >= 500)).toBe(true);
    // The echoed token did reach error messages, and was redacted there.
    expect(everything).toContain("[REDACTED]");
    expect(leaks(everything)).toEqual([]);
  }, 30_000);
});
