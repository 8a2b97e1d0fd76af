import type { PreviewStep } from "./preview-json";
import { typeNameOfUrn, unknownPlaceholder } from "./unknown-values";

/**
 * Member id → email, from what the preview itself carries: Members in the state (`memberId`, `email`),
 * Members being created (their placeholder id and the email in their inputs), and TeamMemberships that
 * recorded `memberEmail`. Request bodies name members by id; reviewers read emails.
 */
export class PeopleDirectory {
  private readonly emails = new Map<string, string>();

  constructor(steps: readonly PreviewStep[], pendingUrns: ReadonlySet<string>) {
    for (const step of steps) {
      const typeName = typeNameOfUrn(step.urn);
      const outputs = step.oldState?.outputs ?? {};
      if (typeName === "Member") {
        const id = outputs.memberId ?? step.oldState?.id;
        if (typeof id === "string" && typeof outputs.email === "string") this.emails.set(id, outputs.email);
        const email = step.newState?.inputs.email;
        if (pendingUrns.has(step.urn) && typeof email === "string") this.emails.set(unknownPlaceholder([step.urn], pendingUrns), email.toLowerCase());
      } else if (typeName === "TeamMembership" && typeof outputs.memberId === "string" && typeof outputs.memberEmail === "string") {
        if (!this.emails.has(outputs.memberId)) this.emails.set(outputs.memberId, outputs.memberEmail);
      }
    }
  }

  /** The known members among the strings in `value` (ids in paths and bodies), in order of appearance. */
  namedIn(value: unknown): Array<{ id: string; email: string }> {
    const found = new Map<string, string>();
    const visit = (item: unknown): void => {
      if (typeof item === "string") {
        for (const [id, email] of this.emails) if (!found.has(id) && (item === id || item.endsWith(`/${id}`))) found.set(id, email);
      } else if (Array.isArray(item)) item.forEach(visit);
      else if (item !== null && typeof item === "object") Object.values(item).forEach(visit);
    };
    visit(value);
    return [...found].map(([id, email]) => ({ id, email }));
  }
}
