import { listTeamMembers } from "../api/members";
import type { LaunchDarklyClient } from "../client/http";
import { collect, PAGE_SIZE } from "../client/paginate";
import type { MemberDirectory } from "./member-directory";

/**
 * The member ids of each team, loaded once per session with `GET /members?filter=team:<key>`
 * (all pages, post-filtered on the exact key: see `listTeamMembers`) and shared by every reader: refreshing N memberships of one team costs the team's page count,
 * not N requests. Concurrent readers share one in-flight load. This session's own accepted writes update
 * the entry in place (a failed write drops it); a team this session creates is seeded with its members; a
 * failed load is not kept.
 */
export type LoadTeamMemberIds = (teamKey: string) => Promise<readonly string[]>;

export class TeamMembersCache {
  private readonly entries = new Map<string, Promise<ReadonlySet<string>>>();

  constructor(private readonly load: LoadTeamMemberIds) {}

  memberIds(teamKey: string): Promise<ReadonlySet<string>> {
    const cached = this.entries.get(teamKey);
    if (cached) return cached;
    const loading = this.load(teamKey).then((ids) => new Set(ids) as ReadonlySet<string>);
    this.entries.set(teamKey, loading);
    loading.catch(() => {
      if (this.entries.get(teamKey) === loading) this.entries.delete(teamKey);
    });
    return loading;
  }

  /** A fresh load, for reads that must show live drift (a team's authoritative member list). */
  reload(teamKey: string): Promise<ReadonlySet<string>> {
    this.entries.delete(teamKey);
    return this.memberIds(teamKey);
  }

  /** The entry as it stands, without loading: undefined when the team was never loaded (or was invalidated). */
  cached(teamKey: string): Promise<ReadonlySet<string>> | undefined {
    return this.entries.get(teamKey);
  }

  invalidate(teamKey: string): void {
    this.entries.delete(teamKey);
  }

  /** A team this session just created holds exactly the members it was created with: no load needed. */
  seed(teamKey: string, memberIds: readonly string[]): void {
    this.entries.set(teamKey, Promise.resolve(new Set(memberIds)));
  }

  /** Records a write that LaunchDarkly accepted, so the entry stays exact without another load. */
  applyWrite(teamKey: string, added: readonly string[], removed: readonly string[]): void {
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

/** Loads a team's member ids with `client`, recording every member's email in `directory` on the way. */
export function loadTeamMemberIds(client: LaunchDarklyClient, directory: MemberDirectory): LoadTeamMemberIds {
  return async (teamKey) => {
    const members = await collect(listTeamMembers(client, teamKey, { pageSize: PAGE_SIZE.members }));
    for (const member of members) directory.remember(member._id, member.email);
    return members.map((member) => member._id);
  };
}
