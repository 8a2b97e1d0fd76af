import { getRole, type CustomRole as ApiCustomRole } from "../api/roles";
import type { LaunchDarklyClient } from "../client/http";
import { CoalescingReader } from "./coalescing-reader";
import type { RoleCatalog } from "./role-catalog";

/**
 * Custom role reads of one session: concurrent reads share one `GET /roles` listing (the list carries full
 * policies), so refreshing 20 roles costs 1 request instead of 20; a lone read stays `GET /roles/{key}`.
 * The listing is the role catalog's, so members' role ids map to keys without another.
 */
export function createRoleReader(client: LaunchDarklyClient, catalog: RoleCatalog): CoalescingReader<ApiCustomRole> {
  return new CoalescingReader<ApiCustomRole>(
    {
      one: (key) => getRole(client, key),
      many: async (keys) => {
        const wanted = new Set(keys);
        return (await catalog.listAllRoles()).filter((role) => wanted.has(role.key));
      },
      keyOf: (role) => role.key,
    },
    // Every chunk is a full listing: make the chunk as large as the batch.
    { maxKeysPerRequest: Number.MAX_SAFE_INTEGER },
  );
}
