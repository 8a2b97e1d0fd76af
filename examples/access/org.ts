/**
 * The organisation as data. Platform teams edit this file in a pull request; `pulumi preview --diff`
 * shows reviewers exactly which access changes.
 */
export type Environment = "staging" | "production";
export type BaseRole = "reader" | "writer" | "admin" | "no_access";

export interface RoleSpec {
  key: string;
  name: string;
  description: string;
  basePermissions?: "reader" | "no_access";
  policy: Array<{
    effect: "allow" | "deny";
    resources?: string[];
    notResources?: string[];
    actions?: string[];
    notActions?: string[];
  }>;
}

export interface TeamSpec {
  key: string;
  name: string;
  description: string;
  /** Custom role keys granted to everyone on the team. */
  roles: string[];
}

export interface PersonSpec {
  email: string;
  firstName: string;
  lastName: string;
  role: BaseRole;
  /** Custom roles held directly (keys), besides those the person's teams grant. */
  roles?: string[];
  teams: string[];
  /** Teams this person maintains (may add and remove members). */
  maintains?: string[];
  /** Values for `${roleAttribute/...}` placeholders in policies. */
  roleAttributes?: Record<string, string[]>;
}

export interface OrgSpec {
  roles: RoleSpec[];
  teams: TeamSpec[];
  people: PersonSpec[];
}

const flagChanges = ["updateOn", "updateFallthrough", "updateTargets", "updateRules", "updateOffVariation"];

function deployer(env: Environment, actions: string[]): RoleSpec {
  return {
    key: `deployer-${env}`,
    name: `Deployer (${env})`,
    description: `Toggle and target flags in ${env} of the projects listed in the member's "projects" role attribute`,
    basePermissions: "reader",
    policy: [{ effect: "allow", resources: [`proj/\${roleAttribute/projects}:env/${env}:flag/*`], actions }],
  };
}

export const org: OrgSpec = {
  roles: [
    deployer("staging", ["*"]),
    deployer("production", flagChanges),
    {
      key: "auditor",
      name: "Auditor (read-only)",
      description: "Reads everything, changes nothing, including in production",
      basePermissions: "reader",
      policy: [{ effect: "deny", resources: ["proj/*:env/*:flag/*"], actions: ["*"] }],
    },
    {
      key: "team-admin",
      name: "Team administrator",
      description: "Manages teams and their members, nothing else",
      basePermissions: "no_access",
      policy: [{ effect: "allow", resources: ["team/*"], actions: ["*"] }],
    },
  ],
  teams: [
    { key: "platform", name: "Platform", description: "Owns delivery tooling", roles: ["deployer-staging", "deployer-production"] },
    { key: "payments", name: "Payments", description: "Checkout and billing", roles: ["deployer-staging"] },
    { key: "security", name: "Security", description: "Access reviews and audits", roles: ["auditor"] },
  ],
  people: [
    { email: "ada@example.com", firstName: "Ada", lastName: "Lovelace", role: "writer", teams: ["platform"], maintains: ["platform"], roleAttributes: { projects: ["checkout", "web"] } },
    { email: "grace@example.com", firstName: "Grace", lastName: "Hopper", role: "reader", teams: ["platform", "payments"], roleAttributes: { projects: ["checkout"] } },
    { email: "linus@example.com", firstName: "Linus", lastName: "Torvalds", role: "reader", teams: ["payments"], maintains: ["payments"], roleAttributes: { projects: ["checkout"] } },
    { email: "barbara@example.com", firstName: "Barbara", lastName: "Liskov", role: "reader", roles: ["team-admin"], teams: ["security"], maintains: ["security"] },
    { email: "ken@example.com", firstName: "Ken", lastName: "Thompson", role: "no_access", roles: ["auditor"], teams: [] },
  ],
};
