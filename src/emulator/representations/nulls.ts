/** How representations are written where LaunchDarkly's documentation is silent (see options.ts). */
export interface RepresentationStyle {
  /** Absent optional fields as `null` (a Go server without `omitempty`) instead of left out. */
  nulls: boolean;
}

/** With `style.nulls`, every listed optional field the representation leaves out is sent as `null`. */
export function absentAsNull<T extends object>(representation: T, optionalFields: readonly string[], style: RepresentationStyle): T {
  if (!style.nulls) return representation;
  const out = { ...representation } as Record<string, unknown>;
  for (const field of optionalFields) if (out[field] === undefined) out[field] = null;
  return out as T;
}
