import { selfLink } from "../pagination";
import type { EmulatorStore, RoleRecord } from "../store";
import { absentAsNull, type RepresentationStyle } from "./nulls";

const ROLE_OPTIONAL_FIELDS = ["description", "resourceCategory"] as const;

/** API `CustomRole`. */
export function roleRepresentation(store: EmulatorStore, role: RoleRecord, style: RepresentationStyle) {
  const representation = {
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
  return absentAsNull(representation, ROLE_OPTIONAL_FIELDS, style);
}
