/**
 * pulumi-launchdarkly-access: LaunchDarkly account members, teams, team memberships and custom roles as
 * Pulumi dynamic resources. Configure with `launchdarkly:accessToken` (secret) and optionally
 * `launchdarkly:apiHost`, or the LAUNCHDARKLY_ACCESS_TOKEN / LAUNCHDARKLY_API_HOST environment variables.
 *
 * This is the package's public surface. Its declarations are bundled into one `dist/index.d.ts` that
 * imports nothing but `@pulumi/pulumi` (docs/decisions/0013-package-surface.md): everything exported
 * here must be a plain interface, type or class whose signature uses no zod, undici or msw types.
 */
export { CustomRole, type CustomRoleArgs, type PolicyStatement, type PolicyStatementArgs } from "./core/resources/custom-role";
export { Member, type MemberArgs, type MemberRole } from "./core/resources/member";
export { Team, type TeamArgs } from "./core/resources/team";
export { TeamMembership, type TeamMembershipArgs } from "./core/resources/team-membership";
export { LaunchDarklyApiError } from "./core/client/errors";
