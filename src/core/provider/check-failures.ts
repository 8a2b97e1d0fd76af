import type * as pulumi from "@pulumi/pulumi";

/**
 * Check failures as the engine should receive them. The engine prints a failure that has a property as
 * `property <p> value {<inputs[p]>} has a problem: <reason>`, looking <p> up as a top-level input: for a
 * nested path (`policy[0].notActions`) or a missing input it prints `value {<nil>}`, and for others it
 * repeats the whole value. Sent without a property, with the path leading the reason, the engine prints
 * `<type> resource '<name>' has a problem: policy[0].notActions: give either actions or notActions, not both`.
 */
export function checkFailuresForEngine(failures: readonly pulumi.dynamic.CheckFailure[]): pulumi.dynamic.CheckFailure[] {
  return failures.map((failure) => ({ property: "", reason: reasonWithPath(failure.property, failure.reason) }));
}

function reasonWithPath(property: string, reason: string): string {
  if (property === "" || reason.startsWith(`${property} `) || reason.startsWith(`${property}:`)) return reason;
  // Reasons written to follow the property's name ("is required: the team key") read as one sentence.
  if (/^(is|must|looks|should|cannot|has) /.test(reason)) return `${property} ${reason}`;
  return `${property}: ${reason}`;
}

/** The property path a failure made by `checkFailuresForEngine` leads with (for tests and tools). */
export function failurePath(failure: pulumi.dynamic.CheckFailure): string {
  return failure.property || (failure.reason.match(/^([A-Za-z_][\w.[\]]*)(?::| )/)?.[1] ?? "");
}
