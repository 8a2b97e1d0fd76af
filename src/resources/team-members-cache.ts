import { listMembers } from "../api/members";
import { collect, PAGE_SIZE } from "../client/paginate";
import { getClient, onProcessReset } from "../provider/context";

/**
 * The member ids of each team, loaded once per provider process with `GET /members?filter=team:<key>`
 * (all pages) and shared by every reader: refreshing N memberships of one team costs the team's page count,
 * not N requests. Concurrent readers share one in-flight load. This process's own writes to a team
 * invalidate its entry; a failed load is not kept.
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

  invalidate(teamKey: string): void {
    this.entries.delete(teamKey);
  }

  clear(): void {
    this.entries.clear();
  }
}

let processCache: TeamMembersCache | undefined;
onProcessReset(() => {
  processCache = undefined;
});

/** The provider process's cache, loading with the configured client. */
export function teamMembersCache(): TeamMembersCache {
  if (!processCache) {
    processCache = new TeamMembersCache(async (teamKey) => {
      const members = await collect(listMembers(getClient(), { filter: `team:${teamKey}`, pageSize: PAGE_SIZE.members }));
      return members.map((member) => member._id);
    });
  }
  return processCache;
}
