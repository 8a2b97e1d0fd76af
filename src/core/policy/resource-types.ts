/**
 * The resource types of LaunchDarkly's "Using resources" reference and where each sits: the chain of
 * segment types from the top (`proj` → `env` → `flag`). A type is identified by its innermost segment,
 * which is unique across chains. `acct` and `ip-allowlist` take no name; every other segment is `type/name`.
 */
export interface ResourceTypeSpec {
  /** The innermost segment type, e.g. `flag`. */
  type: string;
  /** Segment types from the outermost to this one, e.g. `["proj", "env", "flag"]`. */
  chain: readonly string[];
}

const CHAINS: readonly (readonly string[])[] = [
  ["acct"],
  ["ip-allowlist"],
  ["application"],
  ["code-reference-repository"],
  ["domain-verification"],
  ["integration"],
  ["member"],
  ["member", "token"],
  ["service-token"],
  ["pending-request"],
  ["relay-proxy-config"],
  ["role"],
  ["team"],
  ["template"],
  ["webhook"],
  ["proj"],
  ["proj", "aiconfig"],
  ["proj", "ai-model-config"],
  ["proj", "context-kind"],
  ["proj", "layer"],
  ["proj", "metric"],
  ["proj", "metric-group"],
  ["proj", "prompt-snippet"],
  ["proj", "release-pipeline"],
  ["proj", "release-policy"],
  ["proj", "view"],
  ["proj", "env"],
  ["proj", "env", "assignment-data-source"],
  ["proj", "env", "destination"],
  ["proj", "env", "experiment"],
  ["proj", "env", "holdout"],
  ["proj", "env", "request"],
  ["proj", "env", "flag"],
  ["proj", "env", "segment"],
];

/** Segment types that are written bare, without `/name`. */
export const UNNAMED_TYPES: ReadonlySet<string> = new Set(["acct", "ip-allowlist"]);

export const RESOURCE_TYPES: ReadonlyMap<string, ResourceTypeSpec> = new Map(
  CHAINS.map((chain) => [chain[chain.length - 1]!, { type: chain[chain.length - 1]!, chain }]),
);

/** Every segment type that may appear anywhere in a specifier. */
export const SEGMENT_TYPES: readonly string[] = [...RESOURCE_TYPES.keys()].sort();

/** The canonical specifier of a type with `*` names: `proj/*:env/*:flag/*`. */
export function canonicalSpecifier(type: string): string {
  const spec = RESOURCE_TYPES.get(type);
  if (!spec) throw new Error(`unknown resource type ${type}`);
  return spec.chain.map((t) => (UNNAMED_TYPES.has(t) ? t : `${t}/*`)).join(":");
}
