export type ResourceKind = "member" | "team" | "teamMembership" | "customRole";

/** Property bags as the dynamic-provider host passes them (decoded protobuf Structs). */
export type Props = Record<string, any>;
