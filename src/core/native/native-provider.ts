import type * as provider from "@pulumi/pulumi/provider";
import type { ProviderConfig } from "../config";
import { configureRuntime } from "../provider/context";
import * as core from "../provider/runtime";
import type { Props } from "../provider/types";
import { detailedDiff, type DetailedDiff } from "./detailed-diff";
import { importState, isImportRead } from "./import-state";
import { checkConfig, configFromEngine, CONFIG_KEYS, unwrapSecret, type ConfigCheck } from "./provider-config";
import { packageSchema } from "./schema";
import { kindOfUrn } from "./tokens";

/** A diff with the per-property detail only a native provider can hand the engine. */
export interface NativeDiffResult extends provider.DiffResult {
  detailedDiff?: DetailedDiff;
}

export interface NativeProviderOptions {
  version: string;
  /** Where the configuration goes: the core's runtime state (to become an explicit session). */
  applyConfig?: (config: ProviderConfig) => void;
  env?: NodeJS.ProcessEnv;
}

/**
 * The native plugin's front door: Pulumi's `Provider` interface (plus Configure, CheckConfig and detailed
 * diffs, which `@pulumi/pulumi/provider`'s own server does not pass on) over the same core as the dynamic
 * front door. Every resource call goes through `core` (src/core/provider/runtime.ts): the same dispatch
 * by kind, the same errors naming settings and properties, the same token redaction.
 */
export class LaunchDarklyAccessProvider implements provider.Provider {
  readonly version: string;
  private readonly applyConfig: (config: ProviderConfig) => void;
  private readonly env: NodeJS.ProcessEnv;
  private schemaText?: string;

  constructor(options: NativeProviderOptions) {
    this.version = options.version;
    this.applyConfig = options.applyConfig ?? configureRuntime;
    this.env = options.env ?? process.env;
  }

  async getSchema(): Promise<string> {
    this.schemaText ??= JSON.stringify(packageSchema(this.version));
    return this.schemaText;
  }

  async checkConfig(_olds: Props, news: Props): Promise<ConfigCheck> {
    return checkConfig(news, this.env);
  }

  async diffConfig(olds: Props, news: Props): Promise<NativeDiffResult> {
    // A new token, host or timeout changes how the same objects are reached, never which objects: an update.
    const changed = CONFIG_KEYS.filter((key) => String(unwrapSecret(olds[key]) ?? "") !== String(unwrapSecret(news[key]) ?? ""));
    return { changes: changed.length > 0, replaces: [], detailedDiff: Object.fromEntries(changed.map((key) => [key, "update"])) };
  }

  /** Never throws: a missing token or an unusable setting is reported by the first call that needs it. */
  async configure(args: Props, variables: ReadonlyMap<string, string> | Record<string, string> = {}): Promise<void> {
    this.applyConfig(configFromEngine(args, variables, this.env));
  }

  async check(urn: string, olds: Props, news: Props): Promise<provider.CheckResult> {
    return core.check(kindOfUrn(urn), olds, news);
  }

  async diff(id: string, urn: string, olds: Props, news: Props): Promise<NativeDiffResult> {
    const kind = kindOfUrn(urn);
    const result = await core.diff(kind, id, olds, news);
    if (!result.changes) return { ...result, detailedDiff: {} };
    const detail = detailedDiff(kind, olds, news, result.replaces ?? []);
    return Object.keys(detail).length > 0 ? { ...result, detailedDiff: detail } : result;
  }

  async create(urn: string, inputs: Props): Promise<provider.CreateResult> {
    return core.create(kindOfUrn(urn), inputs);
  }

  /** With neither state nor inputs (`pulumi import`), every input comes back, so the generated code is complete. */
  async read(id: string, urn: string, props?: Props, inputs?: Props): Promise<provider.ReadResult> {
    const kind = kindOfUrn(urn);
    return core.read(kind, id, isImportRead(props, inputs) ? importState(kind) : (props ?? {}));
  }

  async update(id: string, urn: string, olds: Props, news: Props): Promise<provider.UpdateResult> {
    return core.update(kindOfUrn(urn), id, olds, news);
  }

  async delete(id: string, urn: string, props: Props): Promise<void> {
    await core.delete(kindOfUrn(urn), id, props);
  }
}
