import type { Member as ApiMember, NewMemberForm } from "../api/members";
import { CLIENT_ERROR_CODES, LaunchDarklyApiError } from "../client/errors";
import { ArrivalPace } from "./arrival-pace";
import { ObservedParallelism } from "./observed-parallelism";

/**
 * Coalesces the invites of one session (docs/decisions/0035-batched-invites.md). The engine calls each
 * `Member`'s create concurrently; invites arriving together go out as ONE `POST /members` (up to 50 entries,
 * the documented cap), and every caller still gets its own member or error.
 *
 * Timing follows the membership batcher's (decision 0032). The real engine starts creates one at a time, a few
 * hundred milliseconds apart, so a fixed window catches little. `Member.check` announces each new email
 * (`announce`); while announced invites have not arrived, the batch stays open until the engine falls silent
 * (twice its recent gap, at most `maxStreamQuietMs`), or until as many invites are open as silenced the engine
 * before (its `--parallel`, as observed). Otherwise a batch goes out `quietMs` after its last arrival (so a
 * lone invite is slowed by `quietMs`) or `maxWaitMs` after its first. A full batch goes at once. Batches do
 * not wait for each other: invites share no version to race on.
 *
 * The request is atomic: one bad entry rejects it and creates nothing. On a 400 or 409:
 * - entries named in `invalid_emails` fail alone (with the error narrowed to their email), the rest go again.
 *   The spec does not say every offending email is named, so a second 400 is handled the same way;
 * - a rejection that names no entry of the batch is bisected until the bad entry stands alone.
 * Any other failure goes to every caller: each `Member` create then runs its own lost-create recovery (a
 * lookup by email before inviting again), so nobody is invited twice.
 */
export interface InviteTransport {
  /** One `POST /members` with these entries; the members it created. */
  send(forms: readonly NewMemberForm[]): Promise<ApiMember[]>;
}

export interface InviteBatcherOptions {
  /** With no announced invite to come, a batch goes out once no invite has joined it for this long. */
  quietMs?: number;
  /** ...and at the latest this long after its first invite. */
  maxWaitMs?: number;
  /** With announced invites to come, the longest silence of the engine awaited before the batch goes out. */
  maxStreamQuietMs?: number;
  /** An announced invite that has not come after this long is no longer expected (a preview, a failed dependency). */
  announcementTtlMs?: number;
  /** Entries per request; the API takes at most 50. */
  maxBatchSize?: number;
}

export const DEFAULT_INVITE_QUIET_MS = 60;
export const DEFAULT_INVITE_MAX_WAIT_MS = 1_000;
export const DEFAULT_INVITE_BATCH_SIZE = 50;
export const DEFAULT_INVITE_MAX_STREAM_QUIET_MS = 1_000;
export const DEFAULT_INVITE_ANNOUNCEMENT_TTL_MS = 30_000;

interface PendingInvite {
  form: NewMemberForm;
  resolve: (member: ApiMember) => void;
  reject: (error: unknown) => void;
}

export class InviteBatcher {
  private readonly quietMs: number;
  private readonly maxWaitMs: number;
  private readonly maxBatchSize: number;
  private readonly announcementTtlMs: number;
  private pending: PendingInvite[] = [];
  private firstArrivalAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly pace: ArrivalPace;
  /** Lower-cased emails checked as new members whose invite has not arrived, with when they were announced. */
  private readonly announced = new Map<string, number>();
  /** Invites handed to the batcher and not settled, against the engine's `--parallel` as observed. */
  private readonly slots = new ObservedParallelism();

  constructor(
    private readonly transport: InviteTransport,
    options: InviteBatcherOptions = {},
  ) {
    this.quietMs = options.quietMs ?? DEFAULT_INVITE_QUIET_MS;
    this.maxWaitMs = Math.max(this.quietMs, options.maxWaitMs ?? DEFAULT_INVITE_MAX_WAIT_MS);
    this.maxBatchSize = Math.min(DEFAULT_INVITE_BATCH_SIZE, Math.max(1, options.maxBatchSize ?? DEFAULT_INVITE_BATCH_SIZE));
    this.announcementTtlMs = options.announcementTtlMs ?? DEFAULT_INVITE_ANNOUNCEMENT_TTL_MS;
    this.pace = new ArrivalPace(Math.max(this.quietMs, options.maxStreamQuietMs ?? DEFAULT_INVITE_MAX_STREAM_QUIET_MS));
  }

  /** The engine checked a new member: its invite is coming, so the pending batch waits for it. */
  announce(email: string): void {
    this.announced.set(email.toLowerCase(), Date.now());
    if (this.pending.length > 0) this.schedule();
  }

  /** Invites one member (its entry as the planner builds it); resolves with the member LaunchDarkly created. */
  invite(form: NewMemberForm): Promise<ApiMember> {
    return new Promise<ApiMember>((resolve, reject) => {
      const now = Date.now();
      this.announced.delete(form.email.toLowerCase());
      this.pace.record(now);
      // Two entries with one email reject the whole request (`duplicate_emails`): a second one waits for the next batch.
      if (this.pending.some((other) => sameEmail(other.form, form))) this.flush();
      if (this.pending.length === 0) this.firstArrivalAt = now;
      const slotsFull = this.slots.opened();
      const settled = () => this.slots.settled();
      this.pending.push({ form, resolve: (member) => (settled(), resolve(member)), reject: (error) => (settled(), reject(error)) });
      if (this.pending.length >= this.maxBatchSize || slotsFull) return this.flush();
      this.schedule();
    });
  }

  /** When the pending batch goes out (see the class comment). */
  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    const now = Date.now();
    const due = this.expectingMore(now)
      ? Math.max(this.pace.lastArrivalAt, ...this.announced.values()) + this.pace.silenceMs(this.quietMs)
      : Math.min(this.pace.lastArrivalAt + this.quietMs, this.firstArrivalAt + this.maxWaitMs);
    this.timer = setTimeout(() => this.onDeadline(), Math.max(0, due - now));
  }

  /** Announced invites that have not arrived (lapsed ones dropped). */
  private expectingMore(now: number): boolean {
    for (const [email, at] of this.announced) if (now - at > this.announcementTtlMs) this.announced.delete(email);
    return this.announced.size > 0;
  }

  /** The engine fell silent. With announced invites still to come, it is out of slots. */
  private onDeadline(): void {
    if (this.expectingMore(Date.now())) this.slots.silencedWhileExpecting();
    this.flush();
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length > 0) void this.settle(batch);
  }

  /** Sends `batch` and settles every caller in it; never throws. */
  private async settle(batch: readonly PendingInvite[]): Promise<void> {
    let failure: unknown;
    try {
      const members = await this.transport.send(batch.map((entry) => entry.form));
      for (const entry of batch) {
        const member = members.find((candidate) => candidate.email.toLowerCase() === entry.form.email.toLowerCase());
        if (member) entry.resolve(member);
        else entry.reject(missingFromResponse(entry.form.email));
      }
      return;
    } catch (error) {
      failure = error;
    }

    if (!isRejection(failure)) {
      for (const entry of batch) entry.reject(failure);
      return;
    }
    const named = new Set(invalidEmails(failure));
    const bad = batch.filter((entry) => named.has(entry.form.email.toLowerCase()));
    if (bad.length > 0) {
      for (const entry of bad) entry.reject(narrowedTo(failure, entry.form.email));
      const rest = batch.filter((entry) => !bad.includes(entry));
      if (rest.length > 0) await this.settle(rest);
      return;
    }
    if (batch.length === 1) {
      batch[0]!.reject(narrowedTo(failure, batch[0]!.form.email));
      return;
    }
    const middle = Math.ceil(batch.length / 2);
    await Promise.all([this.settle(batch.slice(0, middle)), this.settle(batch.slice(middle))]);
  }
}

function sameEmail(a: NewMemberForm, b: NewMemberForm): boolean {
  return a.email.toLowerCase() === b.email.toLowerCase();
}

/** The request was refused as a whole and created nothing. */
function isRejection(error: unknown): error is LaunchDarklyApiError {
  return LaunchDarklyApiError.is(error) && (error.status === 400 || error.status === 409);
}

function invalidEmails(error: LaunchDarklyApiError): string[] {
  const named = error.details.invalid_emails;
  return Array.isArray(named) ? named.filter((email): email is string => typeof email === "string").map((email) => email.toLowerCase()) : [];
}

/** The batch's rejection as the error of the one entry it concerns: `invalid_emails` names only that email. */
function narrowedTo(error: LaunchDarklyApiError, email: string): LaunchDarklyApiError {
  const conflict = invalidEmails(error).includes(email.toLowerCase());
  return new LaunchDarklyApiError({
    status: error.status,
    code: error.code,
    message: error.apiMessage,
    method: error.method,
    path: error.path,
    requestId: error.requestId,
    details: { ...error.details, ...(conflict ? { invalid_emails: [email] } : {}) },
    failure: error.failure,
    fix:
      error.fix ??
      `LaunchDarkly refused the invite of ${email} (the other members of its request were invited without it). Fix this Member's ` +
        `inputs (email, role, customRoles, roleAttributes) as the message says, then run \`pulumi up\` again`,
  });
}

/**
 * A 201 whose items lack one of the emails sent: the member may exist, so the outcome is unknown and the
 * create's lost-create recovery looks it up by email before inviting again.
 */
function missingFromResponse(email: string): LaunchDarklyApiError {
  return new LaunchDarklyApiError({
    status: 201,
    code: CLIENT_ERROR_CODES.invalidResponse,
    message: `the invite response lists no member with email ${email}`,
    method: "POST",
    path: "/api/v2/members",
  });
}
