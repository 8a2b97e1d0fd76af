/** What a front door (the dynamic provider's runtime, a native provider plugin) needs to serve provider calls. */
export { createSession, type Session, type SessionOptions } from "./session";
export { OwnershipLedger } from "./ownership-ledger";
