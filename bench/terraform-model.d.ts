export type TerraformOrgOperation = "create" | "noopApply" | "refresh" | "destroy";
export interface TerraformOrgCounts {
  roles: number;
  teams: number;
  memberships: number;
  memberCustomRoles: number[];
}
export interface TerraformOrgRequests {
  requests: number;
  lowerBound: boolean;
  unpublished: string[];
}
export function terraformOrgRequests(org: TerraformOrgCounts, operation: TerraformOrgOperation): TerraformOrgRequests;
export function perOperationLabel(resource: "member" | "team" | "customRole" | "teamMembership", op: "create" | "read" | "update" | "delete", n: number): string;
