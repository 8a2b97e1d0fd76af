import type * as provider from "@pulumi/pulumi/provider";
import { resourceCalls, type ResourceCalls } from "../provider/resource-calls";
import type { Props } from "../resources/props";
import { createSession, type Session } from "../session/session";
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
  env?: NodeJS.ProcessEnv;
}

/**
 * The native plugin's front door: Pulumi's `Provider` interface (plus Configure, CheckConfig and detailed
 * diffs, which `@pulumi/pulumi/provider`'s own server does not pass on) over the same core as the dynamic
 * front door. Every resource call goes through `resourceCalls` (src/core/provider/resource-calls.ts): the
 * same dispatch by kind, the same errors naming settings and properties, the same token redaction. The
 * plugin process serves one provider instance, so the provider holds its own session: Configure replaces it,
 * keeping the ownership ledger (it is about the program, not the account).
 */
export class LaunchDarklyAccessProvider implements provider.Provider {
  readonly version: string;
  private readonly env: NodeJS.ProcessEnv;
  private session: Session;
  private core: ResourceCalls;
  private schemaText?: string;

  constructor(options: NativeProviderOptions) {
    this.version = options.version;
    this.env = options.env ?? process.env;
    this.session = createSession(configFromEngine({}, {}, this.env));
    this.core = resourceCalls(this.session);
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
    this.session = createSession(configFromEngine(args, variables, this.env), { ledger: this.session.ledger });
    this.core = resourceCalls(this.session);
  }

  async check(urn: string, olds: Props, news: Props): Promise<provider.CheckResult> {
    return this.core.check(kindOfUrn(urn), olds, news);
  }

  async diff(id: string, urn: string, olds: Props, news: Props): Promise<NativeDiffResult> {
    const kind = kindOfUrn(urn);
    const result = await this.core.diff(kind, id, olds, news);
    if (!result.changes) return { ...result, detailedDiff: {} };
    const detail = detailedDiff(kind, olds, news, result.replaces ?? []);
    return Object.keys(detail).length > 0 ? { ...result, detailedDiff: detail } : result;
  }

  async create(urn: string, inputs: Props): Promise<provider.CreateResult> {
    return this.core.create(kindOfUrn(urn), inputs);
  }

  /** With neither state nor inputs (`pulumi import`), every input comes back, so the generated code is complete. */
  async read(id: string, urn: string, props?: Props, inputs?: Props): Promise<provider.ReadResult> {
    const kind = kindOfUrn(urn);
    return this.core.read(kind, id, isImportRead(props, inputs) ? importState(kind) : (props ?? {}));
  }

  async update(id: string, urn: string, olds: Props, news: Props): Promise<provider.UpdateResult> {
    return this.core.update(kindOfUrn(urn), id, olds, news);
  }

  async delete(id: string, urn: string, props: Props): Promise<void> {
    await this.core.delete(kindOfUrn(urn), id, props);
  }
}
