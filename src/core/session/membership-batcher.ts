import { LaunchDarklyApiError } from "../client/errors";
import { bulkRequestPairs, DEFAULT_MAX_BATCH_SIZE, planBulkMembershipAdditions, type BulkMembershipRequest } from "../resources/team-membership-plan";
import { ArrivalPace } from "./arrival-pace";
import { ObservedParallelism } from "./observed-parallelism";
import type { BulkMembershipRoute } from "./bulk-membership-route";

/**
 * Coalesces team-membership writes of one session. The engine calls `create`/`delete` of each
 * `TeamMembership` concurrently; pairs of the same team go out as ONE `PATCH /teams/{key}` with `addMembers` /
 * `removeMembers`, and every caller still gets its own success or error.
 *
 * The window adapts to how the pairs arrive (docs/decisions/0032-adaptive-membership-window.md). The real
 * engine hands creates and deletes over one by one, a few hundred milliseconds apart (its checkpoint writes
 * pace them), so a fixed window from a team's first pair caught almost nothing. A team's batch waits while
 * more of its pairs are expected:
 * - announced: the engine checked a new pair of the team (`announce`, from the provider's `check`) whose
 *   create has not arrived yet. Creates are always checked first, so for them announcements are exact;
 * - streaming: the batch holds an unannounced pair (a delete) while the process's pairs keep arriving at a
 *   steady pace. Deletes carry no announcement and the engine interleaves the teams, so the process's
 *   stream is the only sign that more are coming.
 * Such a batch goes out once the process has received no pair (and the team no announcement) for twice the
 * recent gap between arrivals, at most `maxStreamQuietMs`: silence means the engine has nothing more to send,
 * e.g. every `--parallel` slot holds one of our waiting pairs. When the engine falls silent although it has
 * announced pairs still to send, it is out of slots: how many pairs were open then is its parallelism as far
 * as the batcher can tell. From then on, whenever that many are open, the largest waiting batch goes out at
 * once instead of after another silence (an arrival beyond the estimate raises it).
 * A batch expecting nothing goes out `quietMs` after the team's last pair, so a lone change is slowed by
 * `quietMs`. Any batch goes out at `maxBatchSize`.
 *
 * Batches of one team are sent one at a time: concurrent semantic patches on one team could race on the
 * team's version, and the next batch fills up while the previous one is in flight.
 *
 * Additions of several teams share a request (docs/decisions/0036-cross-team-membership-additions.md). The
 * engine holds at most `--parallel` pairs at once, and they span many teams, so one request per team left the
 * batches small. When a batch that only adds goes out, the additions pending for every other team that only
 * adds and has nothing in flight go with it, as one bulk `PATCH /teams` (beta, `addMembersToTeams`); a batch
 * of one team keeps the GA `PATCH /teams/{key}`, and removals stay per team (the bulk route cannot remove).
 * What the bulk route does where its documentation is silent is handled and remembered in `BulkMembershipRoute`:
 * - not served (403, 404, 405): every batch goes per team from then on;
 * - a 400: the member ids are looked up once; pairs of unknown members fail, the rest is sent again. If every
 *   member exists and the request had several instructions, one request carries one instruction from then on;
 *   otherwise the teams go per team, where the single-team path isolates the bad pair;
 * - a team in `errors`, or named in neither `teamKeys` nor `errors`: its pairs go per team, which gives the
 *   pair its precise error or proves it held; adding is idempotent, so nobody is added twice;
 * - no answer (5xx, timeout, after the client's retries of this idempotent request): every caller gets the
 *   error, as on the per-team path.
 *
 * An unknown member id is undocumented territory, so both readings are handled:
 * - rejected: a single-team semantic patch is all-or-nothing, so one unknown id fails the whole batch (400).
 *   The batcher asks which member ids do not exist (one request), fails only those pairs, and re-sends the
 *   rest; if the 400 has another cause it bisects until each bad pair stands alone.
 * - ignored: the write "succeeds" without the member. The transport verifies each write and reports the
 *   additions the team does not hold; exactly those pairs fail (after one lookup to say why).
 */
export interface MembershipWriteResult {
  /** Member ids of `add` that the team does not hold after the write (LaunchDarkly ignored them). */
  notAdded: readonly string[];
}

/** What one bulk request did to one team it named. */
export type BulkTeamOutcome =
  /** Listed in `teamKeys`: every addition holds but those of `unknownMembers` (ids naming nobody, left out). */
  | { kind: "added"; unknownMembers: readonly string[] }
  /** Listed in `errors`: the team was not updated. */
  | { kind: "failed"; message: string }
  /** Named in neither list (or its additions could not be proven): the team's state is unknown. */
  | { kind: "unknown" };

export interface MembershipTransport {
  /** One semantic patch on `teamKey`: `removeMembers` then `addMembers` (either list may be empty), verified. */
  send(teamKey: string, add: readonly string[], remove: readonly string[]): Promise<MembershipWriteResult>;
  /** One bulk `PATCH /teams`, with the outcome for each team it names. Throws when the request as a whole failed. */
  sendBulk(request: BulkMembershipRequest): Promise<ReadonlyMap<string, BulkTeamOutcome>>;
  /** The subset of `memberIds` that does not exist in the account. */
  unknownMembers(memberIds: readonly string[]): Promise<ReadonlySet<string>>;
}

export interface MembershipBatcherOptions {
  /** With nothing more expected, a team's batch goes out once no pair for the team has arrived for this long. */
  quietMs?: number;
  /** With more pairs expected, the longest silence of the team awaited before its batch goes out. */
  maxStreamQuietMs?: number;
  /** An announced pair whose create has not come after this long is no longer expected (a preview, a skipped create). */
  announcementTtlMs?: number;
  /** Member ids per PATCH (pairs per bulk request). The API documents no limit; 100 keeps a request small and a bisection short. */
  maxBatchSize?: number;
  /** The session's readings of the bulk `PATCH /teams`; without it, every batch goes per team. */
  bulk?: BulkMembershipRoute;
}

export const DEFAULT_QUIET_MS = 30;
export const DEFAULT_MAX_STREAM_QUIET_MS = 1_000;
export const DEFAULT_ANNOUNCEMENT_TTL_MS = 30_000;
export { DEFAULT_MAX_BATCH_SIZE };

export type MembershipOperation = "add" | "remove";

interface PendingChange {
  operation: MembershipOperation;
  memberId: string;
  enqueuedAt: number;
  /** The engine announced it (checked it as a new pair) before it arrived. */
  announced: boolean;
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface TeamQueue {
  pending: PendingChange[];
  lastArrivalAt: number;
  timer: NodeJS.Timeout | undefined;
  inFlight: boolean;
}

/** A pair whose member id names nobody in the account: the API's 400, with the property to change. */
export class UnknownMemberError extends LaunchDarklyApiError {
  readonly memberId: string;
  readonly teamKey: string;
  /** `cause`: the API's rejection, or undefined when LaunchDarkly accepted the request and left the id out. */
  constructor(teamKey: string, memberId: string, cause: LaunchDarklyApiError | undefined) {
    super({
      status: cause?.status ?? 200,
      code: cause?.code ?? "member_not_added",
      message: cause?.apiMessage ?? "LaunchDarkly accepted the request but left this id out",
      method: cause?.method ?? "PATCH",
      path: cause?.path ?? `/api/v2/teams/${teamKey}`,
      requestId: cause?.requestId,
      ...(cause ? { details: cause.details, failure: cause.failure } : {}),
      fix:
        `TeamMembership property memberId is "${memberId}", and team "${teamKey}" cannot get it: no member with this id exists in the ` +
        `LaunchDarkly account. Pass the id of an existing member, e.g. a Member resource's \`id\` output`,
    });
    this.name = "UnknownMemberError";
    this.memberId = memberId;
    this.teamKey = teamKey;
  }
}

export class MembershipBatcher {
  private readonly quietMs: number;
  private readonly announcementTtlMs: number;
  private readonly maxBatchSize: number;
  private readonly bulk: BulkMembershipRoute | undefined;
  private readonly queues = new Map<string, TeamQueue>();
  /** How the process's pairs (of every team) have been arriving. */
  private readonly pace: ArrivalPace;
  /** Per team: member ids checked as new pairs whose create has not arrived, with when they were announced. */
  private readonly announced = new Map<string, Map<string, number>>();
  /** Pairs handed to the batcher and not settled, against the engine's `--parallel` as observed. */
  private readonly slots = new ObservedParallelism();

  constructor(
    private readonly transport: MembershipTransport,
    options: MembershipBatcherOptions = {},
  ) {
    this.quietMs = options.quietMs ?? DEFAULT_QUIET_MS;
    this.pace = new ArrivalPace(Math.max(this.quietMs, options.maxStreamQuietMs ?? DEFAULT_MAX_STREAM_QUIET_MS));
    this.announcementTtlMs = options.announcementTtlMs ?? DEFAULT_ANNOUNCEMENT_TTL_MS;
    this.maxBatchSize = Math.max(1, options.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE);
    this.bulk = options.bulk;
  }

  add(teamKey: string, memberId: string): Promise<void> {
    return this.enqueue(teamKey, "add", memberId);
  }

  remove(teamKey: string, memberId: string): Promise<void> {
    return this.enqueue(teamKey, "remove", memberId);
  }

  /** The engine checked a new (team, member) pair: its create is coming, so the team's batch waits for it. */
  announce(teamKey: string, memberId: string): void {
    let announced = this.announced.get(teamKey);
    if (!announced) this.announced.set(teamKey, (announced = new Map()));
    announced.set(memberId, Date.now());
    const queue = this.queues.get(teamKey);
    if (queue) this.schedule(teamKey, queue);
  }

  private enqueue(teamKey: string, operation: MembershipOperation, memberId: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const queue = this.queueFor(teamKey);
      const now = Date.now();
      const teamAnnouncements = this.announced.get(teamKey);
      const announced = teamAnnouncements?.delete(memberId) ?? false;
      if (teamAnnouncements?.size === 0) this.announced.delete(teamKey);
      const slotsFull = this.slots.opened();
      const settled = () => this.slots.settled();
      queue.pending.push({
        operation,
        memberId,
        enqueuedAt: now,
        announced,
        resolve: () => (settled(), resolve()),
        reject: (error) => (settled(), reject(error)),
      });
      queue.lastArrivalAt = now;
      this.pace.record(now);
      // The stream moved on: every team's deadline moves with it.
      for (const [key, other] of this.queues) this.schedule(key, other);
      if (slotsFull) this.flushLargest();
    });
  }

  /** The engine's slots are all ours: send the batch that frees the most of them. */
  private flushLargest(): void {
    let largest: [string, TeamQueue] | undefined;
    for (const entry of this.queues) {
      const [, queue] = entry;
      if (!queue.inFlight && queue.pending.length > (largest?.[1].pending.length ?? 0)) largest = entry;
    }
    if (largest) void this.flush(...largest);
  }

  /** A timer ran out. With announced pairs still to come, the engine went silent for want of slots. */
  private onDeadline(teamKey: string, queue: TeamQueue): void {
    if (this.hasAnnouncements(teamKey, Date.now())) this.slots.silencedWhileExpecting();
    void this.flush(teamKey, queue);
  }

  /** Announced pairs of the team that have not arrived (lapsed ones dropped). */
  private hasAnnouncements(teamKey: string, now: number): boolean {
    const announced = this.announced.get(teamKey);
    if (announced) for (const [memberId, at] of announced) if (now - at > this.announcementTtlMs) announced.delete(memberId);
    return (announced?.size ?? 0) > 0;
  }

  private expectingMore(teamKey: string, queue: TeamQueue, now: number): boolean {
    return this.hasAnnouncements(teamKey, now) || (this.pace.streaming(now) && queue.pending.some((change) => !change.announced));
  }

  /** When the team's pending batch goes out (see the class comment). */
  private deadline(teamKey: string, queue: TeamQueue, now: number): number {
    if (!this.expectingMore(teamKey, queue, now)) return queue.lastArrivalAt + this.quietMs;
    const announced = this.announced.get(teamKey) ?? new Map<string, number>();
    return Math.max(this.pace.lastArrivalAt, ...announced.values()) + this.pace.silenceMs(this.quietMs);
  }

  private queueFor(teamKey: string): TeamQueue {
    let queue = this.queues.get(teamKey);
    if (!queue) {
      queue = { pending: [], lastArrivalAt: Number.NEGATIVE_INFINITY, timer: undefined, inFlight: false };
      this.queues.set(teamKey, queue);
    }
    return queue;
  }

  private schedule(teamKey: string, queue: TeamQueue): void {
    if (queue.inFlight || queue.pending.length === 0) return;
    if (queue.pending.length >= this.maxBatchSize) {
      void this.flush(teamKey, queue);
      return;
    }
    // Every arrival and announcement moves the deadline.
    if (queue.timer) clearTimeout(queue.timer);
    const now = Date.now();
    queue.timer = setTimeout(() => this.onDeadline(teamKey, queue), Math.max(0, this.deadline(teamKey, queue, now) - now));
  }

  private async flush(teamKey: string, queue: TeamQueue): Promise<void> {
    if (queue.timer) clearTimeout(queue.timer);
    queue.timer = undefined;
    if (queue.inFlight) return;
    const sharing = this.teamsSharingAdditions(teamKey, queue);
    const batches = new Map<string, PendingChange[]>();
    let room = this.maxBatchSize;
    for (const [key, shared] of sharing) {
      if (room === 0) break;
      if (shared.timer) clearTimeout(shared.timer);
      shared.timer = undefined;
      const batch = takeBatch(shared, room);
      if (batch.length === 0) continue;
      room -= batch.length;
      batches.set(key, batch);
      shared.inFlight = true;
    }
    if (batches.size === 0) return;
    try {
      await this.settleAdditionsOrBatch(batches, false);
    } finally {
      for (const key of batches.keys()) {
        const shared = sharing.get(key)!;
        shared.inFlight = false;
        if (shared.pending.length === 0) this.queues.delete(key);
        else this.schedule(key, shared);
      }
    }
  }

  /**
   * The queues whose pending changes go out with `teamKey`'s batch, the team's own first: when the bulk route is
   * usable and the team's batch only adds, every other team that only adds and has nothing in flight.
   */
  private teamsSharingAdditions(teamKey: string, queue: TeamQueue): Map<string, TeamQueue> {
    const alone = new Map([[teamKey, queue]]);
    if (!this.bulk?.usable || !onlyAdds(queue)) return alone;
    const sharing = new Map(alone);
    for (const [key, other] of this.queues) {
      if (key !== teamKey && !other.inFlight && other.pending.length > 0 && onlyAdds(other)) sharing.set(key, other);
    }
    if (sharing.size === 1 || this.bulk.instructionsPerRequest === "several") return sharing;
    // One instruction a request: only worth it where the pending pairs form fewer products than teams. Otherwise
    // the other teams keep waiting for their own batches to grow, as without the bulk route.
    const pending = new Map([...sharing].map(([key, shared]) => [key, shared.pending.map((change) => change.memberId)]));
    return planBulkMembershipAdditions(pending, "one").length < sharing.size ? sharing : alone;
  }

  /** One team's batch goes per team; the additions of several teams go through the bulk route. Never throws. */
  private settleAdditionsOrBatch(batches: ReadonlyMap<string, PendingChange[]>, membersVerified: boolean): Promise<void> {
    if (batches.size === 1 || !this.bulk?.usable) {
      return Promise.all([...batches].map(([teamKey, batch]) => this.settle(teamKey, batch, membersVerified))).then(() => undefined);
    }
    return this.settleBulk(batches, this.bulk, membersVerified);
  }

  /**
   * Sends the additions of several teams as bulk requests, one after another (they may name the same team). Where
   * one request carries one instruction and that saves nothing over one PATCH per team, the GA per-team route goes.
   */
  private async settleBulk(batches: ReadonlyMap<string, PendingChange[]>, bulk: BulkMembershipRoute, membersVerified: boolean): Promise<void> {
    const additions = new Map([...batches].map(([teamKey, batch]) => [teamKey, batch.map((change) => change.memberId)]));
    const requests = planBulkMembershipAdditions(additions, bulk.instructionsPerRequest);
    if (requests.length >= batches.size) {
      await Promise.all([...batches].map(([teamKey, batch]) => this.settle(teamKey, batch, membersVerified)));
      return;
    }
    for (const request of requests) {
      const changes = new Map<string, PendingChange[]>();
      for (const [teamKey, ids] of bulkRequestPairs(request)) {
        changes.set(teamKey, batches.get(teamKey)!.filter((change) => ids.includes(change.memberId)));
      }
      await this.settleBulkRequest(request, changes, bulk, membersVerified);
    }
  }

  private async settleBulkRequest(
    request: BulkMembershipRequest,
    changes: ReadonlyMap<string, PendingChange[]>,
    bulk: BulkMembershipRoute,
    membersVerified: boolean,
  ): Promise<void> {
    let outcomes: ReadonlyMap<string, BulkTeamOutcome>;
    try {
      outcomes = await this.transport.sendBulk(request);
    } catch (error) {
      return this.bulkRefused(request, changes, bulk, membersVerified, error);
    }
    if (request.body.instructions.length > 1) bulk.markSeveralAccepted();
    const perTeam: Array<Promise<void>> = [];
    for (const [teamKey, batch] of changes) {
      const outcome = outcomes.get(teamKey) ?? { kind: "unknown" };
      if (outcome.kind !== "added") {
        // Not updated, or not said: the per-team write gives the pair its own error, or proves it holds.
        perTeam.push(this.settle(teamKey, batch, false));
        continue;
      }
      for (const change of batch) {
        if (outcome.unknownMembers.includes(change.memberId)) change.reject(new UnknownMemberError(teamKey, change.memberId, undefined));
        else change.resolve();
      }
    }
    await Promise.all(perTeam);
  }

  /** A bulk request that failed as a whole (see the class comment). Never throws. */
  private async bulkRefused(
    request: BulkMembershipRequest,
    changes: ReadonlyMap<string, PendingChange[]>,
    bulk: BulkMembershipRoute,
    membersVerified: boolean,
    failure: unknown,
  ): Promise<void> {
    const perTeam = (verified: boolean) => Promise.all([...changes].map(([teamKey, batch]) => this.settle(teamKey, batch, verified))).then(() => undefined);
    if (hasStatus(failure, 403) || hasStatus(failure, 404) || hasStatus(failure, 405)) {
      bulk.markUnavailable();
      return perTeam(false);
    }
    if (!hasStatus(failure, 400)) {
      // Another refusal (e.g. 409) changed nothing and the per-team write says more; no answer at all goes to every caller.
      if (LaunchDarklyApiError.is(failure) && failure.status > 400 && failure.status < 500 && failure.status !== 401 && failure.status !== 429) return perTeam(false);
      for (const batch of changes.values()) for (const change of batch) change.reject(failure);
      return;
    }
    if (!membersVerified) {
      let unknown: ReadonlySet<string>;
      try {
        unknown = await this.transport.unknownMembers([...new Set([...changes.values()].flatMap((batch) => batch.map((change) => change.memberId)))]);
      } catch {
        unknown = new Set();
      }
      if (unknown.size > 0) {
        const rest = new Map<string, PendingChange[]>();
        for (const [teamKey, batch] of changes) {
          for (const change of batch) if (unknown.has(change.memberId)) change.reject(new UnknownMemberError(teamKey, change.memberId, failure));
          const kept = batch.filter((change) => !unknown.has(change.memberId));
          if (kept.length > 0) rest.set(teamKey, kept);
        }
        if (rest.size > 0) await this.settleAdditionsOrBatch(rest, true);
        return;
      }
    }
    if (request.body.instructions.length > 1 && bulk.severalMayBeRefused) {
      // Every member exists: the request's shape is what LaunchDarkly refused.
      bulk.markSeveralRefused();
      return this.settleBulk(changes, bulk, true);
    }
    return perTeam(true);
  }

  /** Sends `batch` and settles every caller in it; never throws. */
  private async settle(teamKey: string, batch: PendingChange[], membersVerified: boolean): Promise<void> {
    let failure: unknown;
    try {
      const result = await this.transport.send(teamKey, idsOf(batch, "add"), idsOf(batch, "remove"));
      const notAdded = new Set(result.notAdded);
      const ignored = batch.filter((change) => change.operation === "add" && notAdded.has(change.memberId));
      for (const change of batch) if (!ignored.includes(change)) change.resolve();
      if (ignored.length > 0) await this.rejectIgnored(teamKey, ignored);
      return;
    } catch (error) {
      failure = error;
    }

    if (hasStatus(failure, 404)) {
      // The team is gone: removals already hold; additions cannot.
      for (const change of batch) {
        if (change.operation === "remove") change.resolve();
        else change.reject(failure);
      }
      return;
    }
    if (!hasStatus(failure, 400)) {
      for (const change of batch) change.reject(failure);
      return;
    }

    if (!membersVerified) {
      let unknown: ReadonlySet<string>;
      try {
        unknown = await this.transport.unknownMembers(batch.map((c) => c.memberId));
      } catch {
        unknown = new Set();
      }
      const rest: PendingChange[] = [];
      for (const change of batch) {
        if (!unknown.has(change.memberId)) rest.push(change);
        // Removing a member that no longer exists leaves the state the caller asked for.
        else if (change.operation === "remove") change.resolve();
        else change.reject(new UnknownMemberError(teamKey, change.memberId, failure));
      }
      if (rest.length === 0) return;
      if (rest.length < batch.length) return this.settle(teamKey, rest, true);
    }

    if (batch.length === 1) {
      batch[0]!.reject(failure);
      return;
    }
    const middle = Math.ceil(batch.length / 2);
    await this.settle(teamKey, batch.slice(0, middle), true);
    await this.settle(teamKey, batch.slice(middle), true);
  }

  /** Additions LaunchDarkly accepted but did not make: says whether the member exists, then fails each. */
  private async rejectIgnored(teamKey: string, ignored: readonly PendingChange[]): Promise<void> {
    let unknown: ReadonlySet<string> | undefined;
    try {
      unknown = await this.transport.unknownMembers(ignored.map((change) => change.memberId));
    } catch {
      unknown = undefined;
    }
    for (const change of ignored) {
      if (unknown === undefined || unknown.has(change.memberId)) {
        change.reject(new UnknownMemberError(teamKey, change.memberId, undefined));
      } else {
        change.reject(
          new Error(
            `member "${change.memberId}" was not added to team "${teamKey}": LaunchDarkly accepted the request, but the team ` +
              `does not list the member afterwards. Run \`pulumi up\` again; if it persists, check the member in LaunchDarkly.`,
          ),
        );
      }
    }
  }
}

function onlyAdds(queue: TeamQueue): boolean {
  return queue.pending.every((change) => change.operation === "add");
}

/** Up to `max` changes in arrival order, at most one per member id (a later change of the same id waits). */
function takeBatch(queue: TeamQueue, max: number): PendingChange[] {
  const batch: PendingChange[] = [];
  const taken = new Set<string>();
  const left: PendingChange[] = [];
  for (const change of queue.pending) {
    if (batch.length < max && !taken.has(change.memberId)) {
      batch.push(change);
      taken.add(change.memberId);
    } else {
      left.push(change);
    }
  }
  queue.pending = left;
  return batch;
}

function idsOf(batch: readonly PendingChange[], operation: MembershipOperation): string[] {
  return batch.filter((c) => c.operation === operation).map((c) => c.memberId);
}

function hasStatus(error: unknown, status: number): error is LaunchDarklyApiError {
  return LaunchDarklyApiError.is(error) && error.status === status;
}
