import type * as pulumi from "@pulumi/pulumi";
import { LaunchDarklyApiError, redact } from "../client/errors";
import { settingContextFor, withSettingFix } from "../client/setting-fixes";
import { stackConfigKey } from "../config";
import { customRoleProvider } from "../resources/custom-role";
import { memberProvider } from "../resources/member";
import { teamProvider } from "../resources/team";
import { teamMembershipProvider } from "../resources/team-membership";
import type { Session } from "../session/session";
import { checkFailuresForEngine } from "./check-failures";
import { withPropertyFix, type ProviderOperation } from "./failure-hints";
import { omitUndefined } from "../resources/struct-safe";
import type { ResourceProviderImpl } from "../resources/resource-provider";
import type { Props, ResourceKind } from "../resources/props";

/**
 * The provider calls of one session, as every front door makes them: dispatched by resource kind, with what
 * the engine and the user rely on: results carry no `undefined` (protobuf Structs reject it), API failures
 * name the setting or property to change, and no error message carries the access token.
 */
export interface ResourceCalls {
  check(kind: ResourceKind, olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult>;
  diff(kind: ResourceKind, id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult>;
  create(kind: ResourceKind, inputs: Props): Promise<pulumi.dynamic.CreateResult>;
  read(kind: ResourceKind, id: string, props: Props): Promise<pulumi.dynamic.ReadResult>;
  update(kind: ResourceKind, id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult>;
  delete(kind: ResourceKind, id: string, props: Props): Promise<void>;
}

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

export function resourceCalls(session: Session): ResourceCalls {
  return {
    async check(kind, olds, news) {
      const result = await guarded(session, { kind, operation: "check", id: "", props: news }, () => providerFor(kind).check(session, olds, news));
      return result.failures && result.failures.length > 0 ? { ...result, failures: checkFailuresForEngine(result.failures) } : result;
    },
    diff(kind, id, olds, news) {
      return guarded(session, { kind, operation: "diff", id, props: news }, () => providerFor(kind).diff(session, id, olds, news));
    },
    create(kind, inputs) {
      return guarded(session, { kind, operation: "create", id: "", props: inputs }, () => providerFor(kind).create(session, inputs));
    },
    read(kind, id, props) {
      return guarded(session, { kind, operation: "read", id, props }, () => providerFor(kind).read(session, id, props));
    },
    update(kind, id, olds, news) {
      return guarded(session, { kind, operation: "update", id, props: news }, () => providerFor(kind).update(session, id, olds, news));
    },
    delete(kind, id, props) {
      return guarded(session, { kind, operation: "delete", id, props }, () => providerFor(kind).delete(session, id, props));
    },
  };
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

async function guarded<T>(session: Session, site: CallSite, call: () => Promise<T>): Promise<T> {
  try {
    return omitUndefined(await call());
  } catch (thrown) {
    const config = session.config;
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
