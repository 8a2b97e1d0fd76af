/**
 * Role attributes (attribute key → values) in the one form every comparison and request uses: keys sorted,
 * each key's values a deduplicated sorted set. Absent (`undefined`, or `null` from a read) is the empty map.
 */
export function canonicalRoleAttributes(attributes: Readonly<Record<string, readonly string[]>> | null | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (!attributes) return out;
  for (const key of Object.keys(attributes).sort()) out[key] = [...new Set(attributes[key])].sort();
  return out;
}
