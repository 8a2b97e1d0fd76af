import type * as pulumi from "@pulumi/pulumi";
import { LaunchDarklyApiError, redact } from "../client/errors";
import { resolveConfig } from "../config";
import { customRoleProvider } from "../resources/custom-role";
import { memberProvider } from "../resources/member";
import { teamProvider } from "../resources/team";
import { teamMembershipProvider } from "../resources/team-membership";
import { configureRuntime, getConfig } from "./context";
import { omitUndefined } from "./struct-safe";
import type { Props, ResourceKind, ResourceProviderImpl } from "./types";

/**
 * The runtime entry (`pulumi-launchdarkly-access/runtime`) that every serialized shim loads at call time.
 * It dispatches by resource kind, and guarantees two things the engine relies on: results carry no
 * `undefined` (protobuf Structs reject it) and no error message carries the access token.
 */
const providers: Record<ResourceKind, ResourceProviderImpl> = {
  member: memberProvider,
  team: teamProvider,
  teamMembership: teamMembershipProvider,
  customRole: customRoleProvider,
};

function providerFor(kind: ResourceKind): ResourceProviderImpl {
  const provider = providers[kind];
  if (!provider) throw new Error(`pulumi-launchdarkly-access: unknown resource kind "${String(kind)}"`);
  return provider;
}

/** Never throws: a missing token is reported by the first call that needs it. */
export async function configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  configureRuntime(resolveConfig((key) => req.config.get(key)));
}

async function guarded<T>(call: () => Promise<T>): Promise<T> {
  try {
    return omitUndefined(await call());
  } catch (err) {
    const token = getConfig().accessToken;
    if (err instanceof Error && token) {
      err.message = redact(err.message, token);
      if (err.stack) err.stack = redact(err.stack, token);
    }
    throw err;
  }
}

export function check(kind: ResourceKind, olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
  return guarded(() => providerFor(kind).check(olds, news));
}
export function diff(kind: ResourceKind, id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
  return guarded(() => providerFor(kind).diff(id, olds, news));
}
export function create(kind: ResourceKind, inputs: Props): Promise<pulumi.dynamic.CreateResult> {
  return guarded(() => providerFor(kind).create(inputs));
}
export function read(kind: ResourceKind, id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
  return guarded(() => providerFor(kind).read(id, props).catch(explainStaleRefreshToken));
}

/**
 * `pulumi refresh` (without --run-program) configures providers from the state saved by the last `up`, not
 * from the current stack config: after `launchdarkly:accessToken` is rotated, its reads use the old token.
 * Verified with the real CLI (docs/decisions/0013-ownership-and-preview-checks.md); the fix is on the CLI side.
 */
function explainStaleRefreshToken(err: unknown): never {
  if (LaunchDarklyApiError.is(err) && err.status === 401) {
    err.message +=
      ". If you changed `launchdarkly:accessToken` since the last `pulumi up`: `pulumi refresh` uses the configuration " +
      "saved in the state by that `up`, not the current stack config. Run `pulumi refresh --run-program` (or `pulumi up`, " +
      "which saves the new configuration) so the current token is used.";
  }
  throw err;
}
export function update(kind: ResourceKind, id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
  return guarded(() => providerFor(kind).update(id, olds, news));
}
function deleteResource(kind: ResourceKind, id: string, props: Props): Promise<void> {
  return guarded(() => providerFor(kind).delete(id, props));
}
export { deleteResource as delete };
