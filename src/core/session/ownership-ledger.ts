import { isDeepStrictEqual } from "node:util";

/**
 * What one provider process has seen of the program it serves: the objects the program declares (from
 * `check`, which the engine calls for every resource, in preview too) and the objects it adopted (from
 * `create`). The dynamic-provider host serves every resource of one `up` in one process, so this is how
 * the provider knows that a delete and an adopt of the same person in one `up` are a handover (a renamed
 * resource), that a role key a Member names is created by this same program, or that two Members name
 * one email.
 *
 * Identities: a member by lower-case email (and, once adopted, by id), a team and a custom role by key, a
 * team membership by `<teamKey>/<memberId>`.
 */
export type OwnedKind = "member" | "team" | "customRole" | "teamMembership";

interface Declaration {
  /** The checked inputs, to recognise the engine's second check of a resource it is about to replace. */
  news: Record<string, unknown>;
  /** True when the resource already existed in the state with this same identity (an update or a replace). */
  continuing: boolean;
  /** True when the check carried olds: the resource is in the state (under this or another identity). */
  inState: boolean;
  adoptExisting: boolean;
}

export interface DeclareResult {
  /** Another resource of this program already declared this identity (two Members with one email). */
  duplicate: boolean;
}

export class OwnershipLedger {
  private readonly declared = new Map<string, Declaration[]>();
  private readonly adopted = new Set<string>();
  private readonly handedOver = new Set<string>();
  private readonly reported = new Set<string>();

  /**
   * Records that a resource of this program declares `identity`. `previousIdentity` is the identity the
   * same resource had in the state (from `check`'s olds), if any.
   *
   * The engine checks a resource it replaces twice: once with its old inputs, then once more without
   * them ("recompute defaults"). The second check carries the same inputs, so it is recognised and not
   * counted as a second resource.
   */
  declare(
    kind: OwnedKind,
    identity: string,
    news: Record<string, unknown>,
    options: { olds?: Record<string, unknown>; previousIdentity?: string; adoptExisting?: boolean },
  ): DeclareResult {
    const key = ledgerKey(kind, identity);
    const entries = this.declared.get(key) ?? [];
    const continuing = options.previousIdentity !== undefined && options.previousIdentity === identity;
    if (options.previousIdentity === undefined && entries.some((entry) => isDeepStrictEqual(entry.news, news) && entry.inState)) {
      return { duplicate: false };
    }
    // The same new resource checked again: a host that serves a preview and then the `up` (the demo's harness
    // engine; the CLI starts a process per deployment). Identical inputs cannot tell two copies apart from it.
    if (options.previousIdentity === undefined && entries.some((entry) => isDeepStrictEqual(entry.news, news) && !entry.inState)) {
      return { duplicate: entries.length > 1 };
    }
    // A check whose olds are exactly what an earlier check declared is that same resource again (a process
    // that outlives one deployment, as tests drive it): it replaces its earlier declaration.
    const same = entries.findIndex(
      (entry) =>
        isDeepStrictEqual(stripEngineKeys(entry.news), stripEngineKeys(news)) ||
        (options.olds !== undefined && isDeepStrictEqual(stripEngineKeys(entry.news), stripEngineKeys(options.olds))),
    );
    if (same >= 0) entries.splice(same, 1);
    entries.push({ news, continuing, inState: options.previousIdentity !== undefined, adoptExisting: options.adoptExisting === true });
    this.declared.set(key, entries);
    return { duplicate: entries.length > 1 };
  }

  isDeclared(kind: OwnedKind, identity: string): boolean {
    return this.declared.has(ledgerKey(kind, identity));
  }

  /**
   * Whether a resource new to this identity (not the one being deleted, which would be a replace) declares
   * it with `adoptExisting`: a delete of the identity that runs before that resource's create is a handover.
   */
  adoptionPending(kind: OwnedKind, identity: string): boolean {
    return (this.declared.get(ledgerKey(kind, identity)) ?? []).some((entry) => !entry.continuing && entry.adoptExisting);
  }

  /** A create in this process took over an object that already existed. */
  recordAdoption(kind: OwnedKind, identity: string): void {
    this.adopted.add(ledgerKey(kind, identity));
  }

  wasAdopted(kind: OwnedKind, identity: string): boolean {
    return this.adopted.has(ledgerKey(kind, identity));
  }

  /** A delete left the object to another resource; its create (if it runs later) adopts it. */
  recordHandover(kind: OwnedKind, identity: string): void {
    this.handedOver.add(ledgerKey(kind, identity));
  }

  /**
   * A delete's question: does another resource of this `up` hold the object, one that adopted it already
   * (its create ran first) or one that will adopt it under `pendingIdentity` (its create runs after this
   * delete; a member's is its email, which a delete may not know)?
   * If so the handover is recorded and the delete must send nothing.
   */
  handsOver(kind: OwnedKind, id: string, pendingIdentity: string | undefined): boolean {
    if (!this.wasAdopted(kind, id) && !(pendingIdentity !== undefined && this.adoptionPending(kind, pendingIdentity))) return false;
    this.recordHandover(kind, id);
    return true;
  }

  wasHandedOver(kind: OwnedKind, identity: string): boolean {
    return this.handedOver.has(ledgerKey(kind, identity));
  }

  /** True the first time it is asked about `topic`: a process-wide problem (no token) is reported once, not per resource. */
  firstReport(topic: string): boolean {
    if (this.reported.has(topic)) return false;
    this.reported.add(topic);
    return true;
  }

  /** Identities of one kind that this program declares, for "did you mean" hints. */
  declaredIdentities(kind: OwnedKind): string[] {
    const prefix = `${kind}:`;
    return [...this.declared.keys()].filter((key) => key.startsWith(prefix)).map((key) => key.slice(prefix.length));
  }
}

/** What a delete that handed its object over logs instead of sending a request. */
export function handoverNotice(resourceType: string, label: string): string {
  return `${resourceType} ${label} was not deleted: it was handed over to the ${resourceType} resource that adopts it in this update (adoptExisting). No request was sent.`;
}

function ledgerKey(kind: OwnedKind, identity: string): string {
  return `${kind}:${kind === "member" ? identity.toLowerCase() : identity}`;
}

function stripEngineKeys(props: Record<string, unknown>): Record<string, unknown> {
  const { __provider: _provider, ...rest } = props;
  return rest;
}
