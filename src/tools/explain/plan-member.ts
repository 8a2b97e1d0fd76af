import { diffMember, memberInputSchema, type MemberInputs } from "../../core/resources/member";
import type { NewMemberForm } from "../../core/api/members";
import { buildInviteForm, planMemberDelete, planMemberUpdate } from "../../core/resources/member-plan";
import type { PlannedRequest } from "./planned-request";
import type { RoleIdLookup } from "./role-id-lookup";

/** Checked inputs from the preview with the schema's defaults, as the provider parses them. */
function memberInputs(inputs: Record<string, unknown>): MemberInputs {
  const parsed = memberInputSchema.safeParse(inputs);
  return parsed.success ? parsed.data : (inputs as unknown as MemberInputs);
}

/** A Member create's invite entry: it goes out with the other invites of the run (plan-invites.ts). */
export function plannedMemberInvite(inputs: Record<string, unknown>): { form: NewMemberForm; notes: string[] } {
  const news = memberInputs(inputs);
  const notes: string[] = [];
  if (news.adoptExisting) {
    notes.push(
      `if ${news.email} is already a member (LaunchDarkly answers 400/409 \`email_already_exists_in_account\`), the provider ` +
        `finds it with \`GET /api/v2/members?filter=email:${news.email}\` and converges it with at most one \`PATCH /api/v2/members/{id}\` instead.`,
    );
  }
  return { form: buildInviteForm(news), notes };
}

export function plannedMemberUpdate(
  id: string,
  olds: Record<string, unknown>,
  inputs: Record<string, unknown>,
  roleIds: RoleIdLookup,
): { requests: PlannedRequest[]; notes: string[] } {
  const news = memberInputs(inputs);
  const notes = diffMember(olds, inputs).warnings;
  let plan = planMemberUpdate(id, olds, news);
  // `/customRoles` takes ids: those the preview knows, or placeholders for those known only at up.
  const keysSent = "needs" in plan ? plan.needs.roleIdsOf : [];
  if ("needs" in plan) plan = planMemberUpdate(id, olds, news, new Map(keysSent.map((key) => [key, roleIds.idFor(key)])));
  if ("needs" in plan || plan.requests.length === 0) {
    notes.push("No request: nothing the API can change differs (see the warning above, if any).");
    return { requests: [], notes };
  }
  const requests: PlannedRequest[] = plan.requests.map((request) => ({ request }));
  if (keysSent.length > 0) {
    notes.push(
      `\`/customRoles\` takes role ids. The provider maps the keys ${keysSent.map((key) => `\`${key}\``).join(", ")} to ids at up with ` +
        "`GET /api/v2/roles` (once per run); " +
        (roleIds.allKnown(keysSent) ? "the ids shown are those recorded in the state." : "ids of roles this up creates are known only then."),
    );
  }
  return { requests, notes };
}

export function plannedMemberDelete(id: string): { requests: PlannedRequest[]; notes: string[] } {
  return { requests: [{ request: planMemberDelete(id) }], notes: [] };
}

/** Whether the provider's diff deletes the old member before inviting the new one (a name change with the same email). */
export function memberDeletesBeforeReplace(olds: Record<string, unknown>, inputs: Record<string, unknown>): boolean {
  return diffMember(olds, inputs).result.deleteBeforeReplace === true;
}
