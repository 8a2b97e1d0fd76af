import { org } from "./org";
import { defineOrg } from "./program";

// Stack outputs: member ids by email, custom role ids by key.
export const { memberIds, roleIds } = defineOrg(org);
