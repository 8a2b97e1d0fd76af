import { findMemberByEmail, listMembers, type Member as ApiMember } from "../api/members";
import { membersWithEmails } from "../api/member-filters";
import type { LaunchDarklyClient } from "../client/http";
import { collect, PAGE_SIZE } from "../client/paginate";
import { CoalescingReader } from "./coalescing-reader";

/** 50 emails keep the query near 2 KB, inside any URL limit; it is also one invite batch. */
const EMAILS_PER_FILTER = 50;
/**
 * The real engine starts `adoptExisting` creates a few ms apart: with the readers' 10 ms window, 9 adoptions
 * through the CLI took 7 lookups. 60 ms is the invite batcher's quiet window (decision 0035), so a lone
 * adoption waits no longer than a lone invite.
 */
const WINDOW_MS = 60;

/**
 * Member lookups by email of one session, keyed by the lower-case email: a Member create with
 * `adoptExisting`, and each create of a batch whose response was lost (decision 0012), looks its email up.
 * Concurrent lookups go out as `GET /members?filter=email:a|b|…&expand=roleAttributes`; a lone one keeps
 * the single-email filter. Only exact (case-insensitive) matches answer, as `findMemberByEmail` does.
 */
export function createMemberEmailReader(client: LaunchDarklyClient): CoalescingReader<ApiMember> {
  return new CoalescingReader<ApiMember>(
    {
      one: (email) => findMemberByEmail(client, email),
      many: async (emails) => {
        const listed = await collect(listMembers(client, { filter: membersWithEmails(emails), expand: ["roleAttributes"], pageSize: PAGE_SIZE.members }));
        const wanted = new Set(emails);
        return listed.filter((member) => wanted.has(member.email.toLowerCase()));
      },
      keyOf: (member) => member.email.toLowerCase(),
    },
    { maxKeysPerRequest: EMAILS_PER_FILTER, windowMs: WINDOW_MS },
  );
}
