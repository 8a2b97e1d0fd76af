import { compare, type Operation } from "fast-json-patch";

export type { Operation } from "fast-json-patch";

export interface JsonPatchOptions {
  /**
   * Top-level fields sent as one whole-value op when they differ: sets (whose order means nothing), maps the
   * API replaces wholesale, and lists whose element indexes a concurrent change could shift (`/policy`).
   */
  wholeValueFields?: readonly string[];
}

/**
 * JSON Patch (RFC 6902) that takes `live` to `desired`, for the top-level fields present in `desired` only:
 * a field the user did not set is not managed and never touched, so no `remove` op on a top-level field is
 * ever produced. Scalars become `replace` (or `add` when absent live); whole-value fields become a single
 * `replace`/`add` of the entire value. Equal inputs produce `[]`.
 *
 * Callers canonicalize set-like values (sort them) on both sides first, so order alone never shows as a change.
 */
export function buildJsonPatch(
  live: Record<string, unknown>,
  desired: Record<string, unknown>,
  options: JsonPatchOptions = {},
): Operation[] {
  const managed = Object.keys(desired).filter((key) => desired[key] !== undefined);
  const liveView: Record<string, unknown> = {};
  const desiredView: Record<string, unknown> = {};
  for (const key of managed) {
    desiredView[key] = desired[key];
    if (live[key] !== undefined) liveView[key] = live[key];
  }

  const whole = new Set(options.wholeValueFields ?? []);
  const ops: Operation[] = [];
  const emittedWhole = new Set<string>();
  for (const op of compare(liveView, desiredView)) {
    const field = topLevelField(op.path);
    if (!whole.has(field)) {
      ops.push(op);
      continue;
    }
    if (emittedWhole.has(field)) continue;
    emittedWhole.add(field);
    const path = `/${escapePointerSegment(field)}`;
    ops.push(field in liveView ? { op: "replace", path, value: desiredView[field] } : { op: "add", path, value: desiredView[field] });
  }
  return ops;
}

function topLevelField(pointer: string): string {
  const first = pointer.split("/")[1] ?? "";
  return first.replace(/~1/g, "/").replace(/~0/g, "~");
}

function escapePointerSegment(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}
