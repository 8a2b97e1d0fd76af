"use strict";
/**
 * What the next run does with creates a killed run left pending, mirroring the Pulumi CLI's choices after an
 * interrupted `up` (`pulumi refresh --import-pending-creates` / `--clear-pending-creates`):
 *
 * - Team, CustomRole and TeamMembership ids follow from their inputs (team key, role key, `team/member`), so
 *   the pending create is imported: one `read` with that id. Found → it is in state and the next diff
 *   finishes whatever the create left undone; not found → the create never landed and runs again.
 * - A Member's id is assigned by LaunchDarkly, so its pending create is cleared. The next create's invite
 *   meets the existing email and, with `adoptExisting: true`, takes that member over instead of failing.
 */

function derivableId(kind, inputs) {
  if (kind === "team" || kind === "customRole") return inputs.key;
  if (kind === "teamMembership") return `${inputs.teamKey}/${inputs.memberId}`;
  return undefined;
}

async function resolvePendingCreates(runtime, pendingCreates, state) {
  const outcome = { imported: 0, cleared: 0, absent: 0 };
  for (const pending of pendingCreates) {
    const id = derivableId(pending.kind, pending.inputs);
    if (id === undefined) {
      outcome.cleared++;
      continue;
    }
    const read = await runtime.read(pending.kind, id, pending.inputs);
    if (!read.id) {
      outcome.absent++;
      continue;
    }
    state.set(pending.urn, { ...pending, id: read.id, outputs: read.props, inputs: read.inputs ?? pending.inputs });
    outcome.imported++;
  }
  return outcome;
}

module.exports = { resolvePendingCreates, derivableId };
