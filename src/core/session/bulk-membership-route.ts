import type { BulkInstructionsPerRequest } from "../resources/team-membership-plan";

/**
 * What this session has learnt about the beta bulk `PATCH /teams` (docs/decisions/0036): whether the account
 * serves it at all, and whether one request may carry several instructions. The documentation settles neither
 * for a given account (a beta route, an example with one instruction), so both start at the reading that costs
 * nothing until LaunchDarkly says otherwise, and a refusal is remembered for the rest of the session.
 */
export class BulkMembershipRoute {
  private available = true;
  private several: "untried" | "accepted" | "refused" = "untried";

  /** False once the route answered 403, 404 or 405: membership additions go per team from then on. */
  get usable(): boolean {
    return this.available;
  }

  get instructionsPerRequest(): BulkInstructionsPerRequest {
    return this.several === "refused" ? "one" : "several";
  }

  /** Whether a 400 on a request of several instructions may be its shape (it was never accepted in this session). */
  get severalMayBeRefused(): boolean {
    return this.several !== "accepted";
  }

  markUnavailable(): void {
    this.available = false;
  }

  markSeveralAccepted(): void {
    this.several = "accepted";
  }

  markSeveralRefused(): void {
    this.several = "refused";
  }
}
