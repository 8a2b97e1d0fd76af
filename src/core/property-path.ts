/**
 * A zod issue path as people write it: `policy[2].notActions`, `items[0].email`. `prefix` is where the
 * value sits in a larger document (`items[3]`); an empty path with no prefix is the empty string.
 */
export function formatPropertyPath(path: readonly PropertyKey[], prefix = ""): string {
  let out = prefix;
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out === "" ? String(segment) : `.${String(segment)}`;
  }
  return out;
}
