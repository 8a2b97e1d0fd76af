import { getMember, listMembers, membersPage, type Member as ApiMember } from "../api/members";
import { membersWithIds } from "../api/member-filters";
import type { LaunchDarklyClient } from "../client/http";
import { collect, PAGE_SIZE } from "../client/paginate";
import { AccountSnapshot } from "./account-snapshot";
import { CoalescingReader } from "./coalescing-reader";

const IDS_PER_FILTER = 100;

/** All members of the account, `GET /members?limit=1000&expand=roleAttributes` (each carries its `teams`). */
export function createMemberSnapshot(client: LaunchDarklyClient): AccountSnapshot<ApiMember> {
  return new AccountSnapshot((offset) => membersPage(client, offset, { expand: ["roleAttributes"], pageSize: PAGE_SIZE.members }), (member) => member._id);
}

/**
 * Member reads of one session. Concurrent reads are answered from the account snapshot when it is worth
 * taking (see `AccountSnapshot`), and otherwise go out as `GET /members?filter=id:a|b|…&expand=roleAttributes`
 * (100 ids each, well inside any URL limit). A lone read uses the snapshot if it was taken, else
 * `GET /members/{id}`.
 */
export function createMemberReader(client: LaunchDarklyClient, snapshot: AccountSnapshot<ApiMember>): CoalescingReader<ApiMember> {
  const byIds = async (ids: readonly string[]): Promise<ApiMember[]> => {
    const chunks: string[][] = [];
    for (let i = 0; i < ids.length; i += IDS_PER_FILTER) chunks.push(ids.slice(i, i + IDS_PER_FILTER));
    const lists = await Promise.all(
      chunks.map((chunk) => collect(listMembers(client, { filter: membersWithIds(chunk), expand: ["roleAttributes"], pageSize: PAGE_SIZE.members }))),
    );
    return lists.flat();
  };
  return new CoalescingReader<ApiMember>(
    {
      one: async (id) => {
        const taken = snapshot.taken();
        if (taken) {
          const { answered } = await snapshot.answer([id], 1);
          if (answered.has(id)) return answered.get(id);
        }
        return getMember(client, id, { expand: ["roleAttributes"] });
      },
      many: async (ids) => {
        const { answered, unanswered } = await snapshot.answer(ids, Math.ceil(ids.length / IDS_PER_FILTER));
        const found = [...answered.values()].filter((member): member is ApiMember => member !== undefined);
        return [...found, ...(await byIds(unanswered))];
      },
      keyOf: (member) => member._id,
    },
    // The snapshot answers any number of keys; the filter's 100 ids per request is applied to what it leaves.
    { maxKeysPerRequest: Number.MAX_SAFE_INTEGER },
  );
}
