/**
 * Statement fields this package checks but LaunchDarkly does not know (`allowUnknownActions`). They are
 * removed from request bodies and from both sides of every comparison, so they never cause a diff.
 */
export function withoutCheckOnlyFields<T>(policy: T): T {
  if (!Array.isArray(policy)) return policy;
  return policy.map((statement: unknown) => {
    if (statement === null || typeof statement !== "object" || !("allowUnknownActions" in statement)) return statement;
    const { allowUnknownActions: _checkOnly, ...sent } = statement as Record<string, unknown>;
    return sent;
  }) as T;
}
