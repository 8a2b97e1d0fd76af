import { describe, expect, it } from "vitest";
import { useConfiguredEmulator } from "../support/configured-emulator";
import type { ResourceKind } from "../../src/core/resources/props";
import { failurePath } from "../../src/core/provider/check-failures";

/**
 * The bad-input catalog: every entry is rejected by `check` — before any API call — with the property path
 * the user wrote and a message that says what to do. The emulator is running and configured, so a check
 * that reached for the API would show up in its request log.
 */
interface BadInput {
  kind: ResourceKind;
  what: string;
  inputs: Record<string, unknown>;
  /** The failure's property path, as the user writes it (`policy[1].notActions`). */
  property: string;
  /** Part of the message that tells the user what is wrong or what to do. */
  message: RegExp;
}

const statement = { effect: "allow", resources: ["proj/*"], actions: ["*"] };
const role = (extra: Record<string, unknown>) => ({ key: "deployers", name: "Deployers", policy: [statement], ...extra });
const member = (extra: Record<string, unknown>) => ({ email: "ada@example.com", ...extra });
const team = (extra: Record<string, unknown>) => ({ key: "platform", name: "Platform", ...extra });
const pair = (extra: Record<string, unknown>) => ({ teamKey: "platform", memberId: "5f2b6c1d0e9a8b7c6d5e4f3a", ...extra });

const CATALOG: BadInput[] = [
  // Member (14)
  { kind: "member", what: "missing email", inputs: {}, property: "email", message: /email is required/ },
  { kind: "member", what: "email without @", inputs: member({ email: "ada.example.com" }), property: "email", message: /"ada.example.com" is not an email address/ },
  { kind: "member", what: "email with two @", inputs: member({ email: "ada@@example.com" }), property: "email", message: /is not an email address/ },
  { kind: "member", what: "email with a space inside", inputs: member({ email: "ada lovelace@example.com" }), property: "email", message: /is not an email address/ },
  { kind: "member", what: "email without a domain", inputs: member({ email: "ada@" }), property: "email", message: /is not an email address/ },
  { kind: "member", what: "email as a number", inputs: member({ email: 42 }), property: "email", message: /email must be a string/ },
  { kind: "member", what: "unknown base role", inputs: member({ role: "superuser" }), property: "role", message: /role must be one of "reader", "writer", "admin", "no_access"/ },
  { kind: "member", what: "owner is not assignable", inputs: member({ role: "owner" }), property: "role", message: /role must be one of/ },
  { kind: "member", what: "base role in capitals", inputs: member({ role: "Admin" }), property: "role", message: /role must be one of/ },
  { kind: "member", what: "custom role key with a space", inputs: member({ customRoles: ["release managers"] }), property: "customRoles[0]", message: /only letters, digits, '_', '.' and '-'/ },
  { kind: "member", what: "custom roles as a string", inputs: member({ customRoles: "deployers" }), property: "customRoles", message: /expected array/i },
  { kind: "member", what: "roleAttributes value not a list", inputs: member({ roleAttributes: { projects: "web" } }), property: "roleAttributes.projects", message: /expected array/i },
  { kind: "member", what: "roleAttributes list of numbers", inputs: member({ roleAttributes: { projects: [1, 2] } }), property: "roleAttributes.projects[0]", message: /expected string/i },
  { kind: "member", what: "adoptExisting as a string", inputs: member({ adoptExisting: "yes" }), property: "adoptExisting", message: /adoptExisting must be true or false/ },

  // CustomRole (16)
  { kind: "customRole", what: "missing key", inputs: { name: "Deployers", policy: [statement] }, property: "key", message: /key is required/ },
  { kind: "customRole", what: "key with a slash", inputs: role({ key: "team/deployers" }), property: "key", message: /only letters, digits, '_', '.' and '-'/ },
  { kind: "customRole", what: "key starting with a dash", inputs: role({ key: "-deployers" }), property: "key", message: /must start with a letter or digit/ },
  { kind: "customRole", what: "key with an umlaut", inputs: role({ key: "prüfer" }), property: "key", message: /only letters, digits/ },
  { kind: "customRole", what: "missing name", inputs: { key: "deployers", policy: [statement] }, property: "name", message: /name is required/ },
  { kind: "customRole", what: "blank name", inputs: role({ name: "   " }), property: "name", message: /name must not be empty/ },
  { kind: "customRole", what: "empty policy", inputs: role({ policy: [] }), property: "policy", message: /policy must have at least one statement/ },
  { kind: "customRole", what: "policy not a list", inputs: role({ policy: statement }), property: "policy", message: /policy must be a list of statements/ },
  { kind: "customRole", what: "both actions and notActions", inputs: role({ policy: [{ effect: "allow", resources: ["proj/*"], actions: ["*"], notActions: ["deleteFlag"] }] }), property: "policy[0].notActions", message: /give either actions or notActions, not both/ },
  { kind: "customRole", what: "both resources and notResources", inputs: role({ policy: [{ effect: "deny", resources: ["proj/*"], notResources: ["proj/web"], actions: ["*"] }] }), property: "policy[0].notResources", message: /give either resources or notResources, not both/ },
  { kind: "customRole", what: "neither actions nor notActions", inputs: role({ policy: [{ effect: "allow", resources: ["proj/*"] }] }), property: "policy[0].actions", message: /give one of actions or notActions/ },
  { kind: "customRole", what: "empty resources list only", inputs: role({ policy: [statement, { effect: "allow", resources: [], actions: ["*"] }] }), property: "policy[1].resources", message: /give one of resources or notResources \(a non-empty list\)/ },
  { kind: "customRole", what: "effect typo", inputs: role({ policy: [{ ...statement, effect: "alow" }] }), property: "policy[0].effect", message: /effect must be "allow" or "deny"/ },
  { kind: "customRole", what: "misspelt statement field", inputs: role({ policy: [{ effect: "allow", resource: ["proj/*"], actions: ["*"] }] }), property: "policy[0]", message: /Unrecognized key: "resource"/ },
  { kind: "customRole", what: "unknown basePermissions", inputs: role({ basePermissions: "writer" }), property: "basePermissions", message: /basePermissions must be "reader" or "no_access"/ },
  { kind: "customRole", what: "unknown resourceCategory", inputs: role({ resourceCategory: "environment" }), property: "resourceCategory", message: /resourceCategory must be "organization", "project" or "any"/ },

  // Team (11)
  { kind: "team", what: "missing key", inputs: { name: "Platform" }, property: "key", message: /is required: the team key/ },
  { kind: "team", what: "key with spaces", inputs: team({ key: "platform team" }), property: "key", message: /only letters, digits, '_', '.' and '-'/ },
  { kind: "team", what: "key with a slash (would break membership ids)", inputs: team({ key: "eng/platform" }), property: "key", message: /only letters, digits/ },
  { kind: "team", what: "missing name", inputs: { key: "platform" }, property: "name", message: /is required: the team's display name/ },
  { kind: "team", what: "blank name", inputs: team({ name: " " }), property: "name", message: /must not be empty/ },
  { kind: "team", what: "member email instead of id", inputs: team({ memberIds: ["ada@example.com"] }), property: "memberIds[0]", message: /looks like an email address; pass the member's id/ },
  { kind: "team", what: "empty member id", inputs: team({ memberIds: [""] }), property: "memberIds[0]", message: /must be a member id, not empty/ },
  { kind: "team", what: "maintainer email instead of id", inputs: team({ maintainers: ["grace@example.com"] }), property: "maintainers[0]", message: /looks like an email address/ },
  { kind: "team", what: "custom role key with illegal characters", inputs: team({ customRoleKeys: ["deploy*"] }), property: "customRoleKeys[0]", message: /only letters, digits/ },
  { kind: "team", what: "roleAttributes not string lists", inputs: team({ roleAttributes: { projects: [true] } }), property: "roleAttributes.projects[0]", message: /expected string/i },
  { kind: "team", what: "description not a string", inputs: team({ description: ["Platform team"] }), property: "description", message: /must be a string/ },

  // TeamMembership (6)
  { kind: "teamMembership", what: "missing team key", inputs: { memberId: "5f2b6c1d0e9a8b7c6d5e4f3a" }, property: "teamKey", message: /is required: the key of the team/ },
  { kind: "teamMembership", what: "missing member id", inputs: { teamKey: "platform" }, property: "memberId", message: /is required: the member's id/ },
  { kind: "teamMembership", what: "member email instead of id", inputs: pair({ memberId: "ada@example.com" }), property: "memberId", message: /looks like an email address; pass the member's id/ },
  { kind: "teamMembership", what: "blank member id", inputs: pair({ memberId: "  " }), property: "memberId", message: /must be a member id, not empty/ },
  { kind: "teamMembership", what: "team key with a slash", inputs: pair({ teamKey: "eng/platform" }), property: "teamKey", message: /must be a team key/ },
  { kind: "teamMembership", what: "team key as a number", inputs: pair({ teamKey: 7 }), property: "teamKey", message: /expected string|is required/ },
];

const { emulator, calls } = useConfiguredEmulator({ timeoutMs: 2000 });

describe("bad-input catalog: rejected in check, with the property path and an actionable message, before any request", () => {
  it(`has at least 40 entries across all four resources (${CATALOG.length})`, () => {
    expect(CATALOG.length).toBeGreaterThanOrEqual(40);
    expect(new Set(CATALOG.map((c) => c.kind))).toEqual(new Set(["member", "customRole", "team", "teamMembership"]));
  });

  it.each(CATALOG.map((c) => [`${c.kind}: ${c.what}`, c] as const))("%s", async (_title, entry) => {
    const result = await calls().check(entry.kind, {}, entry.inputs);
    expect(result.failures, `accepted: ${JSON.stringify(result.inputs)}`).toBeDefined();
    // The engine gets the path at the head of the reason (a nested `property` would print as `value {<nil>}`).
    const failure = result.failures!.find((f) => failurePath(f) === entry.property);
    expect(failure, `failures were ${JSON.stringify(result.failures)}`).toBeDefined();
    expect(failure!.property).toBe("");
    expect(failure!.reason).toMatch(entry.message);
    expect(emulator().requests).toEqual([]);
  });
});
