import type * as pulumi from "@pulumi/pulumi";
import { LaunchDarklyApiError } from "../client/errors";
import { resolveConfig } from "../config";
import { configureProcessSession, processSession } from "./process-session";
import { resourceCalls } from "./resource-calls";
import type { Props, ResourceKind } from "../resources/props";

/**
 * The runtime entry (`pulumi-launchdarkly-access/runtime`) that every serialized shim loads at call time:
 * the calls of `resource-calls.ts`, made with this process's session.
 */

/** Never throws: a missing token is reported by the first call that needs it. */
export async function configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  configureProcessSession(resolveConfig((key) => req.config.get(key)));
}

/**
 * A check that LaunchDarkly could not answer (rejected token, unreachable host) reaches the engine as a check
 * failure carrying the same one-format message. Thrown, it would also be printed by Pulumi's dynamic-provider
 * host (`console.error(\`${e}: ${e.stack}\`)`), which the CLI shows as the stack's diagnostics: seen with the
 * real CLI, a preview with a wrong token printed the message again with seven lines of stack frames.
 */
export async function check(kind: ResourceKind, olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
  try {
    return await resourceCalls(processSession()).check(kind, olds, news);
  } catch (error) {
    if (!LaunchDarklyApiError.is(error)) throw error;
    return { inputs: news, failures: [{ property: "", reason: error.message }] };
  }
}
export function diff(kind: ResourceKind, id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
  return resourceCalls(processSession()).diff(kind, id, olds, news);
}
export function create(kind: ResourceKind, inputs: Props): Promise<pulumi.dynamic.CreateResult> {
  return resourceCalls(processSession()).create(kind, inputs);
}
export function read(kind: ResourceKind, id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
  return resourceCalls(processSession()).read(kind, id, props);
}
export function update(kind: ResourceKind, id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
  return resourceCalls(processSession()).update(kind, id, olds, news);
}
function deleteResource(kind: ResourceKind, id: string, props: Props): Promise<void> {
  return resourceCalls(processSession()).delete(kind, id, props);
}
export { deleteResource as delete };
