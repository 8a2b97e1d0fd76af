import { actionGlobMatches } from "./action-catalog";
import { parseResourceSpecifier } from "./resource-specifier";

/**
 * Whether one resource specifier covers another: every resource `inner` can name is named by `outer`.
 * Segment types must be equal; each name of `outer` must be `*` or a glob matching `inner`'s name taken
 * literally (a placeholder in `inner` is covered only by `*`); a tag filter on `outer` covers only an
 * `inner` filtered by the same tags or more. Conservative: "not covered" when unsure.
 */
export function specifierCovers(outer: string, inner: string): boolean {
  if (outer === "*") return true;
  if (outer === inner) return true;
  const a = parseResourceSpecifier(outer);
  const b = parseResourceSpecifier(inner);
  if (!a.ok || !b.ok || a.specifier.kind !== "path" || b.specifier.kind !== "path") return false;
  const outerSegments = a.specifier.segments;
  const innerSegments = b.specifier.segments;
  if (outerSegments.length !== innerSegments.length) return false;
  return outerSegments.every((o, i) => {
    const n = innerSegments[i]!;
    if (o.type !== n.type) return false;
    if (o.name !== undefined && o.name !== "*") {
      if (n.name === undefined || n.name.includes("${") || o.name.includes("${")) return o.name === n.name;
      if (!actionGlobMatches(o.name, n.name)) return false;
    }
    return o.tags.every((tag) => n.tags.includes(tag));
  });
}

/** Whether the action list `outer` (`*`, globs) covers every action of `inner`. */
export function actionsCover(outer: readonly string[], inner: readonly string[]): boolean {
  if (outer.includes("*")) return true;
  return inner.every((action) => !action.includes("*") && outer.some((glob) => actionGlobMatches(glob, action)));
}
