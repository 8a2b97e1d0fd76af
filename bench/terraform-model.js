"use strict";
/**
 * LaunchDarkly's Terraform provider's documented requests per operation (docs/decisions/0007-benchmark-method.md):
 * member 2+N / 1+N / 2+2N for N custom roles; team create ≥5, read ≥4; custom role 2/1/2/1; one request per
 * team-membership pair (docs/decisions/0005-membership-coalescing.md). `null` where nothing is published.
 */
const PER_OPERATION = {
  member: { create: (n) => 2 + n, read: (n) => 1 + n, update: (n) => 2 + 2 * n, delete: () => null },
  team: { create: () => 5, read: () => 4, update: () => null, delete: () => null },
  customRole: { create: () => 2, read: () => 1, update: () => 2, delete: () => 1 },
  teamMembership: { create: () => 1, read: () => null, update: () => null, delete: () => 1 },
};

/** Kinds whose published figure is a lower bound ("≥"). */
const LOWER_BOUNDS = { team: new Set(["create", "read"]) };

/** The request-counts table's cell: "2 (2+N)", "≥5", or "—". */
function perOperationLabel(resource, op, n) {
  const count = PER_OPERATION[resource][op](n);
  if (count === null) return "—";
  if (LOWER_BOUNDS[resource]?.has(op)) return `≥${count}`;
  if (resource === "member") return `${count} (${{ create: "2+N", read: "1+N", update: "2+2N" }[op]})`;
  return String(count);
}

/**
 * What the Terraform provider sends for one whole-org operation. `org` counts: roles, teams, memberships,
 * and `memberCustomRoles` (each member's N). A `terraform apply` that changes nothing still refreshes, so
 * "noopApply" and "refresh" read every resource. Unpublished figures are left out and listed in `unpublished`;
 * `lowerBound` says some figure is a "≥".
 * @param {{roles:number, teams:number, memberships:number, memberCustomRoles:number[]}} org
 * @param {"create"|"noopApply"|"refresh"|"destroy"} operation
 */
function terraformOrgRequests(org, operation) {
  const op = { create: "create", noopApply: "read", refresh: "read", destroy: "delete" }[operation];
  const parts = [
    ["customRole", org.roles, () => PER_OPERATION.customRole[op](0)],
    ["team", org.teams, () => PER_OPERATION.team[op](0)],
    ["teamMembership", org.memberships, () => PER_OPERATION.teamMembership[op](0)],
  ];
  let requests = 0;
  const unpublished = [];
  for (const [kind, count, per] of parts) {
    const each = per();
    if (each === null) unpublished.push(kind);
    else requests += count * each;
  }
  const memberCounts = org.memberCustomRoles.map((n) => PER_OPERATION.member[op](n));
  if (memberCounts.includes(null)) unpublished.push("member");
  else requests += memberCounts.reduce((a, b) => a + b, 0);
  const lowerBound = org.teams > 0 && LOWER_BOUNDS.team.has(op);
  return { requests, lowerBound, unpublished };
}

module.exports = { PER_OPERATION, perOperationLabel, terraformOrgRequests };
