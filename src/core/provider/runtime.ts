import type * as pulumi from "@pulumi/pulumi";
import { LaunchDarklyApiError, redact } from "../client/errors";
import { settingContextFor, withSettingFix } from "../client/setting-fixes";
import { resolveConfig, stackConfigKey } from "../config";
import { customRoleProvider } from "../resources/custom-role";
import { memberProvider } from "../resources/member";
import { teamProvider } from "../resources/team";
import { teamMembershipProvider } from "../resources/team-membership";
import { checkFailuresForEngine } from "./check-failures";
import { configureRuntime, getConfig } from "./context";
import { withPropertyFix, type ProviderOperation } from "./failure-hints";
import { omitUndefined } from "./struct-safe";
import type { Props, ResourceKind, ResourceProviderImpl } from "./types";

/**
 * The runtime entry (`pulumi-launchdarkly-access/runtime`) that every serialized shim loads at call time.
 * It dispatches by resource kind, and guarantees what the engine and the user rely on: results carry no
 * `undefined` (protobuf Structs reject it), API failures name the setting or property to change, and no
 * error message carries the access token.
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

/** Which call of which resource, for naming the property to change when it fails. */
interface CallSite {
  kind: ResourceKind;
  operation: ProviderOperation;
  id: string;
  props: Props;
}

/**
 * `pulumi refresh` (without --run-program) configures providers from the state saved by the last `up`, not
 * from the current stack config: after `launchdarkly:accessToken` is rotated, its reads use the old token.
 * The environment variable is read at call time, so it is never stale.
 * Verified with the real CLI (docs/decisions/0018-ownership-and-preview-checks.md); the fix is on the CLI side.
 */
function staleRefreshTokenHint(namespace: string | undefined): string {
  return (
    `If you changed \`${stackConfigKey("accessToken", namespace)}\` since the last \`pulumi up\`: \`pulumi refresh\` uses the configuration saved in the ` +
    "state by that `up`, not the current stack config. Run `pulumi refresh --run-program` (or `pulumi up`, which saves the new " +
    "configuration) so the current token is used"
  );
}

async function guarded<T>(site: CallSite, call: () => Promise<T>): Promise<T> {
  try {
    return omitUndefined(await call());
  } catch (thrown) {
    const config = getConfig();
    let err = thrown;
    if (LaunchDarklyApiError.is(thrown)) {
      let fixed = withSettingFix(withPropertyFix(site.kind, site.operation, site.id, site.props, thrown), settingContextFor(config));
      // Only a token from stack config can be stale in a refresh: LAUNCHDARKLY_ACCESS_TOKEN is read from the current environment.
      if (site.operation === "read" && fixed.status === 401 && config.origins?.accessToken === "stack config") fixed = fixed.withFix(`${fixed.fix ?? ""}. ${staleRefreshTokenHint(config.configNamespace)}`);
      err = fixed;
    }
    const token = config.accessToken;
    if (err instanceof Error && token) {
      err.message = redact(err.message, token);
      if (err.stack) err.stack = redact(err.stack, token);
    }
    throw err;
  }
}

export async function check(kind: ResourceKind, olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
  const result = await guarded({ kind, operation: "check", id: "", props: news }, () => providerFor(kind).check(olds, news));
  return result.failures && result.failures.length > 0 ? { ...result, failures: checkFailuresForEngine(result.failures) } : result;
}
export function diff(kind: ResourceKind, id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
  return guarded({ kind, operation: "diff", id, props: news }, () => providerFor(kind).diff(id, olds, news));
}
export function create(kind: ResourceKind, inputs: Props): Promise<pulumi.dynamic.CreateResult> {
  return guarded({ kind, operation: "create", id: "", props: inputs }, () => providerFor(kind).create(inputs));
}
export function read(kind: ResourceKind, id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
  return guarded({ kind, operation: "read", id, props }, () => providerFor(kind).read(id, props));
}
export function update(kind: ResourceKind, id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
  return guarded({ kind, operation: "update", id, props: news }, () => providerFor(kind).update(id, olds, news));
}
function deleteResource(kind: ResourceKind, id: string, props: Props): Promise<void> {
  return guarded({ kind, operation: "delete", id, props }, () => providerFor(kind).delete(id, props));
}
export { deleteResource as delete };
