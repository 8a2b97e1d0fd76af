import type { Props, ResourceKind } from "../resources/props";
import { MANAGED_FIELDS_KEY } from "../resources/managed-fields";

/**
 * What `read` is given when `pulumi import` asks for a resource by id alone. The core's `read` reports only
 * the optional inputs the state says the program manages (so a refresh never invents an input the program
 * did not write); an import has no state, and should bring every input back so the generated code is
 * complete. These are the states that say "every optional input is managed":
 * - Member and CustomRole keep that record in `__managedFields`;
 * - Team manages an optional input that its state holds (the values here only mark them; `read` replaces
 *   them with LaunchDarkly's). `memberIds` is left out on purpose: it is authoritative and would fight the
 *   TeamMembership resources imported beside it (README, "Authoritative or additive, never both").
 * - TeamMembership reads its pair from the id (`<teamKey>/<memberId>`).
 */
const IMPORT_STATES: Record<ResourceKind, Props> = {
  member: { [MANAGED_FIELDS_KEY]: ["firstName", "lastName", "customRoles", "roleAttributes"] },
  customRole: { [MANAGED_FIELDS_KEY]: ["description", "resourceCategory"] },
  team: { description: "", customRoleKeys: [], maintainers: [], roleAttributes: {} },
  teamMembership: {},
};

export function importState(kind: ResourceKind): Props {
  return structuredClone(IMPORT_STATES[kind]);
}

/** A Read with neither state nor inputs: `pulumi import` (or a `get`) of an object the stack does not hold yet. */
export function isImportRead(props: Props | undefined, inputs: Props | undefined): boolean {
  return Object.keys(props ?? {}).length === 0 && Object.keys(inputs ?? {}).length === 0;
}
