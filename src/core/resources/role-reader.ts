import { getRole, type CustomRole as ApiCustomRole } from "../api/roles";
import { getClient, onProcessReset } from "../provider/context";
import { CoalescingReader } from "./coalescing-reader";
import { listAllRoles } from "./role-catalog";

/**
 * Custom role reads of one provider process: concurrent reads share one `GET /roles` listing (the list
 * carries full policies), so refreshing 20 roles costs 1 request instead of 20; a lone read stays
 * `GET /roles/{key}`. The listing is the role catalog's, so members' role ids map to keys without another.
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
        return (await listAllRoles()).filter((role) => wanted.has(role.key));
      },
      keyOf: (role) => role.key,
    },
    // Every chunk is a full listing: make the chunk as large as the batch.
    { maxKeysPerRequest: Number.MAX_SAFE_INTEGER },
  );
  return processReader;
}
