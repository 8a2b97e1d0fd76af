import type { CustomRole as ApiCustomRole } from "../api/roles";
import type { Team as ApiTeam } from "../api/teams";
import { sendInvite, type Member as ApiMember } from "../api/members";
import { LaunchDarklyClient } from "../client/http";
import type { ProviderConfig } from "../config";
import type { AccountSnapshot } from "./account-snapshot";
import type { CoalescingReader } from "./coalescing-reader";
import { ListingCache } from "./listing-cache";
import { MemberDirectory } from "./member-directory";
import { createMemberEmailReader } from "./member-email-reader";
import { createMemberReader, createMemberSnapshot } from "./member-reader";
import { planMemberInvites } from "../resources/member-plan";
import { InviteBatcher } from "./invite-batcher";
import { BulkMembershipRoute } from "./bulk-membership-route";
import { MembershipBatcher } from "./membership-batcher";
import { membershipTransport } from "./membership-transport";
import { OwnershipLedger } from "./ownership-ledger";
import { RoleCatalog } from "./role-catalog";
import { createRoleReader } from "./role-reader";
import { loadTeamMemberIds, TeamMembersCache } from "./team-members-cache";
import { createTeamReader, createTeamSnapshot } from "./team-reader";

/**
 * Everything a provider call may share with the other calls of one configuration: the client and what it
 * has learnt from LaunchDarkly (role catalog, team members, member emails, existence listings), the readers
 * and the batcher that coalesce concurrent calls into few requests, and the ownership ledger of the program.
 * Every provider method takes it as its first argument; nothing is shared any other way.
 *
 * A session lives as long as its configuration (docs/decisions/0020-provider-session.md): a new token or
 * host must not see the old account's caches. The ledger is about the program, not the account, so a front
 * door that reconfigures mid-program passes the previous session's ledger on.
 */
export interface Session {
  readonly config: ProviderConfig;
  readonly client: LaunchDarklyClient;
  /** What this program declares (check) and adopts (create). */
  readonly ledger: OwnershipLedger;
  /** One existence listing per kind (team keys, member emails), for checks. */
  readonly listings: ListingCache;
  /** Custom role key ↔ id. */
  readonly roles: RoleCatalog;
  /** Member ids per team. */
  readonly teamMembers: TeamMembersCache;
  /** Member id → email, as seen. */
  readonly memberDirectory: MemberDirectory;
  /** Every member of the account (with its teams), listed once when cheaper than reading them one by one. */
  readonly memberSnapshot: AccountSnapshot<ApiMember>;
  /** Every team of the account, the same way. */
  readonly teamSnapshot: AccountSnapshot<ApiTeam>;
  readonly memberReader: CoalescingReader<ApiMember>;
  /** Member lookups by lower-case email (adoption, lost-invite recovery), coalesced. */
  readonly memberByEmail: CoalescingReader<ApiMember>;
  readonly teamReader: CoalescingReader<ApiTeam>;
  readonly roleReader: CoalescingReader<ApiCustomRole>;
  /** Team-membership writes, coalesced per team, additions of several teams in one bulk request. */
  readonly memberships: MembershipBatcher;
  /** What this session has learnt about the bulk `PATCH /teams` (served? several instructions per request?). */
  readonly bulkMembershipRoute: BulkMembershipRoute;
  /** Member invites, coalesced into `POST /members` requests of up to 50. */
  readonly invites: InviteBatcher;
}

export interface SessionOptions {
  /** The ledger to carry on (a reconfigure of the same program); a new one otherwise. */
  ledger?: OwnershipLedger;
}

export function createSession(config: ProviderConfig, options: SessionOptions = {}): Session {
  const client = new LaunchDarklyClient({ ...config });
  const memberDirectory = new MemberDirectory();
  const roles = new RoleCatalog(client);
  const memberSnapshot = createMemberSnapshot(client);
  const teamSnapshot = createTeamSnapshot(client);
  const teamMembers = new TeamMembersCache(loadTeamMemberIds(client, memberDirectory, memberSnapshot));
  const bulkMembershipRoute = new BulkMembershipRoute();
  return {
    config,
    client,
    ledger: options.ledger ?? new OwnershipLedger(),
    listings: new ListingCache(),
    roles,
    teamMembers,
    memberDirectory,
    memberSnapshot,
    teamSnapshot,
    memberReader: createMemberReader(client, memberSnapshot),
    memberByEmail: createMemberEmailReader(client),
    teamReader: createTeamReader(client, teamSnapshot, memberSnapshot),
    roleReader: createRoleReader(client, roles),
    memberships: new MembershipBatcher(membershipTransport(client, teamMembers, memberDirectory), { bulk: bulkMembershipRoute }),
    bulkMembershipRoute,
    invites: new InviteBatcher({ send: (forms) => sendInvite(client, planMemberInvites(forms)) }),
  };
}
