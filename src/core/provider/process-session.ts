import { resolveConfig, type ProviderConfig } from "../config";
import { createSession, type Session } from "../session/session";
import { OwnershipLedger } from "../session/ownership-ledger";

/**
 * The session of this provider process, for the dynamic front door only. The serialized shim captures
 * nothing (it must stay a few hundred bytes, free of tokens): each of its calls re-enters the runtime
 * module with no handle of its own, so the one place a session can live between those calls is the
 * process. This is the provider core's only process-level variable (docs/decisions/0020-provider-session.md).
 */
const processSessions: { current?: Session; ledger: OwnershipLedger } = { ledger: new OwnershipLedger() };

/**
 * The host calls `configure` once per distinct `__provider` (one per resource kind), all with the same
 * stack config: only a real change of configuration starts a new session, so caches survive across kinds.
 * The ownership ledger is about the program, not the account: every session of the process shares it.
 */
export function configureProcessSession(next: ProviderConfig): void {
  const { current } = processSessions;
  if (current && sameConfig(current.config, next)) return;
  processSessions.current = createSession(next, { ledger: processSessions.ledger });
}

/** The configured session; before any `configure`, one from the environment. */
export function processSession(): Session {
  processSessions.current ??= createSession(resolveConfig(() => undefined), { ledger: processSessions.ledger });
  return processSessions.current;
}

function sameConfig(a: ProviderConfig, b: ProviderConfig): boolean {
  return (
    a.accessToken === b.accessToken &&
    a.apiHost === b.apiHost &&
    a.requestTimeoutMs === b.requestTimeoutMs &&
    a.operationTimeoutMs === b.operationTimeoutMs &&
    a.connectTimeoutMs === b.connectTimeoutMs &&
    a.configNamespace === b.configNamespace &&
    // Where settings came from and which are unusable shape the errors, so they count too.
    JSON.stringify([a.origins, a.invalid]) === JSON.stringify([b.origins, b.invalid])
  );
}
