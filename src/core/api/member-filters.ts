/**
 * The `filter` query parameter of `GET /members`, in LaunchDarkly's syntax: one typed builder per filter the
 * provider uses, so that callers say what they want and the syntax is written here only. A `MemberFilter`
 * can only come from these builders.
 */
declare const memberFilter: unique symbol;
export type MemberFilter = string & { readonly [memberFilter]: true };

/** `id:a|b|…`: the members with these ids. */
export function membersWithIds(ids: readonly string[]): MemberFilter {
  return `id:${ids.join("|")}` as MemberFilter;
}

/** `team:<key>`: the members of one team (a server may also match similar keys: see `listTeamMembers`). */
export function membersOfTeam(teamKey: string): MemberFilter {
  return `team:${teamKey}` as MemberFilter;
}

/** `email:a|b|…`: the members with these emails (an email, as `check` accepts it, holds neither `|` nor `,`). */
export function membersWithEmails(emails: readonly string[]): MemberFilter {
  return `email:${emails.join("|")}` as MemberFilter;
}

/** `email:<email>`: the member with this email. */
export function memberWithEmail(email: string): MemberFilter {
  return `email:${email}` as MemberFilter;
}
