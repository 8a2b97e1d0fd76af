import { getMember, listMembers, type Member as ApiMember } from "../api/members";
import { collect, PAGE_SIZE } from "../client/paginate";
import { getClient, onProcessReset } from "../provider/context";

/**
 * Coalesces member reads of one provider process. `pulumi refresh` reads every Member concurrently; ids
 * requested within `windowMs` of the first go out as `GET /members?filter=id:a|b|…&expand=roleAttributes`
 * (up to `maxIdsPerRequest` ids each), so refreshing 500 members costs 5 requests instead of 500. A lone
 * read keeps the plain `GET /members/{id}`.
 */
export interface MemberFetcher {
  one(id: string): Promise<ApiMember | undefined>;
  many(ids: readonly string[]): Promise<ApiMember[]>;
}

export interface MemberReaderOptions {
  windowMs?: number;
  /** Ids per list request; 24-hex ids keep 100 of them well inside any URL limit. */
  maxIdsPerRequest?: number;
}

interface PendingRead {
  id: string;
  resolve: (member: ApiMember | undefined) => void;
  reject: (error: unknown) => void;
}

export class MemberReader {
  private pending: PendingRead[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly windowMs: number;
  private readonly maxIds: number;

  constructor(
    private readonly fetcher: MemberFetcher,
    options: MemberReaderOptions = {},
  ) {
    this.windowMs = options.windowMs ?? 10;
    this.maxIds = options.maxIdsPerRequest ?? 100;
  }

  /** The member, or undefined when no member has this id. */
  read(id: string): Promise<ApiMember | undefined> {
    return new Promise((resolve, reject) => {
      this.pending.push({ id, resolve, reject });
      this.timer ??= setTimeout(() => void this.flush(), this.windowMs);
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    this.timer = undefined;
    const ids = [...new Set(batch.map((p) => p.id))];
    if (ids.length === 1) {
      await settle(batch, () => this.fetcher.one(ids[0]!).then((m) => new Map(m ? [[m._id, m]] : [])));
      return;
    }
    const chunks: string[][] = [];
    for (let i = 0; i < ids.length; i += this.maxIds) chunks.push(ids.slice(i, i + this.maxIds));
    await Promise.all(
      chunks.map((chunk) => {
        const wanted = new Set(chunk);
        return settle(
          batch.filter((p) => wanted.has(p.id)),
          () => this.fetcher.many(chunk).then((found) => new Map(found.map((m) => [m._id, m]))),
        );
      }),
    );
  }
}

async function settle(reads: PendingRead[], load: () => Promise<Map<string, ApiMember>>): Promise<void> {
  try {
    const found = await load();
    for (const read of reads) read.resolve(found.get(read.id));
  } catch (error) {
    for (const read of reads) read.reject(error);
  }
}

let processReader: MemberReader | undefined;
onProcessReset(() => {
  processReader = undefined;
});

/** The provider process's reader, fetching with the configured client. */
export function memberReader(): MemberReader {
  processReader ??= new MemberReader({
    one: (id) => getMember(getClient(), id, { expand: ["roleAttributes"] }),
    many: (ids) =>
      collect(listMembers(getClient(), { filter: `id:${ids.join("|")}`, expand: ["roleAttributes"], pageSize: PAGE_SIZE.members })),
  });
  return processReader;
}
