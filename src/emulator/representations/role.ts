import { selfLink } from "../pagination";
import type { EmulatorStore, RoleRecord } from "../store";

/** API `CustomRole`. */
export function roleRepresentation(store: EmulatorStore, role: RoleRecord) {
  return {
    _id: role._id,
    _links: {
      self: selfLink(`/api/v2/roles/${encodeURIComponent(role.key)}`),
      parent: selfLink("/api/v2/roles"),
    },
    key: role.key,
    name: role.name,
    ...(role.description !== undefined ? { description: role.description } : {}),
    policy: structuredClone(role.policy),
    basePermissions: role.basePermissions,
    ...(role.resourceCategory !== undefined ? { resourceCategory: role.resourceCategory } : {}),
    assignedTo: store.roleAssignments(role),
  };
}
