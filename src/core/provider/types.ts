export type ResourceKind = "member" | "team" | "teamMembership" | "customRole";

export const RESOURCE_KINDS: readonly ResourceKind[] = ["member", "team", "teamMembership", "customRole"];

/** Property bags as the dynamic-provider host passes them (decoded protobuf Structs). */
export type Props = Record<string, any>;
