/**
 * An error the dynamic-provider host turns into `ErrorResourceInitFailed`: the object exists in LaunchDarkly
 * (its id is kept in state) but could not be fully converged. The next `up` finishes the job instead of
 * orphaning the object or creating it twice.
 */
export class PartialFailureError extends Error {
  readonly id: string;
  readonly properties: Record<string, unknown>;
  readonly reasons: string[];

  constructor(id: string, properties: Record<string, unknown>, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`created ${id}, but could not finish configuring it: ${reason}. Run \`pulumi up\` again to converge.`);
    this.name = "PartialFailureError";
    this.id = id;
    this.properties = properties;
    this.reasons = [reason];
  }
}
