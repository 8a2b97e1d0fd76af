import type { ApiRequest } from "../../core/client/http";
import type { PolicyDiffLine } from "./policy-diff";

/** One request `up` will send, as the provider's own request builder makes it. */
export interface PlannedRequest {
  request: ApiRequest;
  /** Why the request's exact body or count cannot be known from the preview, when it cannot. */
  caveat?: string;
  /** A CustomRole PATCH that replaces `/policy` whole: the statements that change, for reviewers. */
  policyDiff?: PolicyDiffLine[];
}

/** What `up` does for one resource step (or one team's coalesced membership changes). */
export interface PlannedStep {
  /** A resource operation, the run's coalesced Member invites, or a team's coalesced TeamMembership additions / removals. */
  op: "create" | "update" | "delete" | "replace" | "invite-members" | "add-team-members" | "remove-team-members";
  /** e.g. `Member`, `CustomRole`, `Team`, `TeamMembership`. */
  typeName: string;
  /** The resource name (for memberships, the team key; for the invites, `invites`). */
  name: string;
  /** The LaunchDarkly id or key when the state knows it. */
  id?: string;
  /** The delete half of a create-before-delete replace, listed with the other deletes, where `up` sends it. */
  replaced?: true;
  /** Member ids (or placeholders; for invites, resource names) this step's requests name, with the email the preview knows for each. */
  people?: Array<{ id: string; email: string }>;
  /** Properties that force the replace, from the engine. */
  replaceReasons?: string[];
  requests: PlannedRequest[];
  /** Reads or conditional requests the provider may add, said precisely. */
  notes: string[];
  /** The fewest and most write requests this step can cost (they differ only for coalesced invites and memberships). */
  requestRange: { min: number; max: number };
}
