import { getMember, listMembers, type Member as ApiMember } from "../api/members";
import { membersWithIds } from "../api/member-filters";
import type { LaunchDarklyClient } from "../client/http";
import { collect, PAGE_SIZE } from "../client/paginate";
import { CoalescingReader } from "./coalescing-reader";

/**
 * Member reads of one session: concurrent reads go out as
 * `GET /members?filter=id:a|b|…&expand=roleAttributes` (100 ids each, well inside any URL limit), so
 * refreshing 500 members costs 5 requests instead of 500; a lone read stays `GET /members/{id}`.
 */
export function createMemberReader(client: LaunchDarklyClient): CoalescingReader<ApiMember> {
  return new CoalescingReader<ApiMember>({
    one: (id) => getMember(client, id, { expand: ["roleAttributes"] }),
    many: (ids) => collect(listMembers(client, { filter: membersWithIds(ids), expand: ["roleAttributes"], pageSize: PAGE_SIZE.members })),
    keyOf: (member) => member._id,
  });
}
