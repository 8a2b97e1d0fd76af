import { getRole, listRoles, type CustomRole as ApiCustomRole } from "../api/roles";
import { collect, PAGE_SIZE } from "../client/paginate";
import { getClient, onProcessReset } from "../provider/context";
import { CoalescingReader } from "./coalescing-reader";

/**
 * Custom role reads of one provider process: concurrent reads share one `GET /roles` listing (100 roles a
 * page; the list carries full policies), so refreshing 20 roles costs 1 request instead of 20; a lone read
 * stays `GET /roles/{key}`.
 */
let processReader: CoalescingReader<ApiCustomRole> | undefined;
onProcessReset(() => {
  processReader = undefined;
});

export function roleReader(): CoalescingReader<ApiCustomRole> {
  processReader ??= new CoalescingReader<ApiCustomRole>(
    {
      one: (key) => getRole(getClient(), key),
      many: async (keys) => {
        const wanted = new Set(keys);
        const all = await collect(listRoles(getClient(), { pageSize: PAGE_SIZE.roles }));
        return all.filter((role) => wanted.has(role.key));
      },
      keyOf: (role) => role.key,
    },
    // Every chunk is a full listing: make the chunk as large as the batch.
    { maxKeysPerRequest: Number.MAX_SAFE_INTEGER },
  );
  return processReader;
}
