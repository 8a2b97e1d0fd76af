import { resolveConfig } from "../../src/core/config";
import { createSession, type Session } from "../../src/core/session/session";

/** A session with no setting at all (no token, default host): for calls that must not reach LaunchDarkly (diff, input checks). */
export function unconfiguredSession(): Session {
  return createSession(resolveConfig(undefined, {}));
}
