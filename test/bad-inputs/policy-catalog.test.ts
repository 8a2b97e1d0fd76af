import { describe, expect, it } from "vitest";
import { useConfiguredEmulator } from "../support/configured-emulator";
import { failurePath } from "../../src/core/provider/check-failures";
import type { PolicyStatement } from "../../src/core/resources/custom-role";

/**
 * Policies, checked before any request: at least 60 bad ones, each rejected by CustomRole `check` with its
 * property path and a message naming the segment or action and the fix; at least 40 real-world valid ones,
 * accepted unchanged. The emulator runs and is configured, so a check that sent a request would show in its log.
 */
type Statement = PolicyStatement;

interface BadPolicy {
  what: string;
  policy: Statement[];
  property: string;
  message: RegExp;
}

const allow = (resources: string[], actions: string[], extra: Partial<Statement> = {}): Statement => ({ effect: "allow", resources, actions, ...extra });
const deny = (resources: string[], actions: string[]): Statement => ({ effect: "deny", resources, actions });
const ok = allow(["proj/*:env/staging:flag/*"], ["*"]);

const BAD: BadPolicy[] = [
  // Misspelled actions (did you mean …)
  { what: "updateOnn", policy: [allow(["proj/*:env/production:flag/*"], ["updateOnn"])], property: "policy[0].actions[0]", message: /"updateOnn" is not a LaunchDarkly action; did you mean "updateOn"/ },
  { what: "updateRule", policy: [allow(["proj/*:env/*:flag/*"], ["updateOn", "updateRule"])], property: "policy[0].actions[1]", message: /did you mean "updateRules"/ },
  { what: "udpateTargets", policy: [allow(["proj/*:env/*:flag/*"], ["udpateTargets"])], property: "policy[0].actions[0]", message: /did you mean "updateTargets"/ },
  { what: "updateFallthru", policy: [allow(["proj/*:env/*:flag/*"], ["updateFallthru"])], property: "policy[0].actions[0]", message: /did you mean "updateFallthrough"/ },
  { what: "creatFlag", policy: [allow(["proj/*:env/*:flag/*"], ["creatFlag"])], property: "policy[0].actions[0]", message: /did you mean "createFlag"/ },
  { what: "deleteFlags", policy: [deny(["proj/*:env/production:flag/*"], ["deleteFlags"])], property: "policy[0].actions[0]", message: /did you mean "deleteFlag"/ },
  { what: "updateon (case)", policy: [allow(["proj/*:env/*:flag/*"], ["updateon"])], property: "policy[0].actions[0]", message: /did you mean "updateOn"/ },
  { what: "UpdateOn (case)", policy: [allow(["proj/*:env/*:flag/*"], ["UpdateOn"])], property: "policy[0].actions[0]", message: /did you mean "updateOn"/ },
  { what: "updateOffVariaton", policy: [allow(["proj/*:env/*:flag/*"], ["updateOffVariaton"])], property: "policy[0].actions[0]", message: /did you mean "updateOffVariation"/ },
  { what: "createSegmnt", policy: [allow(["proj/*:env/*:segment/*"], ["createSegmnt"])], property: "policy[0].actions[0]", message: /did you mean "createSegment"/ },
  { what: "updateTeamMember", policy: [allow(["team/*"], ["updateTeamMember"])], property: "policy[0].actions[0]", message: /did you mean "updateTeamMembers"/ },
  { what: "createMembr", policy: [allow(["member/*"], ["createMembr"])], property: "policy[0].actions[0]", message: /did you mean "createMember"/ },
  { what: "misspelled notAction", policy: [allow(["proj/*:env/*:flag/*"], [], { actions: undefined, notActions: ["deleteFlg"] })], property: "policy[0].notActions[0]", message: /did you mean "deleteFlag"/ },
  { what: "viewProjects", policy: [allow(["proj/*"], ["viewProjects"])], property: "policy[0].actions[0]", message: /did you mean "viewProject"/ },
  { what: "near-miss despite allowUnknownActions", policy: [allow(["proj/*:env/*:flag/*"], ["updateOnn"], { allowUnknownActions: true })], property: "policy[0].actions[0]", message: /did you mean "updateOn".*allowUnknownActions accepts new actions, not near-misses/ },
  { what: "near-miss of another type's action, allowUnknownActions", policy: [allow(["acct"], ["updateOrganizaton"], { allowUnknownActions: true })], property: "policy[0].actions[0]", message: /did you mean "updateOrganization"/ },
  { what: "invented action without the escape hatch", policy: [allow(["proj/*:env/*:flag/*"], ["launchRocket"])], property: "policy[0].actions[0]", message: /not an action on flag .* set allowUnknownActions: true/ },
  { what: "invented action in the second statement", policy: [ok, allow(["member/*"], ["promoteToOwner"])], property: "policy[1].actions[0]", message: /set allowUnknownActions: true/ },
  { what: "action glob matching nothing", policy: [allow(["proj/*:env/*:flag/*"], ["frobnicate*"])], property: "policy[0].actions[0]", message: /the action glob "frobnicate\*" matches no action on flag/ },
  { what: "made-up action on the whole account (notResources)", policy: [{ effect: "deny", notResources: ["proj/*"], actions: ["nukeEverything"] }], property: "policy[0].actions[0]", message: /not an action on any resource type/ },

  // Misplaced actions (valid elsewhere)
  { what: "updateOn on an environment", policy: [allow(["proj/*:env/*"], ["updateOn"])], property: "policy[0].actions[0]", message: /"updateOn" is not an action on env \(proj\/\*:env\/\*\); it acts on .*flag \(proj\/\*:env\/\*:flag\/\*\)/ },
  { what: "createFlag on a project", policy: [allow(["proj/*"], ["createFlag"])], property: "policy[0].actions[0]", message: /"createFlag" is not an action on proj .*it acts on flag/ },
  { what: "deleteMember on a team", policy: [allow(["team/*"], ["deleteMember"])], property: "policy[0].actions[0]", message: /it acts on member/ },
  { what: "updateTeamMembers on a member", policy: [allow(["member/*"], ["updateTeamMembers"])], property: "policy[0].actions[0]", message: /it acts on team/ },
  { what: "viewProject on flags", policy: [allow(["proj/*:env/*:flag/*"], ["viewProject"])], property: "policy[0].actions[0]", message: /"viewProject" is not an action on flag .*it acts on proj/ },
  { what: "createSegment on flags", policy: [allow(["proj/*:env/*:flag/*"], ["createSegment"])], property: "policy[0].actions[0]", message: /it acts on segment/ },
  { what: "createRole on the account", policy: [allow(["acct"], ["createRole"])], property: "policy[0].actions[0]", message: /it acts on role/ },
  { what: "createAccessToken on a member (belongs to tokens)", policy: [allow(["member/*"], ["createAccessToken"])], property: "policy[0].actions[0]", message: /it acts on service-token .*token \(member\/\*:token\/\*\)/ },
  { what: "updateTeamName on webhooks", policy: [allow(["webhook/*"], ["updateTeamName"])], property: "policy[0].actions[0]", message: /it acts on team/ },
  { what: "createMetric on environments", policy: [allow(["proj/*:env/production"], ["createMetric"])], property: "policy[0].actions[0]", message: /it acts on metric/ },
  { what: "misplaced notAction", policy: [{ effect: "deny", resources: ["proj/*:env/*:segment/*"], notActions: ["updateOffVariation"] }], property: "policy[0].notActions[0]", message: /it acts on flag/ },
  { what: "updateRole on a role (it is a member action)", policy: [allow(["role/*"], ["updateRole"])], property: "policy[0].actions[0]", message: /it acts on member/ },

  // Unknown types and bad nesting
  { what: "flg instead of flag", policy: [allow(["proj/*:env/production:flg/*"], ["updateOn"])], property: "policy[0].resources[0]", message: /segment "flg\/\*": unknown resource type "flg"; did you mean "flag".*closest valid form is "proj\/\*:env\/production:flag\/\*"/ },
  { what: "environment instead of env", policy: [allow(["proj/*:environment/production"], ["*"])], property: "policy[0].resources[0]", message: /unknown resource type "environment"/ },
  { what: "project instead of proj", policy: [allow(["project/checkout"], ["*"])], property: "policy[0].resources[0]", message: /unknown resource type "project"/ },
  { what: "segments misspelled", policy: [allow(["proj/*:env/*:segments/*"], ["*"])], property: "policy[0].resources[0]", message: /did you mean "segment".*"proj\/\*:env\/\*:segment\/\*"/ },
  { what: "relay proxy with underscores", policy: [allow(["relay_proxy_config/*"], ["*"])], property: "policy[0].resources[0]", message: /unknown resource type "relay_proxy_config"/ },
  { what: "flag without env", policy: [allow(["proj/*:flag/*"], ["updateOn"])], property: "policy[0].resources[0]", message: /cannot be nested this way: a flag sits at proj → env → flag.*closest valid form is "proj\/\*:env\/\*:flag\/\*"/ },
  { what: "flag at the top", policy: [allow(["flag/*"], ["updateOn"])], property: "policy[0].resources[0]", message: /closest valid form is "proj\/\*:env\/\*:flag\/\*"/ },
  { what: "env at the top", policy: [allow(["env/production:flag/*"], ["updateOn"])], property: "policy[0].resources[0]", message: /closest valid form is "proj\/\*:env\/production:flag\/\*"/ },
  { what: "segment under proj only", policy: [allow(["proj/web:segment/*"], ["createSegment"])], property: "policy[0].resources[0]", message: /closest valid form is "proj\/web:env\/\*:segment\/\*"/ },
  { what: "metric under an environment", policy: [allow(["proj/*:env/*:metric/*"], ["createMetric"])], property: "policy[0].resources[0]", message: /a metric sits at proj → metric.*closest valid form is "proj\/\*:metric\/\*"/ },
  { what: "token without member", policy: [allow(["token/*"], ["createAccessToken"])], property: "policy[0].resources[0]", message: /closest valid form is "member\/\*:token\/\*"/ },
  { what: "env and flag swapped", policy: [allow(["proj/*:flag/*:env/production"], ["*"])], property: "policy[0].resources[0]", message: /a env sits at proj → env/ },
  { what: "team under a project", policy: [allow(["proj/*:team/*"], ["*"])], property: "policy[0].resources[0]", message: /closest valid form is "team\/\*"/ },
  { what: "env twice", policy: [allow(["proj/*:env/*:env/production:flag/*"], ["*"])], property: "policy[0].resources[0]", message: /the segment type "env" appears twice/ },
  { what: "acct with a name", policy: [allow(["acct/main"], ["*"])], property: "policy[0].resources[0]", message: /"acct" takes no name.*closest valid form is "acct"/ },
  { what: "project without a name", policy: [allow(["proj"], ["*"])], property: "policy[0].resources[0]", message: /"proj" needs a name.*closest valid form is "proj\/\*"/ },
  { what: "empty name", policy: [allow(["proj/:env/production"], ["*"])], property: "policy[0].resources[0]", message: /empty name after "proj\/"/ },
  { what: "trailing colon", policy: [allow(["proj/*:env/*:"], ["*"])], property: "policy[0].resources[0]", message: /empty segment/ },
  { what: "double colon", policy: [allow(["proj/*::env/*"], ["*"])], property: "policy[0].resources[0]", message: /empty segment/ },
  { what: "space in a name", policy: [allow(["proj/my project"], ["*"])], property: "policy[0].resources[0]", message: /the name of "proj" has the character " "/ },
  { what: "slash in a name", policy: [allow(["proj/web/app:env/*"], ["*"])], property: "policy[0].resources[0]", message: /has the character "\/"/ },
  { what: "type in capitals", policy: [allow(["Proj/*:env/*"], ["*"])], property: "policy[0].resources[0]", message: /unknown resource type "Proj"; did you mean "proj".*closest valid form is "proj\/\*:env\/\*"/ },
  { what: "bad notResources entry", policy: [{ effect: "deny", notResources: ["proj/*:flag/*"], actions: ["*"] }], property: "policy[0].notResources[0]", message: /cannot be nested this way/ },
  { what: "bad second resource", policy: [allow(["proj/*:env/*:flag/*", "proj/*:env/*:flags/*"], ["*"])], property: "policy[0].resources[1]", message: /did you mean "flag"/ },

  // Broken placeholders
  { what: "placeholder without key", policy: [allow(["proj/${roleAttribute/}:env/production"], ["*"])], property: "policy[0].resources[0]", message: /placeholder without an attribute key/ },
  { what: "placeholder not closed", policy: [allow(["proj/${roleAttribute/projects:env/production"], ["*"])], property: "policy[0].resources[0]", message: /without its closing "\}"/ },
  { what: "placeholder in lower case", policy: [allow(["proj/${roleattribute/projects}:env/production"], ["*"])], property: "policy[0].resources[0]", message: /malformed placeholder.*closest valid form is "proj\/\$\{roleAttribute\/projects\}:env\/production"/ },
  { what: "placeholder plural", policy: [allow(["proj/${roleAttributes/projects}:env/*:flag/*"], ["*"])], property: "policy[0].resources[0]", message: /malformed placeholder/ },
  { what: "placeholder without braces", policy: [allow(["proj/$roleAttribute/projects:env/*"], ["*"])], property: "policy[0].resources[0]", message: /malformed placeholder/ },
  { what: "placeholder with a space in the key", policy: [allow(["proj/${roleAttribute/my projects}:env/*"], ["*"])], property: "policy[0].resources[0]", message: /placeholder key "my projects" with the character " "/ },
  { what: "placeholder of another kind", policy: [allow(["proj/${member/email}:env/*"], ["*"])], property: "policy[0].resources[0]", message: /malformed placeholder/ },

  // Tags
  { what: "empty tag list", policy: [allow(["proj/*:env/production:flag/*;"], ["*"])], property: "policy[0].resources[0]", message: /empty tag list after ";".*closest valid form is "proj\/\*:env\/production:flag\/\*"/ },
  { what: "empty tag between commas", policy: [deny(["proj/*:env/production:flag/*;critical,,payments"], ["*"])], property: "policy[0].resources[0]", message: /empty tag in.*closest valid form is "proj\/\*:env\/production:flag\/\*;critical,payments"/ },
  { what: "trailing comma in tags", policy: [deny(["proj/*;mobile,"], ["*"])], property: "policy[0].resources[0]", message: /empty tag/ },
  { what: "tag with a space", policy: [deny(["proj/*:env/*:flag/*;high risk"], ["*"])], property: "policy[0].resources[0]", message: /the tag "high risk" has the character " "/ },

  // The same specifier twice
  { what: "same resource twice", policy: [allow(["proj/*:env/production:flag/*", "proj/*:env/production:flag/*"], ["updateOn"])], property: "policy[0].resources[1]", message: /listed twice \(also at resources\[0\]\)/ },
  { what: "same notResource twice", policy: [{ effect: "deny", notResources: ["proj/web", "proj/mobile", "proj/web"], actions: ["*"] }], property: "policy[0].notResources[2]", message: /listed twice \(also at notResources\[0\]\)/ },
];

const VALID: { what: string; policy: Statement[] }[] = [
  // The README's examples
  { what: "README deployer-production", policy: [allow(["proj/${roleAttribute/projects}:env/production:flag/*"], ["updateOn", "updateRules"])] },
  { what: "README auditor", policy: [deny(["proj/*:env/*:flag/*"], ["*"])] },
  // examples/access and the demo's change
  { what: "examples/access deployer-staging", policy: [allow(["proj/${roleAttribute/projects}:env/staging:flag/*"], ["*"])] },
  { what: "examples/access deployer-production", policy: [allow(["proj/${roleAttribute/projects}:env/production:flag/*"], ["updateOn", "updateFallthrough", "updateTargets", "updateRules", "updateOffVariation"])] },
  { what: "examples/access team-admin", policy: [allow(["team/*"], ["*"])] },
  { what: "demo change: deny on critical production flags", policy: [allow(["proj/${roleAttribute/projects}:env/production:flag/*"], ["updateOn", "updateFallthrough", "updateTargets", "updateRules"]), deny(["proj/*:env/production:flag/*;critical"], ["*"])] },
  // The seeded emulator account (test/cli/seed-account.ts)
  { what: "seed env-admin", policy: [allow(["proj/*:env/*"], ["*"]), allow(["proj/*:env/*:flag/*"], ["*"])] },
  { what: "seed prod-by-attribute", policy: [allow(["proj/${roleAttribute/projects}:env/${roleAttribute/envs}:flag/*"], ["*"])] },
  { what: "seed member-admin", policy: [allow(["member/*"], ["createMember", "updateRole"])] },
  { what: "seed flag-reader", policy: [allow(["proj/*"], ["viewProject"])] },
  { what: "seed segment-editor", policy: [allow(["proj/*:env/test:segment/*"], ["*"])] },
  { what: "seed no-delete", policy: [allow(["proj/web:env/dev:flag/*"], [], { actions: undefined, notActions: ["deleteFlag"] })] },
  // The fault soak's roles (test/soak/desired-org.js)
  { what: "soak role", policy: [allow(["proj/p1:env/*:flag/*"], ["updateOn", "updateRules", "updateTargets", "updateFallthrough", "createFlag", "deleteFlag"]), { effect: "deny", resources: ["proj/*:env/production:flag/*"], notActions: ["updateTargets"] }] },
  // LaunchDarkly's documented examples ("Using resources", "Example roles and policies", "Using actions")
  { what: "all flags in production", policy: [allow(["proj/*:env/production:flag/*"], ["*"])] },
  { what: "tagged flags", policy: [allow(["proj/*:env/*:flag/*;mobile"], ["updateOn"])] },
  { what: "several tags", policy: [allow(["proj/*:env/*:flag/*;mobile,web"], ["updateTargets", "updateRules"])] },
  { what: "tagged projects", policy: [allow(["proj/*;ops"], ["viewProject"])] },
  { what: "tagged environments", policy: [deny(["proj/*:env/*;critical"], ["*"])] },
  { what: "placeholder in a tag", policy: [allow(["proj/*:env/*:flag/*;${roleAttribute/flag-tags}"], ["updateOn"])] },
  { what: "name globs", policy: [allow(["proj/*:env/prod*:flag/*"], ["updateOn"]), allow(["proj/mobile-*:env/*:flag/beta-*"], ["*"])] },
  { what: "action glob update*", policy: [allow(["proj/*:env/*:flag/*"], ["update*"])] },
  { what: "action glob *Flag", policy: [allow(["proj/*:env/*:flag/*"], ["*Flag"])] },
  { what: "everything except production flags (notResources)", policy: [{ effect: "allow", notResources: ["proj/*:env/production:flag/*"], actions: ["*"] }] },
  { what: "everything but deletes (notActions)", policy: [{ effect: "allow", resources: ["proj/*:env/*:flag/*"], notActions: ["deleteFlag"] }] },
  { what: "account settings", policy: [allow(["acct"], ["updateOrganization", "updateRequireMfa", "updateSessionDuration"])] },
  { what: "IP allowlist", policy: [allow(["ip-allowlist"], ["viewIpAllowlist", "createIpAllowlistEntry"])] },
  { what: "personal access tokens of everyone", policy: [allow(["member/*:token/*"], ["createAccessToken", "deleteAccessToken", "resetAccessToken"])] },
  { what: "service tokens", policy: [allow(["service-token/*"], ["createAccessToken", "updateAccessTokenName"])] },
  { what: "own team by attribute", policy: [allow(["team/${roleAttribute/teams}"], ["updateTeamMembers", "updateTeamName"])] },
  { what: "roles", policy: [deny(["role/*"], ["createRole", "deleteRole", "updatePolicy"])] },
  { what: "integrations", policy: [allow(["integration/*"], ["createIntegration", "updateConfiguration", "updateOn"])] },
  { what: "webhooks", policy: [allow(["webhook/*"], ["createWebhook", "updateUrl", "updateStatements"])] },
  { what: "Relay Proxy configurations", policy: [allow(["relay-proxy-config/*"], ["createRelayAutoConfiguration", "updateRelayAutoConfigurationPolicy"])] },
  { what: "code reference repositories", policy: [allow(["code-reference-repository/*"], ["createCodeRefsRepository", "updateCodeRefsRepositoryOn"])] },
  { what: "applications", policy: [allow(["application/*"], ["createApplication", "updateApplicationMaintainer"])] },
  { what: "metrics", policy: [allow(["proj/*:metric/*"], ["createMetric", "updateName", "updateOn"])] },
  { what: "metric groups", policy: [allow(["proj/checkout:metric-group/*"], ["createMetricGroup"])] },
  { what: "experiments", policy: [allow(["proj/*:env/*:experiment/*"], ["createExperiment", "updateExperiment"])] },
  { what: "segments in every environment of a project", policy: [allow(["proj/web:env/*:segment/*"], ["createSegment", "updateIncluded", "updateExcluded"])] },
  { what: "context kinds", policy: [allow(["proj/*:context-kind/*"], ["createContextKind", "updateContextKind"])] },
  { what: "release pipelines", policy: [allow(["proj/*:release-pipeline/*"], ["createReleasePipeline"])] },
  { what: "AI configs with approvals", policy: [allow(["proj/*:aiconfig/*"], ["createAIConfig", "reviewApprovalRequest"])] },
  { what: "data export destinations", policy: [allow(["proj/*:env/production:destination/*"], ["createDestination", "updateOn"])] },
  { what: "holdouts", policy: [allow(["proj/*:env/*:holdout/*"], ["createHoldout"])] },
  { what: "layers", policy: [allow(["proj/*:layer/*"], ["createLayer", "updateLayerConfiguration"])] },
  { what: "approvals in production", policy: [allow(["proj/*:env/production:flag/*"], ["createApprovalRequest", "reviewApprovalRequest", "applyApprovalRequest"])] },
  { what: "environment settings", policy: [allow(["proj/*:env/*"], ["updateName", "updateColor", "viewSdkKey"])] },
  { what: "mixed resource types with specific actions", policy: [allow(["proj/*:env/*", "proj/*:env/*:flag/*"], ["updateName", "updateOn"])] },
  { what: "everything", policy: [allow(["*"], ["*"])] },
  { what: "an action added after the catalog, with the escape hatch", policy: [allow(["proj/*:env/*:flag/*"], ["scheduleGuardedRelease"], { allowUnknownActions: true })] },
  { what: "templates", policy: [allow(["template/*"], ["viewTemplate"])] },
  { what: "domain verification and pending requests", policy: [allow(["domain-verification/*"], ["createDomainVerification"]), allow(["pending-request/*"], ["updatePendingRequest"])] },
];

const { emulator, calls } = useConfiguredEmulator({ timeoutMs: 2000 });

const role = (policy: Statement[]) => ({ key: "checked", name: "Checked", policy });

describe("bad policies: rejected in check with the property path and the fix, before any request", () => {
  it(`has at least 60 entries (${BAD.length})`, () => {
    expect(BAD.length).toBeGreaterThanOrEqual(60);
  });

  it.each(BAD.map((c) => [c.what, c] as const))("%s", async (_title, entry) => {
    const result = await calls().check("customRole", {}, role(entry.policy));
    expect(result.failures, `accepted: ${JSON.stringify(result.inputs)}`).toBeDefined();
    // The path is at the head of the reason (src/core/provider/check-failures.ts).
    const failure = result.failures!.find((f) => failurePath(f) === entry.property);
    expect(failure, `failures were ${JSON.stringify(result.failures)}`).toBeDefined();
    expect(failure!.reason).toMatch(entry.message);
    expect(emulator().requests).toEqual([]);
  });
});

describe("valid real-world policies pass check unchanged", () => {
  it(`has at least 40 entries (${VALID.length})`, () => {
    expect(VALID.length).toBeGreaterThanOrEqual(40);
  });

  it.each(VALID.map((c) => [c.what, c] as const))("%s", async (_title, entry) => {
    const result = await calls().check("customRole", {}, role(entry.policy));
    expect(result.failures).toBeUndefined();
    expect((result.inputs as { policy: unknown }).policy).toEqual(JSON.parse(JSON.stringify(entry.policy)));
    // A valid role may cost the process's one role listing (is the key taken? src/core/resources/reference-checks.ts), nothing else.
    expect(emulator().requests.filter((r) => !(r.method === "GET" && r.path === "/api/v2/roles"))).toEqual([]);
  });
});
