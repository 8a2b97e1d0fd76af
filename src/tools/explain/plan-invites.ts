import type { NewMemberForm } from "../../core/api/members";
import { MAX_INVITES_PER_REQUEST, planMemberInvites } from "../../core/resources/member-plan";
import type { PlannedStep } from "./planned-request";

/** One Member create from the preview: its invite entry, and the resource it belongs to. */
export interface InviteEntry {
  form: NewMemberForm;
  resourceName: string;
  /** Notes about this member's create (e.g. what adoption does). */
  notes: string[];
}

/**
 * The provider coalesces the invites of concurrent Member creates (docs/decisions/0035-batched-invites.md):
 * entries arriving together go out as one `POST /members` of up to 50. The plan shows them as one step with
 * the fewest requests `up` can send; when the engine reaches the members at different moments (e.g. each
 * waits for a different new role), they split, at most one request per member.
 */
export function plannedInviteBatches(entries: readonly InviteEntry[]): PlannedStep | undefined {
  if (entries.length === 0) return undefined;
  const requests = [];
  for (let start = 0; start < entries.length; start += MAX_INVITES_PER_REQUEST) {
    requests.push({ request: planMemberInvites(entries.slice(start, start + MAX_INVITES_PER_REQUEST).map((entry) => entry.form)) });
  }
  const names = entries.map((entry) => `\`${entry.resourceName}\``).join(", ");
  const notes = [
    entries.length === 1
      ? `Invites ${names} (invites that reach the provider together share one request of up to ${MAX_INVITES_PER_REQUEST}).`
      : `Invites ${names}, coalesced into one request per ${MAX_INVITES_PER_REQUEST} entries when they reach the provider together; ` +
        `if the engine reaches them at different moments they split, up to ${entries.length} requests.`,
    ...entries.flatMap((entry) => entry.notes.map((note) => `\`${entry.resourceName}\`: ${note}`)),
  ];
  return {
    op: "invite-members",
    typeName: "Member",
    name: "invites",
    people: entries.map((entry) => ({ id: entry.resourceName, email: entry.form.email })),
    requests,
    notes,
    requestRange: { min: requests.length, max: entries.length },
  };
}
