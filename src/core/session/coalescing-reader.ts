/**
 * Coalesces reads of one kind of object in one session. `pulumi refresh` reads every resource
 * concurrently; keys requested within `windowMs` of the first go out as one listing request per
 * `maxKeysPerRequest` keys (`many`), and a lone read keeps the plain single GET (`one`).
 */
export interface BatchFetcher<T> {
  one(key: string): Promise<T | undefined>;
  /** The objects among `keys` that exist; missing ones are simply absent. */
  many(keys: readonly string[]): Promise<T[]>;
  keyOf(item: T): string;
}

export interface CoalescingReaderOptions {
  windowMs?: number;
  maxKeysPerRequest?: number;
}

interface PendingRead<T> {
  key: string;
  resolve: (item: T | undefined) => void;
  reject: (error: unknown) => void;
}

export class CoalescingReader<T> {
  private pending: PendingRead<T>[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly windowMs: number;
  private readonly maxKeys: number;

  constructor(
    private readonly fetcher: BatchFetcher<T>,
    options: CoalescingReaderOptions = {},
  ) {
    this.windowMs = options.windowMs ?? 10;
    this.maxKeys = options.maxKeysPerRequest ?? 100;
  }

  /** The object, or undefined when none has this key. */
  read(key: string): Promise<T | undefined> {
    return new Promise((resolve, reject) => {
      this.pending.push({ key, resolve, reject });
      this.timer ??= setTimeout(() => void this.flush(), this.windowMs);
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    this.timer = undefined;
    const keys = [...new Set(batch.map((p) => p.key))];
    if (keys.length === 1) {
      await this.settle(batch, () => this.fetcher.one(keys[0]!).then((item) => (item ? [item] : [])));
      return;
    }
    const chunks: string[][] = [];
    for (let i = 0; i < keys.length; i += this.maxKeys) chunks.push(keys.slice(i, i + this.maxKeys));
    await Promise.all(
      chunks.map((chunk) => {
        const wanted = new Set(chunk);
        return this.settle(
          batch.filter((p) => wanted.has(p.key)),
          () => this.fetcher.many(chunk),
        );
      }),
    );
  }

  private async settle(reads: PendingRead<T>[], load: () => Promise<T[]>): Promise<void> {
    try {
      const found = new Map((await load()).map((item) => [this.fetcher.keyOf(item), item]));
      for (const read of reads) read.resolve(found.get(read.key));
    } catch (error) {
      for (const read of reads) read.reject(error);
    }
  }
}
