import { listTeamMembers, type Member as ApiMember } from "../api/members";
import type { LaunchDarklyClient } from "../client/http";
import { collect, PAGE_SIZE } from "../client/paginate";
import type { AccountSnapshot } from "./account-snapshot";
import type { MemberDirectory } from "./member-directory";

/**
 * The member ids of each team, loaded once per session with `GET /members?filter=team:<key>`
 * (all pages, post-filtered on the exact key: see `listTeamMembers`) and shared by every reader: refreshing N memberships of one team costs the team's page count,
 * not N requests. Concurrent readers share one in-flight load. This session's own accepted writes update
 * the entry in place (a failed write drops it); a team this session creates is seeded with its members; a
 * failed load is not kept. A team this session has written is loaded with its own listing, never from the
 * account snapshot taken before the write.
 */
export type LoadTeamMemberIds = (teamKey: string, snapshotAllowed: boolean) => Promise<readonly string[]>;

export class TeamMembersCache {
  private readonly entries = new Map<string, Promise<ReadonlySet<string>>>();
  private readonly written = new Set<string>();

  constructor(private readonly load: LoadTeamMemberIds) {}

  memberIds(teamKey: string): Promise<ReadonlySet<string>> {
    return this.entries.get(teamKey) ?? this.loadEntry(teamKey, !this.written.has(teamKey));
  }

  /**
   * The team's members as LaunchDarkly holds them in this operation, for a read that must show drift: the
   * account snapshot when it answers (taken by this session, and this session has not written the team since),
   * else the team's own listing.
   */
  readLive(teamKey: string): Promise<ReadonlySet<string>> {
    this.entries.delete(teamKey);
    return this.loadEntry(teamKey, !this.written.has(teamKey));
  }

  /** A fresh load with the team's own listing, to verify a write (after which the snapshot is stale for the team). */
  reload(teamKey: string): Promise<ReadonlySet<string>> {
    this.written.add(teamKey);
    this.entries.delete(teamKey);
    return this.loadEntry(teamKey, false);
  }

  private loadEntry(teamKey: string, snapshotAllowed: boolean): Promise<ReadonlySet<string>> {
    const loading = this.load(teamKey, snapshotAllowed).then((ids) => new Set(ids) as ReadonlySet<string>);
    this.entries.set(teamKey, loading);
    loading.catch(() => {
      if (this.entries.get(teamKey) === loading) this.entries.delete(teamKey);
    });
    return loading;
  }

  /** The entry as it stands, without loading: undefined when the team was never loaded (or was invalidated). */
  cached(teamKey: string): Promise<ReadonlySet<string>> | undefined {
    return this.entries.get(teamKey);
  }

  invalidate(teamKey: string): void {
    this.written.add(teamKey);
    this.entries.delete(teamKey);
  }

  /** A team this session just created holds exactly the members it was created with: no load needed. */
  seed(teamKey: string, memberIds: readonly string[]): void {
    this.written.add(teamKey);
    this.entries.set(teamKey, Promise.resolve(new Set(memberIds)));
  }

  /** Records a write that LaunchDarkly accepted, so the entry stays exact without another load. */
  applyWrite(teamKey: string, added: readonly string[], removed: readonly string[]): void {
    this.written.add(teamKey);
    const cached = this.entries.get(teamKey);
    if (!cached) return;
    const next = cached.then((ids) => {
      const updated = new Set(ids);
      for (const id of removed) updated.delete(id);
      for (const id of added) updated.add(id);
      return updated as ReadonlySet<string>;
    });
    next.catch(() => {
      if (this.entries.get(teamKey) === next) this.entries.delete(teamKey);
    });
    this.entries.set(teamKey, next);
  }

  clear(): void {
    this.entries.clear();
  }
}

/**
 * Loads a team's member ids, recording the emails of the members listed in `directory` on the way: from the account's
 * member snapshot when it is worth taking (each member lists its `teams`; one team's own listing is the
 * demand it weighs), else with the team's own `GET /members?filter=team:<key>` listing.
 */
export function loadTeamMemberIds(client: LaunchDarklyClient, directory: MemberDirectory, snapshot: AccountSnapshot<ApiMember>): LoadTeamMemberIds {
  return async (teamKey, snapshotAllowed) => {
    const everyone = snapshotAllowed ? await snapshot.wholeFor(1) : undefined;
    if (everyone && [...everyone.values()].every((member) => member.teams !== undefined)) {
      const wanted = teamKey.toLowerCase();
      // The whole account was listed: every member is seen (a membership write to another team may name any of them).
      for (const member of everyone.values()) directory.remember(member._id, member.email);
      const members = [...everyone.values()].filter((member) => member.teams!.some((team) => team.key.toLowerCase() === wanted));
      return members.map((member) => member._id);
    }
    const members = await collect(listTeamMembers(client, teamKey, { pageSize: PAGE_SIZE.members }));
    for (const member of members) directory.remember(member._id, member.email);
    return members.map((member) => member._id);
  };
}
