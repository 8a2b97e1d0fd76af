/**
 * pulumi-launchdarkly-access: LaunchDarkly account members, teams, team memberships and custom roles as
 * Pulumi dynamic resources. Configure with `launchdarkly:accessToken` (secret) and optionally
 * `launchdarkly:apiHost`, or the LAUNCHDARKLY_ACCESS_TOKEN / LAUNCHDARKLY_API_HOST environment variables.
 */
export { CustomRole, type CustomRoleArgs } from "./resources/custom-role";
export { Member, type MemberArgs } from "./resources/member";
export { Team, type TeamArgs } from "./resources/team";
export { TeamMembership, type TeamMembershipArgs } from "./resources/team-membership";
export { LaunchDarklyApiError } from "./client/errors";
