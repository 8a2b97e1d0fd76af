import { getMember, listMembers, type Member as ApiMember } from "../api/members";
import { membersWithIds } from "../api/member-filters";
import { collect, PAGE_SIZE } from "../client/paginate";
import { getClient, onProcessReset } from "../provider/context";
import { CoalescingReader } from "./coalescing-reader";

/**
 * Member reads of one provider process: concurrent reads go out as
 * `GET /members?filter=id:a|b|…&expand=roleAttributes` (100 ids each, well inside any URL limit), so
 * refreshing 500 members costs 5 requests instead of 500; a lone read stays `GET /members/{id}`.
 */
let processReader: CoalescingReader<ApiMember> | undefined;
onProcessReset(() => {
  processReader = undefined;
});

export function memberReader(): CoalescingReader<ApiMember> {
  processReader ??= new CoalescingReader<ApiMember>({
    one: (id) => getMember(getClient(), id, { expand: ["roleAttributes"] }),
    many: (ids) =>
      collect(listMembers(getClient(), { filter: membersWithIds(ids), expand: ["roleAttributes"], pageSize: PAGE_SIZE.members })),
    keyOf: (member) => member._id,
  });
  return processReader;
}
