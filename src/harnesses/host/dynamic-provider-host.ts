import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import * as readline from "node:readline";

/**
 * Drives Pulumi's own dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider`) over gRPC, exactly as
 * the engine does: Configure with stack config, then Check/Diff/Create/Read/Update/Delete with `__provider`
 * in the property bags. Used by the engine-level tests and by `npm run demo` when no Pulumi CLI is present.
 */
// The generated stubs ship with @pulumi/pulumi and are plain CommonJS without usable typings for this use.
/* eslint-disable @typescript-eslint/no-require-imports */
const grpc = require("@grpc/grpc-js");
const providerProto = require("@pulumi/pulumi/proto/provider_pb");
const providerRpc = require("@pulumi/pulumi/proto/provider_grpc_pb");
const structProto = require("google-protobuf/google/protobuf/struct_pb");
const statusProto = require("@pulumi/pulumi/proto/status_pb");

export type Props = Record<string, unknown>;

export interface CheckFailure {
  property: string;
  reason: string;
}

export interface HostCallError extends Error {
  /** Present when the provider reported a partially created object (ErrorResourceInitFailed). */
  initFailure?: { id: string; properties: Props; reasons: string[] };
}

export interface HostStartOptions {
  /** Directory whose node_modules resolves `pulumi-launchdarkly-access` (the host resolves from its cwd). */
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Path to the dynamic-provider entry; default: the one in `cwd`'s @pulumi/pulumi. */
  hostEntry?: string;
  startTimeoutMs?: number;
}

export class DynamicProviderHost {
  private stderrTail = "";

  private constructor(
    private readonly child: ChildProcess,
    private readonly client: any,
    readonly port: number,
  ) {
    child.stderr?.on("data", (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString()).slice(-4000);
    });
  }

  /** What the host printed on stderr lately (the host logs provider errors there). */
  get stderr(): string {
    return this.stderrTail;
  }

  static async start(options: HostStartOptions): Promise<DynamicProviderHost> {
    const entry =
      options.hostEntry ??
      require.resolve("@pulumi/pulumi/cmd/dynamic-provider/index.js", { paths: [options.cwd] });
    const child = spawn(process.execPath, [entry, "127.0.0.1:1"], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr?.on("data", (c: Buffer) => (stderr += c.toString()));
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`dynamic-provider host did not start: ${stderr}`)), options.startTimeoutMs ?? 20_000);
      const lines = readline.createInterface({ input: child.stdout! });
      lines.once("line", (line) => {
        clearTimeout(timer);
        const n = Number(line.trim());
        Number.isInteger(n) && n > 0 ? resolve(n) : reject(new Error(`unexpected host output: ${line}`));
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`dynamic-provider host exited with ${code}: ${stderr}`));
      });
    });
    const client = new providerRpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    return new DynamicProviderHost(child, client, port);
  }

  private call<T>(method: string, request: unknown): Promise<T> {
    return new Promise((resolve, reject) => {
      this.client[method](request, (err: any, response: T) => (err ? reject(toHostError(err)) : resolve(response)));
    });
  }

  /** Stack config as the engine sends it: flat `namespace:key` strings. */
  async configure(config: Record<string, string>): Promise<void> {
    const req = new providerProto.ConfigureRequest();
    req.setArgs(structProto.Struct.fromJavaScript(config));
    const vars = req.getVariablesMap();
    for (const [k, v] of Object.entries(config)) vars.set(k, v);
    await this.call("configure", req);
  }

  async check(urn: string, olds: Props, news: Props): Promise<{ inputs: Props; failures: CheckFailure[] }> {
    const req = new providerProto.CheckRequest();
    req.setUrn(urn);
    req.setOlds(structProto.Struct.fromJavaScript(olds));
    req.setNews(structProto.Struct.fromJavaScript(news));
    const resp: any = await this.call("check", req);
    return {
      inputs: resp.getInputs()?.toJavaScript() ?? {},
      failures: resp.getFailuresList().map((f: any) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  async diff(id: string, urn: string, olds: Props, news: Props): Promise<{ changes: "none" | "some" | "unknown"; replaces: string[]; deleteBeforeReplace: boolean }> {
    const req = new providerProto.DiffRequest();
    req.setId(id);
    req.setUrn(urn);
    req.setOlds(structProto.Struct.fromJavaScript(olds));
    req.setNews(structProto.Struct.fromJavaScript(news));
    const resp: any = await this.call("diff", req);
    const C = providerProto.DiffResponse.DiffChanges;
    const changes = resp.getChanges() === C.DIFF_SOME ? "some" : resp.getChanges() === C.DIFF_NONE ? "none" : "unknown";
    return { changes, replaces: resp.getReplacesList(), deleteBeforeReplace: resp.getDeletebeforereplace() };
  }

  async create(urn: string, props: Props): Promise<{ id: string; properties: Props }> {
    const req = new providerProto.CreateRequest();
    req.setUrn(urn);
    req.setProperties(structProto.Struct.fromJavaScript(props));
    const resp: any = await this.call("create", req);
    return { id: resp.getId(), properties: resp.getProperties()?.toJavaScript() ?? {} };
  }

  async read(id: string, urn: string, props: Props, inputs?: Props): Promise<{ id: string; properties: Props; inputs: Props | undefined }> {
    const req = new providerProto.ReadRequest();
    req.setId(id);
    req.setUrn(urn);
    req.setProperties(structProto.Struct.fromJavaScript(props));
    if (inputs) req.setInputs(structProto.Struct.fromJavaScript(inputs));
    const resp: any = await this.call("read", req);
    return { id: resp.getId(), properties: resp.getProperties()?.toJavaScript() ?? {}, inputs: resp.getInputs()?.toJavaScript() };
  }

  async update(id: string, urn: string, olds: Props, news: Props): Promise<{ properties: Props }> {
    const req = new providerProto.UpdateRequest();
    req.setId(id);
    req.setUrn(urn);
    req.setOlds(structProto.Struct.fromJavaScript(olds));
    req.setNews(structProto.Struct.fromJavaScript(news));
    const resp: any = await this.call("update", req);
    return { properties: resp.getProperties()?.toJavaScript() ?? {} };
  }

  async delete(id: string, urn: string, props: Props): Promise<void> {
    const req = new providerProto.DeleteRequest();
    req.setId(id);
    req.setUrn(urn);
    req.setProperties(structProto.Struct.fromJavaScript(props));
    await this.call("delete", req);
  }

  async close(): Promise<void> {
    this.client.close();
    if (this.child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      this.child.once("exit", () => resolve());
      this.child.kill("SIGTERM");
      setTimeout(() => this.child.kill("SIGKILL"), 2000).unref();
    });
  }
}

function toHostError(err: any): HostCallError {
  const error: HostCallError = new Error(err?.details ?? err?.message ?? String(err));
  const raw = err?.metadata?.get?.("grpc-status-details-bin")?.[0];
  if (raw) {
    const status = statusProto.Status.deserializeBinary(new Uint8Array(raw));
    for (const any of status.getDetailsList()) {
      if (any.getTypeName() !== "pulumirpc.ErrorResourceInitFailed") continue;
      const detail = providerProto.ErrorResourceInitFailed.deserializeBinary(any.getValue_asU8());
      error.initFailure = {
        id: detail.getId(),
        properties: detail.getProperties()?.toJavaScript() ?? {},
        reasons: detail.getReasonsList(),
      };
    }
  }
  return error;
}

/** The repository root when running from dist/harnesses/host or src/harnesses/host. */
export const PACKAGE_ROOT = path.resolve(__dirname, "..", "..", "..");
