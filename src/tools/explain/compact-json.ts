/**
 * JSON indented like `JSON.stringify(value, null, 2)`, except that an array or object whose one-line form
 * fits in `width` characters stays on one line. Request bodies read shorter in a PR comment. Same data:
 * `JSON.parse(compactJson(v))` deep-equals `v`.
 */
export function compactJson(value: unknown, width = 80, indent = ""): string {
  const oneLine = JSON.stringify(value);
  if (oneLine === undefined) return "null";
  if (value === null || typeof value !== "object" || indent.length + oneLine.length <= width) return oneLine;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((item) => `${inner}${compactJson(item, width, inner)}`).join(",\n")}\n${indent}]`;
  }
  const entries = Object.entries(value).filter(([, item]) => item !== undefined);
  if (entries.length === 0) return "{}";
  return `{\n${entries.map(([key, item]) => `${inner}${JSON.stringify(key)}: ${compactJson(item, width, inner)}`).join(",\n")}\n${indent}}`;
}
