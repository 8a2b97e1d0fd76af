import type * as pulumi from "@pulumi/pulumi";
import type { ResourceKind } from "../resources/props";

/**
 * The object handed to `pulumi.dynamic.Resource`. Pulumi serializes it into the state as source text and
 * re-runs it in the dynamic-provider host, so it captures nothing but `kind`: every method loads the
 * package's runtime entry at call time. That keeps `__provider` a few hundred bytes, free of tokens and
 * native handles, and lets state written by an old version run the installed version's code.
 *
 * Keep this file free of imports with runtime effect: `import type` only.
 */
export function providerShim(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  // One object per kind: the SDK caches serialization by provider identity, so a thousand members
  // serialize once.
  let shim = shims.get(kind);
  if (!shim) {
    shim = makeShim(kind);
    shims.set(kind, shim);
  }
  return shim;
}

/** Resource types read `pulumi-nodejs:dynamic/launchdarkly:Member` etc. in previews and URNs. */
export const RESOURCE_MODULE = "launchdarkly";

const shims = new Map<ResourceKind, pulumi.dynamic.ResourceProvider>();

function makeShim(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  return {
    async configure(req: pulumi.dynamic.ConfigureRequest) {
      return require("pulumi-launchdarkly-access/runtime").configure(req);
    },
    async check(olds: any, news: any) {
      return require("pulumi-launchdarkly-access/runtime").check(kind, olds, news);
    },
    async diff(id: string, olds: any, news: any) {
      return require("pulumi-launchdarkly-access/runtime").diff(kind, id, olds, news);
    },
    async create(inputs: any) {
      return require("pulumi-launchdarkly-access/runtime").create(kind, inputs);
    },
    async read(id: string, props: any) {
      return require("pulumi-launchdarkly-access/runtime").read(kind, id, props);
    },
    async update(id: string, olds: any, news: any) {
      return require("pulumi-launchdarkly-access/runtime").update(kind, id, olds, news);
    },
    async delete(id: string, props: any) {
      return require("pulumi-launchdarkly-access/runtime").delete(kind, id, props);
    },
  };
}
