import * as grpc from "@grpc/grpc-js";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import * as readline from "node:readline";
import * as structProto from "google-protobuf/google/protobuf/struct_pb";
import * as emptyProto from "google-protobuf/google/protobuf/empty_pb";
import * as providerRpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as providerProto from "@pulumi/pulumi/proto/provider_pb";
import * as statusProto from "@pulumi/pulumi/proto/status_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator";

/**
 * The executable as the engine runs it: `bin/pulumi-resource-launchdarkly-access` (the built code in dist)
 * started as a process, its port read from stdout, every call over gRPC.
 */
const ROOT = path.resolve(__dirname, "../..");
const BIN = path.join(ROOT, "bin", "pulumi-resource-launchdarkly-access");
const VERSION = (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string }).version;
const TEAM_URN = "urn:pulumi:dev::proj::launchdarkly-access:index:Team::platform";
const SECRET_KEY = "4dabf18193072939515e22adb298388d";

let emu: Emulator;
let child: ChildProcess;
let client: providerRpc.ResourceProviderClient;
let output = "";

function call<Response>(method: string, request: unknown): Promise<Response> {
  return new Promise((resolve, reject) => {
    (client as any)[method](request, (error: grpc.ServiceError | null, response: Response) => (error ? reject(error) : resolve(response)));
  });
}
const struct = (value: Record<string, unknown>) => structProto.Struct.fromJavaScript(value as Record<string, structProto.JavaScriptValue>);

beforeAll(async () => {
  if (!existsSync(path.join(ROOT, "dist/core/native/plugin-main.js"))) throw new Error("run `npm run build` first: the plugin runs the built code");
  emu = await startEmulator();
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("LAUNCHDARKLY_")));
  child = spawn(BIN, [], { env, stdio: ["ignore", "pipe", "pipe"] });
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the plugin printed no port: ${output}`)), 20_000);
    readline.createInterface({ input: child.stdout! }).once("line", (line) => {
      clearTimeout(timer);
      output += `${line}\n`;
      resolve(Number(line.trim()));
    });
    child.once("exit", (code) => reject(new Error(`the plugin exited with ${code}: ${output}`)));
  });
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  expect(Number.isInteger(port) && port > 0).toBe(true);
  client = new providerRpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
});

afterAll(async () => {
  client?.close();
  if (child && child.exitCode === null) {
    await new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  }
  await emu?.close();
});

describe("bin/pulumi-resource-launchdarkly-access over gRPC", () => {
  it("reports the package version and serves the schema", async () => {
    const info: any = await call("getPluginInfo", new emptyProto.Empty());
    expect(info.getVersion()).toBe(VERSION);
    const response: providerProto.GetSchemaResponse = await call("getSchema", new providerProto.GetSchemaRequest());
    const schema = JSON.parse(response.getSchema());
    expect(schema).toMatchObject({ name: "launchdarkly-access", version: VERSION });
    expect(schema.config.variables.accessToken.secret).toBe(true);
  });

  it("CheckConfig, Configure, Check, Create, Diff (detailed) and an import Read", async () => {
    const checkConfig = new providerProto.CheckRequest()
      .setUrn("urn:pulumi:dev::proj::pulumi:providers:launchdarkly-access::default")
      .setOlds(struct({}))
      .setNews(struct({ accessToken: emu.token, apiHost: emu.url, requestTimeoutMs: "5000" }));
    const checkedConfig: providerProto.CheckResponse = await call("checkConfig", checkConfig);
    expect(checkedConfig.getFailuresList()).toEqual([]);
    expect((checkedConfig.getInputs()!.toJavaScript().accessToken as Record<string, unknown>)[SECRET_KEY]).toBeDefined();

    // As the engine sends Configure: the typed args (the token as a secret) and the legacy string variables.
    const configure = new providerProto.ConfigureRequest()
      .setArgs(struct({ accessToken: { [SECRET_KEY]: "1b47061264138c4ac30d75fd1eb44270", value: emu.token }, apiHost: emu.url, requestTimeoutMs: "5000" }))
      .setAcceptsecrets(true);
    configure.getVariablesMap().set("launchdarkly-access:config:apiHost", emu.url);
    const configured: providerProto.ConfigureResponse = await call("configure", configure);
    expect(configured.getAcceptsecrets()).toBe(false);

    const check = new providerProto.CheckRequest().setUrn(TEAM_URN).setOlds(struct({})).setNews(struct({ key: "platform", name: "Platform", customRoleKeys: [] }));
    const checked: providerProto.CheckResponse = await call("check", check);
    expect(checked.getFailuresList().map((failure) => failure.getReason())).toEqual([]);
    const inputs = checked.getInputs()!.toJavaScript();

    emu.resetRequestLog();
    const created: providerProto.CreateResponse = await call("create", new providerProto.CreateRequest().setUrn(TEAM_URN).setProperties(struct(inputs)));
    expect(created.getId()).toBe("platform");
    expect(emu.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(["POST /api/v2/teams 201"]);
    const outs = created.getProperties()!.toJavaScript();

    emu.store.addRole({ key: "deployer", name: "Deployer" });
    const diffRequest = new providerProto.DiffRequest()
      .setId("platform")
      .setUrn(TEAM_URN)
      .setOlds(struct(outs))
      .setNews(struct({ ...inputs, customRoleKeys: ["deployer"] }));
    const diff: providerProto.DiffResponse = await call("diff", diffRequest);
    expect(diff.getChanges()).toBe(providerProto.DiffResponse.DiffChanges.DIFF_SOME);
    expect(diff.getHasdetaileddiff()).toBe(true);
    expect(diff.getDetaileddiffMap().get("customRoleKeys[0]")?.getKind()).toBe(providerProto.PropertyDiff.Kind.ADD);

    const imported: providerProto.ReadResponse = await call("read", new providerProto.ReadRequest().setId("platform").setUrn(TEAM_URN));
    expect(imported.getId()).toBe("platform");
    expect(imported.getInputs()!.toJavaScript()).toEqual({ key: "platform", name: "Platform", description: "", customRoleKeys: [], maintainers: [], roleAttributes: {} });

    // `pulumi import` of an id that names nothing: no id and no properties, which the engine reports as
    // "resource 'nosuchteam' does not exist" (an empty Struct would read as "provider does not support importing").
    const missing: providerProto.ReadResponse = await call("read", new providerProto.ReadRequest().setId("nosuchteam").setUrn(TEAM_URN));
    expect(missing.getId()).toBe("");
    expect(missing.hasProperties()).toBe(false);
    expect(missing.hasInputs()).toBe(false);

    expect(output).not.toContain(emu.token);
    expect(JSON.stringify([outs, imported.getProperties()!.toJavaScript()])).not.toContain(emu.token);
  });

  it("an object created but not converged comes back as ErrorResourceInitFailed with its id and properties", async () => {
    // LaunchDarkly may drop an unknown role key silently (the emulator's adverse reading): the team exists, without it.
    emu.options.unknownTeamRoleKeys = "drop";
    const urn = TEAM_URN.replace("::platform", "::ghosts");
    const create = new providerProto.CreateRequest().setUrn(urn).setProperties(struct({ key: "ghosts", name: "Ghosts", customRoleKeys: ["ghost"] }));
    const error = (await call("create", create).catch((e: grpc.ServiceError) => e)) as grpc.ServiceError;
    expect(error.details).toMatch(/did not receive custom role\(s\) "ghost"/);
    const status = statusProto.Status.deserializeBinary(new Uint8Array(error.metadata.get("grpc-status-details-bin")[0] as Buffer));
    const [detail] = status.getDetailsList();
    expect(detail?.getTypeName()).toBe("pulumirpc.ErrorResourceInitFailed");
    const initFailure = providerProto.ErrorResourceInitFailed.deserializeBinary(detail!.getValue_asU8());
    expect(initFailure.getId()).toBe("ghosts");
    expect(initFailure.getProperties()!.toJavaScript()).toMatchObject({ key: "ghosts", customRoleKeys: [] });
    expect(emu.store.teams.has("ghosts")).toBe(true);
  });

  it("a failed call is a gRPC error that names the problem, without the token", async () => {
    const check = new providerProto.CheckRequest().setUrn(TEAM_URN).setOlds(struct({})).setNews(struct({ key: "bad key", name: "" }));
    const checked: providerProto.CheckResponse = await call("check", check);
    expect(checked.getFailuresList().map((failure) => failure.getReason()).join("\n")).toMatch(/key must start with a letter or digit/);
    const error = await call("create", new providerProto.CreateRequest().setUrn(TEAM_URN.replace("Team", "Flag")).setProperties(struct({}))).catch((e: grpc.ServiceError) => e);
    expect((error as grpc.ServiceError).details).toMatch(/unknown resource type "launchdarkly-access:index:Flag"/);
    expect(output).not.toContain(emu.token);
  });
});
