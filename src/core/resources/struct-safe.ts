/**
 * The engine encodes inputs and outputs as protobuf Structs, which cannot carry `undefined`.
 * Returns a deep copy with every `undefined` property removed (arrays keep their length: `undefined` → null).
 */
export function omitUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : omitUndefined(v))) as T;
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = omitUndefined(v);
    return out as T;
  }
  return value;
}
