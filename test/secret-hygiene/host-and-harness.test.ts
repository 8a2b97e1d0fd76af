import { createRequire } from "node:module";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator";
import { startLocalServer } from "../client/local-server";
import { hostModule, ROOT, serializedProvider, urn } from "../engine/engine-harness";
import { captureOutput, leaks, producedLog, SECRET_TOKEN } from "./captured-output";

/**
 * Secret hygiene through the layers a user runs: Pulumi's dynamic-provider host (built package, serialized
 * `__provider`, config over gRPC) and the demo's harness engine running the example program. Searched:
 * every response and error, the `__provider` text, the state the harness engine holds, what it prints,
 * and the host's stderr.
 */
const requireDist = createRequire(path.join(ROOT, "dist", "index.js"));
const { HarnessEngine } = requireDist("./harnesses/engine/harness-engine.js");
const { hostCalls } = requireDist("./harnesses/engine/provider-calls.js");
const { printRequests, printSteps } = requireDist("./harnesses/demo/report.js");
const example = path.join(ROOT, "dist", "examples", "access");
const { org } = requireDist(path.join(example, "org.js"));
const { defineOrg } = requireDist(path.join(example, "program.js"));

let emu: Emulator;
let echo: Awaited<ReturnType<typeof startLocalServer>>;
let host: Awaited<ReturnType<typeof hostModule.DynamicProviderHost.start>>;
const { produced, keep, settle } = producedLog();

const config = (apiHost: string) => ({ "launchdarkly:accessToken": SECRET_TOKEN, "launchdarkly:apiHost": apiHost, "launchdarkly:operationTimeoutMs": "5000" });

beforeAll(async () => {
  emu = await startEmulator({ token: SECRET_TOKEN, owner: { email: "owner@example.com" }, faults: [{ kind: "502", method: "GET", count: 3 }] });
  echo = await startLocalServer((req, res) => {
    res.writeHead(401, { "content-type": "application/json" });
    res.end(JSON.stringify({ code: "unauthorized", message: `Invalid token ${String(req.headers.authorization)}` }));
  });
  host = await hostModule.DynamicProviderHost.start({ cwd: ROOT });
}, 60_000);
afterAll(async () => {
  await host?.close();
  await emu?.close();
  await echo?.close();
});

describe("secret hygiene: dynamic-provider host and the harness engine", () => {
  it("the host's responses, errors and stderr never hold the token", async () => {
    await host.configure(config(emu.url));
    const provider = await serializedProvider("customRole");
    keep("__provider", provider);
    const u = urn("customRole", "deployers");
    const news = { key: "deployers", name: "Deployers", policy: [{ effect: "allow", resources: ["proj/*"], actions: ["*"] }], __provider: provider };
    const checked = await host.check(u, {}, news);
    const created = await settle("host create", () => host.create(u, checked.inputs));
    expect(created?.id).toBe("deployers");
    await settle("host read", () => host.read(created!.id, u, created!.properties, checked.inputs));
    await settle("host update", () => host.update(created!.id, u, created!.properties, { ...checked.inputs, name: "Deployers!" }));
    await settle("host create conflict", () => host.create(u, checked.inputs));
    const memberProvider = await serializedProvider("member");
    const mu = urn("member", "ada");
    const member = await host.check(mu, {}, { email: "ada@example.com", customRoles: ["missing-role"], __provider: memberProvider });
    await settle("host member with unknown role", () => host.create(mu, member.inputs));
    await settle("host delete", () => host.delete(created!.id, u, created!.properties));

    // A second host (the host configures each provider once), talking to a server that echoes the token in its 401.
    const echoHost = await hostModule.DynamicProviderHost.start({ cwd: ROOT });
    let echoStderr = "";
    try {
      await echoHost.configure(config(echo.url));
      await settle("host read against echo", () => echoHost.read("deployers", u, { key: "deployers", __provider: provider }));
      await settle("host create against echo", () => echoHost.create(u, checked.inputs));
      echoStderr = echoHost.stderr;
    } finally {
      await echoHost.close();
    }
    expect(echo.seen.some((r) => r.headers.authorization === SECRET_TOKEN)).toBe(true);

    const everything = [...produced, host.stderr, echoStderr].join("\n");
    expect(everything).toContain("[REDACTED]");
    expect(everything).toContain("host member with unknown role error");
    expect(leaks(everything)).toEqual([]);
  }, 60_000);

  it("the harness engine running the example program: state, steps, printed output and request log never hold the token", async () => {
    // A provider process of its own, as for any program: the previous test's declarations (ada@example.com
    // with another role) would be a second Member with her email in the same process.
    const programHost = await hostModule.DynamicProviderHost.start({ cwd: ROOT });
    await programHost.configure(config(emu.url));
    const engine = new HarnessEngine(hostCalls(programHost), { parallel: Number.POSITIVE_INFINITY });
    const output = captureOutput();
    try {
      for (const [label, run] of [
        ["preview", () => engine.run("preview", () => defineOrg(org))],
        ["up", () => engine.run("up", () => defineOrg(org))],
        ["refresh", () => engine.refresh()],
        ["up again", () => engine.run("up", () => defineOrg(org))],
      ] as const) {
        emu.resetRequestLog();
        const { steps, failures } = await run();
        expect(failures).toEqual([]);
        printSteps(steps);
        printRequests(emu.requests);
        keep(`${label} steps`, steps);
        keep(`${label} state`, [...engine.state.values()]);
        keep(`${label} emulator log`, emu.requests);
      }
      expect(engine.state.size).toBeGreaterThan(10);
      await settle("destroy", () => engine.destroy());
    } finally {
      output.stop();
      await programHost.close();
    }
    const everything = [...produced, output.text(), host.stderr, programHost.stderr].join("\n");
    expect(everything).toContain("__provider");
    expect(everything).toContain("LaunchDarkly requests:");
    expect(leaks(everything)).toEqual([]);
  }, 90_000);
});
