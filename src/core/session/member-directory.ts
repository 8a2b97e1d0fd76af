/**
 * Member id → email, as this session has seen them: Member writes and reads, and team member
 * listings. TeamMembership records its member's email from here, so reviewers read emails, not ids, and
 * mostly at no request (the Member is usually written by the same `up`).
 */
export class MemberDirectory {
  private readonly emails = new Map<string, string>();

  remember(memberId: string, email: string): void {
    this.emails.set(memberId, email.toLowerCase());
  }

  emailOf(memberId: string): string | undefined {
    return this.emails.get(memberId);
  }
}
